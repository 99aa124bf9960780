"""`ebbtide check phq9|gad7`: open a PHQ-9 (mood) or GAD-7 (anxiety) self-check in the app
(PHQ-9 there ends with its "how difficult" question). With no kind (or `--list`), print
your recent scores with their bands and, for PHQ-9, that answer in words."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ebbtide.cli.context import CommandContext
from ebbtide.launch import StartRoute

if TYPE_CHECKING:
    from datetime import date

    from ebbtide.core.content.questionnaires import SelfCheck


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("check", help="take a PHQ-9 (mood) or GAD-7 (anxiety) self-check",
                            description="Open a standard self-check: phq9 (mood) or gad7 "
                                        "(anxiety), 2 minutes, stored privately in your "
                                        "journal. Without a kind, list your recent scores.")
    parser.add_argument("kind", nargs="?", metavar="KIND", help="phq9 or gad7")
    parser.add_argument("--list", action="store_true", help="print your recent scores")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from ebbtide.core.content.questionnaires import parse_kind
    from ebbtide.core.errors import EbbtideError, InvalidEntry

    if args.kind is not None and not args.list:
        try:
            kind = parse_kind(args.kind)
        except InvalidEntry as exc:
            raise EbbtideError(str(exc)) from None
        return ctx.run_app(StartRoute(screen="check", args={"kind": kind}, exit_after=True))
    return _list(args, ctx)


def _list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from ebbtide.core.content.questionnaires import (
        ATTRIBUTION,
        QUESTIONNAIRES,
        difficulty_label,
        due_kinds,
        latest_by_kind,
    )
    from ebbtide.core.errors import EbbtideError, InvalidEntry
    from ebbtide.core.journal.models import local_now
    from ebbtide.core.journal.store import Journal
    from ebbtide.core.report.model import day_label

    kind = None
    if args.kind is not None:
        try:
            from ebbtide.core.content.questionnaires import parse_kind

            kind = parse_kind(args.kind)
        except InvalidEntry as exc:
            raise EbbtideError(str(exc)) from None
    out = ctx.out
    if not ctx.paths.journal_file.exists():
        checks = []
    else:
        with Journal.open(ctx.paths, verify=False) as journal:
            checks = journal.selfchecks_between(kind=kind)
    today = local_now().date()
    if not checks:
        print("No self-checks yet. Take one with: ebbtide check phq9 (mood) or "
              "ebbtide check gad7 (anxiety).", file=out)
        return 0
    print("Your self-checks (newest first):", file=out)
    for c in reversed(checks[-20:]):
        difficulty = difficulty_label(c.difficulty)
        said = f", {difficulty.lower()}" if difficulty is not None else ""
        flag = "  (item 9 above 0)" if c.crisis else ""
        print(f"  {day_label(c.local_date, True):<16} {c.describe()}{said}{flag}", file=out)
    latest = latest_by_kind(checks)
    _talk_about(ctx, latest.values(), today)
    due = [QUESTIONNAIRES[k].name for k in due_kinds(latest, today)
           if kind is None or k == kind]
    if due:
        print(f"Suggested (optional, every two weeks): {', '.join(due)}.", file=out)
    print("A self-check is not a diagnosis.", file=out)
    print(ATTRIBUTION, file=out)
    return 0


def _talk_about(ctx: CommandContext, latest: Iterable[SelfCheck], today: date) -> None:
    """For each kind's latest check (under two weeks old): the prompt to talk with a
    clinician when its score calls for one, and the crisis resources for the person's
    region when PHQ-9 question 9 was answered above 0."""
    import textwrap

    from ebbtide.cli.safety_output import output_width, print_crisis
    from ebbtide.core.content.questionnaires import DUE_EVERY_DAYS
    from ebbtide.core.content.talk_prompts import talk_text

    recent = [c for c in sorted(latest, key=lambda c: c.kind)
              if (today - c.local_date).days < DUE_EVERY_DAYS]
    for check in recent:
        text = talk_text(check.kind, check.score)
        if text is not None:
            print(textwrap.fill(text, output_width(ctx.out)), file=ctx.out)
    if any(c.crisis for c in recent):
        print("Your latest PHQ-9 answered question 9 above 0. Please contact a clinician "
              "today.", file=ctx.out)
        print_crisis(ctx.paths, ctx.out)
