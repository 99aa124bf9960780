"""Soundscapes generated on the machine, in pure Python (stdlib `random`, `array`, `math`).

Four kinds, each a seamless loop of `LOOP_SECONDS` (44 s) at 22050 Hz, mono:

- ``brown``: brown noise, white noise through a leaky integrator (corner near 10 Hz): a deep,
  even rumble;
- ``pink``: pink noise (Paul Kellet's three-pole filter), softer than white, like steady
  wind or a distant waterfall;
- ``rain``: a filtered hiss and a low roof-rumble under a few hundred little drops a
  second (each a burst of noise a few milliseconds long, at its own loudness, drawn from
  a bank of `DROP_SHAPES`), with slow gusts;
- ``waves``: slow ocean swells you can breathe with, four of 10–12 s in a loop; each rises
  over 40 % of its length and ebbs over 60 %, and brightens at the crest as surf.

Seamless: every noise is generated a little longer than the loop and its extra tail is
crossfaded (equal power) into the loop's head, so the sample after the last is the one
the filter would have produced next; everything periodic (gusts, swells) repeats exactly
once or a whole number of times per loop, and drops wrap around the seam.

Deterministic: everything random comes from one `random.Random(seed)`; the player picks a
fresh seed each session, tests pass their own. numpy would be ~20x faster but is ~40 MB
and ~100 ms of import; the whole loop is generated once per session in the soundscape
process (about a second), never in the app, and replaying it is nearly free.

Levels: the loop's samples lie in [-1, 1] at a common loudness (RMS `TARGET_RMS`, the
rare peaks bent smoothly under `PEAK`); `loop_pcm` scales them to 16 bit so that the peak
never exceeds ``volume / 100`` of `GAIN` x full scale.
"""

from __future__ import annotations

import math
import random
import sys
from array import array
from collections.abc import Callable, Sequence
from itertools import accumulate, repeat
from operator import add, mul

from ebbtide.audio.synth import DEFAULT_SAMPLE_RATE, FULL_SCALE
from ebbtide.core.settings import SOUNDSCAPE_KINDS

LOOP_SECONDS = 44.0
DROP_SHAPES = 64  # rain's drops are drawn from this many different little bursts
SEAM_SECONDS = 0.5  # the crossfade that hides the loop's seam
TARGET_RMS = 0.22
KNEE = 0.7
PEAK = 0.98
GAIN = 0.8  # a soundscape sits under the cues: its peak is at most 80 % of the volume
# The four swells in one loop: they add up to LOOP_SECONDS and differ a little, so the
# sea never ticks like a metronome.
SWELL_SECONDS = (10.5, 11.5, 10.0, 12.0)
SWELL_RISE = 0.4  # part of each swell spent rising (the rest ebbs: a longer out-breath)

LABELS: dict[str, str] = {
    "brown": "Brown noise",
    "pink": "Pink noise",
    "rain": "Rain",
    "waves": "Ocean waves",
}
KINDS: tuple[str, ...] = tuple(kind for kind in SOUNDSCAPE_KINDS if kind)


def label(kind: str) -> str:
    """"Rain", "Ocean waves"... and "Off" for no soundscape."""
    return LABELS.get(kind, "Off")


def generate(kind: str, seconds: float = LOOP_SECONDS, rate: int = DEFAULT_SAMPLE_RATE,
             seed: int | None = None) -> list[float]:
    """One seamless loop of `kind`, samples in [-1, 1]. Raises ValueError for an unknown
    kind or a loop shorter than a second."""
    if kind not in LABELS:
        raise ValueError(f"unknown soundscape {kind!r}; soundscapes: {', '.join(KINDS)}")
    if seconds < 1.0:
        raise ValueError("a soundscape loop lasts at least a second")
    rng = random.Random(seed)
    count = round(seconds * rate)
    makers: dict[str, Callable[[random.Random, int, int], list[float]]] = {
        "brown": _brown_loop, "pink": _pink_loop, "rain": _rain, "waves": _waves,
    }
    return _normalised(makers[kind](rng, count, rate))


def loop_pcm(loop: Sequence[float], volume: int) -> array[int]:
    """The loop as native 16-bit samples at `volume` (0-100, clamped)."""
    scale = FULL_SCALE * GAIN * max(0, min(100, int(volume))) / 100.0
    return array("h", [int(x * scale) for x in loop])


def to_bytes(samples: array[int]) -> bytes:
    """Little-endian bytes for the sound device."""
    if sys.byteorder == "big":
        samples = array("h", samples)
        samples.byteswap()
    return samples.tobytes()


# ----------------------------------------------------------------------- the kinds


def _brown_loop(rng: random.Random, count: int, rate: int) -> list[float]:
    return _seamless(lambda n: _brown(rng, n, rate), count, rate)


def _pink_loop(rng: random.Random, count: int, rate: int) -> list[float]:
    return _seamless(lambda n: _pink(rng, n, rate), count, rate)


def _rain(rng: random.Random, count: int, rate: int) -> list[float]:
    hiss = _seamless(lambda n: _lowpass(_highpass(_white(rng, n), 400.0, rate), 5000.0, rate),
                     count, rate)
    rumble = _seamless(lambda n: _brown(rng, n, rate), count, rate)
    # Slow gusts: two and three to a loop, so they come round at the seam exactly.
    # They change so slowly that one value per 10 ms is as good as one per sample.
    turn = 2.0 * math.pi / count
    step = max(1, rate // 100)
    gust: list[float] = []
    for i in range(0, count, step):
        level = 0.8 + 0.2 * math.sin(2 * turn * i) + 0.1 * math.sin(3 * turn * i)
        gust.extend(repeat(level, min(step, count - i)))
    drops = [0.0] * count
    bank = [_drop_shape(rng, rate) for _ in range(DROP_SHAPES)]
    mean_gap = rate / 300.0  # about 300 drops a second
    position = rng.expovariate(1.0) * mean_gap
    while position < count:
        start = int(position)
        # Mostly small drops, a few big ones.
        _add_wrapped(drops, start, rng.choice(bank), rng.uniform(0.1, 1.0) ** 2)
        # Denser drops in a gust.
        position += rng.expovariate(1.0) * mean_gap / gust[start]
    hiss = _scaled_rms(hiss, 1.0)
    rumble = _scaled_rms(rumble, 1.0)
    drops = _scaled_rms(drops, 1.0)
    return [g * (0.45 * h + 0.55 * d) + 0.35 * r
            for g, h, d, r in zip(gust, hiss, drops, rumble, strict=True)]


def _drop_shape(rng: random.Random, rate: int) -> list[float]:
    """One drop: a few milliseconds of noise dying away by 60 dB. A first difference
    brightens it (a tap rather than a thud)."""
    decay = math.exp(-1.0 / (rng.uniform(0.0008, 0.004) * rate))
    length = int(-math.log(1000.0) / math.log(decay))
    noise = _white(rng, length + 1)
    envelope = accumulate(repeat(decay, length - 1), mul, initial=1.0)
    return [e * (b - 0.6 * a) for e, a, b in zip(envelope, noise, noise[1:], strict=False)]


def _add_wrapped(out: list[float], start: int, shape: list[float], gain: float) -> None:
    """Add `gain` x `shape` into `out` from `start`, wrapping round the loop's end, so the
    seam has drops like anywhere else. Slices and `map` keep the work in C."""
    count = len(out)
    scaled = list(map(mul, shape, repeat(gain, len(shape))))
    head = min(len(scaled), count - start)
    out[start:start + head] = map(add, out[start:start + head], scaled[:head])
    if head < len(scaled):
        rest = len(scaled) - head
        out[:rest] = map(add, out[:rest], scaled[head:])


def _waves(rng: random.Random, count: int, rate: int) -> list[float]:
    body = _scaled_rms(_seamless(lambda n: _brown(rng, n, rate), count, rate), 1.0)
    surf = _scaled_rms(_seamless(lambda n: _pink(rng, n, rate), count, rate), 1.0)
    swell = swell_envelope(count, rate)
    return [e * (0.7 * b + 0.5 * s * e * e) for e, b, s in zip(swell, body, surf, strict=True)]


def swell_envelope(count: int, rate: int, floor: float = 0.12) -> list[float]:
    """The waves' loudness over one loop: `floor` in the troughs, 1 at each crest. Built
    from `SWELL_SECONDS` stretched to the loop, so it ends where it began."""
    scale = count / (sum(SWELL_SECONDS) * rate)
    lengths = [round(seconds * rate * scale) for seconds in SWELL_SECONDS]
    lengths[-1] = count - sum(lengths[:-1])
    envelope: list[float] = []
    cos = math.cos
    for length in lengths:
        rise = max(1, int(length * SWELL_RISE))
        fall = length - rise
        envelope.extend(floor + (1 - floor) * (0.5 - 0.5 * cos(math.pi * i / rise))
                        for i in range(rise))
        envelope.extend(floor + (1 - floor) * (0.5 + 0.5 * cos(math.pi * i / fall))
                        for i in range(fall))
    return envelope


# ------------------------------------------------------------------- the noises


def _white(rng: random.Random, count: int) -> list[float]:
    uniform = rng.random
    return [uniform() * 2.0 - 1.0 for _ in range(count)]


def _leaky(values: list[float], pole: float, gain: float) -> list[float]:
    """y[n] = pole * y[n-1] + gain * x[n], the loop running in C (`accumulate`)."""
    return list(accumulate(map(mul, values, [gain] * len(values)),
                           lambda y, x: pole * y + x))


def _brown(rng: random.Random, count: int, rate: int) -> list[float]:
    pole = math.exp(-2.0 * math.pi * 10.0 / rate)
    return _leaky(_white(rng, count), pole, 1.0 - pole)


def _pink(rng: random.Random, count: int, rate: int) -> list[float]:
    """Paul Kellet's economy pink filter; its poles (given for 44.1 kHz) are moved to
    `rate` so the slope stays -3 dB an octave."""
    white = _white(rng, count)
    ratio = 44100.0 / rate
    total = [0.1848 * w for w in white]
    for pole, gain in ((0.99765, 0.0990460), (0.96300, 0.2965164), (0.57000, 1.0526913)):
        total = list(map(add, total, _leaky(white, pole ** ratio, gain)))
    return total


def _lowpass(values: list[float], corner_hz: float, rate: int) -> list[float]:
    pole = math.exp(-2.0 * math.pi * corner_hz / rate)
    return _leaky(values, pole, 1.0 - pole)


def _highpass(values: list[float], corner_hz: float, rate: int) -> list[float]:
    return list(map(lambda x, low: x - low, values, _lowpass(values, corner_hz, rate)))


# ------------------------------------------------------------------- helpers


def _seamless(make: Callable[[int], list[float]], count: int, rate: int) -> list[float]:
    """`count` samples of a noise made by `make(n)`, whose extra tail is crossfaded into
    the head: played in a loop, the last sample runs into the first as if unbroken."""
    seam = min(count // 2, int(SEAM_SECONDS * rate))
    settle = int(0.5 * rate)  # let the filters settle before the loop begins
    values = make(settle + count + seam)[settle:]
    head, tail = values[:seam], values[count:]
    loop = values[:count]
    for i in range(seam):
        angle = 0.5 * math.pi * i / seam
        # Equal power: head and tail are unrelated noise, so their powers add.
        loop[i] = head[i] * math.sin(angle) + tail[i] * math.cos(angle)
    return loop


def _rms(values: list[float]) -> float:
    return math.sqrt(sum(map(mul, values, values)) / max(1, len(values)))


def _scaled_rms(values: list[float], target: float) -> list[float]:
    factor = target / (_rms(values) or 1.0)
    return [v * factor for v in values]


def _normalised(values: list[float]) -> list[float]:
    """At `TARGET_RMS`, with the rare peaks above `KNEE` bent smoothly under `PEAK`
    (a clipped sample would click)."""
    tanh, room = math.tanh, PEAK - KNEE

    def bend(v: float) -> float:
        if -KNEE <= v <= KNEE:
            return v
        bent = KNEE + room * tanh((abs(v) - KNEE) / room)
        return bent if v > 0 else -bent

    return [bend(v) for v in _scaled_rms(values, TARGET_RMS)]
