"""`ebbtide history`: what was logged, day by day, as plain text or JSON; with `--entries`
every check-in in full (numbers, doses, side effects, tags, the whole note).

Stored text is printed inert: control characters (escapes, BEL, C1, bidi overrides) shown
as visible escapes on the terminal and as JSON escapes in JSON, so nothing a note holds can
reach the terminal as a command."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from ebbtide.cli.context import CommandContext
from ebbtide.cli.files import open_journal_for_reading

if TYPE_CHECKING:
    from datetime import date

    from ebbtide.core.journal.models import CheckIn, Dose, Entry, SideEffect

NOTE_INDENT = "      "


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("history", help="list your journal day by day (text or JSON)",
                            description="List what you logged, one line per day, newest "
                                        "first. Default: the last 30 days.")
    parser.add_argument("--since", metavar="DATE", help="first day, YYYY-MM-DD")
    parser.add_argument("--until", metavar="DATE", help="last day, YYYY-MM-DD")
    parser.add_argument("--all", action="store_true", help="every day ever logged")
    parser.add_argument("--tag", metavar="T", help="only days with a check-in tagged T")
    parser.add_argument("--side-effect", metavar="NAME", help="only days with this side effect")
    parser.add_argument("--medication", metavar="NAME", help="only days with a dose of NAME")
    parser.add_argument("--entries", action="store_true",
                        help="every check-in in full: time, numbers, doses, side effects, "
                             "tags and the whole note")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(handler=run)


def dumps_inert(data: object) -> str:
    """JSON (UTF-8 kept readable) in which every character a terminal could act on (C0,
    C1, bidi controls, ...) is a \\u escape: the same data, inert when printed."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if text.replace("\n", "").isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable() or ch in "\n ":
            out.append(ch)
        elif ord(ch) > 0xFFFF:
            high, low = divmod(ord(ch) - 0x10000, 0x400)
            out.append(f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}")
        else:
            out.append(f"\\u{ord(ch):04x}")
    return "".join(out)


def day_span(args: argparse.Namespace) -> tuple[date | None, date | None]:
    """--since and --until as days (None when not given); EbbtideError when unreadable or
    the wrong way round."""
    from ebbtide.core.errors import EbbtideError
    from ebbtide.core.journal.models import parse_day

    since = parse_day(args.since, "since") if args.since else None
    until = parse_day(args.until, "until") if args.until else None
    if since and until and since > until:
        raise EbbtideError(f"--since {since} is after --until {until}")
    return since, until


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from datetime import timedelta

    from ebbtide.core.journal.models import local_now
    from ebbtide.core.text import inert

    since, until = day_span(args)
    if since is None and until is None and not args.all:
        since = local_now().date() - timedelta(days=29)
    entries: list[Entry] = []
    with open_journal_for_reading(ctx) as journal:
        days = journal.day_summaries(since, until, tag=args.tag,
                                     side_effect=args.side_effect, medication=args.medication)
        if args.entries and days:
            wanted = {d.local_date for d in days}
            entries = [e for e in journal.entries_between(
                min(wanted), max(wanted), kinds=("checkin", "dose", "side_effect"))
                if e.local_date in wanted]
    out = ctx.out
    if args.entries:
        if args.json:
            print(dumps_inert(entries_json(entries)), file=out)
        elif not days:
            print("Nothing logged" + ("" if args.all else " in that period") + ".", file=out)
        else:
            print_entries(entries, out)
        return 0
    if args.json:
        data = [{
            "date": d.local_date.isoformat(), "checkins": d.checkins,
            "mood_mean": d.mood_mean, "mood_min": d.mood_min, "mood_max": d.mood_max,
            "anxiety_mean": d.anxiety_mean, "anxiety_min": d.anxiety_min,
            "anxiety_max": d.anxiety_max, "sleep_hours": d.sleep_hours,
            "energy_mean": d.energy_mean, "flagged_for_doctor": d.flagged_for_doctor,
            "doses_taken": d.doses_taken, "doses_skipped": d.doses_skipped,
            "mg_by_medication": d.mg_by_medication, "side_effects": d.side_effects,
            "tags": list(d.tags), "practices": d.practices,
            "practice_minutes": round(d.practice_minutes, 2),
        } for d in days]
        print(dumps_inert(data), file=out)
        return 0
    if not days:
        span = "" if args.all else " in that period"
        print(f"Nothing logged{span}.", file=out)
        return 0
    for d in days:
        parts = [d.local_date.strftime("%Y-%m-%d %a")]
        if d.checkins:
            extra = f" ({d.checkins} check-ins)" if d.checkins > 1 else ""
            parts.append(f"mood {d.mood_mean:.1f} · anxiety {d.anxiety_mean:.1f}{extra}")
        if d.sleep_hours is not None:
            parts.append(f"sleep {d.sleep_hours:.1f} h")
        for name, mg in d.mg_by_medication.items():
            parts.append(f"{inert(name, 40)} {mg:g} mg")
        if d.doses_skipped:
            parts.append(f"{d.doses_skipped} dose{'s' if d.doses_skipped > 1 else ''} "
                         "skipped")
        if d.side_effects:
            parts.append("side effects: " + ", ".join(
                f"{inert(n, 40)} ({s})" for n, s in d.side_effects.items()))
        if d.tags:
            parts.append("tags: " + ", ".join(inert(t, 40) for t in d.tags))
        if d.practices:
            parts.append(f"practice {d.practice_minutes:.0f} min")
        if d.flagged_for_doctor:
            parts.append("flagged for doctor")
        print("  ".join(parts), file=out)
    return 0


# ---------------------------------------------------------------- --entries


def by_checkin(entries: Sequence[Entry]) -> list[tuple[Entry, list[Dose], list[SideEffect]]]:
    """Newest day first, each day in time order; a check-in carries its doses and side
    effects, which are otherwise listed on their own."""
    from ebbtide.core.journal.models import CheckIn, Dose, SideEffect

    checkin_ids = {e.id for e in entries if isinstance(e, CheckIn)}

    def linked(e: Entry) -> int | None:
        parent = e.checkin_id if isinstance(e, Dose | SideEffect) else None
        return parent if parent in checkin_ids else None

    children: dict[int, list[Entry]] = {}
    for e in entries:
        parent = linked(e)
        if parent is not None:
            children.setdefault(parent, []).append(e)
    rows = []
    for e in entries:
        if linked(e) is None:
            mine = children.get(e.id, []) if isinstance(e, CheckIn) else []
            rows.append((e, [d for d in mine if isinstance(d, Dose)],
                         [s for s in mine if isinstance(s, SideEffect)]))
    rows.sort(key=lambda row: row[0].local_date, reverse=True)  # stable: times stay in order
    return rows


def numbers(c: CheckIn) -> str:
    parts = [f"mood {c.mood}", f"anxiety {c.anxiety}"]
    if c.sleep_hours is not None:
        quality = f", quality {c.sleep_quality}/5" if c.sleep_quality is not None else ""
        parts.append(f"sleep {c.sleep_hours:g} h{quality}")
    elif c.sleep_quality is not None:
        parts.append(f"sleep quality {c.sleep_quality}/5")
    if c.energy is not None:
        parts.append(f"energy {c.energy}")
    return " · ".join(parts)


def dose_words(d: Dose) -> str:
    from ebbtide.core.text import inert

    amount = f" {d.amount_mg:g} mg" if d.amount_mg is not None else ""
    return f"{inert(d.medication, 60)}{amount} {d.status}"


def effect_words(s: SideEffect) -> str:
    from ebbtide.core.text import inert

    note = f": {inert(s.note, 200)}" if s.note else ""
    return f"{inert(s.name, 60)} ({s.severity}){note}"


def note_lines(note: str) -> list[str]:
    """The whole note, line by line, inert (tabs as spaces, CRLF as one break)."""
    from ebbtide.core.text import inert

    return [inert(line.removesuffix("\r").replace("\t", "    "))
            for line in note.split("\n")]


def print_entries(entries: Sequence[Entry], out: TextIO) -> None:
    from ebbtide.core.journal.models import CheckIn, Dose, SideEffect
    from ebbtide.core.text import inert

    day = None
    for entry, doses, effects in by_checkin(entries):
        if entry.local_date != day:
            if day is not None:
                print(file=out)
            day = entry.local_date
            print(f"{day:%Y-%m-%d %a}", file=out)
        lines: list[str] = []
        if isinstance(entry, CheckIn):
            head = f"check-in  {numbers(entry)}"
            if entry.flagged_for_doctor:
                head += "  · flagged for doctor"
            if doses:
                lines.append("doses: " + ", ".join(dose_words(d) for d in doses))
            if effects:
                lines.append("side effects: " + "; ".join(effect_words(s) for s in effects))
            if entry.tags:
                lines.append("tags: " + ", ".join(inert(t, 60) for t in entry.tags))
            note = entry.note
        elif isinstance(entry, Dose):
            head, note = f"dose  {dose_words(entry)}", entry.note
        else:
            assert isinstance(entry, SideEffect)
            head, note = f"side effect  {effect_words(entry)}", ""
        print(f"  {entry.at:%H:%M}  {head}", file=out)
        for line in lines:
            print(NOTE_INDENT + line, file=out)
        if note:
            print(NOTE_INDENT + "note:", file=out)
            for line in note_lines(note):
                print(NOTE_INDENT + "  " + line, file=out)


def entries_json(entries: Sequence[Entry]) -> list[dict[str, Any]]:
    from ebbtide.core.journal.models import CheckIn, Dose, SideEffect

    def dose(d: Dose) -> dict[str, Any]:
        return {"medication": d.medication, "amount_mg": d.amount_mg, "status": d.status,
                "scheduled_time": d.scheduled_time, "note": d.note}

    def effect(s: SideEffect) -> dict[str, Any]:
        return {"name": s.name, "severity": s.severity, "note": s.note}

    data: list[dict[str, Any]] = []
    for entry, doses, effects in by_checkin(entries):
        item: dict[str, Any] = {"date": entry.local_date.isoformat(),
                                "time": f"{entry.at:%H:%M}", "at": entry.at.isoformat(),
                                "kind": entry.kind}
        if isinstance(entry, CheckIn):
            item.update(mood=entry.mood, anxiety=entry.anxiety,
                        sleep_hours=entry.sleep_hours, sleep_quality=entry.sleep_quality,
                        energy=entry.energy, tags=list(entry.tags), note=entry.note,
                        flagged_for_doctor=entry.flagged_for_doctor,
                        doses=[dose(d) for d in doses],
                        side_effects=[effect(s) for s in effects])
        elif isinstance(entry, Dose):
            item.update(dose(entry))
        elif isinstance(entry, SideEffect):
            item.update(effect(entry))
        data.append(item)
    return data
