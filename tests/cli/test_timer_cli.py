"""`ebbtide timer`: builds a valid timer from flags, a preset and settings, then opens the
timer screen; bad values give one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ebbtide.cli import main
from ebbtide.cli.context import CommandContext
from ebbtide.core.paths import resolve_paths
from ebbtide.core.practice.bell_timer import TimerSpec, presets_path, save_preset
from ebbtide.launch import StartRoute


@pytest.fixture
def routes(monkeypatch: pytest.MonkeyPatch) -> list[StartRoute]:
    captured: list[StartRoute] = []

    def fake_run_app(self: CommandContext, route: StartRoute | None = None) -> int:
        assert route is not None
        captured.append(route)
        return 0

    monkeypatch.setattr(CommandContext, "run_app", fake_run_app)
    return captured


def test_flags_build_the_timer_and_open_its_screen(routes: list[StartRoute]) -> None:
    assert main(["timer", "--minutes", "30", "--every", "10", "--marks", "5, 25,30",
                 "--start-delay", "4", "--skip-ratings"]) == 0
    (route,) = routes
    assert route.screen == "timer" and route.exit_after
    assert route.args == {
        "spec": TimerSpec(minutes=30, start_delay=4, every=10, marks=(5, 25, 30)),
        "preset": None, "skip_ratings": True,
    }


def test_defaults_come_from_settings(tmp_path: Path, routes: list[StartRoute]) -> None:
    home = tmp_path / "h"
    paths = resolve_paths(home)
    paths.config_dir.mkdir(parents=True)
    paths.settings_file.write_text("default_minutes = 12\nstart_delay = 7\n", encoding="utf-8")
    assert main(["--data-dir", str(home), "timer"]) == 0
    assert routes[0].args["spec"] == TimerSpec(minutes=12, start_delay=7)


def test_open_ended(routes: list[StartRoute]) -> None:
    assert main(["timer", "--minutes", "open", "--every", "15"]) == 0
    spec = routes[0].args["spec"]
    assert isinstance(spec, TimerSpec) and spec.open_ended and spec.every == 15


def test_a_preset_is_the_base_and_flags_override_it(tmp_path: Path,
                                                    routes: list[StartRoute]) -> None:
    home = tmp_path / "h"
    save_preset(presets_path(resolve_paths(home)), "Evening",
                TimerSpec(minutes=25, every=5, start_delay=10))
    assert main(["--data-dir", str(home), "timer", "--preset", "Evening",
                 "--minutes", "40"]) == 0
    assert routes[0].args["spec"] == TimerSpec(minutes=40, every=5, start_delay=10)
    assert routes[0].args["preset"] == "Evening"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["timer", "--minutes", "0.5"], "--minutes must be a number from 1 to 120, or 'open'"),
        (["timer", "--minutes", "abc"], "--minutes must be a number from 1 to 120, or 'open'"),
        (["timer", "--minutes", "20", "--every", "20"],
         "interval (20 min) must be shorter than the length (20 min)"),
        (["timer", "--every", "-2"], "--every must be more than 0 minutes"),
        (["timer", "--minutes", "30", "--marks", "5,x"], "--marks must be minutes separated"),
        (["timer", "--minutes", "30", "--marks", "25,5"], "bell marks must increase (25 then 5)"),
        (["timer", "--minutes", "10", "--marks", "5,25"], "bell mark 25 min is after the length"),
        (["timer", "--start-delay", "45"], "--start-delay must be a whole number of seconds"),
        (["timer", "--preset", "nope"], "no timer preset named 'nope' (presets: none saved yet)"),
    ],
)
def test_bad_values_give_one_line(args: list[str], expected: str,
                                  capsys: pytest.CaptureFixture[str],
                                  routes: list[StartRoute]) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("ebbtide: ") and expected in err
    assert len(err.strip().splitlines()) == 1
    assert routes == []
