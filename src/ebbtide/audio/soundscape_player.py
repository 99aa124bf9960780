"""The soundscape process: generates one soundscape and streams it to `simpleaudio`.

Run as ``python -m ebbtide.audio.soundscape_player --kind rain --volume 40 [--seconds N]``.
Like the cue helper (helper.py) it is a child process, so a crash or hang in the native
library never reaches the app; unlike it, it plays one long sound, so it is a process of
its own and the cues, bells and voice play over it (the sound server mixes the streams).

App -> player (stdin), one JSON object per line:
    {"op": "volume", "volume": 30}     from the next block on
    {"op": "fade", "seconds": 2}       fade out to silence from the next block, then exit
    {"op": "quit"}                     (or end of input) stop at once and exit
Player -> app (stdout):
    {"event": "ready", "pid": 123, "module": "simpleaudio", "rate": 22050}
    {"event": "started", "t": <monotonic time the first block went to the device>}
    {"event": "note", "text": "..."}   said once: the device plays one stream at a time
    {"event": "ended", "reason": "done" | "quit", "t": <monotonic>}
    {"event": "fatal", "reason": "..."} then exit status 3

The loop (soundscape.py) is generated once; blocks (soundscape_stream.py) are copies of
it with the fades applied, handed to the device on their planned times, so the process
sleeps between blocks: a few milliseconds of work every `BLOCK_SECONDS`.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import sys
import threading
import time
from array import array
from collections.abc import Sequence
from typing import Any, BinaryIO

from ebbtide.audio.child import (
    add_device_options,
    fatal,
    one_line,
    open_audio,
    protocol_stream,
    run,
    send,
    stop_quietly,
)
from ebbtide.audio.soundscape import KINDS, LOOP_SECONDS, generate, loop_pcm, to_bytes
from ebbtide.audio.soundscape_stream import (
    BLOCK_SECONDS,
    OVERLAP_SECONDS,
    Envelope,
    block_bounds,
    render_block,
)
from ebbtide.audio.synth import DEFAULT_SAMPLE_RATE

FADE_IN_SECONDS = 6.0
FADE_OUT_SECONDS = 10.0
POLL_SECONDS = 0.1  # how often the last block is checked for having finished
SINGLE_STREAM_NOTE = ("the sound device plays one sound at a time, so the soundscape may "
                      "pause briefly under cues")


class Streamer:
    def __init__(self, audio: Any, out: BinaryIO, loop: list[float], volume: int,
                 envelope: Envelope, rate: int, block_seconds: float,
                 overlap_seconds: float) -> None:
        self._audio = audio
        self._out = out
        self._loop = loop
        self._pcm = loop_pcm(loop, volume)
        self._envelope = envelope
        self._rate = rate
        self._block = max(1, round(block_seconds * rate))
        self._overlap = min(self._block // 4, round(overlap_seconds * rate))
        self._playing: list[Any] = []
        self._noted = False

    def send(self, **message: Any) -> None:
        send(self._out, **message)

    def run(self, ops: queue.Queue[dict[str, Any]]) -> str:
        """Play until the stream ends ("done") or the app says quit ("quit")."""
        origin = time.monotonic() + 0.02
        start = 0
        while self._envelope.total is None or start < self._envelope.total:
            begin, end = block_bounds(start, self._block, self._envelope)
            due = origin + begin / self._rate
            pcm = self._render(begin, end)
            while (wait := due - time.monotonic()) > 0:
                try:
                    message = ops.get(timeout=wait)
                except queue.Empty:
                    break
                if not self._apply(message, begin):
                    self.stop_all()
                    return "quit"
                begin, end = block_bounds(start, self._block, self._envelope)
                if end <= begin:
                    break
                pcm = self._render(begin, end)
            if end <= begin:
                break
            self._play(to_bytes(pcm), first=start == 0)
            start = end
        return self._drain(ops)

    def _render(self, begin: int, end: int) -> array[int]:
        return render_block(self._pcm, begin, end, self._envelope, self._overlap)

    def _apply(self, message: dict[str, Any], next_block: int) -> bool:
        """Carry out one message; False for quit."""
        op = message.get("op")
        if op == "volume":
            self._pcm = loop_pcm(self._loop, int(message["volume"]))
        elif op == "fade":
            fade = max(1, round(float(message["seconds"]) * self._rate))
            self._envelope = self._envelope.ending(next_block, fade)
        elif op == "quit":
            return False
        return True

    def _play(self, data: bytes, first: bool) -> None:
        self._playing = [p for p in self._playing if p.is_playing()]
        try:
            self._playing.append(self._audio.play_buffer(data, 1, 2, self._rate))
        except Exception:
            if not self._playing:
                raise
            # A device without mixing refuses a second stream: wait for ours to end.
            if not self._noted:
                self._noted = True
                self.send(event="note", text=SINGLE_STREAM_NOTE)
            for play in self._playing:
                play.wait_done()
            self._playing = [self._audio.play_buffer(data, 1, 2, self._rate)]
        if first:
            self.send(event="started", t=time.monotonic())

    def _drain(self, ops: queue.Queue[dict[str, Any]]) -> str:
        """Wait for the last block to finish, still obeying quit."""
        while any(play.is_playing() for play in self._playing):
            try:
                message = ops.get(timeout=POLL_SECONDS)
            except queue.Empty:
                continue
            if message.get("op") == "quit":
                self.stop_all()
                return "quit"
        return "done"

    def stop_all(self) -> None:
        stop_quietly(self._playing)
        self._playing = []


def read_ops(fd: int, ops: queue.Queue[dict[str, Any]]) -> None:
    """The app's messages into `ops`; a quit when its pipe closes (the app is gone).
    Raw `os.read`, not a buffered file: a daemon thread blocked in a buffered read aborts
    the interpreter's shutdown."""
    pending = b""
    while chunk := os.read(fd, 4096):
        *lines, pending = (pending + chunk).split(b"\n")
        for raw in lines:
            try:
                message = json.loads(raw)
            except ValueError:
                continue
            if isinstance(message, dict):
                ops.put(message)
    ops.put({"op": "quit"})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ebbtide.audio.soundscape_player")
    parser.add_argument("--kind", required=True, choices=KINDS)
    parser.add_argument("--volume", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=None,
                        help="length including the fades (default: until told to stop)")
    parser.add_argument("--fade-in", type=float, default=FADE_IN_SECONDS)
    parser.add_argument("--fade-out", type=float, default=FADE_OUT_SECONDS)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--loop-seconds", type=float, default=LOOP_SECONDS)
    parser.add_argument("--block-seconds", type=float, default=BLOCK_SECONDS)
    parser.add_argument("--overlap-seconds", type=float, default=OVERLAP_SECONDS)
    add_device_options(parser, DEFAULT_SAMPLE_RATE)
    args = parser.parse_args(argv)
    out = protocol_stream()
    audio = open_audio(args.module, args.rate, check_device=not args.no_probe)
    if isinstance(audio, str):
        return fatal(out, audio)
    seed = args.seed if args.seed is not None else random.SystemRandom().getrandbits(32)
    loop = generate(args.kind, args.loop_seconds, args.rate, seed)
    rate = args.rate
    total = None if args.seconds is None else max(1, round(args.seconds * rate))
    fade_in = round(args.fade_in * rate)
    fade_out = round(args.fade_out * rate)
    if total is not None and fade_in + fade_out > total:  # a short stream: fades share it
        fade_in = fade_out = total // 2
    streamer = Streamer(audio, out, loop, args.volume, Envelope(fade_in, fade_out, total),
                        rate, args.block_seconds, args.overlap_seconds)
    ops: queue.Queue[dict[str, Any]] = queue.Queue()
    threading.Thread(target=read_ops, args=(sys.stdin.fileno(), ops), daemon=True).start()
    streamer.send(event="ready", pid=os.getpid(), module=args.module, rate=rate)
    try:
        reason = streamer.run(ops)
    except Exception as exc:
        return fatal(out, f"the sound device failed ({one_line(exc)})")
    streamer.send(event="ended", reason=reason, t=time.monotonic())
    return 0


if __name__ == "__main__":
    run(main)
