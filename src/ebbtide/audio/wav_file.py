"""Reading a WAV file to play, with a clear sentence when it will not do.

Used for rendered speech and for a person's own cue and bell sounds. Accepted: 16-bit
PCM, mono or stereo, 8000-48000 Hz, not empty, not longer than the caller allows."""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

RATES = (8000, 48000)
SPEECH_MAX_SECONDS = 600.0
CUE_MAX_SECONDS = 10.0


class WavError(ValueError):
    """The file cannot be played; the message says why, in a sentence."""


@dataclass(frozen=True)
class WavSound:
    frames: bytes
    channels: int
    sample_width: int
    rate: int

    @property
    def duration(self) -> float:
        return len(self.frames) / (self.channels * self.sample_width * self.rate)


def read_wav(path: Path | str, max_seconds: float = SPEECH_MAX_SECONDS) -> WavSound:
    name = Path(path).name
    try:
        with wave.open(str(path), "rb") as wav:
            channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
            count = wav.getnframes()
            if width != 2:
                raise WavError(f"{name} has {8 * width}-bit samples; use 16-bit PCM")
            if channels not in (1, 2):
                raise WavError(f"{name} has {channels} channels; use mono or stereo")
            if not RATES[0] <= rate <= RATES[1]:
                raise WavError(f"{name} is sampled at {rate} Hz; use {RATES[0]}-{RATES[1]} Hz")
            if count == 0:
                raise WavError(f"{name} holds no sound")
            if count / rate > max_seconds:
                raise WavError(f"{name} lasts {count / rate:.0f} s; the most is "
                               f"{max_seconds:g} s")
            frames = wav.readframes(count)
    except FileNotFoundError:
        raise WavError(f"{name} was not found") from None
    except (wave.Error, EOFError) as exc:
        raise WavError(f"{name} is not a WAV file Ebbtide can play ({exc})") from None
    except OSError as exc:
        raise WavError(f"{name} could not be read ({exc.strerror or exc})") from None
    usable = len(frames) - len(frames) % (channels * width)
    if usable == 0:
        raise WavError(f"{name} holds no sound")
    return WavSound(frames[:usable], channels, width, rate)
