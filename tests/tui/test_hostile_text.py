"""Stored text never acts on the terminal: the real app in a pty, every screen visited with
hostile text in every stored field, and the raw bytes it wrote scanned for our sequences.

The hostile text holds an OSC 52 clipboard write, a "leave the alternate screen", a C1 CSI
(U+009B) and a right-to-left override. The app's own escapes are fine; what must never
appear is any of those coming from our text (shown inert they read `\\x1b]52...`)."""

from __future__ import annotations

import dataclasses
import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.screen import Screen
from ebbtide.core.content.patterns import load_shipped_patterns
from ebbtide.core.content.patterns.saving import pattern_to_toml
from ebbtide.core.journal.models import DoseInput, SideEffectInput
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import Paths, resolve_paths
from ebbtide.core.state import AppState

HOSTILE = "\x1b]52;c;SGVsbG8=\x07\x1b[?1049l\x9b31m\u202e"
SHOWN = "\\x1b]52;c;SGVsbG8="  # how the start of it reads once inert
COLUMNS, ROWS = 120, 40
WAIT = 60.0  # generous: the machine is shared; a pass never waits this long

# What our text would write if it reached the terminal raw. BEL is checked apart: the app
# legitimately ends its own OSC 22 (pointer shape) with one.
LEAKS = {
    "OSC 52 clipboard write": re.compile(rb"\x1b\]52;"),
    "leave the alternate screen": re.compile(rb"\x1b\[\?1049l"),
    "C1 control (U+0080-009F)": re.compile(rb"\xc2[\x80-\x9f]"),
    "bidi override or isolate": re.compile(rb"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"),
}
APP_OSC = re.compile(rb"\x1b\]22;[^\x07\x1b]*\x07")


def leaks(raw: bytes) -> list[str]:
    found = [name for name, pattern in LEAKS.items() if pattern.search(raw)]
    if b"\x07" in APP_OSC.sub(b"", raw):
        found.append("BEL")
    return found


def hostile_home(base: Path) -> Paths:
    """A journal, a pattern file and a settings file with hostile text in every field."""
    paths = resolve_paths(base)
    paths.ensure()
    AppState(paths.state_file, {"welcome_acknowledged": "test"}).save()
    journal = Journal.open(paths)
    try:
        med = journal.add_medication("med" + HOSTILE, strength="10 mg" + HOSTILE,
                                     schedule="daily" + HOSTILE)
        journal.add_checkin(mood=5, anxiety=3, tags=["tag" + HOSTILE], note="note" + HOSTILE,
                            doses=[DoseInput(medication_id=med.id, amount_mg=10)],
                            side_effects=[SideEffectInput("effect" + HOSTILE, "mild")])
        plan = journal.add_plan(med.id, title="plan" + HOSTILE)
        journal.add_plan_step(plan.id, "2026-01-01", 30, per_dose="10 mg" + HOSTILE,
                              note="step" + HOSTILE)
    finally:
        journal.close()
    shipped = next(iter(load_shipped_patterns()))
    mine = dataclasses.replace(shipped, id="hostile", name="Pat" + HOSTILE,
                               purpose="Purpose" + HOSTILE, origin="user")
    paths.patterns_dir.mkdir(parents=True, exist_ok=True)
    (paths.patterns_dir / "hostile.toml").write_text(pattern_to_toml(mine), encoding="utf-8")
    escaped = HOSTILE.encode("unicode_escape").decode("ascii").replace("\\x", "\\u00")
    paths.settings_file.write_text(f'theme = "dark{escaped}"\n', encoding="utf-8")
    return paths


def _environment() -> dict[str, str]:
    """Ours, without what would pick another home or size (Textual reads COLUMNS/LINES)."""
    unwanted = ("EBBTIDE_HOME", "COLUMNS", "LINES")
    env = {k: v for k, v in os.environ.items() if k not in unwanted}
    env["TERM"] = "xterm-256color"
    return env


class Terminal:
    """The app running in a pty, with the screen rebuilt from what it writes."""

    def __init__(self, args: list[str]) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        env = _environment()
        self.process = subprocess.Popen([sys.executable, "-m", "ebbtide", *args],
                                        stdin=slave, stdout=slave, stderr=slave, env=env,
                                        start_new_session=True)
        os.close(slave)
        self.screen = Screen(COLUMNS, ROWS)
        self.raw = bytearray()

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:  # the app closed the pty
            return False
        self.raw.extend(data)
        self.screen.feed(data)
        return bool(data)

    def wait_for(self, *markers: str) -> None:
        """Until every marker is on screen (written since the last key)."""
        deadline = time.monotonic() + WAIT
        while not all(self.screen.shows(m, since_mark=True) for m in markers):
            if time.monotonic() > deadline or not self._read(0.2):
                raise AssertionError(f"never showed {markers}:\n{self.screen.text}")

    def press(self, keys: str, *markers: str) -> None:
        self.screen.mark()
        os.write(self.master, keys.encode())
        self.wait_for(*markers)

    def close(self) -> bytes:
        self.process.kill()
        self.process.wait(timeout=WAIT)
        os.close(self.master)
        return bytes(self.raw)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    paths = hostile_home(tmp_path / "home")
    term = Terminal(["--data-dir", str(paths.config_dir.parent), "--no-sound"])
    yield term
    term.close()


ESC, UP, DOWN, F2, CTRL_P = "\x1b", "\x1b[A", "\x1b[B", "\x1bOQ", "\x10"


def test_every_screen_shows_hostile_text_inert(terminal: Terminal) -> None:
    t = terminal
    # Home, with the settings problem as a notice (the scan covers it whenever it is drawn;
    # waiting for it would race its timeout on a loaded machine).
    t.wait_for("Last check-in")
    t.press("4", "History")                                        # journal
    t.press("h", "med" + SHOWN)                                    # history
    t.press("\r", "note" + SHOWN, "Day before")                    # a day
    t.press("\r", "Edit check-in", "tag" + SHOWN)                  # check-in edit form
    t.press(ESC, "Day before")
    t.press(DOWN + "e", "Edit dose")                               # dose edit form
    t.press(ESC, "Day before")
    t.press(DOWN, "Side effect: effect" + SHOWN)
    t.press("e", "Edit side effect")                               # side-effect edit form
    t.press(ESC, "Day before")
    t.press(ESC, "History")
    t.press("m", "Your medicines", "med" + SHOWN)                  # medications
    t.press("e", "Edit medicine", "daily" + SHOWN)                 # medicine form
    t.press(ESC, "Your medicines")
    t.press("p", "Plan for med", "plan" + SHOWN)                   # plan form
    t.press(ESC, "Your medicines")
    t.press(ESC, "History")
    t.press(ESC, "Suggested")
    t.press("1", "Pat" + SHOWN)                                    # breathe menu
    t.press(UP, "Purpose" + SHOWN)
    t.press("e", "Name")                                           # pattern form
    t.press(ESC, "New pattern")
    t.press(ESC, "Suggested")
    t.press("2", "Bell timer")                                     # meditate menu
    t.press(ESC, "Suggested")
    t.press("3", "Bookmarks")                                      # reader
    t.press(ESC, "Suggested")
    t.press(F2, "Reduced motion")                                  # settings
    t.press(ESC, "Suggested")
    t.press(CTRL_P, "Search")
    t.press("report", "report")
    t.press("\r", "Report for my clinician", "med" + SHOWN)        # report preview
    before_exit = bytes(t.raw)  # the app leaves the alternate screen itself on exit
    assert leaks(before_exit) == []


CLI_COMMANDS = [
    ["breathe", "--list"],
    ["meditate", "--list"],
    ["read", "--list"],
    ["history"],
    ["check"],
    ["meds"],
    ["report", "--name", "name" + HOSTILE],
    ["insights"],
]


@pytest.mark.parametrize("command", CLI_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_cli_prints_stored_text_inert_on_a_terminal(tmp_path: Path, command: list[str]) -> None:
    paths = hostile_home(tmp_path / "home")
    master, slave = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "ebbtide", "--data-dir", str(paths.config_dir.parent), *command],
        stdin=subprocess.DEVNULL, stdout=slave, stderr=slave,
        env=_environment())
    os.close(slave)
    raw = bytearray()
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # everything read and the command gone
            break
        if not data:
            break
        raw.extend(data)
    os.close(master)
    assert process.wait(timeout=WAIT) in (0, 1)
    assert leaks(bytes(raw)) == [], bytes(raw)


async def test_an_unchanged_medicine_form_keeps_the_stored_characters(
        make_app: Callable[..., Any]) -> None:
    from textual.widgets import Input

    from ebbtide.tui.screens.journal.medications import OFFER_KEY, MedicationFormScreen
    from tests.conftest import settle_until

    app = make_app()
    app.state.set(OFFER_KEY, "done")
    with Journal.open(app.paths) as journal:
        med = journal.add_medication("med" + HOSTILE, strength="10 mg" + HOSTILE)
    async with app.run_test(size=(100, 30)) as pilot:
        saved: list[object] = []
        app.push_screen(MedicationFormScreen(med), saved.append)
        await settle_until(pilot, lambda: isinstance(app.screen, MedicationFormScreen),
                           "the medicine form")
        shown = app.screen.query_one("#name", Input).value
        assert shown.startswith("med" + SHOWN) and "\x1b" not in shown
        await pilot.press("ctrl+s")
        await settle_until(pilot, lambda: bool(saved), "the form to save")
    with Journal.open(app.paths) as journal:
        [kept] = journal.medications()
    assert (kept.name, kept.strength) == ("med" + HOSTILE, "10 mg" + HOSTILE)


async def test_pasted_escapes_are_shown_inert_and_stored_as_pasted(
        make_app: Callable[..., Any]) -> None:
    from textual import events
    from textual.widgets import Input

    from ebbtide.tui.screens.journal.medications import OFFER_KEY, MedicationFormScreen
    from tests.conftest import settle_until

    app = make_app()
    app.state.set(OFFER_KEY, "done")
    async with app.run_test(size=(100, 30)) as pilot:
        saved: list[object] = []
        app.push_screen(MedicationFormScreen(None), saved.append)
        await settle_until(pilot, lambda: isinstance(app.screen, MedicationFormScreen),
                           "the medicine form")
        name = app.screen.query_one("#name", Input)
        name.value = ""
        app.post_message(events.Paste("pasted" + HOSTILE))
        await settle_until(pilot, lambda: name.value.startswith("pasted"), "the paste")
        assert name.value == "pasted" + SHOWN + "\\x07\\x1b[?1049l\\x9b31m\\u202e"
        await pilot.press("ctrl+s")
        await settle_until(pilot, lambda: bool(saved), "the form to save")
    with Journal.open(app.paths) as journal:
        [kept] = journal.medications()
    assert kept.name == "pasted" + HOSTILE
