"""Generated soundscapes: a loop you cannot hear the seam of, the same sound for the same
seed, fades that rise and fall smoothly, and a volume that sets the peak."""

from __future__ import annotations

import math
import statistics
from array import array
from itertools import pairwise

import pytest

from ebbtide.audio import soundscape
from ebbtide.audio.soundscape import KINDS, generate, label, loop_pcm, swell_envelope
from ebbtide.audio.soundscape_stream import Envelope, ramp, render_block
from ebbtide.audio.synth import FULL_SCALE
from ebbtide.core.settings import CHOICES, SOUNDSCAPE_KINDS

RATE = 8000  # small and quick; the generators work at any rate
SECONDS = 4.0


@pytest.fixture(scope="module")
def loops() -> dict[str, list[float]]:
    return {kind: generate(kind, SECONDS, RATE, seed=7) for kind in KINDS}


def test_the_settings_offer_every_soundscape_and_each_has_a_name() -> None:
    assert set(KINDS) == set(SOUNDSCAPE_KINDS) - {""}
    assert CHOICES["soundscape"] == SOUNDSCAPE_KINDS
    assert [label(kind) for kind in KINDS] == ["Brown noise", "Pink noise", "Rain",
                                               "Ocean waves"]
    assert label("") == "Off"


@pytest.mark.parametrize("kind", KINDS)
def test_a_loop_has_its_length_and_stays_within_full_scale(
        kind: str, loops: dict[str, list[float]]) -> None:
    loop = loops[kind]
    assert len(loop) == SECONDS * RATE
    assert max(map(abs, loop)) <= soundscape.PEAK
    rms = math.sqrt(sum(x * x for x in loop) / len(loop))
    assert rms == pytest.approx(soundscape.TARGET_RMS, rel=0.25)


@pytest.mark.parametrize("kind", KINDS)
def test_the_seam_is_no_bigger_a_step_than_the_sound_takes_anyway(
        kind: str, loops: dict[str, list[float]]) -> None:
    """Played in a loop, the last sample runs into the first: that step is an ordinary
    one for this sound (under its 99th percentile), not a click."""
    loop = loops[kind]
    steps = sorted(abs(b - a) for a, b in pairwise(loop))
    seam = abs(loop[0] - loop[-1])
    assert seam <= steps[int(0.99 * len(steps))], (kind, seam)


@pytest.mark.parametrize("kind", KINDS)
def test_the_loudness_does_not_dip_or_jump_at_the_seam(
        kind: str, loops: dict[str, list[float]]) -> None:
    """The quarter second either side of the seam is as loud as the loop's other
    quarter seconds (the waves' swells rise and fall, so it is compared with the same
    moment of the swell cycle: the loop's start)."""
    loop = loops[kind]
    window = RATE // 4
    across = loop[-window:] + loop[:window]
    chunks = [loop[i:i + 2 * window] for i in range(0, len(loop) - 2 * window, window)]

    def rms(values: list[float]) -> float:
        return math.sqrt(sum(x * x for x in values) / len(values))

    levels = [rms(chunk) for chunk in chunks]
    assert min(levels) * 0.8 <= rms(across) <= max(levels) * 1.2


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_seed_gives_the_same_sound_and_another_seed_another(kind: str) -> None:
    first = generate(kind, 1.5, RATE, seed=3)
    assert generate(kind, 1.5, RATE, seed=3) == first
    assert generate(kind, 1.5, RATE, seed=4) != first


def test_unknown_kinds_and_too_short_loops_are_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="unknown soundscape 'surf'; soundscapes: brown"):
        generate("surf", 2.0, RATE)
    with pytest.raises(ValueError, match="at least a second"):
        generate("rain", 0.5, RATE)


def test_the_waves_swell_and_ebb_about_every_eleven_seconds_and_ebb_more_slowly() -> None:
    rate = 100
    envelope = swell_envelope(44 * rate, rate)
    crests = [i for i in range(1, len(envelope) - 1)
              if envelope[i - 1] < envelope[i] >= envelope[i + 1]]
    gaps = [(b - a) / rate for a, b in pairwise(crests)]
    assert len(crests) == 4
    assert all(10 <= gap <= 12 for gap in gaps)
    assert envelope[0] == pytest.approx(envelope[-1], abs=0.01)  # it comes round
    first_crest = crests[0] / rate
    rise, fall = first_crest, (crests[1] - crests[0]) / rate - first_crest
    assert rise < fall  # in shorter than out, like the breath it suggests
    assert min(envelope) > 0  # the sea never falls silent


def test_pink_noise_has_less_treble_than_its_bass_and_brown_less_still(
        loops: dict[str, list[float]]) -> None:
    """How much of each sound is in the sample-to-sample change (the highs)."""
    def brightness(loop: list[float]) -> float:
        change = statistics.fmean((b - a) ** 2 for a, b in pairwise(loop))
        return change / statistics.fmean(x * x for x in loop)

    assert brightness(loops["brown"]) < brightness(loops["pink"]) < 2.0


@pytest.mark.parametrize("volume", [0, 20, 60, 100])
def test_the_volume_sets_the_peak(volume: int, loops: dict[str, list[float]]) -> None:
    loop = loops["pink"]
    peak = max(map(abs, loop_pcm(loop, volume)))
    limit = FULL_SCALE * soundscape.GAIN * volume / 100
    assert peak <= limit
    assert peak == pytest.approx(limit * max(map(abs, loop)), abs=1)


def test_the_fade_rises_smoothly_from_silence_to_full_and_back() -> None:
    assert ramp(0.0) == 0.0 and ramp(1.0) == 1.0 and ramp(0.5) == pytest.approx(0.5)
    values = [ramp(i / 100) for i in range(101)]
    assert values == sorted(values)
    assert ramp(0.02) < 0.01  # it starts gently: no jump in level
    envelope = Envelope(fade_in=100, fade_out=200, total=1000)
    gains = [envelope.gain(i) for i in range(1000)]
    assert gains[0] == 0.0 and gains[100:800] == [1.0] * 700
    assert gains[:101] == sorted(gains[:101])
    assert gains[800:] == sorted(gains[800:], reverse=True)
    assert gains[-1] < 0.001 and envelope.gain(1000) == 0.0


def test_blocks_join_into_the_stream_with_their_overlaps_adding_up() -> None:
    """Played one after another, each block overlapping the next by `overlap` samples,
    the blocks add up to the faded stream, sample for sample (give or take rounding)."""
    loop = array("h", [10000] * 300)
    envelope = Envelope(fade_in=50, fade_out=80, total=1000)
    overlap, block = 20, 250
    heard = [0] * 1000
    for start in range(0, 1000, block):
        samples = render_block(loop, start, min(start + block, 1000), envelope, overlap)
        for offset, value in enumerate(samples):
            heard[start + offset] += value
    expected = [10000 * envelope.gain(i) for i in range(1000)]
    assert all(abs(h - e) <= 2 for h, e in zip(heard, expected, strict=True))


def test_asked_to_end_the_stream_fades_out_from_the_next_block() -> None:
    endless = Envelope(fade_in=0, fade_out=10)
    ending = endless.ending(400, 100)
    assert ending.total == 500 and ending.gain(400) == 1.0 and ending.gain(499) < 0.01
    # Asked for a fade longer than what is left, a stream ends as planned.
    assert ending.ending(450, 200) == ending
