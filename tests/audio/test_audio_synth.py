"""The synthesised cues: right length and rate, never louder than the volume, no clicks,
inhale rises and exhale falls, the bell rings out."""

from __future__ import annotations

import itertools
import math
from array import array

import pytest

from ebbtide.audio import synth
from ebbtide.audio.synth import CUE_NAMES, DEFAULT_SAMPLE_RATE, Pcm, synthesise

EXPECTED_SECONDS = {"inhale": 0.70, "exhale": 0.80, "hold": 0.09, "bell": 3.5}


def samples(pcm: Pcm) -> array[int]:
    return pcm.as_array()


def zero_crossing_rate(values: array[int] | list[int], rate: int) -> float:
    """Crossings per second, a good pitch estimate for a tone dominated by its
    fundamental."""
    crossings = sum(1 for a, b in itertools.pairwise(values) if (a < 0) != (b < 0))
    return crossings * rate / (2 * len(values))


@pytest.mark.parametrize("name", CUE_NAMES)
def test_cue_is_mono_16_bit_at_the_sample_rate_with_the_expected_length(name: str) -> None:
    pcm = synthesise(name, 60)
    assert (pcm.channels, pcm.sample_width, pcm.sample_rate) == (1, 2, DEFAULT_SAMPLE_RATE)
    assert len(pcm.samples) == pcm.frames * 2
    assert pcm.duration == pytest.approx(EXPECTED_SECONDS[name], abs=0.01)


@pytest.mark.parametrize("rate", [22050, 44100])
def test_cue_length_follows_the_requested_sample_rate(rate: int) -> None:
    pcm = synthesise("inhale", 60, sample_rate=rate)
    assert pcm.sample_rate == rate
    assert pcm.frames == int(0.70 * rate)


@pytest.mark.parametrize("name", CUE_NAMES)
@pytest.mark.parametrize("volume", [1, 25, 60, 100])
def test_peak_never_exceeds_the_volume(name: str, volume: int) -> None:
    values = samples(synthesise(name, volume))
    peak = max(abs(v) for v in values)
    limit = 32767 * volume / 100
    assert peak <= limit
    # ... and the volume really is used: the cue reaches its own gain of it.
    assert peak >= limit * synth.CUE_GAIN[name] * 0.98 - 1


def test_louder_volume_gives_louder_cue_and_zero_is_silent() -> None:
    quiet = max(abs(v) for v in samples(synthesise("bell", 20)))
    loud = max(abs(v) for v in samples(synthesise("bell", 80)))
    assert loud == pytest.approx(4 * quiet, rel=0.01)
    assert set(samples(synthesise("bell", 0))) == {0}


def test_volume_outside_0_to_100_is_clamped() -> None:
    assert synthesise("hold", 250) == synthesise("hold", 100)
    assert synthesise("hold", -5) == synthesise("hold", 0)


def test_hold_tick_is_quieter_than_breath_tones() -> None:
    tick = max(abs(v) for v in samples(synthesise("hold", 60)))
    tone = max(abs(v) for v in samples(synthesise("inhale", 60)))
    assert tick < tone / 2


@pytest.mark.parametrize("name", CUE_NAMES)
def test_no_click_at_start_or_end(name: str) -> None:
    values = samples(synthesise(name, 100))
    peak = max(abs(v) for v in values)
    assert values[0] == 0 and values[-1] == 0
    # The raised-cosine fades: within half a millisecond of either edge the signal is
    # still a small fraction of the peak, so the sound neither starts nor stops abruptly.
    edge = DEFAULT_SAMPLE_RATE // 2000
    assert max(abs(v) for v in values[:edge]) < peak * 0.2
    assert max(abs(v) for v in values[-edge:]) < peak * 0.2


def test_inhale_rises_and_exhale_falls_in_pitch() -> None:
    rate = DEFAULT_SAMPLE_RATE
    for name, rising in (("inhale", True), ("exhale", False)):
        values = samples(synthesise(name, 100))
        quarter = len(values) // 4
        first = zero_crossing_rate(values[:quarter], rate)
        last = zero_crossing_rate(values[-quarter:], rate)
        if rising:
            assert last > first * 1.15, (name, first, last)
        else:
            assert last < first / 1.15, (name, first, last)


def test_inhale_and_exhale_are_clearly_different_sounds() -> None:
    inhale, exhale = synthesise("inhale", 60), synthesise("exhale", 60)
    assert inhale.samples != exhale.samples
    assert inhale.frames != exhale.frames


def test_bell_rings_then_decays() -> None:
    values = samples(synthesise("bell", 100))
    tenth = len(values) // 10
    energies = [sum(v * v for v in values[i * tenth:(i + 1) * tenth]) for i in range(10)]
    # Loudest at the strike; it swells a little as its close partials beat (like a real
    # bowl) but fades overall, to near silence at the end.
    assert energies[0] == max(energies)
    assert sum(energies[5:]) < sum(energies[:5]) / 10
    assert energies[-1] < energies[0] / 100


def tone_strength(values: array[int], rate: int, frequency: float) -> float:
    """Magnitude of one frequency in `values` (a Goertzel filter)."""
    coefficient = 2 * math.cos(2 * math.pi * frequency / rate)
    previous = before = 0.0
    for value in values:
        previous, before = value + coefficient * previous - before, previous
    return math.sqrt(previous * previous + before * before - coefficient * previous * before)


def test_bell_has_inharmonic_partials() -> None:
    """A singing bowl, not a plain tone: strong partials at non-integer multiples of the
    fundamental (about 2.7x and 5.2x) and next to nothing at the harmonic 2x and 3x."""
    rate = DEFAULT_SAMPLE_RATE
    window = samples(synthesise("bell", 100))[rate // 50: rate // 50 + rate // 4]
    fundamental = tone_strength(window, rate, 262)
    for ratio in (2.71, 5.18):
        assert tone_strength(window, rate, 262 * ratio) > fundamental * 0.1
    for ratio in (2.0, 3.0):
        assert tone_strength(window, rate, 262 * ratio) < fundamental * 0.05


def test_unknown_cue_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown sound cue"):
        synthesise("gong", 50)


def test_cues_are_cached_per_name_and_volume() -> None:
    assert synthesise("inhale", 42) is synthesise("inhale", 42)
    assert synthesise("inhale", 42) is not synthesise("inhale", 43)


def test_a_volume_change_only_rescales_cached_waveforms() -> None:
    """Changing the volume mid-session must not synthesise the waveforms again (how long
    generating takes is measured by `python -m benchmarks sound`)."""
    synth.clear_cache()
    for name in CUE_NAMES:
        synthesise(name, 60)
    generated = synth._unit_wave.cache_info().misses
    quieter = {name: synthesise(name, 37) for name in CUE_NAMES}
    assert synth._unit_wave.cache_info().misses == generated
    for name, pcm in quieter.items():
        assert pcm.as_array() != synthesise(name, 60).as_array()  # really rescaled
