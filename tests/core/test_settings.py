from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ebbtide.core.settings import Settings, load_settings, save_settings, validate_setting


def test_missing_file_gives_defaults_and_is_writable(tmp_path: Path) -> None:
    result = load_settings(tmp_path / "settings.toml")
    assert result.settings == Settings()
    assert result.problems == []
    assert result.writable


def test_round_trip_is_private_and_atomic(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "settings.toml"
    wanted = Settings(theme="high-contrast", volume=25, reduced_motion=True, start_delay=0)
    save_settings(path, wanted)
    assert load_settings(path).settings == wanted
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["settings.toml"]  # no temp left


def test_broken_toml_names_file_and_line_and_is_not_overwritable(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    original = 'theme = "nord"\nvolume = = 3\n'
    path.write_text(original)
    result = load_settings(path)
    assert result.settings == Settings()
    assert not result.writable
    [problem] = result.problems
    assert str(path) in problem and "line 2" in problem
    assert path.read_text() == original


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("volume = 400\n", "'volume' = 400 is outside 0–100"),
        ("volume = true\n", "'volume' should be a whole number"),
        ("sound = 'yes'\n", "'sound' should be true or false"),
        ("colour = 'red'\n", "unknown setting 'colour'"),
        ("paper = 'a5'\n", "'paper' = 'a5' is not one of a4, letter; using default"),
    ],
)
def test_bad_values_fall_back_per_key(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text + "start_delay = 9\n")
    result = load_settings(path)
    assert any(fragment in p for p in result.problems), result.problems
    assert result.settings.start_delay == 9  # good keys still apply
    assert result.writable


def test_paper_is_a4_or_letter(tmp_path: Path) -> None:
    assert Settings().paper == "a4"
    path = tmp_path / "settings.toml"
    path.write_text('paper = "letter"\n')
    assert load_settings(path).settings.paper == "letter"
    assert validate_setting("paper", "letter") is None
    assert validate_setting("paper", "A5") == "paper must be one of a4, letter"


def test_validate_setting_messages() -> None:
    assert validate_setting("volume", 50) is None
    assert validate_setting("volume", 101) == "volume must be between 0 and 100"
    assert validate_setting("start_delay", -1) == "start_delay must be between 0 and 30"
    assert validate_setting("nope", 1) == "unknown setting 'nope'"


def test_unreadable_settings_file_is_reported(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        path = tmp_path / "settings.toml"
        path.mkdir()  # a folder where the file should be: unreadable even for root
    else:
        path = tmp_path / "settings.toml"
        path.write_text("volume = 3\n")
        path.chmod(0)
    result = load_settings(path)
    assert result.settings == Settings()
    assert not result.writable
    assert "cannot read" in result.problems[0]
