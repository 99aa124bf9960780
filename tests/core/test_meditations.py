"""Meditation scripts: every shipped script loads and reads well; broken scripts are reported
with file, line, key and problem; scaling keeps steps readable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ebbtide.core.content.meditations import (
    MIN_STEP_SECONDS,
    Script,
    Source,
    Step,
    check_script,
    load_script,
    load_scripts,
    meditations_dir,
    parse_script,
)
from ebbtide.core.errors import ContentError, EbbtideError

REQUIRED = {
    "body-scan-10", "body-scan-20", "pmr", "pmr-release-only", "grounding-5-4-3-2-1",
    "breath-awareness", "sleep-wind-down", "loving-kindness",
}


# --------------------------------------------------------------------------- shipped


def test_every_shipped_script_loads_without_problems() -> None:
    library = load_scripts()
    assert library.problems == []
    assert set(library.scripts) >= REQUIRED
    for path in meditations_dir().glob("*.toml"):
        assert load_script(path).id == path.stem


@pytest.mark.parametrize("script_id", sorted(REQUIRED))
def test_shipped_script_reads_calmly_and_opens_and_closes_with_a_bell(script_id: str) -> None:
    script = load_scripts().get(script_id)
    assert script.steps[0].bell and script.steps[-1].bell
    assert script.source.url.startswith("https://")
    assert "\n" not in script.purpose and len(script.purpose) <= 100
    for step in script.steps:
        # long enough to read (about 3 words a second) and then do; never a wall of text
        words = len(step.text.split())
        assert 20 <= step.seconds <= 90, (script_id, step.text)
        assert step.seconds >= words / 3 + 10, (script_id, step.text)
        assert words <= 45, (script_id, step.text)
    assert abs(script.total_seconds - script.minutes * 60) <= 30


def test_lengths_match_what_the_menu_promises() -> None:
    library = load_scripts()
    assert library.get("body-scan-10").minutes == 10
    assert library.get("body-scan-20").minutes == 20
    assert 3 <= library.get("grounding-5-4-3-2-1").minutes <= 5
    assert library.get("breath-awareness").minutes == 10
    assert library.get("sleep-wind-down").minutes == 15
    assert library.get("loving-kindness").minutes == 10


def test_pmr_warns_first_about_muscles_that_spasm_or_cramp() -> None:
    pmr = load_scripts().get("pmr")
    first = pmr.notes[0].lower()
    assert "skip tensing" in first and "spasm" in first and "cramp" in first
    assert "pmr-release-only" in first
    assert "jacobson" in pmr.source.name.lower()
    # the reminder is repeated inside the session, where it matters
    assert any("spasm or cramp" in step.text for step in pmr.steps[:2])


def test_release_only_never_asks_you_to_tense() -> None:
    script = load_scripts().get("pmr-release-only")
    for step in script.steps:
        text = step.text.lower()
        assert not re.search(r"\b(squeeze|clench|tighten your|hold\.\.\.)", text), step.text
    assert any("spasticity" in note.lower() for note in script.notes)


def test_sources_name_the_technique_origin() -> None:
    library = load_scripts()
    assert "Kabat-Zinn" in library.get("body-scan-10").source.name
    assert "Kabat-Zinn" in library.get("body-scan-20").source.name
    assert "Öst" in library.get("pmr-release-only").source.name
    assert "Hofmann" in library.get("loving-kindness").source.name
    assert "Salzberg" in library.get("loving-kindness").source.name


def test_unknown_id_names_the_known_ones() -> None:
    with pytest.raises(EbbtideError, match=r"unknown meditation 'nope'.*body-scan-10"):
        load_scripts().get("nope")


# --------------------------------------------------------------------------- validation

GOOD = """\
name = "Tiny"
purpose = "A test script."
minutes = 1
source = { name = "Test", url = "https://example.org/" }

[[steps]]
bell = true
seconds = 30
text = "Open."

[[steps]]
seconds = 30
text = "Close."
"""


def _problems(text: str, name: str = "tiny.toml") -> list[str]:
    script, problems = check_script(text, Path("/scripts") / name)
    assert script is None
    return [str(p) for p in problems]


def test_a_good_script_parses_into_steps() -> None:
    script = parse_script(GOOD, Path("tiny.toml"))
    assert script == Script(id="tiny", name="Tiny", purpose="A test script.", minutes=1.0,
                            source=Source("Test", "https://example.org/"),
                            steps=(Step("Open.", 30.0, True), Step("Close.", 30.0, False)))


def test_missing_text_names_file_line_and_key() -> None:
    text = GOOD.replace('text = "Close."', "")
    (problem,) = _problems(text)
    assert problem.startswith("/scripts/tiny.toml, line 11: 'steps[2].text' is missing")


def test_non_positive_seconds_is_refused_with_its_line() -> None:
    (problem,) = _problems(GOOD.replace("seconds = 30\ntext = \"Close.\"",
                                        "seconds = 0\ntext = \"Close.\""))
    assert "line 12: 'steps[2].seconds' should be more than 0" in problem


def test_durations_and_marks_cannot_be_mixed() -> None:
    text = GOOD.replace("seconds = 30\ntext = \"Close.\"", "at = 30\ntext = \"Close.\"")
    (problem,) = _problems(text)
    assert "line 11" in problem and "mix durations ('seconds') and time marks ('at')" in problem


def test_marks_must_increase() -> None:
    text = GOOD.replace("seconds = 30\ntext = \"Open.\"", "at = 0\ntext = \"Open.\"").replace(
        "seconds = 30\ntext = \"Close.\"", "at = 0\ntext = \"Close.\"")
    (problem,) = _problems(text)
    assert "line 12: 'steps[2].at' should be later than the mark before it" in problem


def test_marks_give_durations_and_the_last_step_runs_to_minutes() -> None:
    text = GOOD.replace("minutes = 1", "minutes = 2").replace(
        "seconds = 30\ntext = \"Open.\"", "at = 0\ntext = \"Open.\"").replace(
        "seconds = 30\ntext = \"Close.\"", 'at = "1:15"\ntext = "Close."')
    script = parse_script(text, Path("marks.toml"))
    assert [s.seconds for s in script.steps] == [75.0, 45.0]


def test_unknown_keys_are_named() -> None:
    text = GOOD.replace('minutes = 1\n', 'minutes = 1\nauthor = "me"\n').replace(
        "bell = true", "bell = true\nvolume = 3")
    problems = _problems(text)
    assert any("line 4: 'author' is not a known key" in p for p in problems)
    assert any("line 9: 'steps[1].volume' is not a known key" in p for p in problems)


def test_a_total_far_from_minutes_is_refused() -> None:
    (problem,) = _problems(GOOD.replace("minutes = 1", "minutes = 5"))
    assert "line 3: 'minutes' is 5, but the steps add up to 1:00" in problem


def test_toml_syntax_error_gives_line() -> None:
    (problem,) = _problems(GOOD.replace('name = "Tiny"', 'name = "Tiny'))
    assert problem.startswith("/scripts/tiny.toml, line 1")


def test_several_problems_are_all_collected_and_raising_counts_them() -> None:
    text = GOOD.replace('purpose = "A test script."\n', "").replace("seconds = 30", "seconds = -1")
    problems = _problems(text)
    assert len(problems) == 3
    with pytest.raises(ContentError, match=r"\(and 2 more problems\)"):
        parse_script(text, Path("tiny.toml"))


def test_a_broken_file_is_left_out_and_reported_while_others_load(tmp_path: Path) -> None:
    (tmp_path / "good.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.toml").write_text(GOOD.replace("seconds = 30", "seconds = 'x'", 1),
                                       encoding="utf-8")
    library = load_scripts(tmp_path)
    assert list(library.scripts) == ["good"]
    (problem,) = library.problems
    assert str(problem).startswith(f"{tmp_path / 'bad.toml'}, line 8: 'steps[1].seconds'")


# --------------------------------------------------------------------------- scaling


def test_scaling_stretches_proportionally_to_exactly_n_minutes() -> None:
    script = load_scripts().get("body-scan-10")
    longer = script.scaled(15)
    assert longer.total_seconds == 900
    assert [s.bell for s in longer.steps] == [s.bell for s in script.steps]
    ratio = [b.seconds / a.seconds for a, b in zip(script.steps, longer.steps, strict=True)]
    assert all(abs(r - 1.5) < 0.05 for r in ratio)


def test_shrinking_keeps_every_step_at_least_ten_seconds() -> None:
    script = load_scripts().get("body-scan-20")
    short = script.scaled(4)
    assert short.total_seconds == 240
    assert min(s.seconds for s in short.steps) >= MIN_STEP_SECONDS
    assert all(float(s.seconds).is_integer() for s in short.steps)


def test_too_short_a_length_names_the_shortest_possible() -> None:
    with pytest.raises(EbbtideError, match="'pmr' has 17 steps and cannot be shorter than 3"):
        load_scripts().get("pmr").scaled(2)
