"""`ebbtide import FILE`: read an Ebbtide CSV or JSON export back into the journal."""

from __future__ import annotations

import argparse

from ebbtide.cli.context import CommandContext

_LABELS = {"medication": "medications", "checkin": "check-ins", "dose": "doses",
           "side_effect": "side effects", "practice": "practice sessions"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("import", help="import an Ebbtide CSV or JSON export",
                            description="Read a file made by 'ebbtide export' back into the "
                                        "journal. Records already present are skipped.")
    parser.add_argument("file", metavar="FILE", help="a .csv or .json export")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from pathlib import Path

    from ebbtide.core.journal.exchange import import_file
    from ebbtide.core.journal.store import Journal

    with Journal.open(ctx.paths) as journal:
        report = import_file(journal, Path(args.file))
    added = ", ".join(f"{n} {_LABELS[k]}" for k, n in report.added.items() if n)
    print(f"Imported {report.total_added} records" + (f" ({added})" if added else "") + ".",
          file=ctx.out)
    if report.total_skipped:
        skipped = ", ".join(f"{n} {_LABELS[k]}" for k, n in report.skipped.items() if n)
        print(f"Skipped {report.total_skipped} already in the journal ({skipped}).",
              file=ctx.out)
    return 0
