"""The journal store: what is saved comes back exactly, days stay days when travelling,
deletes can be undone, and a damaged or unwritable file is explained, never lost."""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebbtide.core.content.side_effects import STANDARD_NAMES, URGENT_NAMES, canonical_name
from ebbtide.core.errors import InvalidEntry
from ebbtide.core.journal.backup import restore_newest_backup, set_aside_damaged
from ebbtide.core.journal.backup_files import list_backups
from ebbtide.core.journal.models import CheckIn, Dose, DoseInput, SideEffect, SideEffectInput
from ebbtide.core.journal.schema import MIGRATIONS, SCHEMA_VERSION
from ebbtide.core.journal.store import Journal, JournalCorrupt, JournalUnavailable
from ebbtide.core.paths import Paths, resolve_paths
from ebbtide.core.practice.records import PracticeRecord

BERLIN = timezone(timedelta(hours=1))
TOKYO = timezone(timedelta(hours=9))
NEW_YORK = timezone(timedelta(hours=-5))


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 10, 9, 30, tzinfo=BERLIN))


@pytest.fixture
def jpaths(tmp_path: Path) -> Paths:
    return resolve_paths(tmp_path / "home")


@pytest.fixture
def journal(jpaths: Paths, clock: Clock) -> Journal:
    j = Journal.open(jpaths, clock=clock)
    yield j  # type: ignore[misc]
    j.close()


def test_new_journal_is_private_wal_and_durable(jpaths: Paths, clock: Clock) -> None:
    with Journal.open(jpaths, clock=clock) as j:
        j.add_checkin(mood=5, anxiety=5)
        conn = j.connection
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert j.schema_version == SCHEMA_VERSION
        for name in ("journal.sqlite3", "journal.sqlite3-wal", "journal.sqlite3-shm"):
            f = jpaths.data_dir / name
            if f.exists():
                assert stat.S_IMODE(f.stat().st_mode) == 0o600, name
    assert stat.S_IMODE(jpaths.data_dir.stat().st_mode) == 0o700


def test_loose_file_mode_is_tightened_on_open(jpaths: Paths, clock: Clock) -> None:
    Journal.open(jpaths, clock=clock).close()
    os.chmod(jpaths.journal_file, 0o644)
    Journal.open(jpaths, clock=clock).close()
    assert stat.S_IMODE(jpaths.journal_file.stat().st_mode) == 0o600


def test_checkin_with_dose_and_side_effects_round_trips(journal: Journal) -> None:
    med = journal.add_medication("Baclofen", strength="10 mg tablet",
                                 schedule="one tablet three times a day",
                                 times=["8:00", "14:00", "20:00"], dose_mg=10)
    assert med.times == ("08:00", "14:00", "20:00") and med.active
    saved = journal.add_checkin(
        mood=7, anxiety=3, sleep_hours=6.5, sleep_quality=4, energy=6,
        tags=["alcohol", "exercise", "alcohol", "  "], note="felt steady",
        flagged_for_doctor=True, doses=[DoseInput(med.id, 10.0, scheduled_time="8:00")],
        side_effects=[SideEffectInput("Dizziness", "moderate"),
                      SideEffectInput("tingling toes")])
    c = journal.get("checkin", saved.checkin.id)
    assert isinstance(c, CheckIn)
    assert (c.mood, c.anxiety, c.sleep_hours, c.sleep_quality, c.energy) == (7, 3, 6.5, 4, 6)
    assert c.tags == ("alcohol", "exercise") and c.note == "felt steady"
    assert c.flagged_for_doctor and c.at == datetime(2026, 3, 10, 9, 30, tzinfo=BERLIN)
    assert c.at.utcoffset() == timedelta(hours=1) and c.local_date == date(2026, 3, 10)
    dose = saved.doses[0]
    assert (dose.medication, dose.amount_mg, dose.status, dose.scheduled_time,
            dose.checkin_id) == ("Baclofen", 10.0, "taken", "08:00", c.id)
    names = [(e.name, e.severity) for e in saved.side_effects]
    assert names == [("dizziness", "moderate"), ("tingling toes", "mild")]


@pytest.mark.parametrize(("field", "kwargs"), [
    ("mood", {"mood": 0}), ("mood", {"mood": 11}), ("anxiety", {"anxiety": -1}),
    ("anxiety", {"anxiety": 11}), ("sleep_hours", {"sleep_hours": 25}),
    ("sleep_hours", {"sleep_hours": float("nan")}), ("sleep_quality", {"sleep_quality": 6}),
    ("energy", {"energy": 0}), ("mood", {"mood": True}),
])
def test_out_of_range_values_name_the_field_and_save_nothing(
        journal: Journal, field: str, kwargs: dict[str, object]) -> None:
    values: dict[str, object] = {"mood": 5, "anxiety": 5, **kwargs}
    with pytest.raises(InvalidEntry) as info:
        journal.add_checkin(**values)  # type: ignore[arg-type]
    assert info.value.field == field and str(info.value)
    assert journal.count("checkin") == 0


def test_bad_dose_rolls_back_the_whole_checkin(journal: Journal) -> None:
    med = journal.add_medication("baclofen")
    with pytest.raises(InvalidEntry):
        journal.add_checkin(mood=5, anxiety=5, doses=[DoseInput(med.id, -5)])
    with pytest.raises(InvalidEntry):
        journal.add_checkin(mood=5, anxiety=5, doses=[DoseInput(999, 5)])
    assert journal.count("checkin") == 0 and journal.count("dose") == 0


def test_travel_keeps_each_entry_on_its_own_local_day(journal: Journal) -> None:
    # 23:30 in Tokyo and 07:00 next morning... in New York (earlier in UTC terms!)
    tokyo = datetime(2026, 3, 10, 23, 30, tzinfo=TOKYO)  # 14:30Z on the 10th
    ny = datetime(2026, 3, 10, 7, 0, tzinfo=NEW_YORK)  # 12:00Z on the 10th
    journal.add_checkin(mood=4, anxiety=6, at=tokyo)
    journal.add_checkin(mood=8, anxiety=2, at=ny)
    entries = journal.entries_between(date(2026, 3, 10), date(2026, 3, 10))
    assert [e.at for e in entries] == [ny, tokyo]  # ordered by instant
    assert {e.local_date for e in entries} == {date(2026, 3, 10)}
    late = datetime(2026, 3, 10, 23, 59, tzinfo=NEW_YORK)  # 04:59Z on the 11th
    journal.add_checkin(mood=6, anxiety=4, at=late)
    days = journal.day_summaries()
    assert [d.local_date for d in days] == [date(2026, 3, 10)]
    assert days[0].checkins == 3


def test_update_changes_fields_and_stamps_updated(journal: Journal, clock: Clock) -> None:
    c = journal.add_checkin(mood=3, anxiety=8, note="rough").checkin
    clock.now += timedelta(hours=2)
    edited = journal.update_checkin(replace(c, mood=6, note="better later", tags=("walk",)))
    assert (edited.mood, edited.note, edited.tags) == (6, "better later", ("walk",))
    assert edited.created_at == c.created_at and edited.updated_at != c.updated_at
    with pytest.raises(InvalidEntry):
        journal.update_checkin(replace(c, anxiety=12))
    assert journal.get("checkin", c.id).anxiety == 8  # type: ignore[union-attr]


def test_soft_delete_undo_and_trash(journal: Journal, clock: Clock) -> None:
    med = journal.add_medication("baclofen")
    saved = journal.add_checkin(mood=5, anxiety=5, doses=[DoseInput(med.id, 5)],
                                side_effects=[SideEffectInput("nausea")])
    keep = journal.add_checkin(mood=6, anxiety=4).checkin
    assert journal.delete("checkin", saved.checkin.id) == 3  # takes its dose + side effect
    assert journal.entries_between() == [keep]
    assert {r.kind for r in journal.list_trash()} == {"checkin", "dose", "side_effect"}
    assert journal.undo_delete("checkin", saved.checkin.id) == 3
    assert len(journal.entries_between()) == 4 and journal.list_trash() == []
    clock.now += timedelta(minutes=1)
    journal.delete("checkin", saved.checkin.id)
    assert journal.delete("checkin", saved.checkin.id) == 0  # already gone
    assert journal.empty_trash() == 3
    assert journal.get("checkin", saved.checkin.id) is None
    assert journal.undo_delete("checkin", saved.checkin.id) == 0
    assert journal.entries_between() == [keep]


def test_deleting_a_medication_keeps_its_doses(journal: Journal) -> None:
    med = journal.add_medication("old pill")
    dose = journal.add_dose(med.id, amount_mg=5)
    journal.delete("medication", med.id)
    assert journal.medications() == []
    assert journal.empty_trash() == 0  # still used by a dose: stays in the trash
    assert journal.get("dose", dose.id) == dose


def test_filters_history_trends_and_counts(journal: Journal, clock: Clock) -> None:
    bac = journal.add_medication("baclofen")
    other = journal.add_medication("sertraline")
    day1 = datetime(2026, 3, 8, 9, 0, tzinfo=BERLIN)
    day2 = datetime(2026, 3, 9, 9, 0, tzinfo=BERLIN)
    journal.add_checkin(mood=4, anxiety=7, tags=["alcohol"], at=day1,
                        doses=[DoseInput(bac.id, 10)],
                        side_effects=[SideEffectInput("drowsiness", "severe")])
    journal.add_checkin(mood=6, anxiety=5, at=day1 + timedelta(hours=8),
                        doses=[DoseInput(bac.id, 5), DoseInput(other.id, 50)])
    journal.add_checkin(mood=8, anxiety=1, at=day2, tags=["exercise"],
                        doses=[DoseInput(bac.id, None, status="skipped")],
                        side_effects=[SideEffectInput("Drowsiness", "mild")])
    journal.add_practice(PracticeRecord("breathe", "box", day2, 300, 240, False, 6, 3))

    tagged = journal.entries_between(tag="alcohol")
    assert [e.kind for e in tagged] == ["checkin"] and tagged[0].mood == 4  # type: ignore[union-attr]
    drowsy = journal.entries_between(side_effect="DROWSINESS")
    assert [e.local_date for e in drowsy] == [date(2026, 3, 8), date(2026, 3, 9)]
    sert = journal.entries_between(medication="Sertraline")
    assert [(d.medication, d.amount_mg) for d in sert] == [("sertraline", 50.0)]  # type: ignore[union-attr]
    assert journal.entries_between(medication=other.id) == sert
    only_doses = journal.entries_between(date(2026, 3, 8), date(2026, 3, 8), kinds=["dose"])
    assert all(isinstance(e, Dose) for e in only_doses) and len(only_doses) == 3

    days = journal.day_summaries()
    assert [d.local_date for d in days] == [date(2026, 3, 9), date(2026, 3, 8)]
    d8 = days[1]
    assert d8.checkins == 2 and d8.mood_mean == 5.0 and (d8.mood_min, d8.mood_max) == (4, 6)
    assert d8.mg_by_medication == {"baclofen": 15.0, "sertraline": 50.0}
    assert d8.side_effects == {"drowsiness": "severe"} and d8.tags == ("alcohol",)
    d9 = days[0]
    assert d9.doses_skipped == 1 and d9.doses_taken == 0 and d9.mg_by_medication == {}
    assert d9.practices == 1 and d9.practice_minutes == 4.0
    assert [d.local_date for d in journal.day_summaries(tag="exercise")] == [date(2026, 3, 9)]
    assert journal.day_summaries(tag="exercise", medication="sertraline") == []
    assert len(journal.day_summaries(limit=1)) == 1

    series = journal.daily_series(7)
    assert len(series.points) == 7 and series.end == date(2026, 3, 10)
    by_day = {p.local_date: p for p in series.points}
    assert by_day[date(2026, 3, 8)].mg == {"baclofen": 15.0, "sertraline": 50.0}
    assert by_day[date(2026, 3, 8)].mood == 5.0 and by_day[date(2026, 3, 10)].mood is None
    assert series.medications == ("baclofen", "sertraline")
    counts = journal.side_effect_counts()
    assert [(c.name, c.total, c.mild, c.severe) for c in counts] == [("drowsiness", 2, 1, 1)]
    assert journal.tags_in_use() == [("alcohol", 1), ("exercise", 1)]


def test_practice_log_interface(journal: Journal) -> None:
    start = datetime(2026, 3, 9, 20, 15, 42, tzinfo=BERLIN)
    rec = PracticeRecord("meditate", "body-scan", start, 600, 600, True, 7, 4)
    journal.add_practice(rec)
    got = journal.practices_between(start - timedelta(hours=1), start + timedelta(hours=1))
    assert got == [rec]
    assert journal.practices_between(start + timedelta(seconds=1), start + timedelta(1)) == []
    with pytest.raises(InvalidEntry):
        journal.add_practice(replace(rec, anxiety_after=11))


def test_hostile_text_is_stored_verbatim(journal: Journal) -> None:
    hostile = ["[bold]x[/bold] [link=http://evil]y[/link]", "\x1b[31mred\x1b[0m\x07",
               "nul\x00inside", "مرحبا بالعالم \u202e", "🧘‍♀️🌊" * 10, "x" * 1_000_000]
    for text in hostile:
        c = journal.add_checkin(mood=5, anxiety=5, note=text, tags=[text[:200]]).checkin
        got = journal.get("checkin", c.id)
        assert isinstance(got, CheckIn)
        assert got.note == text and got.tags == (text[:200],)
        effect = journal.add_side_effect(text[:200], "mild", note=text)
        again = journal.get("side_effect", effect.id)
        assert isinstance(again, SideEffect) and again.note == text


def test_side_effect_list_matches_the_reader() -> None:
    assert STANDARD_NAMES[:9] == ("drowsiness", "dizziness", "weakness", "fatigue", "nausea",
                                  "headache", "confusion", "trouble sleeping", "low mood")
    expected_urgent = {"hallucinations", "seizure", "trouble breathing", "severe confusion"}
    assert set(URGENT_NAMES) == expected_urgent
    assert canonical_name("  Trouble   Sleeping ") == "trouble sleeping"
    assert canonical_name(" my own thing ") == "my own thing"


# ---------------------------------------------------------------- migrations, failure


def test_v1_file_migrates_to_current(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO checkins (uid, at_utc, utc_offset_min, local_date, mood, "
                 "anxiety, created_utc, updated_utc) VALUES ('u1', '2025-01-01T08:00:00Z', "
                 "60, '2025-01-01', 6, 3, '2025-01-01T08:00:00Z', '2025-01-01T08:00:00Z')")
    conn.commit()
    conn.close()
    with Journal(path, clock=clock) as j:
        assert j.schema_version == SCHEMA_VERSION
        assert len(MIGRATIONS) >= 2  # v3 added self-checks and safety notes
        (old,) = j.entries_between()
        assert isinstance(old, CheckIn) and old.uid == "u1" and old.mood == 6
        j.add_practice(PracticeRecord("timer", "timer", clock(), 60, 60, True))
        assert j.count("practice") == 1


def test_file_from_a_newer_version_is_refused(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "new.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(JournalUnavailable, match="newer version"):
        Journal(path, clock=clock)


def _with_backup(jpaths: Paths, clock: Clock) -> None:
    with Journal.open(jpaths, clock=clock) as j:  # creates the file (no backup yet)
        j.add_checkin(mood=6, anxiety=3, note="before the damage")
    clock.now += timedelta(days=1)
    with Journal.open(jpaths, clock=clock) as j:  # first open of the day: backup
        assert j.backup_error is None
    assert len(list_backups(jpaths.backup_dir)) == 1


def test_daily_backups_keep_seven(jpaths: Paths, clock: Clock) -> None:
    _with_backup(jpaths, clock)
    Journal.open(jpaths, clock=clock).close()  # same day: no second backup
    assert len(list_backups(jpaths.backup_dir)) == 1
    for _ in range(9):
        clock.now += timedelta(days=1)
        Journal.open(jpaths, clock=clock).close()
    backups = list_backups(jpaths.backup_dir)
    assert len(backups) == 7 and backups[-1].name == "journal-2026-03-20.sqlite3"
    assert all(stat.S_IMODE(b.stat().st_mode) == 0o600 for b in backups)
    check = sqlite3.connect(backups[-1])
    assert check.execute("SELECT note FROM checkins").fetchone() == ("before the damage",)
    check.close()


def test_not_a_database_is_reported_with_the_newest_backup(jpaths: Paths,
                                                           clock: Clock) -> None:
    _with_backup(jpaths, clock)
    damaged_bytes = b"this is not sqlite at all" * 100
    jpaths.journal_file.write_bytes(damaged_bytes)
    with pytest.raises(JournalCorrupt) as info:
        Journal.open(jpaths, clock=clock)
    err = info.value
    assert err.path == jpaths.journal_file and err.backup is not None
    assert "damaged" in str(err) and err.backup.name in str(err)
    result = restore_newest_backup(jpaths, clock=clock)
    assert result.damaged is not None and result.damaged.read_bytes() == damaged_bytes
    assert result.damaged.name.startswith("journal.sqlite3.damaged-")
    with Journal.open(jpaths, clock=clock) as j:
        assert [c.note for c in j.entries_between()] == ["before the damage"]  # type: ignore[union-attr]


def test_damaged_pages_are_caught_by_quick_check(jpaths: Paths, clock: Clock) -> None:
    _with_backup(jpaths, clock)
    with Journal.open(jpaths, clock=clock) as j:
        for i in range(300):
            j.add_checkin(mood=5, anxiety=5, note=f"entry {i} " + "x" * 200)
    size = jpaths.journal_file.stat().st_size
    with open(jpaths.journal_file, "r+b") as f:  # scribble over interior pages
        f.seek(4096 * 3)
        f.write(os.urandom(min(4096 * 6, size - 4096 * 3)))
    with pytest.raises(JournalCorrupt):
        Journal.open(jpaths, clock=clock)
    before = jpaths.journal_file.read_bytes()
    first = restore_newest_backup(jpaths, clock=clock)
    assert first.damaged is not None and first.damaged.read_bytes() == before
    # a second restore in the same second never overwrites the first damaged copy
    second = restore_newest_backup(jpaths, clock=clock)
    assert second.damaged is not None and second.damaged != first.damaged
    assert first.damaged.read_bytes() == before
    Journal.open(jpaths, clock=clock).close()


def test_restore_without_backup_says_so(jpaths: Paths, clock: Clock) -> None:
    Journal.open(jpaths, clock=clock).close()
    with pytest.raises(JournalUnavailable, match="no backup"):
        restore_newest_backup(jpaths, clock=clock)
    moved = set_aside_damaged(jpaths, clock=clock)
    assert moved is not None and moved.exists() and not jpaths.journal_file.exists()


def test_read_only_database_is_explained(journal: Journal) -> None:
    journal.add_checkin(mood=5, anxiety=5)
    journal.connection.execute("PRAGMA query_only = 1")
    with pytest.raises(JournalUnavailable, match="read-only"):
        journal.add_checkin(mood=6, anxiety=4)
    journal.connection.execute("PRAGMA query_only = 0")
    assert journal.count("checkin") == 1


def test_full_disk_is_explained(journal: Journal) -> None:
    pages = journal.connection.execute("PRAGMA page_count").fetchone()[0]
    journal.connection.execute(f"PRAGMA max_page_count = {pages + 1}")
    with pytest.raises(JournalUnavailable, match="full"):
        for _ in range(50):
            journal.add_checkin(mood=5, anxiety=5, note="x" * 20_000)


def test_data_dir_under_a_file_is_explained(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("")
    with pytest.raises(JournalUnavailable, match="file"):
        Journal.open(resolve_paths(tmp_path / "blocker"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_is_explained(jpaths: Paths, clock: Clock) -> None:
    Journal.open(jpaths, clock=clock).close()
    os.chmod(jpaths.data_dir, 0o500)
    try:
        with pytest.raises(JournalUnavailable):
            j = Journal.open(jpaths, clock=clock)
            j.add_checkin(mood=5, anxiety=5)
    finally:
        os.chmod(jpaths.data_dir, 0o700)
