"""Sound cues synthesised as 16-bit mono PCM, in pure Python (stdlib `array` and `math`).

No sound files are shipped. Four cues:

- ``inhale``: a soft tone gliding up (330 -> 440 Hz) with gentle harmonics, ~0.7 s;
- ``exhale``: a darker tone gliding down (392 -> 262 Hz), ~0.8 s, easy to tell apart
  from the inhale with eyes closed;
- ``hold``: a quiet, short wooden tick;
- ``bell``: a singing bowl, a few inharmonic partials with exponential decay, ~3.5 s.

Every cue starts and ends on a raised-cosine fade, so the first and last samples are 0
and nothing clicks. ``volume`` (0-100) scales the peak: a cue's peak never exceeds
``volume / 100`` of full scale.

Speed: bell partials are complex phasors advanced by one multiply per sample inside
`itertools.accumulate` (C speed, no `sin` call), and each cue's unit waveform is cached;
`synthesise` then only scales it to the volume. The default rate is 22050 Hz: every cue's
content lies below 3 kHz (far under the 11 kHz Nyquist limit), and it halves the work.
All four cues take ~70 ms together at 22050 Hz (~150 ms at 44100); in the app the sound
helper process does this work, never the UI.
"""

from __future__ import annotations

import cmath
import math
import sys
from array import array
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add, mul
from typing import Literal, get_args

CueName = Literal["inhale", "exhale", "hold", "bell"]
CUE_NAMES: tuple[CueName, ...] = get_args(CueName)

DEFAULT_SAMPLE_RATE = 22050  # all cue content is below 3 kHz; see module docstring
FULL_SCALE = 32767

# Loudness of each cue relative to the volume setting (the tick is deliberately quiet).
CUE_GAIN: dict[str, float] = {"inhale": 0.80, "exhale": 0.80, "hold": 0.35, "bell": 0.90}


@dataclass(frozen=True)
class Pcm:
    """Raw little-endian signed 16-bit PCM, ready for `simpleaudio.play_buffer`."""

    samples: bytes
    sample_rate: int
    channels: int = 1
    sample_width: int = 2

    @property
    def frames(self) -> int:
        return len(self.samples) // (self.channels * self.sample_width)

    @property
    def duration(self) -> float:
        return self.frames / self.sample_rate

    def as_array(self) -> array[int]:
        values = array("h")
        values.frombytes(self.samples)
        if sys.byteorder == "big":
            values.byteswap()
        return values


def is_cue(name: str) -> bool:
    return name in CUE_NAMES


def synthesise(name: CueName | str, volume: int,
               sample_rate: int = DEFAULT_SAMPLE_RATE) -> Pcm:
    """The cue `name` at `volume` (0-100, clamped). Cached per (name, volume, rate)."""
    if not is_cue(name):
        raise ValueError(f"unknown sound cue {name!r}; cues: {', '.join(CUE_NAMES)}")
    level = max(0, min(100, int(volume)))
    return _synthesise_cached(name, level, sample_rate)


@lru_cache(maxsize=64)
def _synthesise_cached(name: str, volume: int, sample_rate: int) -> Pcm:
    shape, peak = _unit_wave(name, sample_rate)
    scale = FULL_SCALE * CUE_GAIN[name] * volume / 100.0 / peak
    # int() truncates towards zero, so |sample| <= scale always holds.
    values = array("h", [int(x * scale) for x in shape])
    if sys.byteorder == "big":
        values.byteswap()
    return Pcm(values.tobytes(), sample_rate)


@lru_cache(maxsize=16)
def _unit_wave(name: str, sample_rate: int) -> tuple[list[float], float]:
    """The cue's waveform (faded in and out) and its peak; never mutated once cached."""
    if name == "inhale":
        wave = _glide(330.0, 440.0, 0.70, sample_rate, harmonics=(1.0, 0.30, 0.10),
                      fade_in=0.22, fade_out=0.25)
    elif name == "exhale":
        wave = _glide(392.0, 262.0, 0.80, sample_rate, harmonics=(1.0, 0.45, 0.18, 0.06),
                      fade_in=0.12, fade_out=0.35)
    elif name == "hold":
        # A short, muted wooden tick: two quickly damped partials.
        wave = _partials([(1250.0, 1.0, 60.0), (2710.0, 0.35, 110.0)], 0.09, sample_rate)
        _fade(wave, sample_rate, fade_in=0.002, fade_out=0.03)
    else:  # bell
        # Singing-bowl partial ratios (roughly 1 : 2.7 : 5.2 : 8.4) with slow beating pairs.
        # Higher partials die away faster, as on a real bowl.
        base = 262.0
        wave = _partials(
            [
                (base, 1.00, 0.85),
                (base * 1.004, 0.55, 0.95),
                (base * 2.71, 0.45, 1.40),
                (base * 2.71 * 1.003, 0.25, 1.60),
                (base * 5.18, 0.18, 2.60),
                (base * 8.43, 0.08, 3.80),
            ],
            3.5,
            sample_rate,
        )
        _fade(wave, sample_rate, fade_in=0.006, fade_out=0.45)
    peak = max(map(abs, wave)) or 1.0
    return wave, peak


def _glide(start_hz: float, end_hz: float, seconds: float, sample_rate: int,
           harmonics: tuple[float, ...], fade_in: float, fade_out: float) -> list[float]:
    """A tone whose pitch glides smoothly (cosine-eased, in log frequency) from start to
    end, with the given harmonic amplitudes."""
    count = int(seconds * sample_rate)
    ratio = math.log(end_hz / start_hz)
    step = math.pi / max(count - 1, 1)
    base = start_hz * 2.0 * math.pi / sample_rate
    exp, cos = math.exp, math.cos
    increments = [base * exp(ratio * (0.5 - 0.5 * cos(step * i))) for i in range(count)]
    phases = list(accumulate(increments))
    sin = math.sin
    wave = [0.0] * count
    for number, amplitude in enumerate(harmonics, start=1):
        wave = list(map(add, wave, [amplitude * sin(number * p) for p in phases]))
    _fade(wave, sample_rate, fade_in, fade_out)
    return wave


def _partials(partials: list[tuple[float, float, float]], seconds: float,
              sample_rate: int) -> list[float]:
    """Sum of exponentially decaying sines: (frequency Hz, amplitude, decay rate 1/s).

    Each partial is a complex phasor multiplied by a constant step every sample; the
    products run in C (`itertools.accumulate`), and the imaginary part is the sine."""
    count = int(seconds * sample_rate)
    total: list[complex] = [0j] * count
    for frequency, amplitude, decay in partials:
        step = cmath.exp(complex(-decay / sample_rate, 2.0 * math.pi * frequency / sample_rate))
        phasor = accumulate(repeat(step, count - 1), mul, initial=complex(amplitude, 0.0))
        total = list(map(add, total, phasor))
    return [value.imag for value in total]


def _fade(wave: list[float], sample_rate: int, fade_in: float, fade_out: float) -> None:
    """Raised-cosine fade in and out, in place. The first and last samples become 0."""
    count = len(wave)
    n_in = min(count // 2, max(2, int(fade_in * sample_rate)))
    n_out = min(count // 2, max(2, int(fade_out * sample_rate)))
    for i in range(n_in):
        wave[i] *= 0.5 - 0.5 * math.cos(math.pi * i / n_in)
    for i in range(n_out):
        wave[count - 1 - i] *= 0.5 - 0.5 * math.cos(math.pi * i / n_out)


def clear_cache() -> None:
    """Forget generated cues (tests use this to measure generation time)."""
    _synthesise_cached.cache_clear()
    _unit_wave.cache_clear()
