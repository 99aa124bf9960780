"""`ebbtide breathe [PATTERN] [--minutes N | --cycles N] [--start-delay S] [--skip-ratings]
[--list]`: open straight into a breathing session, or list the patterns."""

from __future__ import annotations

import argparse
import math
from typing import TYPE_CHECKING

from ebbtide.cli.context import CommandContext
from ebbtide.core.errors import EbbtideError
from ebbtide.core.text import inert, inert_lines
from ebbtide.launch import StartRoute

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ebbtide.core.content.patterns import Pattern, PatternSet

MINUTES_RANGE = (1, 120)
CYCLES_RANGE = (1, 500)
DELAY_RANGE = (0, 30)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "breathe",
        help="start a paced breathing session (or --list the patterns)",
        description="Open Ebbtide straight into a paced breathing session. Without PATTERN, "
                    "the app lets you choose one.",
    )
    parser.add_argument("pattern", nargs="?", metavar="PATTERN",
                        help="pattern id, e.g. box, 4-7-8, resonance-6 (see --list)")
    length = parser.add_mutually_exclusive_group()
    length.add_argument("--minutes", metavar="N",
                        help="session length in minutes, 1–120 (rounded up to whole breaths)")
    length.add_argument("--cycles", metavar="N", help="number of breathing cycles, 1–500")
    parser.add_argument("--start-delay", metavar="S",
                        help="seconds to settle before the first breath, 0–30")
    parser.add_argument("--skip-ratings", action="store_true",
                        help="don't ask how anxious you feel before and after")
    parser.add_argument("--list", action="store_true", help="list the patterns and exit")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from ebbtide.core.content.patterns import load_patterns

    minutes = _number(args.minutes, "--minutes", MINUTES_RANGE, whole=False)
    cycles = _number(args.cycles, "--cycles", CYCLES_RANGE, whole=True)
    delay = _number(args.start_delay, "--start-delay", DELAY_RANGE, whole=False)

    patterns = load_patterns(ctx.paths.patterns_dir)
    if args.list:
        _print_list(patterns, ctx)
        return 0

    pattern_id: str | None = None
    pattern: Pattern | None = None
    if args.pattern is not None:
        pattern = patterns.find(args.pattern)
        if pattern is None:
            for problem in patterns.problems:
                print(f"ebbtide: {inert_lines(problem)}", file=ctx.err)
            raise EbbtideError(_unknown_message(args.pattern, patterns))
        pattern_id = pattern.id
        from ebbtide.core.practice.pacer import Pacer

        pacer = Pacer(pattern, minutes=minutes, cycles=int(cycles) if cycles else None)
        warning = pacer.beginner_warning()
        if warning:
            print(f"note: {inert_lines(warning)}", file=ctx.err)

    from ebbtide.cli.plain_session import wants_plain

    if wants_plain(ctx):
        if pattern is None:
            raise EbbtideError("plain mode needs a pattern, e.g. 'ebbtide breathe box --plain' "
                               "(see 'ebbtide breathe --list')")
        return run_plain_breathing(ctx, pattern, minutes=minutes,
                                   cycles=int(cycles) if cycles else None, delay=delay or 0.0)

    route_args: dict[str, object] = {
        "pattern": pattern_id,
        "minutes": minutes,
        "cycles": int(cycles) if cycles is not None else None,
        "start_delay": delay,
        "skip_ratings": bool(args.skip_ratings),
    }
    return ctx.run_app(StartRoute(screen="breathe", args=route_args, exit_after=True))


def run_plain_breathing(ctx: CommandContext, pattern: Pattern, *, minutes: float | None,
                        cycles: int | None, delay: float,
                        words: Sequence[tuple[float, str]] = ()) -> int:
    """The session as plain lines (see cli/plain_session.py); also `ebbtide sos --plain`,
    whose `words` are said at their active second."""
    from ebbtide.cli import plain_session
    from ebbtide.core.practice.breathing import BreathingSession
    from ebbtide.core.practice.plain import breathing_events, with_timed_lines

    session = BreathingSession(pattern, minutes=minutes, cycles=cycles, start_delay=delay,
                               ask_ratings=False, clock=plain_session.clock,
                               log=plain_session.journal_log(ctx))
    events = breathing_events(session)
    if words:
        events = with_timed_lines(session, events, words)
    return plain_session.run_plain(ctx, session, events, cue_kind="breath_cues")


def _number(text: str | None, flag: str, bounds: tuple[int, int], *,
            whole: bool) -> float | None:
    if text is None:
        return None
    low, high = bounds
    kind = "a whole number" if whole else "a number"
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        raise EbbtideError(f"{flag} must be {kind} from {low} to {high} (got {text!r})") from None
    if not math.isfinite(value) or not low <= value <= high:
        raise EbbtideError(f"{flag} must be {kind} from {low} to {high} (got {text})")
    return value


def _unknown_message(query: str, patterns: PatternSet) -> str:
    names = {p.id: p.id for p in patterns}
    names.update({p.name.casefold(): p.id for p in patterns})
    import difflib

    close = difflib.get_close_matches(query.casefold(), list(names), n=3, cutoff=0.5)
    suggestions = list(dict.fromkeys(names[c] for c in close))
    if suggestions:
        return (f"unknown pattern '{query}'. Did you mean: {', '.join(suggestions)}? "
                "(see 'ebbtide breathe --list')")
    return f"unknown pattern '{query}'. Patterns: {', '.join(p.id for p in patterns)}"


def _print_list(patterns: PatternSet, ctx: CommandContext) -> None:
    from ebbtide.core.content.patterns import format_bpm

    rows = [("NAME", "ID", "RHYTHM", "BREATHS/MIN", "")]
    for pattern in patterns:
        notes = []
        if pattern.is_user:
            notes.append("yours")
        if pattern.max_cycles_beginner is not None:
            notes.append(f"beginners: up to {pattern.max_cycles_beginner} cycles")
        rows.append((inert(pattern.name), pattern.id, pattern.rhythm, format_bpm(pattern),
                     "; ".join(notes)))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        line = "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4]))
        if row[4]:
            line += f"  ({row[4]})"
        print(line.rstrip(), file=ctx.out)
    for problem in patterns.problems:
        print(f"ebbtide: {inert_lines(problem)}", file=ctx.err)
