"""`ebbtide insights`: what has helped, as a plain-text table (per breathing pattern and
meditation: sessions, rated sessions, mean anxiety before and after, mean change), plus
dose adherence against your schedule."""

from __future__ import annotations

import argparse

from ebbtide.cli.context import CommandContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("insights", help="which practices helped, and dose adherence",
                            description="Per breathing pattern and meditation: sessions, "
                                        "anxiety before and after, and the mean change; "
                                        "then doses against the times you scheduled.")
    parser.add_argument("--days", type=int, default=90, metavar="N",
                        help="look at the last N days (default 90)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from datetime import timedelta

    from ebbtide.core.content.titles import practice_title, practice_titles
    from ebbtide.core.errors import EbbtideError
    from ebbtide.core.health.insights import (
        NOT_LOGGED_MEANING,
        adherence,
        best_practice,
        load_snapshot,
        practice_stats,
    )
    from ebbtide.core.journal.models import local_now
    from ebbtide.core.journal.store import Journal
    from ebbtide.core.text import inert

    if args.days < 1 or args.days > 36500:
        raise EbbtideError("--days must be from 1 to 36500")
    now = local_now()
    start = now.date() - timedelta(days=args.days - 1)
    with Journal.open(ctx.paths, verify=False) as journal:
        snap = load_snapshot(journal, start, now.date())
    titles = practice_titles(ctx.paths)
    out = ctx.out
    stats = practice_stats(snap.practices)
    print(f"Practices, last {args.days} days", file=out)
    if not stats:
        print("  No sessions yet.", file=out)
    else:
        print(f"  {'practice':<32} {'sessions':>8} {'rated':>6} {'before':>7} {'after':>6} "
              f"{'change':>7}", file=out)

        def num(v: float | None, sign: bool = False) -> str:
            return "–" if v is None else (f"{v:+.1f}" if sign else f"{v:.1f}")

        for s in stats:
            name = inert(practice_title(s.kind, s.content_id, titles), 30)
            print(f"  {name:<32} {s.sessions:>8} {s.rated:>6} {num(s.mean_before):>7} "
                  f"{num(s.mean_after):>6} {num(s.mean_change, True):>7}", file=out)
        best = best_practice(stats, titles)
        if best is None:
            print("  (After 3 sessions of one practice rated before and after, Ebbtide "
                  "suggests the one that helped you most.)", file=out)
        else:
            print(f"  Helped you most: {inert(best.title)} ({best.reason}).", file=out)
    print("", file=out)
    print("Doses against your scheduled times", file=out)
    rows = adherence(snap, start, now.date(), now)
    if not rows:
        print("  No medications with doses or scheduled times.", file=out)
    for a in rows:
        name = inert(a.medication, 40)
        if not a.times:
            print(f"  {name}: {a.taken_total} doses taken logged (no schedule times entered)",
                  file=out)
            continue
        print(f"  {name} at {', '.join(a.times)}: {a.taken} of {a.scheduled} taken, "
              f"{a.skipped} skipped, {a.not_logged} not logged"
              + (f", {a.extra} extra" if a.extra else ""), file=out)
    if any(a.times for a in rows):
        print(f"  {NOT_LOGGED_MEANING}", file=out)
    return 0
