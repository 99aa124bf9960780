"""A soundscape under a session screen: started when the session runs, faded out when it
pauses (for any reason: space, or something covering the screen) or ends, restarted (for
what is left) when it runs again. The screen calls `follow` whenever it redraws.

The sound comes from `audio.soundscape_client.Soundscape` (a child process; see there);
its one notice reaches the screen through `call_from_thread`. `make_soundscape` is a module
attribute so UI tests can watch what would play without starting any process."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp

FADE_IN_SECONDS = 6.0
FADE_OUT_SECONDS = 10.0  # an open-ended soundscape's fade when its length is known
PAUSE_FADE_SECONDS = 1.5
END_FADE_SECONDS = 3.0
RESUME_FADE_IN_SECONDS = 3.0


class Ambience(Protocol):
    def start(self) -> None: ...

    def fade_out(self, seconds: float) -> None: ...

    def close(self) -> None: ...


def _real_soundscape(kind: str, volume: int, seconds: float | None, fade_in: float,
                     fade_out: float, notice: Callable[[str], None]) -> Ambience | None:
    try:
        from ebbtide.audio.soundscape_client import Soundscape
    except ImportError:
        return None
    return Soundscape(kind, volume, seconds=seconds, fade_in=fade_in, fade_out=fade_out,
                      on_notice=notice)


make_soundscape: Callable[[str, int, float | None, float, float, Callable[[str], None]],
                          Ambience | None] = _real_soundscape


class SessionSound:
    """One session's soundscape. `kind` "" plays nothing; nothing plays when sound is off
    in settings or the soundscape volume is 0."""

    def __init__(self, app: EbbtideApp, kind: str, *, fade_in: float = FADE_IN_SECONDS,
                 fade_out: float = FADE_OUT_SECONDS) -> None:
        settings = app.settings
        self._app = app
        self.kind = kind
        self._allowed = settings.sound and settings.soundscape_volume > 0
        self._volume = settings.soundscape_volume
        self._fade_in = fade_in
        self._fade_out = fade_out
        self._playing: Ambience | None = None
        self._started_once = False

    @property
    def playing(self) -> bool:
        return self._playing is not None

    @property
    def audible(self) -> bool:
        """A soundscape is chosen and sound is on."""
        return bool(self.kind) and self._allowed

    def play(self, seconds_left: float | None) -> None:
        """Start (or, after a pause, restart) for `seconds_left` (None: until `stop`)."""
        if not self.audible or self._playing is not None:
            return
        fade_in = self._fade_in if not self._started_once else RESUME_FADE_IN_SECONDS
        fade_out = self._fade_out if seconds_left is None else min(self._fade_out,
                                                                  seconds_left / 2)
        self._playing = make_soundscape(self.kind, self._volume, seconds_left, fade_in,
                                        fade_out, self._notice)
        self._started_once = True
        if self._playing is not None:
            self._playing.start()

    def next_kind(self) -> str:
        """Change to the next soundscape (after the last: none) and say which, e.g.
        "Rain" or "Off". It is heard at the next `follow` while the session runs; with
        sound off in settings nothing plays whatever is chosen."""
        from ebbtide.audio.soundscape import label
        from ebbtide.core.settings import SOUNDSCAPE_KINDS

        kinds = SOUNDSCAPE_KINDS
        self.kind = kinds[(kinds.index(self.kind) + 1) % len(kinds)]
        self.stop(PAUSE_FADE_SECONDS)
        self._started_once = False  # a new sound fades in at its own pace
        return label(self.kind)

    def follow(self, stage: str, paused: bool, seconds_left: float | None) -> None:
        """Match the session: playing while it runs, quiet otherwise."""
        if stage == "running" and not paused:
            self.play(seconds_left)
        elif stage == "running":
            self.pause()
        else:
            self.stop()

    def stop(self, fade: float = END_FADE_SECONDS) -> None:
        """Fade out and let it go (it ends by itself)."""
        playing, self._playing = self._playing, None
        if playing is not None:
            playing.fade_out(fade)

    def pause(self) -> None:
        self.stop(PAUSE_FADE_SECONDS)

    def _notice(self, text: str) -> None:
        app = self._app
        with contextlib.suppress(Exception):  # the app may be closing
            app.call_from_thread(app.notify, text, severity="warning", markup=False)
