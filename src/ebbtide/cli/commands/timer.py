"""`ebbtide timer [--minutes N|open] [--every MIN] [--marks M1,M2,…] [--start-delay S]
[--skip-ratings] [--preset NAME]`: open straight into the bell timer.

Values come from, in order of precedence: the flags, the named preset, then settings
(default_minutes, start_delay)."""

from __future__ import annotations

import argparse
import math
from dataclasses import replace
from typing import TYPE_CHECKING

from ebbtide.cli.context import CommandContext
from ebbtide.core.errors import EbbtideError
from ebbtide.launch import StartRoute

if TYPE_CHECKING:
    from ebbtide.core.practice.bell_timer import TimerSpec

OPEN_WORDS = frozenset({"open", "open-ended", "none", "0"})


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "timer",
        help="start the unguided bell timer",
        description="Open Ebbtide straight into the bell timer. Bells ring at the start and "
                    "end, every N minutes, and at any marks you give.",
    )
    parser.add_argument("--minutes", metavar="N",
                        help="length in minutes, 1–120, or 'open' for no set end "
                             "(default: your settings)")
    parser.add_argument("--every", metavar="MIN",
                        help="an interval bell every MIN minutes")
    parser.add_argument("--marks", metavar="M1,M2,…",
                        help="bells at these minutes, e.g. 5,25,30")
    parser.add_argument("--start-delay", metavar="S",
                        help="seconds to settle before the start bell, 0–30")
    parser.add_argument("--skip-ratings", action="store_true",
                        help="don't ask how anxious you feel before and after")
    parser.add_argument("--preset", metavar="NAME", help="start from a saved timer preset")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    spec = build_spec(args, ctx)
    from ebbtide.cli.plain_session import wants_plain

    if wants_plain(ctx):
        return _run_plain(ctx, spec)
    route_args: dict[str, object] = {
        "spec": spec,
        "preset": args.preset,
        "skip_ratings": bool(args.skip_ratings),
    }
    return ctx.run_app(StartRoute(screen="timer", args=route_args, exit_after=True))


def _run_plain(ctx: CommandContext, spec: TimerSpec) -> int:
    from ebbtide.cli import plain_session
    from ebbtide.core.practice.bell_timer import TimerRun
    from ebbtide.core.practice.plain import timer_events
    from ebbtide.core.practice.session_flow import SessionFlow

    run = TimerRun(spec, plain_session.clock)
    flow = SessionFlow(run, start_delay=spec.start_delay, ask_ratings=False,
                       clock=plain_session.clock, log=plain_session.journal_log(ctx))
    return plain_session.run_plain(ctx, flow, timer_events(flow), cue_kind="bells")


def build_spec(args: argparse.Namespace, ctx: CommandContext) -> TimerSpec:
    from ebbtide.core.practice.bell_timer import TimerSpec, load_presets, presets_path
    from ebbtide.core.settings import load_settings

    settings = load_settings(ctx.paths.settings_file).settings
    spec = TimerSpec(minutes=float(settings.default_minutes), start_delay=settings.start_delay)
    if args.preset is not None:
        loaded = load_presets(presets_path(ctx.paths))
        for problem in loaded.problems:
            print(f"ebbtide: {problem}", file=ctx.err)
        preset = loaded.presets.get(" ".join(args.preset.split()))
        if preset is None:
            known = ", ".join(sorted(loaded.presets)) or "none saved yet"
            raise EbbtideError(f"no timer preset named '{args.preset}' (presets: {known})")
        spec = preset
    changes: dict[str, object] = {}
    if args.minutes is not None:
        changes["minutes"] = _minutes(args.minutes)
    if args.every is not None:
        changes["every"] = _positive(args.every, "--every")
    if args.marks is not None:
        changes["marks"] = _marks(args.marks)
    if args.start_delay is not None:
        changes["start_delay"] = _delay(args.start_delay)
    spec = replace(spec, **changes)  # type: ignore[arg-type]
    return spec.validated()


def _minutes(text: str) -> float | None:
    if text.strip().casefold() in OPEN_WORDS:
        return None
    try:
        value = float(text)
    except ValueError:
        raise EbbtideError(
            f"--minutes must be a number from 1 to 120, or 'open' (got {text!r})") from None
    if not math.isfinite(value) or not 1 <= value <= 120:
        raise EbbtideError(f"--minutes must be a number from 1 to 120, or 'open' (got {text})")
    return value


def _positive(text: str, flag: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise EbbtideError(f"{flag} must be a number of minutes (got {text!r})") from None
    if not math.isfinite(value) or value <= 0:
        raise EbbtideError(f"{flag} must be more than 0 minutes (got {text})")
    return value


def _marks(text: str) -> tuple[float, ...]:
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts:
        raise EbbtideError("--marks needs minutes separated by commas, e.g. 5,25,30")
    marks: list[float] = []
    for part in parts:
        try:
            value = float(part)
        except ValueError:
            raise EbbtideError(
                f"--marks must be minutes separated by commas, e.g. 5,25,30 (got {part!r})"
            ) from None
        if not math.isfinite(value) or value <= 0:
            raise EbbtideError(f"--marks must be more than 0 minutes (got {part})")
        marks.append(value)
    return tuple(marks)


def _delay(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise EbbtideError(
            f"--start-delay must be a whole number of seconds from 0 to 30 (got {text!r})"
        ) from None
    if not 0 <= value <= 30:
        raise EbbtideError(f"--start-delay must be a whole number of seconds from 0 to 30 "
                           f"(got {text})")
    return value
