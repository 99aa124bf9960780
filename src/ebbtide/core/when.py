"""When something happened, as people type it: "yesterday 21:00", "mon 8:30am", "2 days ago".

Pure and stdlib-only (`ebbtide log` imports it at start-up). `now` is injected. A reading
is always in the past (or a few minutes ahead, see FUTURE_TOLERANCE); when the words allow
two past readings the parser raises `AmbiguousTime` naming both, never guessing.

Accepted: ISO (`2024-05-01T08:30`, `2024-05-01 08:30`, with or without an offset), `now`,
`N minutes|hours|days|weeks ago`, and an optional day followed by a time: the day is
`today`, `yesterday`, `last night`, a weekday (`mon`, `monday`; `last mon` for strictly
before today); the time is `21:00`, `08:30`, `8:30`, `7am`, `7:30 pm`, `noon`, `midnight`.
A time without a day is today, or yesterday when today's is still ahead. `8:30` (a one-digit
hour, no am/pm) is 08:30 or 20:30: both past on that day asks."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

from ebbtide.core.clock import FUTURE_TOLERANCE
from ebbtide.core.errors import InvalidEntry
from ebbtide.core.text import inert

EXAMPLES = "try 21:00, yesterday 21:00, mon 8:30am, 2 days ago or 2024-05-01 08:30"

WEEKDAYS = {"mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2,
            "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4,
            "friday": 4, "sat": 5, "saturday": 5, "sun": 6, "sunday": 6}
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_UNITS = {"m": "minutes", "min": "minutes", "mins": "minutes", "minute": "minutes",
          "minutes": "minutes", "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours",
          "hours": "hours", "d": "days", "day": "days", "days": "days", "w": "weeks",
          "week": "weeks", "weeks": "weeks"}
_AGO = re.compile(r"(\d{1,4}|an?|one)\s*([a-z]+)\s+ago")
_CLOCK = re.compile(r"(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?")


class AmbiguousTime(InvalidEntry):
    """The words fit two past moments; `readings` holds both, the message names them."""

    def __init__(self, message: str, readings: tuple[datetime, ...]) -> None:
        super().__init__("at", message)
        self.readings = readings


def parse_when(text: str, now: datetime) -> datetime:
    """The moment `text` names, aware, in `now`'s zone; InvalidEntry if unreadable, in the
    future, or (AmbiguousTime) when two readings fit."""
    now = now if now.tzinfo is not None else now.astimezone()
    words = " ".join(text.strip().lower().replace(",", " ").split())
    if not words:
        raise InvalidEntry("at", f"say when: {EXAMPLES}")
    at = _iso(text.strip(), now)
    if at is None:
        at = _relative(words, now)
    if at is None:
        raise InvalidEntry("at", f"cannot read the time '{inert(text, 40)}': {EXAMPLES}")
    return _not_future(at, now)


def _not_future(at: datetime, now: datetime) -> datetime:
    if at.year < 1900:
        raise InvalidEntry("at", "that date is too far in the past")
    if at > now + FUTURE_TOLERANCE:
        raise InvalidEntry("at", f"{at.strftime('%Y-%m-%d %H:%M')} is in the future")
    return at


def _iso(raw: str, now: datetime) -> datetime | None:
    if not re.match(r"\d{4}-\d{2}-\d{2}", raw):
        return None
    try:
        at = datetime.fromisoformat(raw)
    except (ValueError, OverflowError):
        raise InvalidEntry("at", f"cannot read the date '{inert(raw, 40)}': "
                                 "use e.g. 2024-05-01 08:30") from None
    return at if at.tzinfo is not None else _local(at.date(), at.time(), now)


def _local(day: date, clock: time, now: datetime) -> datetime:
    """`day` at `clock` on the wall clock `now` lives on, the UTC offset of that day included
    when the zone has rules (zoneinfo, or the machine's own zone `now` came from)."""
    naive = datetime.combine(day, clock)
    zone = now.tzinfo
    if isinstance(zone, timezone):
        machine = now.replace(tzinfo=None).astimezone()
        if machine.utcoffset() == now.utcoffset():
            try:
                return naive.astimezone()
            except (OverflowError, OSError, ValueError):
                pass
    return naive.replace(tzinfo=zone)


def _relative(words: str, now: datetime) -> datetime | None:
    if words in ("now", "just now"):
        return now.replace(microsecond=0)
    ago = _AGO.fullmatch(words)
    if ago is not None:
        return _ago(ago.group(1), ago.group(2), now)
    words = words.removeprefix("at ")
    day_words, clock_words = _split_day(words)
    if day_words is None:
        return None
    clock = _clock(clock_words.removeprefix("at ").strip())
    if clock is None:
        if clock_words:
            return None
        if day_words == "today":
            return now.replace(microsecond=0)
        raise InvalidEntry("at", f"{day_words} at what time? e.g. '{day_words} 21:00'")
    return _on_day(day_words, clock, now, words)


def _ago(count_text: str, unit_text: str, now: datetime) -> datetime | None:
    unit = _UNITS.get(unit_text)
    if unit is None:
        return None
    count = 1 if not count_text.isdigit() else int(count_text)
    try:
        if unit in ("days", "weeks"):
            days = count * (7 if unit == "weeks" else 1)
            moment = _local(now.date() - timedelta(days=days), now.time(), now)
        else:
            moment = now - timedelta(**{unit: count})
        return moment.replace(second=0, microsecond=0)
    except (OverflowError, ValueError):
        raise InvalidEntry("at", "that date is too far in the past") from None


def _split_day(words: str) -> tuple[str | None, str]:
    """('yesterday', '21:00') from 'yesterday 21:00'; ('', ...) when no day is given;
    (None, ...) when the first words are not a day or a time."""
    for day in ("last night", "today", "tonight", "yesterday"):
        if words == day or words.startswith(day + " "):
            return day, words[len(day):].strip()
    first, _, rest = words.partition(" ")
    if first == "last":
        name, _, rest = rest.partition(" ")
        return ("last " + name, rest) if name in WEEKDAYS else (None, words)
    if first in WEEKDAYS:
        return first, rest
    return "", words


_NAMED = {"noon": (12, 0, True), "midday": (12, 0, True), "midnight": (0, 0, True)}


def _clock(words: str) -> tuple[list[time], str] | None:
    """The candidate times `words` can mean, and how to write each unambiguously."""
    if words in _NAMED:
        hour, minute, _ = _NAMED[words]
        return [time(hour, minute)], words
    match = _CLOCK.fullmatch(words)
    if match is None:
        return None
    hour_text, minute_text, half = match.groups()
    hour, minute = int(hour_text), int(minute_text or 0)
    if minute > 59 or hour > 23 or (minute_text is None and half is None):
        return None
    if half is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.startswith("p") else 0)
        return [time(hour, minute)], words
    if len(hour_text) == 1 and hour >= 1:
        return [time(hour, minute), time(hour + 12, minute)], words
    return [time(hour, minute)], words


def _on_day(day_words: str, clock: tuple[list[time], str], now: datetime,
            said: str) -> datetime:
    times, clock_text = clock
    today = now.date()
    if day_words in ("today", "tonight"):
        return _pick([[_local(today, t, now) for t in times]], now, said)
    if day_words == "yesterday":
        return _pick([[_local(today - timedelta(days=1), t, now) for t in times]], now, said)
    if day_words == "last night":
        night = [t for t in times if t.hour >= 18 or t.hour < 6]
        if not night:
            raise InvalidEntry("at", f"{clock_text} is not at night: try 'yesterday "
                                     f"{clock_text}'")
        return _pick([[_local(today - timedelta(days=1 if t.hour >= 12 else 0), t, now)
                       for t in night]], now, said)
    if day_words == "":
        return _pick([[_local(today - timedelta(days=back), t, now) for t in times]
                      for back in (0, 1)], now, said)
    weekday = WEEKDAYS[day_words.removeprefix("last ")]
    back = (today.weekday() - weekday) % 7
    if day_words.startswith("last "):
        back = back or 7
    elif back == 0:
        return _today_or_week_ago(day_words, times, clock_text, now, said)
    return _pick([[_local(today - timedelta(days=back), t, now) for t in times]], now, said)


def _today_or_week_ago(day_words: str, times: list[time], clock_text: str, now: datetime,
                       said: str) -> datetime:
    """'mon 8:30am' said on a Monday: today's if it is still ahead means a week ago."""
    today = [_local(now.date(), t, now) for t in times]
    week_ago = [_local(now.date() - timedelta(days=7), t, now) for t in times]
    if not any(at <= now + FUTURE_TOLERANCE for at in today):
        return _pick([week_ago], now, said)
    readings = (*[at for at in today if at <= now + FUTURE_TOLERANCE][:1], *week_ago[:1])
    raise AmbiguousTime(
        f"'{inert(said, 40)}' could be today ({_day(now.date())}) or a week ago "
        f"({_day(now.date() - timedelta(days=7))}): type 'today {clock_text}' or "
        f"'last {day_words} {clock_text}'", readings)


def _pick(days: list[list[datetime]], now: datetime, said: str) -> datetime:
    """The first day (in the order given) with a past reading; two past readings ask."""
    for readings in days:
        past = [at for at in readings if at <= now + FUTURE_TOLERANCE]
        if len(past) == 1:
            return past[0]
        if len(past) > 1:
            first, second = past[0], past[1]
            raise AmbiguousTime(
                f"'{inert(said, 40)}' could be {first:%H:%M} or {second:%H:%M} on "
                f"{_day(first.date())}: type {first:%H:%M} or {second:%H:%M} "
                f"(or add am/pm)", (first, second))
    return days[-1][0]


def _day(day: date) -> str:
    return f"{DAY_NAMES[day.weekday()][:3]} {day.day} {day.strftime('%b')}"
