"""`ebbtide sleep --plain` through the real command line, on a clock that sleeps instantly
(the tests/cli/test_plain_cli.py way): the lines, the saved session, and the soundscape
it asks for."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ebbtide.cli import main, plain_session
from ebbtide.cli.commands import sleep as sleep_command
from ebbtide.core.clock import ManualClock
from ebbtide.core.practice.sleep import SleepPlan
from tests.cli.test_plain_cli import saved_sessions


class FakeSound:
    def __init__(self, kind: str, volume: int, plan: SleepPlan) -> None:
        self.kind, self.volume, self.plan = kind, volume, plan
        self.events: list[str] = []

    def start(self) -> None:
        self.events.append("start")

    def close(self) -> None:
        self.events.append("close")


@pytest.fixture
def sounds(monkeypatch: pytest.MonkeyPatch) -> list[FakeSound]:
    made: list[FakeSound] = []

    def make(kind: str, volume: int, plan: SleepPlan,
             notice: Callable[[str], None]) -> FakeSound:
        made.append(FakeSound(kind, volume, plan))
        return made[-1]

    monkeypatch.setattr(sleep_command, "make_soundscape", make)
    return made


def write_settings(data_dir: Path, text: str) -> None:
    settings = data_dir / "config" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text(text)


def test_sleep_plain_winds_down_then_rests_and_saves_the_session(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fast_clock: ManualClock,
        sounds: list[FakeSound]) -> None:
    code = main(["--data-dir", str(tmp_path), "--no-sound", "sleep", "--plain",
                 "--minutes", "15"])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = out.splitlines()
    assert lines[:3] == [
        "No sound. The session rests quietly for 15 minutes after the wind-down.",
        "Sleep: 16 steps, 25 minutes 30 seconds",
        "Step 1 of 16: Lie down and let yourself settle. There is nothing to get right "
        "tonight."]
    assert any(line.startswith("Step 5 of 16: Now let the breath find its own pace")
               for line in lines)
    assert lines[-2].startswith("Step 16 of 16: Stay with the sound now.")
    assert lines[-1] == "Done: 25 minutes 30 seconds"
    assert "\x1b" not in out
    assert fast_clock.now() == 500.0 + 25 * 60 + 30
    assert sounds == []  # --no-sound: no soundscape either
    [record] = saved_sessions(tmp_path)
    assert (record.kind, record.content_id, record.completed) == ("meditate", "sleep", True)
    assert record.planned_seconds == 25 * 60 + 30


def test_sleep_plain_plays_the_soundscape_from_settings_for_the_whole_session(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fast_clock: ManualClock,
        sounds: list[FakeSound]) -> None:
    write_settings(tmp_path, 'soundscape = "rain"\nsoundscape_volume = 30\nbells = false\n')
    assert main(["--data-dir", str(tmp_path), "--plain", "sleep", "--minutes", "45"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == ("Sound: rain, through the wind-down and for 45 minutes "
                                   "after it, fading to silence.")
    [sound] = sounds
    assert (sound.kind, sound.volume) == ("rain", 30)
    assert sound.plan.total_seconds == 630 + 45 * 60
    assert sound.events == ["start", "close"]


def test_a_sound_asked_for_wins_over_settings_and_off_means_none(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fast_clock: ManualClock,
        sounds: list[FakeSound]) -> None:
    write_settings(tmp_path, 'soundscape = "rain"\nbells = false\n')
    assert main(["--data-dir", str(tmp_path), "sleep", "--plain", "--sound", "brown"]) == 0
    assert [s.kind for s in sounds] == ["brown"]
    assert "for 30 minutes after it" in capsys.readouterr().out  # the default length
    assert main(["--data-dir", str(tmp_path), "sleep", "--plain", "--sound", "off"]) == 0
    assert len(sounds) == 1


def test_ctrl_c_stops_the_sound_and_keeps_a_partial_session(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        fast_clock: ManualClock, sounds: list[FakeSound]) -> None:
    write_settings(tmp_path, 'bells = false\n')

    def sleep(seconds: float) -> None:
        if fast_clock.now() + seconds > 560.0:
            fast_clock.set(560.0)
            raise KeyboardInterrupt
        fast_clock.advance(seconds)

    monkeypatch.setattr(plain_session, "sleep", sleep)
    assert main(["--data-dir", str(tmp_path), "sleep", "--plain"]) == 130
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Stopped after 1 minute; saved as partial.")
    assert sounds[0].events == ["start", "close"]
    [record] = saved_sessions(tmp_path)
    assert (record.content_id, record.completed, record.actual_seconds) == ("sleep", False, 60)


@pytest.mark.parametrize(("args", "message"), [
    (["--minutes", "20"], "--minutes must be one of 15, 30, 45, 60 (got '20')"),
    (["--minutes", "lots"], "--minutes must be one of 15, 30, 45, 60 (got 'lots')"),
    (["--sound", "surf"], "--sound must be one of brown, pink, rain, waves, off (got 'surf')"),
])
def test_bad_choices_get_one_clear_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
        message: str) -> None:
    assert main(["--data-dir", str(tmp_path), "sleep", "--plain", *args]) != 0
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
