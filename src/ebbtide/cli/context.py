"""What every command gets: resolved paths, the global flags, and a way to open the TUI."""

from __future__ import annotations

import gc
import sys
from dataclasses import dataclass, field
from typing import TextIO

from ebbtide.core.paths import Paths
from ebbtide.launch import Overrides, StartRoute


@dataclass
class CommandContext:
    """What a command gets: the paths, this run's overrides, and where to write."""

    paths: Paths
    overrides: Overrides
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)

    def run_app(self, route: StartRoute | None = None) -> int:
        # No cycle collections until the app's first frame (tui.app.run_app has the app turn
        # them back on): start-up makes many objects and frees few, so each collection scans
        # Textual's whole tree for next to nothing. 20 M instructions of 1090 M before the
        # first frame (python -m benchmarks startup_instructions).
        gc.disable()
        try:
            from ebbtide.tui.app import run_app

            return run_app(self.paths, self.overrides, route or StartRoute())
        finally:
            gc.enable()  # also when the app ends before its first frame
