"""The sound helper: a long-lived child process that owns `simpleaudio`.

Run as ``python -m ebbtide.audio.helper [--module simpleaudio] [--volume 60]``. The app
talks to it through pipes, one JSON object per line, so a crash, hang or missing device
in the native library can never take the app down (see `player.py`).

App -> helper (stdin):
    {"op": "play", "id": 7, "cue": "inhale", "volume": 60, "t": <request monotonic>}
    {"op": "play_file", "id": 8, "path": "/…/step.wav", "t": <request monotonic>,
     "stale": 5.0}                         a WAV file (rendered speech, the person's own cue)
    {"op": "hush"}                        stop the files playing (speech), not the cues
    {"op": "warm", "volume": 40}          synthesise every cue at this volume now
    {"op": "quit"}                        (or end of input) stop sounds and exit
Helper -> app (stdout):
    {"event": "ready", "pid": 123, "module": "simpleaudio", "rate": 22050}
    {"event": "fatal", "reason": "..."}   then exit status 3: restarting will not help
    {"event": "played", "id": 7, "ok": true, "started": <monotonic>}
    {"event": "played", "id": 7, "ok": false, "error": "...", "stale": false}

`started` is `time.monotonic()` right after `play_buffer` handed the buffer to ALSA. On
Linux `time.monotonic()` is CLOCK_MONOTONIC, one system-wide clock, so the app can
subtract its own request time from it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
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
from ebbtide.audio.synth import CUE_NAMES, DEFAULT_SAMPLE_RATE, is_cue, synthesise
from ebbtide.audio.wav_file import WavError, read_wav

# A request that waited longer than this (e.g. queued while the helper started) is
# dropped: a breath cue a second late would mislead more than it helps.
STALE_AFTER = 1.5


class Helper:
    def __init__(self, audio: Any, out: BinaryIO, rate: int, stale_after: float) -> None:
        self._audio = audio
        self._out = out
        self._rate = rate
        self._stale_after = stale_after
        self._playing: list[Any] = []
        self._files: list[Any] = []

    def send(self, **message: Any) -> None:
        send(self._out, **message)

    def warm(self, volume: int) -> None:
        for name in CUE_NAMES:
            synthesise(name, volume, self._rate)

    def play(self, request_id: int, cue: str, volume: int, requested: float) -> None:
        if not is_cue(cue):
            self.send(event="played", id=request_id, ok=False, error=f"unknown cue {cue!r}")
            return
        if time.monotonic() - requested > self._stale_after:
            self.send(event="played", id=request_id, ok=False, error="request too old",
                      stale=True)
            return
        pcm = synthesise(cue, volume, self._rate)
        self._play(request_id, pcm.samples, 1, pcm.sample_rate, self._playing)

    def play_file(self, request_id: int, path: str, requested: float, stale_after: float) -> None:
        try:
            sound = read_wav(path)
        except WavError as exc:
            self.send(event="played", id=request_id, ok=False, error=str(exc))
            return
        if time.monotonic() - requested > stale_after:
            self.send(event="played", id=request_id, ok=False, error="request too old",
                      stale=True)
            return
        self._play(request_id, sound.frames, sound.channels, sound.rate, self._files)

    def _play(self, request_id: int, samples: bytes, channels: int, rate: int,
              into: list[Any]) -> None:
        self._playing = [p for p in self._playing if p.is_playing()]
        self._files = [p for p in self._files if p.is_playing()]
        try:
            started = self._start(samples, channels, rate, into)
        except Exception as first:
            # A device without mixing refuses a second stream: stop ours and retry once.
            self.stop_all()
            try:
                started = self._start(samples, channels, rate, into)
            except Exception:
                self.send(event="played", id=request_id, ok=False, error=one_line(first))
                return
        self.send(event="played", id=request_id, ok=True, started=started)

    def _start(self, samples: bytes, channels: int, rate: int, into: list[Any]) -> float:
        into.append(self._audio.play_buffer(samples, channels, 2, rate))
        return time.monotonic()

    def hush(self) -> None:
        stop_quietly(self._files)
        self._files = []

    def stop_all(self) -> None:
        self.hush()
        stop_quietly(self._playing)
        self._playing = []

    def serve(self, source: BinaryIO) -> None:
        for raw in iter(source.readline, b""):
            try:
                message = json.loads(raw)
                op = message.get("op")
                if op == "play":
                    self.play(int(message["id"]), str(message["cue"]), int(message["volume"]),
                              float(message["t"]))
                elif op == "play_file":
                    self.play_file(int(message["id"]), str(message["path"]), float(message["t"]),
                                   float(message.get("stale", self._stale_after)))
                elif op == "hush":
                    self.hush()
                elif op == "warm":
                    self.warm(int(message["volume"]))
                elif op == "quit":
                    break
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # a malformed line: ignore it, keep serving
        self.stop_all()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ebbtide.audio.helper")
    parser.add_argument("--volume", type=int, default=60)
    parser.add_argument("--stale-after", type=float, default=STALE_AFTER)
    add_device_options(parser, DEFAULT_SAMPLE_RATE)
    args = parser.parse_args(argv)
    out = protocol_stream()
    audio = open_audio(args.module, args.rate, check_device=not args.no_probe)
    if isinstance(audio, str):
        return fatal(out, audio)
    helper = Helper(audio, out, args.rate, args.stale_after)
    helper.warm(args.volume)
    helper.send(event="ready", pid=os.getpid(), module=args.module, rate=args.rate)
    helper.serve(sys.stdin.buffer)
    return 0


if __name__ == "__main__":
    run(main)
