"""The bell timer's form without a screen: typed text becomes a spec or a message on the
field it is about, a spec fills the form back, and the preview says when bells ring."""

from __future__ import annotations

import pytest

from ebbtide.core.practice.bell_timer import TimerSpec
from ebbtide.core.practice.timer_setup import bell_plan, read_spec, spec_fields


def test_reading_the_form() -> None:
    spec, errors = read_spec("20", False, "", True, True, "5", "7.5, 12")
    assert errors == {} and spec == TimerSpec(minutes=20, start_delay=0, every=5,
                                             marks=(7.5, 12))
    spec, errors = read_spec("", True, "10", True, False, "", "")
    assert spec == TimerSpec(minutes=None, start_delay=10, end_bell=False)
    spec, errors = read_spec("500", False, "2.5", True, True, "600", "5, x")
    assert spec is None
    assert set(errors) == {"start-delay", "marks"}
    spec, errors = read_spec("500", False, "2", True, True, "0", "3, 2")
    assert errors["minutes"].startswith("Length must be 1–120 minutes")
    assert errors["every"].startswith("Interval must be more than 0")
    assert errors["marks"].startswith("Bell marks must increase")


def test_bell_plan_lists_when_bells_ring() -> None:
    assert bell_plan(TimerSpec(minutes=1, marks=(0.25, 0.5))) == \
        "Bells at 0:00, 0:15, 0:30, 1:00 (4 bells)."
    assert bell_plan(TimerSpec(minutes=5, start_bell=False, end_bell=False)) == \
        "No bells: a silent timer."
    assert bell_plan(TimerSpec(minutes=None, every=10)) == \
        "Bells at 0:00, 10:00, 20:00, 30:00, 40:00, 50:00, 1:00:00 …; the timer runs until " \
        "you stop."
    assert "…" in bell_plan(TimerSpec(minutes=60, every=1))


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "ten", "1e400"])
def test_numbers_that_are_not_finite_are_explained(text: str) -> None:
    spec, errors = read_spec(text, False, "", True, True, text, text)
    assert spec is None
    assert set(errors) == {"minutes", "every", "marks"}
    assert errors["marks"] == f"'{text}' is not a number of minutes; write e.g. 5, 25, 30"


def test_blank_fields_mean_none_and_marks_split_on_commas_and_spaces() -> None:
    spec, errors = read_spec(" 10 ", False, "  ", False, True, "", "2;4 6,, 8")
    assert errors == {}
    assert spec == TimerSpec(minutes=10, start_delay=0, start_bell=False, every=None,
                             marks=(2, 4, 6, 8))


def test_a_fractional_start_delay_is_refused() -> None:
    _, errors = read_spec("10", False, "1.5", True, True, "", "")
    assert errors == {"start-delay": "start delay must be a whole number of seconds, 0–30"}


def test_spec_fields_fill_the_form_back_to_the_same_spec() -> None:
    spec = TimerSpec(minutes=12.5, start_delay=5, start_bell=True, end_bell=False, every=2.5,
                     marks=(1, 7.5))
    fields = spec_fields(spec)
    assert fields == {"minutes": "12.5", "start-delay": "5", "every": "2.5", "marks": "1, 7.5"}
    again, errors = read_spec(fields["minutes"], False, fields["start-delay"], True, False,
                              fields["every"], fields["marks"])
    assert errors == {} and again == spec


def test_an_open_ended_spec_leaves_length_and_optional_fields_blank() -> None:
    assert spec_fields(TimerSpec(minutes=None)) == \
        {"minutes": "", "start-delay": "0", "every": "", "marks": ""}


def test_a_long_plan_shows_the_first_bells_and_the_last() -> None:
    assert bell_plan(TimerSpec(minutes=20, every=1)) == (
        "Bells at 0:00, 1:00, 2:00, 3:00, 4:00, 5:00, …, 20:00 (21 bells).")
    assert bell_plan(TimerSpec(minutes=None, marks=(90,))) == (
        "Bells at 0:00, 1:30:00; the timer runs until you stop.")
