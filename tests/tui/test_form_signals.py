"""Fault injection on a typed check-in form: the real app in a real pty, keys typed into the
form, then SIGTERM, SIGHUP, SIGINT, ctrl+q, a closed terminal or kill -9 (and Esc, which
asks first). What was typed is kept as a draft and the form offers it back on the next
start; the terminal is given back whenever the process can still run (not after kill -9,
nor into a terminal that is gone).

Nothing waits a fixed time: typing starts once the trace says the form's draft is open
(before that, keys would count as where the form started), the signal is sent once the
screen shows the last typed character in its field, and every wait has a deadline.

The field is chosen with a mouse click, not with Tab: keys that arrive together are all
handed to the widget focused when they are read, before a Tab among them has moved the
focus (a person typing is far slower than that; a pty write of the whole string is not).
A click moves the focus as it is read, so the keys after it reach the new field."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.screen import Screen
from ebbtide.core.drafts import DraftStore
from ebbtide.core.paths import Paths, resolve_paths
from ebbtide.core.state import AppState
from tests.tui.test_session_signals import (
    DEADLINE,
    Child,
    assert_terminal_given_back,
    ebbtide_in_pty,
)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="needs a Linux pty and POSIX signals")

COLUMNS, ROWS = 100, 40
FORM = "checkin-new"
# Typed in two parts: the second right after the first was written, so that while the
# screen shows it, it is most likely still waiting for the draft's write timer (a second).
FIRST, REST = "seaside walk", ", évening"
TYPED = FIRST + REST
PLACEHOLDER = "comma separated"  # the empty "Other tags" field
KEPT = {"mood": 7, "tags-other": TYPED}


@dataclass
class App:
    """A Child (the pty side of test_session_signals) with the screen it draws rebuilt."""

    child: Child
    screen: Screen
    fed: int = 0

    def shows(self, text: str) -> bool:
        self.screen.feed(bytes(self.child.output[self.fed:]))
        self.fed = len(self.child.output)
        return self.screen.shows(text)

    def wait_shown(self, text: str) -> None:
        self.child.wait_for(f"{text!r} on the screen", lambda: self.shows(text))

    def click(self, text: str) -> None:
        """A left click on the first character of `text` where the screen shows it."""
        self.wait_shown(text)
        row = next(r for r in range(ROWS) if text in self.screen.line(r))
        column = self.screen.line(row).index(text)
        for end in (b"M", b"m"):  # SGR mouse report: press, release (1-based x;y)
            os.write(self.child.fd, b"\x1b[<0;%d;%d%s" % (column + 1, row + 1, end))

    def wait_traced(self, event: str, **fields: object) -> None:
        def seen() -> bool:
            return any(all(record.get(k) == v for k, v in fields.items())
                       for record in self.child.traced(event))
        self.child.wait_for(f"{event} {fields} in the trace", seen)


@pytest.fixture
def home(tmp_path: Path) -> Paths:
    paths = resolve_paths(tmp_path / "home")
    paths.ensure()
    AppState(paths.state_file, {"welcome_acknowledged": "test"}).save()
    return paths


@pytest.fixture
def launch(home: Paths, tmp_path: Path) -> Iterator[Callable[[], App]]:
    children: list[Child] = []

    def spawn() -> App:
        trace = tmp_path / f"trace-{len(children)}.jsonl"
        child = ebbtide_in_pty(home, trace, [], rows=ROWS, columns=COLUMNS)
        children.append(child)
        return App(child, Screen(COLUMNS, ROWS))

    yield spawn
    for child in children:
        child.kill()


def open_form(launch: Callable[[], App], *, restored: bool) -> App:
    app = launch()
    app.wait_shown("Check in")  # the home screen's key bar: keys are read from now on
    os.write(app.child.fd, b"c")
    app.wait_traced("draft_open", form=FORM, restored=restored)
    return app


def typed_into_the_form(launch: Callable[[], App]) -> App:
    app = open_form(launch, restored=False)
    os.write(app.child.fd, b"7")  # the mood scale has the focus
    app.click(PLACEHOLDER)
    os.write(app.child.fd, FIRST.encode())
    app.child.wait_for("the first part in the draft",
                       lambda: draft(app.child.paths) == {**KEPT, "tags-other": FIRST})
    os.write(app.child.fd, REST.encode())
    app.wait_shown(TYPED)  # in its field: every key has been read by the form
    return app


def draft(paths: Paths) -> dict[str, object] | None:
    found = DraftStore.in_data_dir(paths.data_dir).load(FORM)
    return None if found is None else found.fields


def assert_offered_back(launch: Callable[[], App]) -> None:
    """The next start: the form restores what was typed and says so."""
    app = open_form(launch, restored=True)
    app.wait_shown("Restored your unsaved check-in")
    app.wait_shown(TYPED)
    os.kill(app.child.pid, signal.SIGTERM)
    app.child.wait_exit()


# A way out the process can answer, and the exit status it ends with.
WAYS_OUT = {"SIGTERM": (signal.SIGTERM, 128 + signal.SIGTERM),
            "SIGHUP": (signal.SIGHUP, 128 + signal.SIGHUP),
            "SIGINT": (signal.SIGINT, 128 + signal.SIGINT),
            "ctrl+q": (b"\x11", 0)}


@pytest.mark.parametrize("way_out", WAYS_OUT)
def test_a_way_out_keeps_the_typed_check_in_and_gives_the_terminal_back(
        launch: Callable[[], App], home: Paths, way_out: str) -> None:
    app = typed_into_the_form(launch)
    how, status = WAYS_OUT[way_out]
    if isinstance(how, bytes):
        os.write(app.child.fd, how)
    else:
        os.kill(app.child.pid, how)
    assert app.child.wait_exit() == status
    assert_terminal_given_back(app.child)
    assert draft(home) == KEPT  # all of it, what waited for the write timer included
    assert_offered_back(launch)


def test_escape_asks_and_a_signal_while_it_asks_keeps_the_draft(
        launch: Callable[[], App], home: Paths) -> None:
    app = typed_into_the_form(launch)
    os.write(app.child.fd, b"\x1b")
    app.wait_shown("Discard what you typed?")
    os.kill(app.child.pid, signal.SIGTERM)
    assert app.child.wait_exit() == 128 + signal.SIGTERM
    assert draft(home) == KEPT
    assert_offered_back(launch)


def test_a_closed_terminal_keeps_the_typed_check_in(launch: Callable[[], App],
                                                      home: Paths) -> None:
    """The window closes: SIGHUP, and the terminal is gone (tui/closing.py exits at once,
    unmounting nothing; the open form's draft is written first)."""
    app = typed_into_the_form(launch)
    os.close(app.child.fd)
    app.child.wait_exit(read=False)
    assert draft(home) == KEPT
    assert_offered_back(launch)


def test_kill_9_keeps_the_last_autosaved_draft(launch: Callable[[], App],
                                               home: Paths) -> None:
    """Nothing runs on kill -9, but drafts are written while typing (at most a second
    behind): once the autosave has caught up, a kill loses nothing."""
    app = typed_into_the_form(launch)
    deadline = time.monotonic() + DEADLINE
    while draft(home) != KEPT:
        assert time.monotonic() < deadline, f"the draft never caught up: {draft(home)}"
        assert app.child.pump(0.05), "the app ended before its draft caught up"
    os.kill(app.child.pid, signal.SIGKILL)
    assert app.child.wait_exit() == -signal.SIGKILL
    assert json.loads(DraftStore.in_data_dir(home.data_dir).path(FORM).read_text())[
        "fields"] == KEPT
    assert_offered_back(launch)
