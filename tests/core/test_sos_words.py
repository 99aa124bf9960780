"""The SOS minute's words: the shipped file loads into six 10-second steps that follow the
session's active time, and a broken file is named with its line."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from ebbtide.core.content.sos_words import load_sos_words
from ebbtide.core.errors import ContentError

GOOD = """name = "SOS minute"
purpose = "Words for a minute."
minutes = 1
source = { name = "A study", url = "https://example.org/study" }

[[steps]]
seconds = 20
text = "First words."

[[steps]]
seconds = 40
text = "Second words."
"""


def test_the_shipped_words_fill_the_minute_in_six_steps() -> None:
    words = load_sos_words()
    assert words.seconds == 60
    assert words.starts == (0, 10, 20, 30, 40, 50)
    assert words.texts[0].startswith("You are here.")
    assert "a crisis line is there for you" in words.texts[-1]


def test_the_step_follows_active_seconds_and_the_last_holds_to_the_end(
        tmp_path: Path) -> None:
    path = tmp_path / "sos-minute.toml"
    path.write_text(GOOD)
    words = load_sos_words(path)
    assert [words.step_at(t) for t in (0, 19.9, 20, 59, 60, 75)] == [0, 0, 1, 1, 1, 1]
    assert words.seconds_to_next(5) == 15
    assert math.isinf(words.seconds_to_next(20))
    assert words.timed() == [(0, "First words."), (20, "Second words.")]


def test_steps_that_do_not_fill_the_minute_are_named_at_the_minutes_line(
        tmp_path: Path) -> None:
    path = tmp_path / "sos-minute.toml"
    path.write_text(GOOD.replace("seconds = 40", "seconds = 30"))
    with pytest.raises(ContentError, match=r"sos-minute\.toml, line 3: 'minutes' is 1, but "
                                           r"the steps add up to 50 seconds"):
        load_sos_words(path)


def test_a_mistake_in_a_step_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "sos-minute.toml"
    path.write_text(GOOD.replace('text = "Second words."', "text = 5"))
    with pytest.raises(ContentError, match=r"sos-minute\.toml, line 12: 'steps\[2\]\.text'"):
        load_sos_words(path)


@pytest.mark.parametrize(("content", "problem"), [
    (b"\xff\xfe", "not UTF-8"), (b"minutes = [", "line 1"), (None, "cannot read")])
def test_an_unreadable_file_is_a_clear_message(tmp_path: Path, content: bytes | None,
                                              problem: str) -> None:
    path = tmp_path / "sos-minute.toml"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ContentError, match=problem):
        load_sos_words(path)
