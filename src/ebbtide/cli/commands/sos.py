"""`ebbtide sos`: one minute of cyclic sighing straight away (no rating first), with the
crisis lines one key away (`!` in the app; printed first with --plain)."""

from __future__ import annotations

import argparse

from ebbtide.cli.context import CommandContext
from ebbtide.launch import StartRoute

SOS_PATTERN = "cyclic-sighing"
SOS_MINUTES = 1.0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "sos",
        help="one minute of calming breath now, with crisis lines one key away",
        description="One minute of cyclic sighing (two breaths in, a long breath out), "
                    "straight away. Press ! for crisis lines.",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from ebbtide.cli.plain_session import plain_settings, wants_plain

    if wants_plain(ctx):
        from ebbtide.cli.commands.breathe import run_plain_breathing
        from ebbtide.core.content.patterns import load_patterns
        from ebbtide.core.errors import EbbtideError
        print(crisis_line(plain_settings(ctx).region), file=ctx.out, flush=True)
        pattern = load_patterns(ctx.paths.patterns_dir).find(SOS_PATTERN)
        if pattern is None:
            raise EbbtideError(f"the {SOS_PATTERN} pattern is missing from this install")
        return run_plain_breathing(ctx, pattern, minutes=SOS_MINUTES, cycles=None, delay=0.0,
                                   words=_words(ctx))
    return ctx.run_app(StartRoute(screen="sos", exit_after=True))


def _words(ctx: CommandContext) -> list[tuple[float, str]]:
    """The minute's words by their start second; none (and why, once) when the file is
    broken: the breathing goes on."""
    from ebbtide.core.content.sos_words import load_sos_words
    from ebbtide.core.errors import ContentError

    try:
        return load_sos_words().timed()
    except ContentError as exc:
        print(f"ebbtide: {exc}", file=ctx.err, flush=True)
        return []


def crisis_line(region: str) -> str:
    """One line, said first: the emergency number and the region's helplines."""
    from ebbtide.core.health.crisis import crisis_lines, emergency_number

    helplines = [f"{heading}: {detail}" for heading, detail in crisis_lines(region)[1:]
                 if heading not in ("Other countries", "Today")]
    return " ".join([f"If you are in danger now: call {emergency_number(region)}.", *helplines])
