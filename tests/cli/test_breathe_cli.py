"""`ebbtide breathe`: list patterns, check the flags, open the session screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from ebbtide.cli import main
from ebbtide.cli.context import CommandContext
from ebbtide.launch import StartRoute

MINE = """\
name = "Evening calm"
purpose = "Slow down before bed."
default_minutes = 5
[[phases]]
kind = "inhale"
seconds = 4
[[phases]]
kind = "exhale"
seconds = 8
"""


@pytest.fixture
def routes(monkeypatch: pytest.MonkeyPatch) -> list[StartRoute]:
    opened: list[StartRoute] = []

    def fake_run_app(self: CommandContext, route: StartRoute | None = None) -> int:
        assert route is not None
        opened.append(route)
        return 0

    monkeypatch.setattr(CommandContext, "run_app", fake_run_app)
    return opened


def test_list_shows_name_id_rhythm_and_breaths_per_minute(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], routes: list[StartRoute]) -> None:
    patterns = tmp_path / "config" / "patterns"
    patterns.mkdir(parents=True)
    (patterns / "evening-calm.toml").write_text(MINE)
    (patterns / "broken.toml").write_text(MINE.replace("seconds = 8", "seconds = -8"))
    assert main(["--data-dir", str(tmp_path), "breathe", "--list"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "ID", "RHYTHM", "BREATHS/MIN"]
    resonance = next(line for line in lines if " resonance-5-5 " in line)
    assert "Resonance 5.5" in resonance and "5.45-5.45" in resonance and "5.5" in resonance
    assert "3+1-8" in out and "4-4-4-4" in out
    weil = next(line for line in lines if " 4-7-8 " in line)
    assert "beginners: up to 4 cycles" in weil
    mine = next(line for line in lines if "evening-calm" in line)
    assert "4-8" in mine and "(yours)" in mine
    assert "broken" not in out
    broken = patterns / "broken.toml"
    assert f"{broken}: line 9: phase 2: 'seconds' cannot be negative (got -8)" in err
    assert routes == []


def test_a_pattern_opens_the_breathe_screen_and_exits_after(
        routes: list[StartRoute]) -> None:
    assert main(["breathe", "box", "--minutes", "3", "--start-delay", "5",
                 "--skip-ratings"]) == 0
    assert routes == [StartRoute(
        screen="breathe",
        args={"pattern": "box", "minutes": 3.0, "cycles": None, "start_delay": 5.0,
              "skip_ratings": True},
        exit_after=True,
    )]


def test_without_a_pattern_the_screen_lets_you_choose(routes: list[StartRoute]) -> None:
    assert main(["breathe", "--cycles", "12"]) == 0
    assert routes[0].args == {"pattern": None, "minutes": None, "cycles": 12,
                              "start_delay": None, "skip_ratings": False}


def test_pattern_names_are_matched_kindly(routes: list[StartRoute]) -> None:
    assert main(["breathe", "BOX"]) == 0
    assert main(["breathe", "cyclic sighing"]) == 0
    assert [r.args["pattern"] for r in routes] == ["box", "cyclic-sighing"]


def test_unknown_pattern_suggests_close_matches(
        capsys: pytest.CaptureFixture[str], routes: list[StartRoute]) -> None:
    assert main(["breathe", "boxx"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == ("ebbtide: unknown pattern 'boxx'. Did you mean: box? "
                           "(see 'ebbtide breathe --list')")
    assert routes == []


def test_long_4_7_8_sessions_get_the_beginner_note(
        capsys: pytest.CaptureFixture[str], routes: list[StartRoute]) -> None:
    assert main(["breathe", "4-7-8", "--cycles", "8"]) == 0
    assert "note: " in capsys.readouterr().err and routes


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--minutes", "0"], "--minutes must be a number from 1 to 120 (got 0)"),
        (["--minutes", "121"], "--minutes must be a number from 1 to 120 (got 121)"),
        (["--minutes", "soon"], "--minutes must be a number from 1 to 120 (got 'soon')"),
        (["--minutes", "nan"], "--minutes must be a number from 1 to 120"),
        (["--cycles", "0"], "--cycles must be a whole number from 1 to 500 (got 0)"),
        (["--cycles", "501"], "--cycles must be a whole number from 1 to 500 (got 501)"),
        (["--cycles", "2.5"], "--cycles must be a whole number from 1 to 500 (got '2.5')"),
        (["--start-delay", "31"], "--start-delay must be a number from 0 to 30 (got 31)"),
        (["--start-delay", "-1"], "--start-delay must be a number from 0 to 30 (got -1)"),
    ],
)
def test_bad_values_give_one_clear_line(args: list[str], message: str,
                                        capsys: pytest.CaptureFixture[str],
                                        routes: list[StartRoute]) -> None:
    assert main(["breathe", "box", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"ebbtide: {message}")
    assert len(err.splitlines()) == 1 and routes == []


def test_minutes_and_cycles_together_are_refused(capsys: pytest.CaptureFixture[str],
                                                 routes: list[StartRoute]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["breathe", "box", "--minutes", "3", "--cycles", "4"])
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip()
    assert "not allowed with argument" in err and len(err.splitlines()) == 1
