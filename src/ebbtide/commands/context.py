"""What every command gets: resolved paths, the global flags, and a way to open the TUI."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TextIO

from ebbtide.core.paths import Paths


@dataclass(frozen=True)
class StartRoute:
    """Where the TUI opens: a screen name and its arguments (e.g. breathe + pattern id)."""

    screen: str = "home"
    args: dict[str, object] = field(default_factory=dict)
    # Exit the app when the user leaves this screen (e.g. `ebbtide breathe` then "home").
    exit_after: bool = False


@dataclass(frozen=True)
class Overrides:
    no_sound: bool = False
    reduced_motion: bool = False
    theme: str | None = None


@dataclass
class CommandContext:
    paths: Paths
    overrides: Overrides
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)

    def run_app(self, route: StartRoute | None = None) -> int:
        from ebbtide.ui.app import run_app

        return run_app(self.paths, self.overrides, route or StartRoute())
