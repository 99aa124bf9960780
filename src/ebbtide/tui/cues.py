"""What the session screens need from sound: fire a named cue at a planned time, play a
rendered file (speech) at a planned time, and have a script's words rendered ahead."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol


class CuePlayer(Protocol):
    def start(self) -> None: ...

    def play(self, name: str, planned: float | None = None) -> None: ...

    def play_file(self, path: str | Path, planned: float | None = None, *,
                  label: str = "", event: str = "speech", stale_after: float = 5.0) -> int: ...

    def hush(self) -> None: ...

    def set_enabled(self, enabled: bool) -> None: ...

    def set_volume(self, volume: int) -> None: ...

    def close(self) -> None: ...


class SilentCues:
    def start(self) -> None:
        return None

    def play(self, name: str, planned: float | None = None) -> None:
        return None

    def play_file(self, path: str | Path, planned: float | None = None, *,
                  label: str = "", event: str = "speech", stale_after: float = 5.0) -> int:
        return 0

    def hush(self) -> None:
        return None

    def set_enabled(self, enabled: bool) -> None:
        return None

    def set_volume(self, volume: int) -> None:
        return None

    def close(self) -> None:
        return None


class SpeechSource(Protocol):
    """`audio.speech_render.SpeechRenderer`, as the screens use it."""

    @property
    def available(self) -> bool: ...

    def prepare(self, texts: Sequence[str],
                on_progress: Callable[[int, int], None] | None = None) -> tuple[int, int]: ...

    def ready(self, text: str) -> Path | None: ...

    def set_voice(self, pace: int, volume: int) -> None: ...

    def close(self) -> None: ...


class SilentSpeech:
    """No voice (tests, and sessions with the voice turned off)."""

    available = False

    def prepare(self, texts: Sequence[str],
                on_progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
        return 0, len(texts)

    def ready(self, text: str) -> Path | None:
        return None

    def set_voice(self, pace: int, volume: int) -> None:
        return None

    def close(self) -> None:
        return None
