from __future__ import annotations

import argparse

from ebbtide.cli.context import CommandContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("paths", help="print where settings and data are kept")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    for name, location in ctx.paths.describe().items():
        print(f"{name:<9} {location}", file=ctx.out)
    return 0
