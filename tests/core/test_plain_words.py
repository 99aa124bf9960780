"""People see titles and correct plurals, never ids or '1 days'."""

from __future__ import annotations

from datetime import date

import pytest

from ebbtide.core.content.titles import practice_title, readable_id, shipped_titles
from ebbtide.core.health.insights import SideEffectDays
from ebbtide.core.report.cells import effect_text
from ebbtide.core.text import plural


@pytest.mark.parametrize(("count", "expected"), [
    (0, "0 days"), (1, "1 day"), (2, "2 days"), (1500, "1,500 days")])
def test_plural_counts_days(count: int, expected: str) -> None:
    assert plural(count, "day") == expected


def test_plural_takes_an_irregular_form() -> None:
    assert plural(1, "entry", "entries") == "1 entry"
    assert plural(3, "entry", "entries") == "3 entries"


def test_practices_are_named_by_their_titles() -> None:
    assert practice_title("meditate", "body-scan-10") == "Body scan (10 minutes)"
    assert practice_title("breathe", "box") == "Box breathing"
    assert practice_title("timer", "timer") == "Bell timer"
    assert "body-scan-10" not in shipped_titles().values()


def test_an_unknown_id_is_made_readable() -> None:
    assert practice_title("breathe", "my-calm_breath") == "My calm breath"
    assert readable_id("") == "Practice"
    assert practice_title("breathe", "mine", {"mine": "My own"}) == "My own"


def test_one_day_of_a_side_effect_is_singular() -> None:
    one = SideEffectDays(name="nausea", days=1, entries=1, worst="mild", urgent=False,
                         first=date(2026, 6, 1), last=date(2026, 6, 1))
    assert effect_text(one)[1].startswith("1 day, worst mild")
