"""`ebbtide sleep [--minutes 15|30|45|60] [--sound KIND]`: the wind-down (slow breathing with a
longer breath out, a body scan for sleep), then a soundscape that plays for the chosen
time and fades to silence. Opens the app's dim Sleep screen, or runs as plain lines.

`make_soundscape` is a module attribute so tests can see what would play."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from ebbtide.cli.context import CommandContext
from ebbtide.core.errors import EbbtideError
from ebbtide.launch import StartRoute

if TYPE_CHECKING:
    from ebbtide.core.practice.sleep import SleepPlan

SOUND_CHOICES = ("brown", "pink", "rain", "waves", "off")


class _Sound(Protocol):
    def start(self) -> None: ...

    def close(self) -> None: ...


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "sleep",
        help="wind down for sleep, then a soundscape that fades to silence",
        description="A few minutes of slow breathing with a longer breath out, a body scan "
                    "for sleep, then a soundscape that plays for the chosen time and fades "
                    "to silence. The screen stays almost dark.",
    )
    parser.add_argument("--minutes", metavar="N",
                        help="how long the sound plays after the wind-down: 15, 30, 45 or 60 "
                             "(default 30)")
    parser.add_argument("--sound", metavar="KIND",
                        help="brown, pink, rain, waves or off (default: the soundscape in "
                             "settings, else waves)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from ebbtide.cli.plain_session import plain_settings, wants_plain
    from ebbtide.core.practice.sleep import DEFAULT_SOUND_MINUTES, sleep_plan, sleep_sound

    minutes = _minutes(args.minutes) if args.minutes is not None else DEFAULT_SOUND_MINUTES
    sound = args.sound
    if sound is not None and sound not in SOUND_CHOICES:
        raise EbbtideError(f"--sound must be one of {', '.join(SOUND_CHOICES)} (got {sound!r})")
    if wants_plain(ctx):
        settings = plain_settings(ctx)
        kind = sleep_sound(sound, settings.soundscape)
        plan = sleep_plan(minutes)
        volume = settings.soundscape_volume
        return _run_plain(ctx, plan, kind if settings.sound and volume > 0 else "", volume)
    route_args: dict[str, object] = {}
    if args.minutes is not None:  # else the app asks
        route_args["minutes"] = minutes
    if sound is not None:
        route_args["sound"] = sound
    return ctx.run_app(StartRoute(screen="sleep", args=route_args, exit_after=True))


def _minutes(text: str) -> int:
    from ebbtide.core.practice.sleep import SOUND_MINUTES, check_sound_minutes

    choices = ", ".join(str(m) for m in SOUND_MINUTES)
    try:
        return check_sound_minutes(int(text))
    except (ValueError, EbbtideError):
        raise EbbtideError(f"--minutes must be one of {choices} (got {text!r})") from None


def _real_soundscape(kind: str, volume: int, plan: SleepPlan,
                     notice: Callable[[str], None]) -> _Sound | None:
    try:
        from ebbtide.audio.soundscape_client import Soundscape
        from ebbtide.core.practice.sleep import SOUND_FADE_IN_SECONDS, SOUND_FADE_OUT_SECONDS
    except ImportError:
        return None
    return Soundscape(kind, volume, seconds=plan.total_seconds, fade_in=SOUND_FADE_IN_SECONDS,
                      fade_out=min(SOUND_FADE_OUT_SECONDS, plan.rest_seconds),
                      on_notice=notice)


make_soundscape: Callable[[str, int, SleepPlan, Callable[[str], None]], _Sound | None] = (
    _real_soundscape)


def _run_plain(ctx: CommandContext, plan: SleepPlan, kind: str, volume: int) -> int:
    from ebbtide.audio.soundscape import label
    from ebbtide.cli import plain_session
    from ebbtide.core.practice.guide import GuideRun
    from ebbtide.core.practice.plain import guided_events, spoken_duration
    from ebbtide.core.practice.session_flow import SessionFlow

    flow = SessionFlow(GuideRun(plan.script, plain_session.clock), ask_ratings=False,
                       clock=plain_session.clock, log=plain_session.journal_log(ctx))
    rest = spoken_duration(plan.rest_seconds)
    if kind:
        print(f"Sound: {label(kind).lower()}, through the wind-down and for {rest} after it, "
              "fading to silence.", file=ctx.out, flush=True)
    else:
        print(f"No sound. The session rests quietly for {rest} after the wind-down.",
              file=ctx.out, flush=True)
    sound = make_soundscape(kind, volume, plan, lambda text: print(text, file=ctx.err,
                                                                   flush=True)) if kind else None
    if sound is not None:
        sound.start()
    try:
        return plain_session.run_plain(ctx, flow, guided_events(flow), cue_kind="bells")
    finally:
        if sound is not None:
            # At the end it has already faded to silence; after Ctrl+C it stops at once.
            sound.close()
