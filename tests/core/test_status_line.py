"""The status line's journal glance and formatting, with an injected clock."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.glance import (
    DoseSlot,
    Glance,
    GlanceUnavailable,
    open_doses,
    read_glance,
    week_start,
)
from ebbtide.core.journal.status_line import (
    FIELDS,
    check_format,
    default_line,
    render,
    status_data,
    status_fields,
)
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import Paths
from ebbtide.core.practice.records import PracticeRecord

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 26, 14, 30, tzinfo=TZ)  # a Thursday


def _journal(paths: Paths) -> None:
    with Journal.open(paths, clock=lambda: NOW) as journal:
        bac = journal.add_medication("baclofen", times=["08:00", "13:00", "20:00"])
        journal.add_medication("old pill", times=["09:00"], active=False)
        gone = journal.add_medication("binned", times=["10:00"])
        journal.delete("medication", gone.id)
        journal.add_dose(bac.id, amount_mg=10, scheduled_time="08:00",
                         at=NOW.replace(hour=8, minute=5))
        journal.add_dose(bac.id, amount_mg=10, at=NOW - timedelta(days=1))  # yesterday
        for day, minutes in ((0, 10), (3, 15), (4, 20)):  # Monday, Thursday, last Sunday
            at = NOW - timedelta(days=day)
            journal.add_practice(PracticeRecord("breathe", "box", at, minutes * 60,
                                                minutes * 60, True))
        journal.add_selfcheck("phq9", [0] * 9, at=NOW - timedelta(days=5))  # last week


def test_glance_reads_today_and_this_week(paths: Paths) -> None:
    _journal(paths)
    glance = read_glance(paths.journal_file, NOW.date())
    assert glance is not None
    assert glance.open_doses == (DoseSlot("baclofen", "13:00"), DoseSlot("baclofen", "20:00"))
    assert glance.scheduled_times == ("08:00", "13:00", "20:00")
    assert not glance.checked_in_today and not glance.selfcheck_this_week
    assert glance.practice_seconds_this_week == 25 * 60  # Monday to Thursday only
    with Journal.open(paths, clock=lambda: NOW) as journal:
        journal.add_checkin(mood=6, anxiety=3, at=NOW - timedelta(minutes=1))
    after = read_glance(paths.journal_file, NOW.date())
    assert after is not None and after.checked_in_today


def test_glance_never_creates_or_changes_a_journal(paths: Paths, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "journal.sqlite3"
    assert read_glance(missing, NOW.date()) is None
    assert not missing.parent.exists()
    _journal(paths)
    before = paths.journal_file.read_bytes()
    read_glance(paths.journal_file, NOW.date())
    assert paths.journal_file.read_bytes() == before


def test_glance_on_a_damaged_or_foreign_file(tmp_path: Path) -> None:
    junk = tmp_path / "journal.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(GlanceUnavailable):
        read_glance(junk, NOW.date())
    empty_db = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty_db).close()
    with pytest.raises(GlanceUnavailable):  # no tables: never migrated from here
        read_glance(empty_db, NOW.date())


def test_open_doses_by_slot_then_earliest() -> None:
    schedule = [(1, "a", ("20:00", "08:00")), (2, "b", ("08:00",))]
    assert open_doses(schedule, []) == (DoseSlot("a", "08:00"), DoseSlot("b", "08:00"),
                                        DoseSlot("a", "20:00"))
    # a dose for the 20:00 slot closes that one; a dose with no time closes the earliest
    assert open_doses(schedule, [(1, "20:00"), (2, None)]) == (DoseSlot("a", "08:00"),)
    assert open_doses(schedule, [(1, None), (1, "12:34"), (1, None)]) == (
        DoseSlot("b", "08:00"),)
    assert open_doses(schedule, [(9, None)]) == open_doses(schedule, [])  # not scheduled


def test_week_starts_monday() -> None:
    assert week_start(NOW.date()).isoformat() == "2026-11-23"
    assert week_start(NOW.date() - timedelta(days=3)).isoformat() == "2026-11-23"


GLANCE = Glance(open_doses=(DoseSlot("baclofen", "13:00"), DoseSlot("baclofen", "20:00")),
                scheduled_times=("08:00", "13:00", "20:00"), checked_in_today=False,
                practice_seconds_this_week=25 * 60 + 20, selfcheck_this_week=False)


def test_default_line_and_fields() -> None:
    assert default_line(GLANCE, NOW) == "baclofen 13:00 due · check-in pending · 25 min this week"
    morning = NOW.replace(hour=9)
    assert default_line(GLANCE, morning) == "baclofen 13:00 · check-in pending · 25 min this week"
    done = Glance((), (), True, 0, True)
    assert default_line(done, NOW) == "0 min this week"
    assert default_line(None, NOW) == ""
    assert status_fields(None, NOW) == dict.fromkeys(FIELDS, "")
    fields = status_fields(GLANCE, NOW)
    assert fields["dose_time"] == "13:00" and fields["dose_due"] == "due"
    assert fields["checkin"] == "pending" and fields["minutes"] == "25"


def test_names_are_shown_inert() -> None:
    sneaky = Glance((DoseSlot("x\x1b]0;pwned\x07", "13:00"),), (), True, 0, False)
    line = default_line(sneaky, NOW)
    assert "\x1b" not in line and "\x07" not in line


def test_format_with_named_fields() -> None:
    assert render("{dose_time}|{checkin}|{minutes:>3}m", GLANCE, NOW) == "13:00|pending| 25m"
    assert render("{{literal}} {dose_name}", GLANCE, NOW) == "{literal} baclofen"
    for bad, words in (("{nope}", "unknown field 'nope'"), ("{dose.__class__}", "unknown"),
                       ("{dose!r}", "plainly"), ("{dose", "--format")):
        with pytest.raises(EbbtideError, match=words):
            check_format(bad)
    with pytest.raises(EbbtideError, match="--format"):
        render("{minutes:d}", GLANCE, NOW)  # text fields: a numeric spec is a mistake


def test_json_shape() -> None:
    assert status_data(GLANCE, NOW) == {
        "available": True,
        "next_dose": {"medication": "baclofen", "time": "13:00", "due": True},
        "open_doses": [{"medication": "baclofen", "time": "13:00"},
                       {"medication": "baclofen", "time": "20:00"}],
        "checkin_pending": True,
        "minutes_this_week": 25,
    }
    assert status_data(None, NOW) == {"available": False, "reason": "no journal yet"}
