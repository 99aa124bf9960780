"""`ebbtide notes`: the safety notes open now (what was seen in your log, the fact, its
source), `--all` with the dismissed ones; `ebbtide notes dismiss ID` hides one for good;
`ebbtide notes ack-higher-dose ID` records that your prescriber set a daily total above
the label maximum, so that note stops repeating (the clinician report still lists it)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ebbtide.cli.context import CommandContext

if TYPE_CHECKING:
    from datetime import datetime

    from ebbtide.core.health.safety import SafetyNote
    from ebbtide.core.journal.models import NoteState
    from ebbtide.core.journal.store import Journal

ACTIONS = ("list", "dismiss", "ack-higher-dose")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "notes", help="list your safety notes; dismiss one; say a higher dose was prescribed",
        description="Safety notes: where your own log touches a fact from the baclofen "
                    "label or the reader (a sudden stop, a daily total above the label "
                    "maximum, a combination, an urgent sign). Facts only, never dosing "
                    "advice: talk to your prescriber. Examples: ebbtide notes; ebbtide "
                    "notes --all; ebbtide notes dismiss ID; ebbtide notes ack-higher-dose ID")
    parser.add_argument("action", nargs="?", default="list", choices=ACTIONS,
                        help="list (default), dismiss ID, or ack-higher-dose ID (my "
                             "prescriber set this daily total)")
    parser.add_argument("note_id", nargs="?", metavar="ID", help="a note's id, as listed")
    parser.add_argument("--all", action="store_true",
                        help="also list the notes you dismissed or acknowledged")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from ebbtide.core.errors import EbbtideError
    from ebbtide.core.journal.store import Journal

    if args.action == "list" and args.note_id is not None:
        raise EbbtideError(f"unknown action '{args.note_id}': use dismiss ID or "
                           "ack-higher-dose ID")
    if args.action != "list" and not args.note_id:
        raise EbbtideError(f"notes {args.action} needs a note's ID (run: ebbtide notes --all)")
    if not ctx.paths.journal_file.exists():
        print("No safety notes: your journal is empty.", file=ctx.out)
        return 0
    with Journal.open(ctx.paths, verify=False) as journal:
        if args.action == "list":
            return _list(ctx, journal, show_all=args.all)
        note = _find(journal, args.note_id)
        if args.action == "dismiss":
            journal.dismiss_note(note.id)
            print(f"Dismissed: {note.title} ({note.id}). It will not be shown again; the "
                  "clinician report still lists it.", file=ctx.out)
        else:
            _ack_higher_dose(ctx, journal, note)
    return 0


def _all_notes(journal: Journal) -> list[SafetyNote]:
    """Every note the rules raise now over the last HISTORY_DAYS, dismissed or not."""
    from datetime import timedelta

    from ebbtide.core.health.insights import load_snapshot
    from ebbtide.core.health.safety import HISTORY_DAYS, evaluate

    now = journal.now()
    today = now.date()
    return evaluate(load_snapshot(journal, today - timedelta(days=HISTORY_DAYS), today), now)


def _find(journal: Journal, note_id: str) -> SafetyNote:
    from ebbtide.core.errors import EbbtideError
    from ebbtide.core.text import inert

    for note in _all_notes(journal):
        if note.id == note_id.strip():
            return note
    raise EbbtideError(f"no safety note with id '{inert(note_id, 80)}' (run: ebbtide notes "
                       "--all)")


def _ack_higher_dose(ctx: CommandContext, journal: Journal, note: SafetyNote) -> None:
    from ebbtide.core.errors import EbbtideError
    from ebbtide.core.health.notes import fmt_mg
    from ebbtide.core.health.safety import higher_dose_ack_id

    try:
        ack_id = higher_dose_ack_id(note)
    except ValueError:
        raise EbbtideError(f"'{note.id}' is not a daily-total note: only a note about the "
                           "label maximum can be acknowledged as prescribed") from None
    journal.dismiss_note(ack_id)
    total = fmt_mg(note.total_mg) if note.total_mg is not None else "?"
    print(f"Noted: your prescriber set a daily total of up to {total} mg. Daily totals up to "
          "that are no longer announced; the clinician report lists them with the date you "
          "said so. Ebbtide never suggests a dose.", file=ctx.out)


def _state_text(state: NoteState | None, acknowledged: bool) -> str:
    if acknowledged:
        return "  (prescribed: acknowledged)"
    if state is not None and state.dismissed_at is not None:
        return f"  (dismissed {_day(state.dismissed_at)})"
    return ""


def _day(moment: datetime) -> str:
    from ebbtide.core.report.model import day_label

    return day_label(moment.astimezone().date(), True)


def _list(ctx: CommandContext, journal: Journal, *, show_all: bool) -> int:
    import textwrap

    from ebbtide.cli.safety_output import output_width, print_crisis
    from ebbtide.core.health.safety import acknowledgements, visible
    from ebbtide.core.report.model import day_label

    out = ctx.out
    states = journal.note_states()
    every = _all_notes(journal)
    open_ids = {n.id for n in visible(every, states)}
    shown = every if show_all else [n for n in every if n.id in open_ids]
    if not shown:
        print("No safety notes open." + ("" if show_all else
                                         " (ebbtide notes --all lists dismissed ones.)"),
              file=out)
    width = output_width(out)
    for note in shown:
        dismissed = note.id not in open_ids
        acknowledged = dismissed and note.rule == "above-label-max" and (
            note.id not in states or states[note.id].dismissed_at is None)
        print(f"{day_label(note.day, True)} · {note.severity} · {note.title}"
              f"{_state_text(states.get(note.id), acknowledged)}", file=out)
        print(textwrap.fill(note.message, width, initial_indent="  ",
                            subsequent_indent="  "), file=out)
        print(f"  id: {note.id}", file=out)
        print("", file=out)
    acks = acknowledgements(states)
    if show_all and acks:
        for ack in acks:
            when = f" on {_day(ack.at)}" if ack.at is not None else ""
            print(f"You said{when} that your prescriber set a daily total of up to "
                  f"{ack.mg:g} mg.", file=out)
    if shown and not show_all:
        print(textwrap.fill("Dismiss one: ebbtide notes dismiss ID. Ebbtide states facts from "
                            "your own log; it never gives dosing advice. Your prescriber "
                            "knows your situation.", width), file=out)
    if any(n.crisis and n.id in open_ids for n in shown):
        print_crisis(ctx.paths, out)
    return 0
