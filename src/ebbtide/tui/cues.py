"""What the session screens need from sound: fire a named cue at a planned time."""

from __future__ import annotations

from typing import Protocol


class CuePlayer(Protocol):
    def start(self) -> None: ...

    def play(self, name: str, planned: float | None = None) -> None: ...

    def set_enabled(self, enabled: bool) -> None: ...

    def set_volume(self, volume: int) -> None: ...

    def close(self) -> None: ...


class SilentCues:
    def start(self) -> None:
        return None

    def play(self, name: str, planned: float | None = None) -> None:
        return None

    def set_enabled(self, enabled: bool) -> None:
        return None

    def set_volume(self, volume: int) -> None:
        return None

    def close(self) -> None:
        return None
