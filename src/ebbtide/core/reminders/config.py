"""reminders.toml in the config folder: which reminders are on, quiet hours, a snooze.

All off by default (no file: no reminders). A table under [reminders] turns that kind on:

    [reminders.checkin]
    time = "20:00"

    [reminders.dose]            # times come from the medication schedule in the journal

    [reminders.self-check]
    day = "sun"
    time = "18:00"

    [quiet_hours]
    start = "22:30"
    end = "07:30"

    [snooze]
    until = 2026-11-30T14:00:00+01:00

A file that cannot be understood is never overwritten: every command names its file and
line and changes nothing until it is fixed."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ebbtide.core.atomic import write_private
from ebbtide.core.errors import EbbtideError, InvalidEntry
from ebbtide.core.journal.models import check_clock_time

FILE_NAME = "reminders.toml"
KINDS = ("dose", "checkin", "wind-down", "self-check")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_TIME = {"checkin": "20:00", "wind-down": "21:30", "self-check": "18:00"}
DEFAULT_DAY = "sun"
_HEADER = ("# Ebbtide reminders, changed by `ebbtide remind` (see `ebbtide remind --help`).\n"
           "# A [reminders.KIND] table turns that reminder on. After changing times, run\n"
           "# `ebbtide remind install` again so the system scheduler knows.\n\n")


class ReminderError(EbbtideError):
    """reminders.toml or a reminder given on the command line cannot be used."""


@dataclass(frozen=True)
class Reminder:
    kind: str
    time: str | None = None  # "HH:MM"; None for doses (the medication schedule's times)
    day: str | None = None  # "mon".."sun", weekly self-check only


@dataclass(frozen=True)
class ReminderConfig:
    reminders: tuple[Reminder, ...] = ()  # the ones turned on, in KINDS order
    quiet_start: str | None = None
    quiet_end: str | None = None
    snoozed_until: datetime | None = None

    def get(self, kind: str) -> Reminder | None:
        return next((r for r in self.reminders if r.kind == kind), None)

    def with_reminder(self, reminder: Reminder) -> ReminderConfig:
        kept = [r for r in self.reminders if r.kind != reminder.kind] + [reminder]
        return replace(self, reminders=tuple(sorted(kept, key=lambda r: KINDS.index(r.kind))))

    def without(self, kind: str) -> ReminderConfig:
        return replace(self, reminders=tuple(r for r in self.reminders if r.kind != kind))


def reminders_file(config_dir: Path) -> Path:
    return config_dir / FILE_NAME


def check_kind(text: str) -> str:
    kind = text.strip().lower()
    if kind not in KINDS:
        raise ReminderError(f"unknown reminder '{text}'. Kinds: {', '.join(KINDS)}")
    return kind


def make_reminder(kind: str, time: str | None = None, day: str | None = None) -> Reminder:
    """A reminder from the command line; raises ReminderError for an unknown kind, time
    or day (or a time given for doses, whose times come from the medication schedule)."""
    kind = check_kind(kind)
    if kind == "dose":
        if time is not None or day is not None:
            raise ReminderError("dose reminders follow the times in your medication "
                                "schedule (Journal → Medications); give no time")
        return Reminder("dose")
    if day is not None and kind != "self-check":
        raise ReminderError("only the weekly self-check takes a day")
    clean_day = _check_day(day if day is not None else DEFAULT_DAY) \
        if kind == "self-check" else None
    return Reminder(kind, _check_time(time or DEFAULT_TIME[kind]), clean_day)


def parse_clock(text: str) -> str:
    return _check_time(text)


def _check_time(text: str) -> str:
    try:
        clean = check_clock_time(text, "time")
    except InvalidEntry as exc:
        raise ReminderError(str(exc)) from exc
    if clean is None:
        raise ReminderError("a time of day looks like 08:00")
    return clean


def _check_day(text: str) -> str:
    day = text.strip().lower()[:3]
    if day not in DAYS or not text.strip():
        raise ReminderError(f"a day is one of {', '.join(DAYS)} (got '{text}')")
    return day


_UNITS = {"m": 1, "min": 1, "h": 60, "d": 1440}
_SNOOZE = re.compile(r"(\d+)\s*(min|m|h|d)")


def parse_snooze(text: str) -> timedelta:
    """'30m', '90min', '2h', '1h30m', '1d' -> a duration of one minute to seven days."""
    cleaned = text.strip().lower().replace(" ", "")
    pos, minutes = 0, 0
    for match in _SNOOZE.finditer(cleaned):
        if match.start() != pos:
            break
        minutes += int(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    if not cleaned or pos != len(cleaned):
        raise ReminderError(f"a snooze looks like 30m, 2h or 1h30m (got '{text}')")
    if not 1 <= minutes <= 7 * 1440:
        raise ReminderError("a snooze lasts from 1 minute to 7 days")
    return timedelta(minutes=minutes)


# ---------------------------------------------------------------- reading and writing


def load_config(path: Path) -> ReminderConfig:
    """The reminders in `path` (no file: all off). Raises ReminderError naming the line."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return ReminderConfig()
    except OSError as exc:
        raise ReminderError(f"{path}: cannot read it ({exc.strerror or exc})") from exc
    from ebbtide.core.toml_schema import TomlFileError, parse_toml

    try:
        text = raw.decode("utf-8")
        data = parse_toml(text)
    except UnicodeDecodeError as exc:
        raise ReminderError(f"{path}: not UTF-8 text; fix or delete the file") from exc
    except TomlFileError as exc:
        raise ReminderError(f"{path}, {exc}. Fix that line "
                            "or delete the file (all reminders off)") from exc
    return _Reader(path, text).config(data)


class _Reader:
    """Checks the parsed TOML, naming the line of whatever is wrong."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def fail(self, table: str, key: str | None, reason: str) -> ReminderError:
        return ReminderError(f"{self.path}, line {self.line_of(table, key)}: {reason}. "
                             "Fix that line or delete the file (all reminders off)")

    def line_of(self, table: str, key: str | None) -> int:
        parts = (f'(?:{re.escape(p)}|"{re.escape(p)}")' for p in table.split("."))
        header = re.compile(r"\s*\[\s*" + r"\s*\.\s*".join(parts) + r"\s*\]") \
            if table else None
        start = 0
        if header is not None:
            start = next((n for n, line in enumerate(self.lines) if header.match(line)), 0)
        if key is not None:
            assign = re.compile(r"\s*\"?" + re.escape(key) + r"\"?\s*=")
            for n in range(start, len(self.lines)):
                if assign.match(self.lines[n]):
                    return n + 1
        return start + 1

    def config(self, data: dict[str, Any]) -> ReminderConfig:
        for key in data:
            if key not in ("reminders", "quiet_hours", "snooze"):
                raise self.fail("", key, f"unknown table or key '{key}' (known: reminders, "
                                "quiet_hours, snooze)")
        reminders = self.reminders(self.table(data, "reminders"))
        quiet = self.table(data, "quiet_hours")
        start, end = self.quiet(quiet)
        snooze = self.table(data, "snooze")
        return ReminderConfig(reminders, start, end, self.snooze(snooze))

    def table(self, data: dict[str, Any], name: str) -> dict[str, Any]:
        value = data.get(name, {})
        if not isinstance(value, dict):
            raise self.fail("", name, f"'{name}' should be a table like [{name}]")
        return value

    def reminders(self, table: dict[str, Any]) -> tuple[Reminder, ...]:
        found: list[Reminder] = []
        for kind, body in table.items():
            where = f"reminders.{kind}"
            if kind not in KINDS:
                raise self.fail(where, None, f"unknown reminder '{kind}' (kinds: "
                                f"{', '.join(KINDS)})")
            if not isinstance(body, dict):
                raise self.fail("reminders", kind, f"write [reminders.{kind}] as a table")
            allowed = {"dose": (), "self-check": ("time", "day")}.get(kind, ("time",))
            for key, value in body.items():
                if key not in allowed:
                    known = (f"known: {', '.join(allowed)}" if allowed else
                             "dose times come from the medication schedule")
                    raise self.fail(where, key, f"unknown key '{key}' for {kind} ({known})")
                if not isinstance(value, str):
                    raise self.fail(where, key, f"'{key}' should be text in quotes")
            values: dict[str, str | None] = {}
            for key, check in (("time", _check_time), ("day", _check_day)):
                try:
                    values[key] = check(body[key]) if key in body else None
                except ReminderError as exc:
                    raise self.fail(where, key, str(exc)) from exc
            found.append(make_reminder(kind, values["time"], values["day"]))
        return tuple(sorted(found, key=lambda r: KINDS.index(r.kind)))

    def quiet(self, table: dict[str, Any]) -> tuple[str | None, str | None]:
        if not table:
            return None, None
        values: list[str] = []
        for key in ("start", "end"):
            value = table.get(key)
            if not isinstance(value, str):
                raise self.fail("quiet_hours", key if key in table else None,
                                f"quiet hours need a '{key}' time in quotes, like \"22:30\"")
            try:
                values.append(_check_time(value))
            except ReminderError as exc:
                raise self.fail("quiet_hours", key, str(exc)) from exc
        unknown = set(table) - {"start", "end"}
        if unknown:
            key = sorted(unknown)[0]
            raise self.fail("quiet_hours", key, f"unknown key '{key}' (known: start, end)")
        if values[0] == values[1]:
            raise self.fail("quiet_hours", "end", "quiet hours start and end at the same time")
        return values[0], values[1]

    def snooze(self, table: dict[str, Any]) -> datetime | None:
        if not table:
            return None
        until = table.get("until")
        if set(table) != {"until"} or not isinstance(until, datetime) or until.tzinfo is None:
            raise self.fail("snooze", "until", "a snooze is 'until = ' a date and time with "
                            "its offset, like 2026-11-30T14:00:00+01:00")
        return until


def dump_config(config: ReminderConfig) -> str:
    import tomli_w

    data: dict[str, Any] = {}
    if config.reminders:
        data["reminders"] = {
            r.kind: {k: v for k, v in (("day", r.day), ("time", r.time)) if v is not None}
            for r in config.reminders}
    if config.quiet_start and config.quiet_end:
        data["quiet_hours"] = {"start": config.quiet_start, "end": config.quiet_end}
    if config.snoozed_until is not None:
        data["snooze"] = {"until": config.snoozed_until.replace(microsecond=0)}
    return _HEADER + tomli_w.dumps(data)


def save_config(path: Path, config: ReminderConfig) -> None:
    """Write atomically, 0600. Raises ReminderError (read-only home, full disk...)."""
    try:
        write_private(path, dump_config(config).encode("utf-8"))
    except OSError as exc:
        raise ReminderError(f"could not save {path}: {exc.strerror or exc}; nothing "
                            "was changed") from exc
