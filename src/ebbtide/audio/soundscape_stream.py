"""A soundscape's loop turned into the blocks the player hands to the sound device.

The stream is the loop repeated, shaped by an envelope: a raised-cosine fade in over the
first `fade_in` samples, a raised-cosine fade out over the last `fade_out` samples of a
stream `total` samples long (or no end while `total` is None: the player fades it out
when asked).

simpleaudio plays one buffer per stream, so the player plays the stream as a chain of
blocks of `BLOCK_SECONDS`, each started on its planned time. Neighbouring blocks overlap
by `OVERLAP_SECONDS`: the earlier one fades out while the later one fades in over the
same samples (the two ramps add up to 1), so the small differences in when the device
starts each block are never heard as a gap. The overlap adds OVERLAP/BLOCK = 0.5 % to the
bytes written.

Pure arithmetic on `array`s: tests check fades, seams and volume without a device.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass

BLOCK_SECONDS = 4.0
OVERLAP_SECONDS = 0.02


def ramp(fraction: float) -> float:
    """The fade shape: 0 at 0, 1 at 1, rising smoothly (raised cosine)."""
    if fraction <= 0.0:
        return 0.0
    if fraction >= 1.0:
        return 1.0
    return 0.5 - 0.5 * math.cos(math.pi * fraction)


@dataclass(frozen=True)
class Envelope:
    fade_in: int  # samples
    fade_out: int  # samples
    total: int | None = None  # the stream's length in samples; None: until stopped

    def gain(self, position: int) -> float:
        """The stream's loudness (0..1) at sample `position`."""
        level = ramp(position / self.fade_in) if self.fade_in > 0 else 1.0
        if self.total is not None:
            left = self.total - position
            if left <= 0:
                return 0.0
            if self.fade_out > 0:
                level *= ramp(left / self.fade_out)
        return level

    def ending(self, at: int, fade_out: int) -> Envelope:
        """This envelope, fading out from `at` to silence over `fade_out` samples (or
        sooner, if it was to end sooner anyway)."""
        end = at + fade_out
        if self.total is not None and self.total <= end:
            return self
        return Envelope(self.fade_in, fade_out, end)


def block_bounds(start: int, block: int, envelope: Envelope) -> tuple[int, int]:
    """The stream samples [start, end) that the block starting at `start` owns."""
    end = start + block
    if envelope.total is not None:
        end = min(end, envelope.total)
    return start, end


def render_block(loop: array[int], start: int, end: int, envelope: Envelope,
                 overlap: int) -> array[int]:
    """Stream samples [start, end), plus `overlap` more that fade out into the next
    block (unless the stream ends at `end`); the first `overlap` samples fade in when
    `start` > 0, to meet the previous block's fading tail."""
    has_next = envelope.total is None or end < envelope.total
    stop = end + overlap if has_next else end
    out = _cyclic_slice(loop, start, stop)
    # Only samples whose gain is below 1 are touched: the steady middle is a plain copy.
    for position in _shaped_positions(start, stop, envelope, overlap, has_next):
        gain = envelope.gain(position)
        if start > 0 and position < start + overlap:
            gain *= ramp((position - start + 0.5) / overlap)
        if has_next and position >= end:
            gain *= ramp((stop - position - 0.5) / overlap)
        out[position - start] = int(out[position - start] * gain)
    return out


def _shaped_positions(start: int, stop: int, envelope: Envelope, overlap: int,
                      has_next: bool) -> list[int]:
    """The positions in [start, stop) where the gain may be below 1."""
    spans: list[tuple[int, int]] = []
    if envelope.fade_in > 0:
        spans.append((start, min(stop, envelope.fade_in)))
    if envelope.total is not None:
        spans.append((max(start, envelope.total - envelope.fade_out), stop))
    if start > 0:
        spans.append((start, min(stop, start + overlap)))
    if has_next:
        spans.append((max(start, stop - overlap), stop))
    marked: set[int] = set()
    for low, high in spans:
        marked.update(range(low, high))
    return sorted(marked)


def _cyclic_slice(loop: array[int], start: int, stop: int) -> array[int]:
    length = len(loop)
    out = array("h")
    position = start
    while position < stop:
        offset = position % length
        take = min(length - offset, stop - position)
        out.extend(loop[offset:offset + take])
        position += take
    return out
