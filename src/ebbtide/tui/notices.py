"""Notices that stay calm: a file's problems in one notice, a notice that is only news the
first time said once a run, and a notice taken back once it no longer holds."""

from __future__ import annotations

import threading
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


class CalmNotices:
    """The app's notices that are news only once: each said once a run, one per file for a
    file's problems, and held back while a session counts down or runs (the screen in
    front says so with a `session_live` attribute) until it ends or is covered. Other
    threads (the sound and voice ones) say theirs with `once_from_any_thread`."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._said: set[tuple[str, str]] = set()
        self._held: list[tuple[str, str, SeverityLevel, float | None]] = []
        # Notices from other threads that came before the app was running.
        self._early: list[tuple[str, str, float]] | None = []
        self._early_lock = threading.Lock()

    def once(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
             timeout: float | None = None) -> None:
        if (title, message) in self._said:
            return
        self._said.add((title, message))
        if getattr(self.app.screen, "session_live", False):
            self._held.append((message, title, severity, timeout))
            return
        self.app.notify(message, title=title, severity=severity, timeout=timeout,
                        markup=False)

    def once_from_any_thread(self, message: str, *, title: str, timeout: float) -> None:
        """`once` from any thread; held until `app_mounted` when the app is not running yet
        (the sound helper may start, and fail, while Textual starts)."""
        with self._early_lock:
            if self._early is not None:
                self._early.append((title, message, timeout))
                return
        if threading.get_ident() == self.app._thread_id:  # the UI thread itself
            self.once(message, title=title, timeout=timeout)
        else:
            self.app.call_from_thread(self.once, message, title=title, timeout=timeout)

    def app_mounted(self) -> None:
        """Say the notices other threads sent before the app was running."""
        with self._early_lock:
            early, self._early = self._early or [], None
        for title, message, timeout in early:
            self.once(message, title=title, timeout=timeout)

    def file_problems(self, problems: Iterable[str], title: str) -> None:
        """One notice per file with problems (not one per problem), each once a run: a
        section that reloads its files on every visit does not repeat them."""
        for message in by_file(problems):
            self.once(message, title=title, severity="warning", timeout=15)

    def release_held(self) -> None:
        held, self._held = self._held, []
        for message, title, severity, timeout in held:
            self.app.notify(message, title=title, severity=severity, timeout=timeout,
                        markup=False)


def withdraw(app: App[Any], title: str | None = None, *,
             severity: SeverityLevel | None = None) -> None:
    """Take back the notices shown with `title` (a "press u to undo" after the undo), or of
    `severity` (information: nothing to act on, so not left over a session's first cue)."""
    # Textual has no public way to close one toast; its own timeout uses _unnotify.
    for shown in list(app._notifications):
        if title in (None, shown.title) and severity in (None, shown.severity):
            app._unnotify(shown)
