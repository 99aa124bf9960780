"""Run a session in plain mode (`--plain` or the `plain` setting): the lines of
`core.practice.plain` printed one by one, flushed, with no colour or cursor movement, so
screen readers, braille displays, SSH and pipes all follow it. Sound as in the app; the
record goes to the journal as the app writes it; Ctrl+C ends the session as partial.

`clock` and `sleep` are module attributes so tests can run a session at once."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from ebbtide.cli.context import CommandContext
from ebbtide.core.clock import SYSTEM_CLOCK, Clock

if TYPE_CHECKING:
    from ebbtide.core.practice.plain import PlainEvent
    from ebbtide.core.practice.records import PracticeLog
    from ebbtide.core.practice.session_flow import StagedSession
    from ebbtide.core.settings import Settings

clock: Clock = SYSTEM_CLOCK
sleep: Callable[[float], None] = time.sleep

PLAIN_COMMANDS = (
    ("ebbtide sos --plain", "one minute of cyclic sighing, crisis lines first"),
    ("ebbtide breathe PATTERN --plain", "paced breathing (patterns: ebbtide breathe --list)"),
    ("ebbtide meditate SCRIPT --plain", "a guided meditation (scripts: ebbtide meditate --list)"),
    ("ebbtide timer --minutes N --plain", "the bell timer"),
    ("ebbtide sleep --minutes N --plain", "wind down, then sound fading to silence"),
)


class _Cues(Protocol):
    def start(self) -> None: ...

    def play(self, name: str, planned: float | None = None) -> None: ...

    def close(self) -> None: ...


def wants_plain(ctx: CommandContext) -> bool:
    return ctx.overrides.plain or plain_settings(ctx).plain


def plain_settings(ctx: CommandContext) -> Settings:
    from ebbtide.core.settings import load_settings

    settings = load_settings(ctx.paths.settings_file).settings
    return settings.with_changes(sound=False) if ctx.overrides.no_sound else settings


def print_plain_menu(ctx: CommandContext) -> int:
    """Bare `ebbtide --plain`: which commands run as plain lines."""
    print("Ebbtide in plain mode. Sessions you can run as plain lines:", file=ctx.out)
    for command, what in PLAIN_COMMANDS:
        print(f"  {command}: {what}", file=ctx.out)
    print("Ctrl+C ends a session early; it is saved as partial.", file=ctx.out, flush=True)
    return 0


def journal_log(ctx: CommandContext) -> PracticeLog:
    from ebbtide.core.journal.practice_log import JournalPracticeLog
    from ebbtide.core.journal.store import Journal

    opened: list[Journal] = []

    def journal() -> Journal:
        if not opened:
            opened.append(Journal.open(ctx.paths))
        return opened[0]

    return JournalPracticeLog(journal, lambda: datetime.now().astimezone())


def run_plain(ctx: CommandContext, session: StagedSession[Any],
              events: Iterator[PlainEvent], *, cue_kind: str) -> int:
    """Print `events` as they fall due and sound their cues. `cue_kind` is the setting
    that allows them ("breath_cues" or "bells"). Exit code 0, or 130 after Ctrl+C."""
    from ebbtide.core.practice.plain import ending_line

    settings = plain_settings(ctx)
    wanted = settings.sound and getattr(settings, cue_kind)
    sound = _sound(settings, ctx) if wanted else None
    try:
        for event in events:
            wait = event.at - clock.now()
            if wait > 0:
                sleep(wait)
            if event.text is None:
                continue
            if sound is not None and event.cue is not None:
                sound.play(event.cue, event.at)
            print(event.text, file=ctx.out, flush=True)
        code = 0
    except KeyboardInterrupt:
        session.end()
        print(ending_line(session.record()), file=ctx.out, flush=True)
        code = 130
    finally:
        if sound is not None:
            sound.close()
    session.save()
    if session.save_error:
        print(f"ebbtide: the session was not saved yet: {session.save_error}", file=ctx.err)
    return code


def _sound(settings: Settings, ctx: CommandContext) -> _Cues | None:
    """The app's sound player, started ahead so the first cue is on time; None when the
    audio extra is missing (the session goes on in words)."""
    try:
        from ebbtide.audio.player import SoundPlayer
    except ImportError:
        return None
    player = SoundPlayer(enabled=True, volume=settings.volume,
                         on_notice=lambda message: print(message, file=ctx.err, flush=True))
    player.start()
    return player
