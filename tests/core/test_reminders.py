"""Reminders: reminders.toml, what is due and still relevant (injected clock), quiet
hours, snooze, and the scheduler entries' exact text."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebbtide.core.journal.glance import DoseSlot, Glance
from ebbtide.core.reminders.config import (
    Reminder,
    ReminderConfig,
    ReminderError,
    load_config,
    make_reminder,
    parse_snooze,
    save_config,
)
from ebbtide.core.reminders.relevance import decide, in_quiet_hours
from ebbtide.core.reminders.units import (
    CRON_BEGIN,
    CRON_END,
    Schedule,
    crontab_block,
    scheduled_dose_times,
    schedules,
    systemd_units,
    with_block,
    without_block,
)

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 26, 8, 30, tzinfo=TZ)
ALL_ON = ReminderConfig(tuple(make_reminder(k) for k in ("dose", "checkin", "wind-down",
                                                         "self-check")))
NOTHING_LOGGED = Glance((DoseSlot("baclofen", "08:00"), DoseSlot("baclofen", "20:00")),
                        ("08:00", "20:00"), False, 0.0, False)


# ---------------------------------------------------------------- reminders.toml


def test_all_off_without_a_file(tmp_path: Path) -> None:
    config = load_config(tmp_path / "reminders.toml")
    assert config == ReminderConfig() and config.get("checkin") is None


def test_round_trip_private(tmp_path: Path) -> None:
    path = tmp_path / "config" / "reminders.toml"
    config = ReminderConfig((Reminder("dose"), make_reminder("checkin", "8:05"),
                             make_reminder("self-check", "19:00", "Friday")),
                            "22:30", "07:30", NOW + timedelta(minutes=30))
    save_config(path, config)
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_config(path) == config
    assert '[reminders.checkin]\ntime = "08:05"' in path.read_text()


@pytest.mark.parametrize(("kind", "time", "day", "words"), [
    ("nap", None, None, "unknown reminder 'nap'. Kinds: dose, checkin"),
    ("checkin", "25:00", None, "a time of day looks like 08:00 \\(got '25:00'\\)"),
    ("checkin", "8pm", None, "a time of day"),
    ("dose", "08:00", None, "medication schedule"),
    ("checkin", "08:00", "mon", "only the weekly self-check takes a day"),
    ("self-check", None, "someday", "a day is one of mon"),
])
def test_unknown_kind_time_or_day(kind: str, time: str | None, day: str | None,
                                  words: str) -> None:
    with pytest.raises(ReminderError, match=words):
        make_reminder(kind, time, day)


@pytest.mark.parametrize(("text", "line", "words"), [
    ('[reminders.checkin]\ntime = "20:00"\nthis is not toml\n', 3, "line 3, column"),
    ('[reminders.checkin]\n\ntime = "25:00"\n', 3, "a time of day looks like 08:00"),
    ('# mine\n\n[reminders.nap]\ntime = "14:00"\n', 3, "unknown reminder 'nap'"),
    ('[reminders.checkin]\ntime = 2000\n', 2, "'time' should be text in quotes"),
    ('[reminders.dose]\ntime = "08:00"\n', 2, "unknown key 'time' for dose"),
    ('[reminders.self-check]\ntime = "18:00"\nday = "someday"\n', 3, "a day is one of"),
    ('[reminders.checkin]\nday = "mon"\n', 2, "unknown key 'day' for checkin"),
    ('[quiet_hours]\nstart = "22:00"\n', 1, "quiet hours need a 'end' time"),
    ('[quiet_hours]\nstart = "22:00"\nend = "22:00"\n', 3, "start and end at the same"),
    ('[snooze]\nuntil = 2026-11-26T10:00:00\n', 2, "with its offset"),
    ('wake = true\n', 1, "unknown table or key 'wake'"),
])
def test_a_broken_file_names_its_line(tmp_path: Path, text: str, line: int,
                                      words: str) -> None:
    path = tmp_path / "reminders.toml"
    path.write_text(text)
    with pytest.raises(ReminderError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(f"{path}, line {line}")
    assert words in message and "delete the file" in message


def test_snooze_lengths() -> None:
    assert parse_snooze("30m") == timedelta(minutes=30)
    assert parse_snooze("1h30m") == timedelta(minutes=90)
    assert parse_snooze(" 2h ") == timedelta(hours=2)
    assert parse_snooze("45min") == timedelta(minutes=45)
    for bad in ("", "soon", "30", "30s", "0m", "8d", "m30"):
        with pytest.raises(ReminderError):
            parse_snooze(bad)


# ---------------------------------------------------------------- relevance


def test_off_by_default_so_silent() -> None:
    decision = decide("checkin", ReminderConfig(), NOTHING_LOGGED, NOW)
    assert not decision.send and "off" in decision.message


def test_dose_due_until_logged() -> None:
    decision = decide("dose", ALL_ON, NOTHING_LOGGED, NOW)
    assert decision.send and "baclofen (08:00)" in decision.message
    assert "20:00" not in decision.message  # not due yet
    logged = Glance((DoseSlot("baclofen", "20:00"),), ("08:00", "20:00"), False, 0, False)
    assert not decide("dose", ALL_ON, logged, NOW).send
    assert not decide("dose", ALL_ON, None, NOW).send  # no journal: nothing scheduled
    # A reminder missed in sleep (Persistent=true) still counts when it arrives late
    assert decide("dose", ALL_ON, NOTHING_LOGGED, NOW.replace(hour=11)).send


def test_checkin_and_selfcheck_fall_silent_once_done() -> None:
    assert decide("checkin", ALL_ON, NOTHING_LOGGED, NOW).send
    assert decide("checkin", ALL_ON, None, NOW).send
    done = Glance((), (), True, 0, True)
    assert decide("checkin", ALL_ON, done, NOW).message == "already checked in today"
    assert decide("self-check", ALL_ON, NOTHING_LOGGED, NOW).send
    assert not decide("self-check", ALL_ON, done, NOW).send
    assert decide("wind-down", ALL_ON, done, NOW).send


def test_quiet_hours_across_midnight() -> None:
    at = NOW.replace
    assert in_quiet_hours("22:30", "07:30", at(hour=23))
    assert in_quiet_hours("22:30", "07:30", at(hour=7, minute=29))
    assert not in_quiet_hours("22:30", "07:30", at(hour=7, minute=30))
    assert not in_quiet_hours("22:30", "07:30", at(hour=12))
    assert in_quiet_hours("13:00", "14:00", at(hour=13, minute=15))
    assert not in_quiet_hours(None, None, at(hour=13))
    quiet = ReminderConfig(ALL_ON.reminders, "22:30", "07:30")
    assert decide("wind-down", quiet, None, at(hour=23)).message == \
        "quiet hours (22:30–07:30)"
    assert decide("wind-down", quiet, None, at(hour=21)).send


def test_snooze_until_it_ends() -> None:
    snoozed = ReminderConfig(ALL_ON.reminders, snoozed_until=NOW + timedelta(minutes=30))
    assert decide("checkin", snoozed, None, NOW).message == "snoozed until 09:00"
    assert decide("checkin", snoozed, None, NOW + timedelta(minutes=30)).send


# ---------------------------------------------------------------- scheduler entries

COMMAND = ["/opt/py thon/bin/python", "-m", "ebbtide", "--data-dir", "/home/a/50%"]


def test_schedules_follow_the_medication_times() -> None:
    assert schedules(ALL_ON, ["20:00", "08:00", "08:00"]) == [
        Schedule("dose", ("08:00", "20:00")), Schedule("checkin", ("20:00",)),
        Schedule("wind-down", ("21:30",)), Schedule("self-check", ("18:00",), "sun")]
    assert [s.kind for s in schedules(ALL_ON, [])] == ["checkin", "wind-down", "self-check"]


def test_systemd_units_exact() -> None:
    plan = [Schedule("dose", ("08:00", "20:00")), Schedule("self-check", ("18:00",), "sun")]
    units = systemd_units(plan, COMMAND, {"XDG_DATA_HOME": "/d"})
    assert list(units) == ["ebbtide-remind-dose.service", "ebbtide-remind-dose.timer",
                           "ebbtide-remind-self-check.service",
                           "ebbtide-remind-self-check.timer"]
    head = "# Written by `ebbtide remind install`; `ebbtide remind uninstall` removes it.\n"
    assert units["ebbtide-remind-dose.service"] == head + (
        "[Unit]\nDescription=Ebbtide reminder: dose\n\n[Service]\nType=oneshot\n"
        "Environment=XDG_DATA_HOME=/d\n"
        'ExecStart="/opt/py thon/bin/python" -m ebbtide --data-dir "/home/a/50%%" '
        "notify dose\n")
    assert units["ebbtide-remind-dose.timer"] == head + (
        "[Unit]\nDescription=Ebbtide reminder timer: dose\n\n[Timer]\n"
        "OnCalendar=*-*-* 08:00:00\nOnCalendar=*-*-* 20:00:00\nPersistent=true\n\n"
        "[Install]\nWantedBy=timers.target\n")
    assert "OnCalendar=Sun *-*-* 18:00:00\n" in units["ebbtide-remind-self-check.timer"]


def test_crontab_block_exact_and_removed_exactly() -> None:
    plan = [Schedule("dose", ("08:00", "20:30")), Schedule("self-check", ("18:00",), "sun")]
    run = "'/opt/py thon/bin/python' -m ebbtide --data-dir /home/a/50\\%"
    block = crontab_block(plan, COMMAND, {})
    assert block == [CRON_BEGIN, f"0 8 * * * {run} notify dose",
                     f"30 20 * * * {run} notify dose",
                     f"0 18 * * 0 {run} notify self-check", CRON_END]
    theirs = "MAILTO=me\n# my backups\n5 3 * * * backup --all\n"
    installed = with_block(theirs, block)
    assert installed.startswith(theirs) and installed.count(CRON_BEGIN) == 1
    assert with_block(installed, block) == installed  # installing twice: one block
    assert without_block(installed) == (theirs, True)
    assert without_block(theirs) == (theirs, False)
    # the end marker deleted by hand: only Ebbtide's own lines go
    damaged = installed.replace(CRON_END + "\n", "") + "7 7 * * * mine\n"
    assert without_block(damaged) == (theirs + "7 7 * * * mine\n", True)


def test_scheduled_dose_times_read_back() -> None:
    plan = [Schedule("dose", ("08:00", "20:30")), Schedule("checkin", ("21:00",))]
    units = systemd_units(plan, COMMAND, {})
    assert scheduled_dose_times(units["ebbtide-remind-dose.timer"], None) == \
        ("08:00", "20:30")
    table = with_block("5 3 * * * backup\n", crontab_block(plan, COMMAND, {}))
    assert scheduled_dose_times(None, table) == ("08:00", "20:30")
    assert scheduled_dose_times(None, "5 3 * * * backup\n") is None
    assert scheduled_dose_times(None, None) is None
