"""Where a reminder goes: notify-send in a desktop session, else OSC 9 / OSC 777 to the
person's own terminals (a real pty opened here), else nowhere."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ebbtide.core.reminders.deliver import (
    DESKTOP,
    NOWHERE,
    TERMINAL,
    deliver,
    osc_notification,
    own_terminals,
)
from ebbtide.core.reminders.scheduler import System
from tests.fake_programs import FakePrograms


@pytest.fixture
def pty() -> Iterator[tuple[int, Path]]:
    master, slave = os.openpty()
    try:
        yield master, Path(os.ttyname(slave))
    finally:
        os.close(slave)
        os.close(master)


@pytest.fixture
def fakes(tmp_path: Path) -> FakePrograms:
    return FakePrograms(tmp_path)


def _system(fakes: FakePrograms, **env: str) -> System:
    return System(env={"PATH": str(fakes.folder), **env})


def test_desktop_session_uses_notify_send(fakes: FakePrograms,
                                          pty: tuple[int, Path],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    fakes.add("notify-send")
    monkeypatch.setenv("PATH", str(fakes.folder))
    for variable in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"):
        system = _system(fakes, **{variable: "x"})
        assert deliver("Ebbtide", "Time for\x1b[2J a check-in", system,
                       terminals=[pty[1]]) == DESKTOP
    assert fakes.calls()[-1] == ("notify-send --app-name=Ebbtide --urgency=normal "
                                 "--icon=appointment-soon Ebbtide Time for [2J a check-in")
    assert len(fakes.calls()) == 3


def test_terminal_escape_without_a_desktop(fakes: FakePrograms,
                                           pty: tuple[int, Path]) -> None:
    fakes.add("notify-send")
    master, path = pty
    assert deliver("Ebbtide", "Dose time", _system(fakes), terminals=[path]) == TERMINAL
    assert os.read(master, 4096) == osc_notification("Ebbtide", "Dose time")
    assert fakes.calls() == []  # no desktop session: notify-send is not tried


def test_desktop_falls_back_to_terminals_when_notify_send_fails(
        fakes: FakePrograms, pty: tuple[int, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    fakes.add("notify-send", "exit 1\n")
    monkeypatch.setenv("PATH", str(fakes.folder))
    master, path = pty
    assert deliver("Ebbtide", "hi", _system(fakes, DISPLAY=":0"), terminals=[path]) == TERMINAL
    assert os.read(master, 4096).startswith(b"\x1b]9;hi\x07")


def test_only_the_persons_own_terminals(pty: tuple[int, Path], tmp_path: Path) -> None:
    _, path = pty
    plain_file = tmp_path / "3"
    plain_file.write_text("")
    uid = os.getuid()
    assert own_terminals(uid, [path, plain_file, tmp_path / "gone"]) == [path]
    assert own_terminals(uid + 1, [path]) == []  # somebody else's terminal
    assert deliver("Ebbtide", "hi", System(env={}), uid=uid + 1, terminals=[path]) == NOWHERE
    assert deliver("Ebbtide", "hi", System(env={}), terminals=[]) == NOWHERE


def test_escape_cannot_be_broken_by_the_message() -> None:
    data = osc_notification("Eb;b\x07tide", "a\x07b\x1b]c\nd")
    assert data == b"\x1b]9;a b ]c d\x07\x1b]777;notify;Eb,b tide;a b ]c d\x07"
