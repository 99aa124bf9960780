"""What every command gets: resolved paths, the global flags, and a way to open the TUI."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TextIO

from ebbtide.core.paths import Paths
from ebbtide.launch import Overrides, StartRoute


@dataclass
class CommandContext:
    paths: Paths
    overrides: Overrides
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)

    def run_app(self, route: StartRoute | None = None) -> int:
        from ebbtide.tui.app import run_app

        return run_app(self.paths, self.overrides, route or StartRoute())
