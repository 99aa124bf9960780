"""`ebbtide history`: what was logged, day by day, as plain text or JSON."""

from __future__ import annotations

import argparse

from ebbtide.cli.context import CommandContext
from ebbtide.cli.files import open_journal_for_reading


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
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    import json
    from datetime import timedelta

    from ebbtide.core.errors import EbbtideError
    from ebbtide.core.journal.models import local_now, parse_day
    from ebbtide.core.text import inert

    since = parse_day(args.since, "since") if args.since else None
    until = parse_day(args.until, "until") if args.until else None
    if since and until and since > until:
        raise EbbtideError(f"--since {since} is after --until {until}")
    if since is None and until is None and not args.all:
        since = local_now().date() - timedelta(days=29)
    with open_journal_for_reading(ctx) as journal:
        days = journal.day_summaries(since, until, tag=args.tag,
                                     side_effect=args.side_effect, medication=args.medication)
    out = ctx.out
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
        print(json.dumps(data, ensure_ascii=False, indent=2), file=out)
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
