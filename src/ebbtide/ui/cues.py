"""What the session screens need from sound: fire a named cue at a planned time."""

from __future__ import annotations

from typing import Protocol


class CuePlayer(Protocol):
    def play(self, name: str, planned: float | None = None) -> None: ...

    def close(self) -> None: ...


class SilentCues:
    def play(self, name: str, planned: float | None = None) -> None:
        return None

    def close(self) -> None:
        return None
