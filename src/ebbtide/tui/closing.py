"""How the app closes when the system asks: SIGTERM, SIGHUP and SIGINT save any practice in
progress (`EbbtideApp.end_sessions`, the same path as ctrl+q), then leave normally, so
Textual gives the terminal back (alternate screen left, mouse reporting off, cursor shown).

A closed terminal is different: the kernel sends SIGHUP and SIGCONT, and every write to
the terminal fails from then on. Textual answers SIGCONT by redrawing into it, and its
output thread dies on the first failed write, after which the exit blocks forever on that
thread's full queue. So on a hung-up terminal SIGCONT is ignored, and the app saves,
keeps the open forms' drafts, closes the journal and exits at once: there is no terminal
left to restore."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import signal
import sys
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp

CLOSING_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
Handler = Callable[[int, FrameType | None], Any] | int | None


def terminal_hung_up() -> bool:
    """True when the terminal the app runs in has been closed (hung up)."""
    try:
        import termios
    except ImportError:  # not a POSIX system
        return False
    for stream in (sys.__stdin__, sys.__stderr__):
        try:
            termios.tcgetattr(stream.fileno())  # type: ignore[union-attr]
        except termios.error as exc:
            if exc.args and exc.args[0] == errno.EIO:
                return True
        except (AttributeError, OSError, ValueError):
            continue
    return False


class ClosingSignals:
    """Installed while the app is mounted (it needs the running loop, in the main thread)."""

    def __init__(self, app: EbbtideApp) -> None:
        self._app = app
        self._installed = False
        self._previous_continue: Handler = None

    def install(self) -> None:
        try:
            loop = asyncio.get_running_loop()
            for closing in CLOSING_SIGNALS:
                loop.add_signal_handler(closing, self._closing, closing)
            self._previous_continue = signal.signal(signal.SIGCONT, self._continued)
        except (NotImplementedError, RuntimeError, ValueError):
            return  # not the main thread, or no such signals here: the defaults stay
        self._installed = True

    def remove(self) -> None:
        if not self._installed:
            return
        self._installed = False
        loop = asyncio.get_running_loop()
        for closing in CLOSING_SIGNALS:
            loop.remove_signal_handler(closing)
        if self._previous_continue is not None:
            signal.signal(signal.SIGCONT, self._previous_continue)

    def _continued(self, signum: int, frame: FrameType | None) -> None:
        if terminal_hung_up():
            return  # part of a hang-up, not a resume: nothing may be drawn any more
        previous = self._previous_continue
        if callable(previous):
            previous(signum, frame)

    def _closing(self, signum: int) -> None:
        code = 128 + signum
        try:
            self._app.end_sessions()
        finally:
            if terminal_hung_up():
                self._keep_drafts()
                self._app.forget_journal()
                os._exit(code)
            self._app.exit(return_code=code)

    def _keep_drafts(self) -> None:
        """What the open forms hold: an exit that unmounts nothing writes it here (a
        leaving app writes it as each form unmounts)."""
        from ebbtide.tui.screens.common.drafts import keep_open_drafts

        with contextlib.suppress(Exception):  # a draft must never keep a hung-up app alive
            keep_open_drafts(self._app)
