"""Rendered speech on disk: one WAV file per step's words, in the user's cache folder.

A file's name is a hash of everything that changes the sound: the engine, the voice, the
pace, the volume and the words. Editing a step (or changing the pace) therefore renders it
again, while the same words are reused by every script and every session that says them.
The folder is 0700 and each file 0600; a file appears under its final name only once it
is complete (written beside it, then renamed), so a half-rendered step is never played."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

from ebbtide.audio.speech_engine import one_line
from ebbtide.audio.wav_file import read_wav
from ebbtide.core.paths import ensure_private_dir

KEY_VERSION = 1  # bump when rendering changes in a way the key does not capture
# Past this, the least recently prepared files go (every script at two paces is ~100 MB).
CACHE_LIMIT_BYTES = 300_000_000


class SpeechCache:
    def __init__(self, folder: Path, engine: str, voice: str, pace: int, volume: int) -> None:
        self.folder = folder
        self.engine = engine
        self.voice = voice
        self.pace = pace
        self.volume = volume

    def key(self, text: str) -> str:
        parts = [KEY_VERSION, self.engine, self.voice, self.pace, self.volume, one_line(text)]
        return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()[:32]

    def path(self, text: str) -> Path:
        return self.folder / f"{self.key(text)}.wav"

    def ready(self, text: str) -> Path | None:
        """The rendered file for `text`, or None when it still has to be rendered."""
        path = self.path(text)
        return path if path.is_file() else None

    def touch(self, texts: list[str]) -> None:
        """Mark these steps as just used, so `prune` keeps them longest."""
        for text in texts:
            with contextlib.suppress(OSError):
                os.utime(self.path(text))

    def prune(self, limit: int = CACHE_LIMIT_BYTES) -> int:
        """Delete the least recently used files until the folder holds at most `limit`
        bytes. Returns how many files went."""
        try:
            files = [(entry.stat().st_mtime, entry.stat().st_size, entry)
                     for entry in self.folder.glob("*.wav")]
        except OSError:
            return 0
        total = sum(size for _, size, _ in files)
        removed = 0
        for _, size, entry in sorted(files, key=lambda item: item[0]):
            if total <= limit:
                break
            with contextlib.suppress(OSError):
                entry.unlink()
                total -= size
                removed += 1
        return removed

    def ensure_folder(self) -> None:
        """Raises DataDirError (one sentence) when the folder cannot be made."""
        ensure_private_dir(self.folder)

    def scratch(self, text: str) -> Path:
        """Where a renderer writes `text` before `store` checks and keeps it."""
        return self.folder / f".{self.key(text)}.{os.getpid()}.part.wav"

    def store(self, text: str, rendered: Path) -> Path:
        """Check `rendered` is a playable WAV (raises WavError) and keep it as `text`'s."""
        try:
            read_wav(rendered)
            os.chmod(rendered, 0o600)
            target = self.path(text)
            os.replace(rendered, target)
        finally:
            with contextlib.suppress(OSError):
                rendered.unlink()
        return target

    def size_of(self, texts: list[str]) -> int:
        """Bytes on disk for these steps' speech (the closing note's cache size)."""
        total = 0
        for text in texts:
            path = self.ready(text)
            if path is not None:
                total += path.stat().st_size
        return total
