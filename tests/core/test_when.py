"""Times as people type them: `core.when.parse_when` with an injected `now`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ebbtide.core.errors import InvalidEntry
from ebbtide.core.journal.values import parse_at
from ebbtide.core.when import AmbiguousTime, parse_when

ZONE = timezone(timedelta(hours=2))  # fixed offset: no DST, not the test machine's zone
# Wednesday 3 June 2026, 21:10 (+02:00)
NOW = datetime(2026, 6, 3, 21, 10, 30, tzinfo=ZONE)


def at(day: int, hour: int, minute: int, month: int = 6) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=ZONE)


@pytest.mark.parametrize(("text", "expected"), [
    ("21:00", at(3, 21, 0)),
    ("08:30", at(3, 8, 30)),
    ("22:00", at(2, 22, 0)),            # later than now today: last night
    ("yesterday 21:00", at(2, 21, 0)),
    ("Yesterday at 21:00", at(2, 21, 0)),
    ("today 7am", at(3, 7, 0)),
    ("today 7:15 pm", at(3, 19, 15)),
    ("7pm", at(3, 19, 0)),
    ("yesterday 8:30am", at(2, 8, 30)),
    ("mon 8:30am", at(1, 8, 30)),
    ("monday 20:30", at(1, 20, 30)),
    ("sun 08:30", at(31, 8, 30, month=5)),
    ("last wed 08:30", at(27, 8, 30, month=5)),
    ("wed 22:00", at(27, 22, 0, month=5)),  # today's 22:00 is ahead: a week ago
    ("last night 23:30", at(2, 23, 30)),
    ("last night 11:30pm", at(2, 23, 30)),
    ("last night 9:30", at(2, 21, 30)),  # only 21:30 is at night
    ("last night 1:00", at(3, 1, 0)),
    ("yesterday noon", at(2, 12, 0)),
    ("yesterday midnight", at(2, 0, 0)),
    ("2 days ago", at(1, 21, 10)),
    ("a week ago", at(27, 21, 10, month=5)),
    ("3 hours ago", at(3, 18, 10)),
    ("90 min ago", at(3, 19, 40)),
    ("10 minutes ago", at(3, 21, 0)),
    ("12:15", at(3, 12, 15)),
    ("10:30", at(3, 10, 30)),
    ("now", NOW.replace(microsecond=0)),
    ("today", NOW.replace(microsecond=0)),
    ("2026-06-01T08:30", at(1, 8, 30)),
    ("2026-06-01 08:30", at(1, 8, 30)),
    ("2026-06-01T06:30+00:00", datetime(2026, 6, 1, 6, 30, tzinfo=UTC)),
])
def test_reads_what_people_type(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW) == expected
    assert parse_at(text, NOW) == expected


def test_a_time_stays_in_nows_zone() -> None:
    reading = parse_when("yesterday 21:00", NOW)
    assert reading.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize(("text", "readings"), [
    ("8:30", ("08:30", "20:30")),
    ("yesterday 8:30", ("08:30", "20:30")),
    ("mon 9:00", ("09:00", "21:00")),
    ("yesterday 1:05", ("01:05", "13:05")),
])
def test_an_hour_without_am_pm_asks_when_both_have_passed(text: str,
                                                          readings: tuple[str, str]) -> None:
    with pytest.raises(AmbiguousTime) as caught:
        parse_when(text, NOW)
    message = str(caught.value)
    assert all(reading in message for reading in readings)
    assert "am/pm" in message
    assert caught.value.field == "at"
    assert {r.strftime("%H:%M") for r in caught.value.readings} == set(readings)


def test_an_hour_without_am_pm_is_plain_when_only_one_has_passed() -> None:
    morning = datetime(2026, 6, 3, 10, 0, tzinfo=ZONE)
    assert parse_when("8:30", morning) == at(3, 8, 30)
    assert parse_when("9:30", morning) == at(3, 9, 30)


def test_todays_weekday_asks_today_or_a_week_ago() -> None:
    with pytest.raises(AmbiguousTime) as caught:
        parse_when("wed 08:30", NOW)
    message = str(caught.value)
    assert "today (Wed 3 Jun)" in message and "a week ago (Wed 27 May)" in message
    assert "'today 08:30'" in message and "'last wed 08:30'" in message
    assert parse_when("today 08:30", NOW) == at(3, 8, 30)


@pytest.mark.parametrize(("text", "says"), [
    ("today 23:00", "future"),
    ("2999-01-01T08:00", "future"),
    ("yesterday", "yesterday at what time"),
    ("last night", "last night at what time"),
    ("last night 14:00", "not at night"),
    ("last night 11:30", "not at night"),
    ("25:00", "cannot read"),
    ("8:61", "cannot read"),
    ("yesterday-ish", "cannot read"),
    ("tomorrow 8am", "cannot read"),
    ("13pm", "cannot read"),
    ("8", "cannot read"),
    ("2026-13-01", "cannot read the date"),
    ("", "say when"),
    ("9999 weeks ago", "too far in the past"),
])
def test_unreadable_or_future_input_says_why(text: str, says: str) -> None:
    with pytest.raises(InvalidEntry, match=says):
        parse_when(text, NOW)


def test_examples_are_offered_when_the_words_are_unknown() -> None:
    with pytest.raises(InvalidEntry, match="yesterday 21:00"):
        parse_when("the other day", NOW)


def test_a_naive_now_is_read_as_local() -> None:
    naive = datetime(2026, 6, 3, 21, 10)
    assert parse_when("21:00", naive).tzinfo is not None


def test_yesterday_across_a_clock_change_uses_that_days_offset() -> None:
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        london = zoneinfo.ZoneInfo("Europe/London")
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("no tz database")
    # Clocks went back at 02:00 on Sun 25 Oct 2026: BST (+1) on Saturday, GMT (+0) Monday.
    monday = datetime(2026, 10, 26, 9, 0, tzinfo=london)
    saturday = parse_when("sat 21:00", monday)
    assert saturday.utcoffset() == timedelta(hours=1)
    assert saturday.astimezone(UTC).hour == 20
    assert parse_when("2 days ago", monday).utcoffset() == timedelta(hours=1)


@settings(max_examples=300)
@given(st.text(max_size=30))
def test_never_crashes_and_never_accepts_the_future(text: str) -> None:
    try:
        reading = parse_when(text, NOW)
    except InvalidEntry as exc:
        assert "\n" not in str(exc)
    else:
        assert reading.tzinfo is not None and reading <= NOW + timedelta(minutes=5)


@given(st.sampled_from(["", "yesterday ", "mon ", "last sun ", "today "]),
       st.integers(0, 23), st.integers(0, 59))
def test_two_digit_hours_never_ask(day: str, hour: int, minute: int) -> None:
    try:
        reading = parse_when(f"{day}{hour:02d}:{minute:02d}", NOW)
    except AmbiguousTime:
        assert day == ""  # impossible: reported below
        raise
    except InvalidEntry as exc:
        assert "future" in str(exc)
    else:
        assert (reading.hour, reading.minute) == (hour, minute)
