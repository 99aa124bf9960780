from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ebbtide.core.keymap import check_keymap, key_problem, keymap_line
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


# -- the [keymap] table --------------------------------------------------------------

KNOWN = {"app.check_in", "app.help", "home.breathe"}


def test_keymap_table_is_kept_apart_from_settings_and_saved_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('volume = 20\n\n[keymap]\n"app.check_in" = "j"\n')
    result = load_settings(path)
    assert result.problems == []  # not an "unknown setting"
    assert result.keymap == {"app.check_in": "j"}
    save_settings(path, result.settings.with_changes(volume=30), result.keymap)
    again = load_settings(path)
    assert again.settings.volume == 30 and again.keymap == {"app.check_in": "j"}


def test_good_keymap_entries_are_used(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    result = check_keymap({"app.check_in": "j", "home.breathe": "b, ctrl+b"}, path, "", KNOWN)
    assert result.problems == []
    assert result.keymap == {"app.check_in": "j", "home.breathe": "b,ctrl+b"}


@pytest.mark.parametrize(
    ("entry", "line", "fragment"),
    [
        ('"app.chek_in" = "j"', 3, "no binding 'app.chek_in' (did you mean 'app.check_in'?)"),
        ('"app.check_in" = "ctrl+"', 3, "is not a key name"),
        ('"app.check_in" = "crtl+j"', 3, "'crtl' in 'crtl+j' is not a modifier"),
        ('"app.check_in" = "j,,k"', 3, "an empty key"),
        ('"app.check_in" = ""', 3, "no key given"),
        ('"app.check_in" = 5', 3, "should be text"),
        ('"app.check_in" = "Big Key"', 3, "is not a key name"),
    ],
)
def test_bad_keymap_entries_name_file_and_line_and_keep_the_default(
        tmp_path: Path, entry: str, line: int, fragment: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(f'theme = "high-contrast"\n[keymap]\n{entry}\n"app.help" = "h"\n')
    loaded = load_settings(path)
    result = check_keymap(loaded.keymap, path, loaded.text, KNOWN)
    [problem] = result.problems
    assert problem.startswith(f"{path}, line {line}: "), problem
    assert fragment in problem
    assert problem.endswith(("; ignored.", "; default key kept."))
    assert result.keymap == {"app.help": "h"}  # the good entry still applies


def test_keymap_that_is_not_a_table_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    result = check_keymap("j", path, 'keymap = "j"\n', KNOWN)
    assert result.keymap == {}
    assert result.problems == [f"{path}, line 1: 'keymap' should be a table of binding ids "
                               "and keys; default keys kept."]


def test_keymap_line_finds_inline_and_unquoted_entries() -> None:
    assert keymap_line('volume = 3\nkeymap."app.help" = "h"\n', "app.help") == 2
    assert keymap_line('keymap = { "app.help" = "h" }\n', "app.help") == 1
    assert keymap_line('[keymap]\n\n  app_x = "h"\n', "app_x") == 3


def test_key_problem_accepts_what_textual_binds() -> None:
    for keys in ("j", "f5", "ctrl+j", "shift+tab", "?", "question_mark", "ctrl+shift+up"):
        assert key_problem(keys) is None, keys
