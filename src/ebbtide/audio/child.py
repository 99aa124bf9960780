"""The start-up both audio child processes share (helper.py for cues and files,
soundscape_player.py for the soundscape): the protocol stream, loading the native audio
module, the device probe, and the app-bound messages written on that stream.

These run inside the child, never in the app.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any, BinaryIO, NoReturn

# The child's exit status after a "fatal" message: restarting it will not help.
FATAL_EXIT = 3


def add_device_options(parser: argparse.ArgumentParser, default_rate: int) -> None:
    """The options both children take for the device: --module, --rate, --no-probe."""
    parser.add_argument("--module", default="simpleaudio")
    parser.add_argument("--rate", type=int, default=default_rate)
    parser.add_argument("--no-probe", action="store_true")


def protocol_stream() -> BinaryIO:
    """A private copy of stdout for the protocol; fd 1 itself goes to stderr, so anything
    the native library prints can never corrupt a message."""
    private = os.dup(1)
    os.dup2(2, 1)
    return os.fdopen(private, "wb", buffering=0)


def send(out: BinaryIO, **message: Any) -> None:
    """One message to the app: a compact JSON object on a line of its own."""
    out.write(json.dumps(message, separators=(",", ":")).encode() + b"\n")
    out.flush()


def fatal(out: BinaryIO, reason: str) -> int:
    """Tell the app why this child cannot play; returns the exit status to end with."""
    out.write(json.dumps({"event": "fatal", "reason": reason}).encode() + b"\n")
    return FATAL_EXIT


def load_audio_module(name: str) -> ModuleType | str:
    """The native audio module `name`, or the reason it cannot be used."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return f"{name} is not installed"
    except Exception as exc:
        return f"{name} failed to load ({one_line(exc)})"


def probe(audio: Any, rate: int) -> str | None:
    """Open the default device with 10 ms of silence. None when it works, else why."""
    try:
        silence = bytes(2 * (rate // 100))
        audio.play_buffer(silence, 1, 2, rate).wait_done()
    except Exception:  # the native error type varies between releases
        # Its text is noise in a notice; `ebbtide doctor` probes ALSA itself.
        return "no usable audio device was found"
    return None


def stop_quietly(plays: list[Any]) -> None:
    """Stop each play object; one the native library fails to stop is left to end."""
    for play in plays:
        try:
            play.stop()
        except Exception:
            continue


def open_audio(name: str, rate: int, *, check_device: bool = True) -> ModuleType | str:
    """The audio module `name` with the default device probed, or the reason it cannot
    play."""
    audio = load_audio_module(name)
    if isinstance(audio, str) or not check_device:
        return audio
    problem = probe(audio, rate)
    return audio if problem is None else problem


def one_line(exc: BaseException) -> str:
    """An exception as one short line for a message to the app."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


def run(main: Callable[[], int]) -> NoReturn:
    """Run a child's `main` as the process; the app closing the pipe or a Ctrl+C in the
    terminal ends it quietly."""
    try:
        sys.exit(main())
    except (BrokenPipeError, KeyboardInterrupt):
        sys.exit(0)
