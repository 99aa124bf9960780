"""Journal values: kinds, limits, validators, time stamping, and the inputs of a check-in.

Light on purpose (no record classes): `ebbtide log` and the writer import this at start-up.
`models` re-exports every name here.

Every timestamp is kept as UTC (ISO, whole seconds, `Z`) plus the local UTC offset in
minutes at the moment of entry, and the local calendar date at that moment. `at` on a record
is an aware datetime in the offset it was entered with, so a check-in made in Tokyo at 08:00
stays "08:00 on that day" after flying home."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Literal, NamedTuple

from ebbtide.core.clock import FUTURE_TOLERANCE as FUTURE_TOLERANCE
from ebbtide.core.errors import InvalidEntry
from ebbtide.core.text import inert

RecordKind = Literal["checkin", "medication", "dose", "side_effect", "practice"]
RECORD_KINDS: tuple[RecordKind, ...] = ("medication", "checkin", "dose", "side_effect",
                                        "practice")
DoseStatus = Literal["taken", "skipped"]
SeverityName = Literal["mild", "moderate", "severe"]

# Hard limits (not advice): catch typos and absurd input, nothing else.
MAX_NOTE_CHARS = 1_000_000
MAX_TAG_CHARS = 200
MAX_NAME_CHARS = 200
MAX_DOSE_MG = 100_000.0


# ---------------------------------------------------------------- time stamping


WallClock = Callable[[], datetime]


def local_now() -> datetime:
    """The default wall clock: now, aware, in the machine's local offset."""
    return datetime.now().astimezone()


def aware(at: datetime) -> datetime:
    """Naive datetimes are taken as local time on this machine."""
    return at if at.tzinfo is not None else at.astimezone()


def offset_minutes(at: datetime) -> int:
    delta = aware(at).utcoffset() or timedelta(0)
    return int(delta.total_seconds() // 60)


def utc_text(at: datetime) -> str:
    """`2024-05-01T06:00:00Z` (whole seconds, lexically sortable)."""
    return aware(at).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def stamp(at: datetime) -> tuple[str, int, str]:
    """(utc text, local offset minutes, local date) for storing `at`."""
    at = aware(at).replace(microsecond=0)
    return utc_text(at), offset_minutes(at), at.date().isoformat()


def from_stamp(utc: str, offset_min: int) -> datetime:
    """Back to an aware datetime in the offset the entry was made with."""
    moment = datetime.fromisoformat(utc)
    return moment.astimezone(timezone(timedelta(minutes=offset_min)))


def from_utc(utc: str | None) -> datetime | None:
    return None if utc is None else datetime.fromisoformat(utc)


# ---------------------------------------------------------------- validators


def _whole(field_name: str, label: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise InvalidEntry(field_name,
                               f"{label} must be a whole number from {low} to {high}")
    assert isinstance(value, int)
    if not low <= value <= high:
        raise InvalidEntry(field_name,
                           f"{label} must be from {low} to {high} (got {value})")
    return value


def check_mood(value: object) -> int:
    return _whole("mood", "mood", value, 1, 10)


def check_anxiety(value: object) -> int:
    return _whole("anxiety", "anxiety", value, 0, 10)


def check_energy(value: object | None) -> int | None:
    return None if value is None else _whole("energy", "energy", value, 1, 10)


def check_sleep_quality(value: object | None) -> int | None:
    return None if value is None else _whole("sleep_quality", "sleep quality", value, 1, 5)


def _number(field_name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidEntry(field_name, f"{field_name.replace('_', ' ')} must be a number")
    number = float(value)
    if not math.isfinite(number):
        raise InvalidEntry(field_name, f"{field_name.replace('_', ' ')} must be a number")
    return number


def check_sleep_hours(value: object | None) -> float | None:
    if value is None:
        return None
    hours = _number("sleep_hours", value)
    if not 0 <= hours <= 24:
        raise InvalidEntry("sleep_hours", f"sleep must be from 0 to 24 hours (got {hours:g})")
    return hours


def check_amount_mg(value: object | None, *, field_name: str = "amount_mg") -> float | None:
    if value is None:
        return None
    mg = _number(field_name, value)
    if not 0 < mg <= MAX_DOSE_MG:
        raise InvalidEntry(field_name,
                           f"a dose must be more than 0 mg and at most {MAX_DOSE_MG:g} mg "
                           f"(got {mg:g})")
    return mg


def check_text(field_name: str, value: object, limit: int = MAX_NOTE_CHARS) -> str:
    if not isinstance(value, str):
        raise InvalidEntry(field_name, f"{field_name} must be text")
    if len(value) > limit:
        raise InvalidEntry(field_name,
                           f"{field_name} is too long ({len(value):,} characters; "
                           f"the limit is {limit:,})")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # undecodable bytes from an argument or a file
            raise InvalidEntry(field_name, f"{field_name.replace('_', ' ')} is not valid "
                               f"UTF-8 text: '{inert(value, 40)}'") from None
    return value


def check_name(field_name: str, value: object) -> str:
    text = check_text(field_name, value, MAX_NAME_CHARS).strip()
    if not text:
        raise InvalidEntry(field_name, f"{field_name.replace('_', ' ')} cannot be empty")
    return text


def check_tags(tags: Iterable[object]) -> tuple[str, ...]:
    """Tags are kept verbatim (only blank ones dropped); duplicates removed, order kept."""
    seen: dict[str, None] = {}
    for tag in tags:
        text = check_text("tags", tag, MAX_TAG_CHARS)
        if text.strip():
            seen.setdefault(text, None)
    return tuple(seen)


def check_severity(value: object) -> SeverityName:
    if isinstance(value, str):
        key = value.strip().lower()
        if key in ("mild", "moderate", "severe"):
            return key  # type: ignore[return-value]
    raise InvalidEntry("severity", f"unknown severity '{inert(str(value), 40)}': use mild, "
                                   "moderate or severe")


def check_status(value: object) -> DoseStatus:
    if value == "taken" or value == "skipped":
        return value
    raise InvalidEntry("status", f"a dose is 'taken' or 'skipped' (got '{inert(str(value), 40)}')")


def check_clock_time(value: object | None, field_name: str = "scheduled_time") -> str | None:
    """'8:00' / '08:00' -> '08:00' (24-hour local clock time)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        hours, sep, minutes = value.strip().partition(":")
        if sep and hours.isdigit() and minutes.isdigit() and len(minutes) == 2:
            h, m = int(hours), int(minutes)
            if 0 <= h <= 23 and 0 <= m <= 59:
                return f"{h:02d}:{m:02d}"
    raise InvalidEntry(field_name,
                       f"a time of day looks like 08:00 (got '{inert(str(value), 40)}')")


def check_at(at: datetime, now: datetime) -> datetime:
    """An entry time may be in the past, or at most a few minutes ahead of `now`."""
    at = aware(at)
    if at.year < 1900:
        raise InvalidEntry("at", "that date is too far in the past")
    if at > aware(now) + FUTURE_TOLERANCE:
        raise InvalidEntry("at", f"{at.isoformat(timespec='minutes')} is in the future")
    return at


def parse_at(text: str, now: datetime) -> datetime:
    """An entry time as people type it ("yesterday 21:00", "mon 8:30am", "2 days ago", ISO):
    see `core.when`. Raises InvalidEntry (AmbiguousTime naming both readings) or for the
    future."""
    from ebbtide.core.when import parse_when  # here: `ebbtide log` without --at never needs it

    return check_at(parse_when(text, now), now)


def parse_day(text: str, field_name: str = "date") -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidEntry(field_name,
                           f"cannot read the date '{inert(text, 40)}': use YYYY-MM-DD") from None


# ---------------------------------------------------------------- inputs


# NamedTuples, not dataclasses: building two frozen dataclasses cost `ebbtide log` 0.7 ms.
class DoseInput(NamedTuple):
    """A dose logged together with a check-in (same time, same transaction)."""

    medication_id: int
    amount_mg: float | None = None
    status: DoseStatus = "taken"
    scheduled_time: str | None = None
    note: str = ""


class SideEffectInput(NamedTuple):
    name: str
    severity: SeverityName = "mild"
    note: str = ""
