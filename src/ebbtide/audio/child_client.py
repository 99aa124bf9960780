"""The app's side of an audio child process (the cue helper, the soundscape player):
the environment it starts in, its messages, and how it ended, in words."""

from __future__ import annotations

import contextlib
import json
import os
import signal
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

INSTALL_HINT = "pip install 'ebbtide[audio]'"


def helper_environment(extra: Mapping[str, str] | None) -> dict[str, str]:
    """The app's environment, plus the folder holding `ebbtide` first on PYTHONPATH so the
    helper imports this very copy (also from a checkout run without installing)."""
    env = dict(os.environ)
    if extra:
        env.update(extra)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


def messages(stream: IO[bytes]) -> Iterator[tuple[Any, dict[str, Any]]]:
    """(event, message) for each line the child writes until its output ends; lines that
    are not a JSON object are skipped."""
    for raw in iter(stream.readline, b""):
        try:
            message = json.loads(raw)
            event = message.get("event")
        except (ValueError, AttributeError):
            continue
        yield event, message


def fatal_reason(message: Mapping[str, Any], default: str) -> str:
    """The reason in a child's "fatal" message, with the install hint when the audio
    module is missing."""
    reason = str(message.get("reason", default))
    if "not installed" in reason:
        reason += f" ({INSTALL_HINT})"
    return reason


def describe_exit(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exit status {returncode}"


def close_quietly(stream: IO[bytes] | None) -> None:
    if stream is None:
        return
    with contextlib.suppress(OSError):
        stream.close()
