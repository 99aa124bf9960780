"""The SOS minute's words: `content/sos/sos-minute.toml`, one line of words for each step
of the minute of cyclic sighing (`ebbtide sos`, `!` on home).

The file is a guided script (the meditation format, checked by the same validator, so a
mistake names the file and line) with one more rule: its steps add up to exactly its
`minutes`, because the words follow the breathing session's own clock and must neither
run out early nor be cut short.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from ebbtide.core.content.meditations import parse_script
from ebbtide.core.content.resources import content_dir
from ebbtide.core.errors import ContentError
from ebbtide.core.toml_schema import KeyLines, TomlFileError, at_line, read_utf8

__all__ = ["SosWords", "load_sos_words", "sos_words_file"]


@dataclass(frozen=True)
class SosWords:
    """The words of each step and the active second at which each starts."""

    texts: tuple[str, ...]
    starts: tuple[float, ...]  # starts[0] == 0
    seconds: float  # the whole minute

    def step_at(self, elapsed: float) -> int:
        """The 0-based step whose words are said `elapsed` active seconds in (the last one
        holds to the end)."""
        index = 0
        for number, start in enumerate(self.starts):
            if elapsed + 1e-9 >= start:
                index = number
        return index

    def seconds_to_next(self, elapsed: float) -> float:
        """Seconds until the next step's words, or infinity after the last step began."""
        later = [start - elapsed for start in self.starts if start > elapsed + 1e-9]
        return min(later) if later else math.inf

    def timed(self) -> list[tuple[float, str]]:
        """(start, words) for each step, in order."""
        return list(zip(self.starts, self.texts, strict=True))


def sos_words_file() -> Path:
    return content_dir() / "sos" / "sos-minute.toml"


def load_sos_words(path: Path | None = None) -> SosWords:
    """Read and check the SOS words; raise `ContentError` naming the file and line."""
    path = sos_words_file() if path is None else path
    try:
        text = read_utf8(path)
    except TomlFileError as exc:
        raise ContentError(f"{path}: {exc}") from None
    script = parse_script(text, path)
    planned = script.minutes * 60.0
    if abs(script.total_seconds - planned) > 1e-6:
        line = KeyLines(text).exact("minutes")
        raise ContentError(at_line(
            path, line, f"'minutes' is {script.minutes:g}, but the steps add up to "
            f"{script.total_seconds:g} seconds; the SOS words fill the minute exactly",
            joiner=", "))
    starts: list[float] = []
    running = 0.0
    for step in script.steps:
        starts.append(running)
        running += step.seconds
    return SosWords(texts=tuple(step.text for step in script.steps), starts=tuple(starts),
                    seconds=planned)
