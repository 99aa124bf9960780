"""`ebbtide status`: one short line for tmux, shell prompts and bars. Read-only, no
Textual: it runs every few seconds and must start about as fast as `--version`."""

from __future__ import annotations

import argparse
from datetime import datetime

from ebbtide.cli.context import CommandContext
from ebbtide.core.journal.status_line import FIELDS

_EPILOG = ("fields for --format: " + "; ".join(f"{{{k}}} {v}" for k, v in FIELDS.items())
           + ". Example: ebbtide status --format '{dose_time} {checkin} {minutes}m'. "
           "No journal yet: an empty line. A journal that cannot be read: "
           "'journal unavailable'. The exit code is 0 either way.")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "status", help="one short line for tmux, prompts and bars",
        description="Print one line: the next dose not yet logged today, whether today's "
                    "check-in is pending, and minutes practised this week. Reads the "
                    "journal without changing it.",
        epilog=_EPILOG)
    shape = parser.add_mutually_exclusive_group()
    shape.add_argument("--format", metavar="TEMPLATE",
                       help="your own line with named fields, e.g. '{dose} {checkin}'")
    shape.add_argument("--json", action="store_true", help="print JSON instead of a line")
    parser.set_defaults(handler=run)


def now() -> datetime:
    """The local wall clock (tests replace it)."""
    return datetime.now().astimezone()


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from ebbtide.core.journal import status_line
    from ebbtide.core.journal.glance import GlanceUnavailable, read_glance

    if args.format is not None:
        status_line.check_format(args.format)  # a mistake is reported before any reading
    at = now()
    try:
        glance = read_glance(ctx.paths.journal_file, at.date())
    except GlanceUnavailable:
        glance = None
        unavailable = True
    else:
        unavailable = False
    if args.json:
        import json

        data = status_line.unavailable_data() if unavailable else \
            status_line.status_data(glance, at)
        print(json.dumps(data, ensure_ascii=False), file=ctx.out)
    elif unavailable:
        print(status_line.UNAVAILABLE, file=ctx.out)
    elif args.format is not None:
        print(status_line.render(args.format, glance, at), file=ctx.out)
    else:
        print(status_line.default_line(glance, at), file=ctx.out)
    return 0
