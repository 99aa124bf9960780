"""`ebbtide notify KIND`: what the scheduler runs for a reminder. Sends it only while it
is still relevant and not snoozed or in quiet hours; otherwise stays silent. Prints
nothing unless asked (cron would mail any output)."""

from __future__ import annotations

import argparse
from datetime import datetime

from ebbtide.cli.context import CommandContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "notify", help="send one reminder now, if still relevant (run by the scheduler)",
        description="Send one reminder as a desktop notification, or a terminal "
                    "notification to your open terminals, unless it is off, snoozed, in "
                    "quiet hours or no longer relevant (dose logged, check-in done).")
    parser.add_argument("kind", metavar="KIND", help="dose, checkin, wind-down or self-check")
    parser.add_argument("--why", action="store_true",
                        help="print what was decided and where it went")
    parser.set_defaults(handler=run)


def now() -> datetime:
    """The local wall clock (tests replace it)."""
    return datetime.now().astimezone()


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from ebbtide.core.journal.glance import GlanceUnavailable, read_glance
    from ebbtide.core.reminders.config import check_kind, load_config, reminders_file
    from ebbtide.core.reminders.deliver import deliver
    from ebbtide.core.reminders.relevance import TITLE, decide
    from ebbtide.core.reminders.scheduler import System

    kind = check_kind(args.kind)
    config = load_config(reminders_file(ctx.paths.config_dir))
    at = now()
    try:
        glance = read_glance(ctx.paths.journal_file, at.date())
    except GlanceUnavailable:
        glance = None  # nothing known: no dose is due, a check-in is still worth asking
    decision = decide(kind, config, glance, at)
    if not decision.send:
        if args.why:
            print(f"silent: {decision.message}", file=ctx.out)
        return 0
    where = deliver(TITLE, decision.message, System())
    if args.why:
        print(f"sent ({where}): {decision.message}", file=ctx.out)
    return 0
