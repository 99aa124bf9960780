"""A person's own cue and bell sounds: WAV files named after the cue (bell.wav,
inhale.wav, exhale.wav, hold.wav) in the `sounds` folder beside settings.toml.

Each is checked before use (16-bit PCM, mono or stereo, 8-48 kHz, at most 10 s); one that
will not do is named with the reason, and the built-in sound plays instead."""

from __future__ import annotations

from pathlib import Path

from ebbtide.audio.synth import CUE_NAMES
from ebbtide.audio.wav_file import CUE_MAX_SECONDS, WavError, read_wav


def own_sounds(folder: Path) -> tuple[dict[str, Path], list[str]]:
    """The usable files by cue name, and one sentence per file that is not usable."""
    usable: dict[str, Path] = {}
    problems: list[str] = []
    if not folder.is_dir():
        return usable, problems
    for name in CUE_NAMES:
        path = folder / f"{name}.wav"
        if not path.exists():
            continue
        try:
            read_wav(path, CUE_MAX_SECONDS)
        except WavError as exc:
            problems.append(f"{folder}: {exc}. The built-in {name} sound plays instead.")
            continue
        usable[name] = path
    return usable, problems
