"""What the command line and the TUI share: where the app opens and this run's overrides."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


@dataclass(frozen=True)
class StartRoute:
    """Where the TUI opens: a screen name and its arguments (e.g. breathe + pattern id)."""

    screen: str = "home"
    args: dict[str, object] = field(default_factory=dict)
    # Exit the app when the user leaves this screen (e.g. `ebbtide breathe` then "home").
    exit_after: bool = False


class Overrides(NamedTuple):
    """Global flags for one run (`--no-sound`, `--reduced-motion`, `--theme`, `--plain`).

    A NamedTuple, not a frozen dataclass: every command imports it, and under Python 3.11
    a frozen dataclass costs about 4 M instructions to create, a NamedTuple under 1 M."""

    no_sound: bool = False
    reduced_motion: bool = False
    theme: str | None = None
    plain: bool = False
