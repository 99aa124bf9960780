"""Breathing patterns: the shipped library and the user's own TOML files."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from ebbtide.core.content.patterns import (
    SHIPPED_ORDER,
    Pattern,
    Phase,
    Source,
    delete_user_pattern,
    format_bpm,
    load_patterns,
    load_shipped_patterns,
    load_user_patterns,
    new_pattern_id,
    pattern_from_mapping,
    save_user_pattern,
    shipped_ids,
)
from ebbtide.core.errors import EbbtideError

VALID = """\
name = "Evening calm"
purpose = "Slow down before bed."
default_minutes = 5

[[phases]]
kind = "inhale"
seconds = 4

[[phases]]
kind = "exhale"
seconds = 7.5
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- shipped library --------------------------------------------------------------------


def test_every_promised_pattern_ships_with_its_rhythm() -> None:
    patterns = {p.id: p for p in load_shipped_patterns()}
    assert list(patterns) == list(SHIPPED_ORDER)
    assert {pid: p.rhythm for pid, p in patterns.items()} == {
        "gentle": "4-4",
        "resonance-6": "5-5",
        "resonance-5-5": "5.45-5.45",
        "extended-exhale": "4-6",
        "cyclic-sighing": "3+1-8",
        "box": "4-4-4-4",
        "4-7-8": "4-7-8",
    }


def test_breaths_per_minute_match_the_names() -> None:
    patterns = {p.id: p for p in load_shipped_patterns()}
    assert format_bpm(patterns["resonance-5-5"]) == "5.5"
    assert patterns["resonance-6"].breaths_per_minute == 6
    assert patterns["box"].cycle_seconds == 16
    assert format_bpm(patterns["4-7-8"]) == "3.16"


def test_cyclic_sighing_is_a_double_inhale_then_an_exhale_twice_as_long() -> None:
    sigh = {p.id: p for p in load_shipped_patterns()}["cyclic-sighing"]
    kinds = [p.kind for p in sigh.phases]
    assert kinds == ["inhale", "top-up", "exhale"]
    inhale_total = sigh.phases[0].seconds + sigh.phases[1].seconds
    assert sigh.phases[0].seconds > sigh.phases[1].seconds  # long inhale, short top-up
    assert sigh.phases[2].seconds == pytest.approx(2 * inhale_total)
    assert sigh.source is not None and "10.1016/j.xcrm.2022.100895" in sigh.source.url


def test_4_7_8_is_capped_for_beginners_with_an_honest_note() -> None:
    weil = {p.id: p for p in load_shipped_patterns()}["4-7-8"]
    assert weil.max_cycles_beginner == 4
    assert weil.beginner_warning(4) is None
    warning = weil.beginner_warning(5)
    assert warning is not None and "four" in warning
    assert weil.evidence is not None and "limited" in weil.evidence


def test_every_shipped_pattern_has_safety_and_a_source() -> None:
    for pattern in load_shipped_patterns():
        assert pattern.purpose and pattern.default_minutes >= 1
        assert pattern.source is not None and pattern.source.url.startswith("https://")
        assert any("dizzy" in note for note in pattern.safety), pattern.id
        holds_warning = any("pregnant" in note for note in pattern.safety)
        # The breath-hold caution appears exactly where there are holds.
        assert holds_warning == pattern.has_holds, pattern.id


# --- user patterns ----------------------------------------------------------------------


def test_a_valid_user_pattern_loads_next_to_the_shipped_ones(tmp_path: Path) -> None:
    write(tmp_path, "evening-calm.toml", VALID)
    result = load_patterns(tmp_path)
    assert result.problems == []
    mine = result.get("evening-calm")
    assert mine is not None and mine.is_user and mine.rhythm == "4-7.5"
    assert mine.safety == () and mine.source is None
    assert list(result.patterns)[: len(SHIPPED_ORDER)] == list(SHIPPED_ORDER)


def test_missing_folder_means_no_user_patterns(tmp_path: Path) -> None:
    result = load_user_patterns(tmp_path / "nope")
    assert len(result) == 0 and result.problems == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (VALID.replace("seconds = 4\n", "seconds = -2\n"),
         ["line 7:", "phase 1", "'seconds' cannot be negative (got -2)"]),
        (VALID.replace("seconds = 7.5", "seconds = 75"),
         ["line 11:", "phase 2", "at most 60 (got 75)"]),
        (VALID.replace("seconds = 4\n", "seconds = 0\n"),
         ["phase 1", "must be more than 0"]),
        (VALID.replace('kind = "exhale"', 'kind = "sigh"'),
         ["line 10:", "unknown kind 'sigh'"]),
        (VALID.replace("default_minutes = 5", "default_minutes = 5\ncolour = 'blue'"),
         ["line 4:", "unknown key 'colour'"]),
        (VALID.replace("seconds = 4\n", "seconds = 4\nsecs = 3\n"),
         ["line 8:", "phase 1: unknown key 'secs'"]),
        (VALID.replace('name = "Evening calm"\n', ""), ["'name' is missing"]),
        (VALID.replace("default_minutes = 5", "default_minutes = 500"),
         ["line 3:", "'default_minutes' must be between 1 and 120"]),
        ('name = "x"\npurpose = "y"\ndefault_minutes = 3\nphases = []\n',
         ["line 4:", "'phases' is empty"]),
        (VALID.replace("seconds = 4\n", "seconds = 0.5\n").replace("seconds = 7.5", "seconds = 1"),
         ["one cycle lasts 1.5 s"]),
        ('name = "x"\npurpose = "y"\ndefault_minutes = 3\n[[phases]]\nkind = "exhale"\n'
         'seconds = 4\n[[phases]]\nkind = "inhale"\nseconds = 4\n',
         ["phase 1 must be an 'inhale'"]),
        (VALID.replace("purpose =", "purpose = = "), ["line 2, column", "not valid TOML"]),
    ],
)
def test_bad_user_files_are_explained_and_skipped(tmp_path: Path, text: str,
                                                  expected: list[str]) -> None:
    bad = write(tmp_path, "bad-one.toml", text)
    write(tmp_path, "good-one.toml", VALID)
    result = load_user_patterns(tmp_path)
    assert [p.id for p in result] == ["good-one"]  # the others still load
    assert len(result.problems) >= 1
    message = result.problems[0]
    assert message.startswith(f"{bad}: ")
    for part in expected:
        assert part in message


def test_several_problems_in_one_file_are_all_reported(tmp_path: Path) -> None:
    text = VALID.replace("seconds = 4\n", "seconds = -1\n").replace("colour", "x")
    text = text.replace("default_minutes = 5", "default_minutes = 0\nspeed = 3")
    write(tmp_path, "many.toml", text)
    problems = load_user_patterns(tmp_path).problems
    assert len(problems) == 3
    assert any("'speed'" in p for p in problems)
    assert any("default_minutes" in p for p in problems)
    assert any("negative" in p for p in problems)


def test_a_user_file_cannot_shadow_a_shipped_pattern(tmp_path: Path) -> None:
    write(tmp_path, "box.toml", VALID)
    result = load_patterns(tmp_path)
    box = result.get("box")
    assert box is not None and not box.is_user
    assert len(result.problems) == 1
    assert "built-in" in result.problems[0] and "my-box.toml" in result.problems[0]


def test_file_names_must_be_usable_ids(tmp_path: Path) -> None:
    write(tmp_path, "Evening Calm.toml", VALID)
    result = load_user_patterns(tmp_path)
    assert len(result) == 0
    assert "evening-calm.toml" in result.problems[0]


def test_hidden_temporary_files_are_ignored(tmp_path: Path) -> None:
    write(tmp_path, ".evening.toml.abc.tmp.toml", "garbage = [")
    assert load_user_patterns(tmp_path).problems == []


def test_form_values_are_checked_with_keys_for_the_ui() -> None:
    data = {"name": "Mine", "purpose": "p", "default_minutes": 3,
            "phases": [{"kind": "inhale", "seconds": 61}, {"kind": "exhale", "seconds": 4}]}
    pattern, problems = pattern_from_mapping(data, "mine")
    assert pattern is None
    assert problems == [("phases[1].seconds", "phase 1: 'seconds' must be at most 60 (got 61)")]


# --- writing ----------------------------------------------------------------------------


def _mine(pid: str = "evening-calm", exhale: float = 6.0) -> Pattern:
    return Pattern(
        id=pid, name="Evening calm", purpose="Slow down before bed.",
        phases=(Phase("inhale", 4.0), Phase("hold", 1.5), Phase("exhale", exhale)),
        default_minutes=5, safety=("Stop if dizzy.",), source=Source("Me", "https://x.org"),
        origin="user",
    )


def test_create_update_delete_round_trip(tmp_path: Path) -> None:
    folder = tmp_path / "patterns"
    path = save_user_pattern(folder, _mine())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = load_user_patterns(folder).get("evening-calm")
    assert loaded is not None and loaded.rhythm == "4-1.5-6" and loaded.source == Source(
        "Me", "https://x.org")
    with pytest.raises(EbbtideError, match="already exists"):
        save_user_pattern(folder, _mine())
    save_user_pattern(folder, _mine(exhale=8.0), replace=True)
    updated = load_user_patterns(folder).get("evening-calm")
    assert updated is not None and updated.rhythm == "4-1.5-8"
    delete_user_pattern(folder, "evening-calm")
    assert len(load_user_patterns(folder)) == 0
    with pytest.raises(EbbtideError, match="no pattern"):
        delete_user_pattern(folder, "evening-calm")


def test_users_cannot_save_over_or_delete_shipped_patterns(tmp_path: Path) -> None:
    with pytest.raises(EbbtideError, match="built-in"):
        save_user_pattern(tmp_path, _mine("box"))
    with pytest.raises(EbbtideError, match="built-in"):
        delete_user_pattern(tmp_path, "4-7-8")


def test_invalid_patterns_are_not_written(tmp_path: Path) -> None:
    with pytest.raises(EbbtideError, match="at most 60"):
        save_user_pattern(tmp_path, _mine(exhale=90.0))
    assert not (tmp_path / "evening-calm.toml").exists()


def test_new_ids_come_from_the_name_and_never_collide() -> None:
    taken = set(shipped_ids()) | {"evening-calm"}
    assert new_pattern_id("Évening  Calm!", taken) == "evening-calm-2"
    assert new_pattern_id("Box", taken) == "box-2"
    assert new_pattern_id("???", taken) == "my-pattern"
