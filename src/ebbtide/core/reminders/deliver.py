"""How a reminder reaches the person: a desktop notification (`notify-send`) when the
environment shows a desktop session, else a terminal notification escape (OSC 9 and
OSC 777, shown by kitty, WezTerm, iTerm2, foot, Ghostty) written to the person's own open
terminals, else nothing. Never a window of its own, never anything that takes focus."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

from ebbtide.core.reminders.scheduler import System

DESKTOP = "desktop"
TERMINAL = "terminal"
NOWHERE = "nowhere"
_SESSION_VARIABLES = ("DBUS_SESSION_BUS_ADDRESS", "WAYLAND_DISPLAY", "DISPLAY")
PTS = Path("/dev/pts")


def desktop_session(env: Mapping[str, str]) -> bool:
    return any(env.get(name) for name in _SESSION_VARIABLES)


def plain(text: str) -> str:
    """Text for a notification: no control characters (an escape sequence must not end
    early or start another), no line breaks."""
    return "".join(ch if ch.isprintable() else " " for ch in text).strip()


def osc_notification(title: str, message: str) -> bytes:
    """OSC 9 (iTerm2, kitty, WezTerm, Ghostty) and OSC 777 (foot, WezTerm, Ghostty)."""
    body, head = plain(message), plain(title).replace(";", ",")
    return (f"\x1b]9;{body}\x07\x1b]777;notify;{head};{body}\x07").encode()


def own_terminals(uid: int, candidates: Iterable[Path] | None = None) -> list[Path]:
    """The pseudo-terminals (/dev/pts/N) owned by `uid`: that person's open terminals."""
    found = []
    paths = candidates if candidates is not None else sorted(PTS.glob("[0-9]*"))
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            continue
        if stat.S_ISCHR(info.st_mode) and info.st_uid == uid:
            found.append(path)
    return found


def write_terminals(paths: Iterable[Path], data: bytes, uid: int) -> int:
    """Write `data` to each terminal still owned by `uid` once opened (checked on the open
    file, so a terminal handed to someone else in between is skipped). Never blocks,
    never becomes the controlling terminal. Returns how many were written."""
    written = 0
    for path in paths:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            if os.fstat(fd).st_uid == uid and os.isatty(fd):
                os.write(fd, data)
                written += 1
        except OSError:
            pass
        finally:
            os.close(fd)
    return written


def notify_desktop(title: str, message: str, system: System) -> bool:
    if not system.has("notify-send"):
        return False
    result = system.run(["notify-send", "--app-name=Ebbtide", "--urgency=normal",
                  "--icon=appointment-soon", plain(title), plain(message)], None)
    return result.code == 0


def deliver(title: str, message: str, system: System, *, uid: int | None = None,
            terminals: Iterable[Path] | None = None) -> str:
    """Send one reminder the best quiet way there is; returns DESKTOP, TERMINAL or
    NOWHERE."""
    if desktop_session(system.env) and notify_desktop(title, message, system):
        return DESKTOP
    owner = os.getuid() if uid is None else uid
    mine = own_terminals(owner, terminals)
    if mine and write_terminals(mine, osc_notification(title, message), owner):
        return TERMINAL
    return NOWHERE
