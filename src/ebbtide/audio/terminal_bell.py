"""The fallback when the sound helper cannot play: BEL to the controlling terminal."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable


def terminal_bell() -> Callable[[], None] | None:
    """A bell that writes BEL to the controlling terminal, or None without one."""
    try:
        fd = os.open("/dev/tty", os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError:
        return None
    if not os.isatty(fd):
        os.close(fd)
        return None

    def ring() -> None:
        with contextlib.suppress(BlockingIOError):
            os.write(fd, b"\a")

    return ring
