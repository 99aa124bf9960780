"""Notices that stay calm: a file's problems in one notice, a notice that is only news the
first time said once a run, and a notice taken back once it no longer holds."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel

SHOWN_PER_FILE = 3  # a notice is small: the rest of a file's problems are counted


def by_file(problems: Iterable[str]) -> list[str]:
    """One message per file for problems written "FILE: what is wrong" (as settings,
    pattern and meditation files report them), in the order the files first appear."""
    groups: dict[str, list[str]] = {}
    for problem in problems:
        name, sep, rest = problem.partition(": ")
        if not sep:
            name, rest = problem, ""
        groups.setdefault(name, []).append(rest)
    messages = []
    for name, rests in groups.items():
        rests = [rest for rest in rests if rest]
        if len(rests) <= 1:
            messages.append(f"{name}: {rests[0]}" if rests else name)
            continue
        shown = [f"• {rest}" for rest in rests[:SHOWN_PER_FILE]]
        if len(rests) > SHOWN_PER_FILE:
            shown.append(f"… and {len(rests) - SHOWN_PER_FILE} more")
        messages.append("\n".join([f"{name}: {len(rests)} problems", *shown]))
    return messages


class OncePerRun:
    """Remembers what was said, so the same notice is not given again this run."""

    def __init__(self) -> None:
        self._said: set[tuple[str, str]] = set()

    def first_time(self, title: str, message: str) -> bool:
        key = (title, message)
        if key in self._said:
            return False
        self._said.add(key)
        return True


def withdraw(app: App[Any], title: str | None = None, *,
             severity: SeverityLevel | None = None) -> None:
    """Take back the notices shown with `title` (a "press u to undo" after the undo), or of
    `severity` (information: nothing to act on, so not left over a session's first cue)."""
    # Textual has no public way to close one toast; its own timeout uses _unnotify.
    for shown in list(app._notifications):
        if title in (None, shown.title) and severity in (None, shown.severity):
            app._unnotify(shown)
