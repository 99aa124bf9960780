"""Taper and titration plans in the journal: the V3 -> V4 migration keeps every row, plans
and steps are added, changed, listed and trashed, the planned total for a day is the step in
force, and export/import carries plans and PHQ-9's "how difficult" answer exactly."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebbtide.core.errors import InvalidEntry
from ebbtide.core.journal.exchange import (
    JournalImportError,
    export_csv,
    export_json,
    import_file,
)
from ebbtide.core.journal.schema import MIGRATIONS, SCHEMA_VERSION
from ebbtide.core.journal.store import Journal

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 12, 3, 9, 30, tzinfo=TZ)
STAMP = "'2026-11-01T08:00:00Z'"


def _v3_file(path: Path) -> None:
    conn = sqlite3.connect(path)
    for step in MIGRATIONS[:3]:
        for statement in step:
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 3")
    conn.execute("INSERT INTO meta (key, value) VALUES ('created_utc', '2026-01-01T00:00:00Z')")
    conn.execute(f"INSERT INTO medications (uid, name, dose_mg, created_utc, updated_utc) "
                 f"VALUES ('m1', 'baclofen', 10, {STAMP}, {STAMP})")
    conn.execute(f"INSERT INTO checkins (uid, at_utc, utc_offset_min, local_date, mood, "
                 f"anxiety, created_utc, updated_utc) VALUES ('c1', {STAMP}, 60, "
                 f"'2026-11-01', 6, 3, {STAMP}, {STAMP})")
    conn.execute(f"INSERT INTO doses (uid, medication_id, checkin_id, at_utc, utc_offset_min, "
                 f"local_date, status, amount_mg, created_utc, updated_utc) VALUES ('d1', 1, "
                 f"1, {STAMP}, 60, '2026-11-01', 'taken', 10, {STAMP}, {STAMP})")
    conn.execute(f"INSERT INTO side_effects (uid, checkin_id, at_utc, utc_offset_min, "
                 f"local_date, name, severity, created_utc, updated_utc) VALUES ('s1', 1, "
                 f"{STAMP}, 60, '2026-11-01', 'nausea', 'mild', {STAMP}, {STAMP})")
    conn.execute(f"INSERT INTO practices (uid, at_utc, utc_offset_min, local_date, kind, "
                 f"content_id, planned_seconds, actual_seconds, completed, created_utc, "
                 f"updated_utc) VALUES ('p1', {STAMP}, 60, '2026-11-01', 'breathe', "
                 f"'box', 300, 300, 1, {STAMP}, {STAMP})")
    conn.execute(f"INSERT INTO selfchecks (uid, at_utc, utc_offset_min, local_date, kind, "
                 f"answers, score, created_utc, updated_utc) VALUES ('q1', {STAMP}, 60, "
                 f"'2026-11-01', 'gad7', '[1,1,1,1,1,1,1]', 7, {STAMP}, {STAMP})")
    conn.execute("INSERT INTO safety_notes (note_id, rule, dismissed_utc) VALUES "
                 f"('sudden-stop:m1:2026-11-01', 'sudden-stop', {STAMP})")
    conn.commit()
    conn.close()


def test_v3_journal_migrates_to_the_current_version_keeping_every_row(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite3"
    _v3_file(path)
    with Journal(path, clock=lambda: NOW) as j:
        assert j.schema_version == SCHEMA_VERSION >= 4
        assert [j.count(k) for k in ("medication", "checkin", "dose", "side_effect",
                                     "practice")] == [1, 1, 1, 1, 1]
        check = j.selfchecks_between()[0]
        assert check.score == 7 and check.difficulty is None
        assert j.note_states()["sudden-stop:m1:2026-11-01"].dismissed_at is not None
        assert j.get_meta("created_utc") == "2026-01-01T00:00:00Z"
        assert j.plans() == []
        med = j.medications()[0]
        plan = j.add_plan(med.id, title="Dr Lee's letter")
        assert plan.medication_id == med.id and plan.steps == ()


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal(tmp_path / "j.sqlite3", clock=lambda: NOW) as j:
        yield j


def test_plans_and_steps_add_list_update_delete(journal: Journal) -> None:
    med = journal.add_medication("Baclofen", times=["08:00", "20:00"], dose_mg=15)
    plan = journal.add_plan(med.id, title="  taper as written  ")
    assert plan.title == "  taper as written  "  # verbatim
    later = journal.add_plan_step(plan.id, "2026-12-08", 20, note="then 10 mg twice")
    first = journal.add_plan_step(plan.id, date(2026, 12, 1), 30.0, per_dose="15 mg twice")
    stop = journal.add_plan_step(plan.id, date(2026, 12, 15), 0)
    current = journal.plan_for(med.id)
    assert current is not None
    assert [s.id for s in current.steps] == [first.id, later.id, stop.id]
    assert first.per_dose == "15 mg twice" and later.note == "then 10 mg twice"
    assert journal.planned_mg(med.id, date(2026, 11, 30)) is None  # before the plan
    assert journal.planned_mg(med.id, date(2026, 12, 1)) == 30.0
    assert journal.planned_mg(med.id, date(2026, 12, 7)) == 30.0
    assert journal.planned_mg(med.id, date(2026, 12, 8)) == 20.0
    assert journal.planned_mg(med.id, date(2027, 1, 1)) == 0.0  # a planned stop
    assert current.step_starting(date(2026, 12, 8)) == later
    moved = journal.update_plan_step(replace(later, start_date=date(2026, 12, 10),
                                             daily_total_mg=25))
    assert moved.start_date == date(2026, 12, 10) and moved.daily_total_mg == 25.0
    assert journal.planned_mg(med.id, date(2026, 12, 9)) == 30.0
    assert journal.delete_plan_step(stop.id) == 1
    assert journal.planned_mg(med.id, date(2027, 1, 1)) == 25.0
    renamed = journal.update_plan(replace(plan, title="new letter"))
    assert renamed.title == "new letter" and len(renamed.steps) == 2
    assert journal.delete_plan(plan.id) == 1
    assert journal.plan_for(med.id) is None and journal.planned_mg(med.id, NOW.date()) is None
    assert journal.undo_delete_plan(plan.id) == 1 and journal.plan_for(med.id) is not None
    journal.delete_plan(plan.id)
    assert journal.empty_trash() == 4  # the plan and its three steps
    assert journal.get_plan(plan.id) is None


def test_plan_values_are_checked_before_writing(journal: Journal) -> None:
    med = journal.add_medication("baclofen")
    plan = journal.add_plan(med.id)
    for start, mg, field in (("1 Dec", 30, "start_date"), ("2026-12-01", -5, "daily_total_mg"),
                             ("2026-12-01", float("nan"), "daily_total_mg"),
                             ("2026-12-01", True, "daily_total_mg")):
        with pytest.raises(InvalidEntry) as caught:
            journal.add_plan_step(plan.id, start, mg)
        assert caught.value.field == field
    with pytest.raises(InvalidEntry):
        journal.add_plan(9999)
    with pytest.raises(InvalidEntry):
        journal.add_plan_step(9999, "2026-12-01", 10)
    assert journal.plan_for(med.id) == plan  # nothing written


def test_trashed_medication_takes_its_plan_when_the_trash_is_emptied(
        journal: Journal) -> None:
    med = journal.add_medication("baclofen")
    plan = journal.add_plan(med.id)
    journal.add_plan_step(plan.id, "2026-12-01", 30)
    journal.delete("medication", med.id)
    assert journal.empty_trash() == 3
    assert journal.plans() == []


def test_selfcheck_difficulty_is_stored_and_checked(journal: Journal) -> None:
    check = journal.add_selfcheck("phq9", [1] * 9, difficulty=2)
    assert check.difficulty == 2 and journal.get_selfcheck(check.id) == check
    assert journal.add_selfcheck("phq9", [0] * 9).difficulty is None
    for kind, answers, value in (("phq9", [0] * 9, 4), ("gad7", [0] * 7, 1)):
        with pytest.raises(InvalidEntry) as caught:
            journal.add_selfcheck(kind, answers, difficulty=value)
        assert caught.value.field == "difficulty"


def _fill(journal: Journal) -> None:
    med = journal.add_medication("Lioresal", dose_mg=10)
    journal.add_medication("sertraline")
    plan = journal.add_plan(med.id, title="taper, “as written”")
    journal.add_plan_step(plan.id, "2026-12-01", 30, per_dose="10 mg three times",
                          note="line one\r\nline two")
    journal.add_plan_step(plan.id, "2026-12-08", 0)
    gone = journal.add_plan(med.id, title="old")
    journal.delete_plan(gone.id)
    journal.add_selfcheck("phq9", [1] * 9, difficulty=3)
    journal.add_selfcheck("gad7", [0] * 7)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_import_round_trip_carries_plans_and_difficulty(tmp_path: Path,
                                                               fmt: str) -> None:
    with Journal(tmp_path / "a.sqlite3", clock=lambda: NOW) as source:
        _fill(source)
        first = io.StringIO(newline="")
        (export_csv if fmt == "csv" else export_json)(source, first)
    dump = tmp_path / f"export.{fmt}"
    dump.write_text(first.getvalue(), encoding="utf-8", newline="")
    with Journal(tmp_path / "b.sqlite3", clock=lambda: NOW) as target:
        report = import_file(target, dump)
        assert report.added["plan"] == 1 and report.added["plan_step"] == 2
        med = target.find_medication("lioresal")
        assert med is not None
        plan = target.plan_for(med.id)
        assert plan is not None and plan.title == "taper, “as written”"
        assert plan.steps[0].note == "line one\r\nline two"
        assert plan.steps[0].per_dose == "10 mg three times"
        assert target.planned_mg(med.id, date(2026, 12, 9)) == 0.0
        assert [c.difficulty for c in target.selfchecks_between()] == [3, None]
        second = io.StringIO(newline="")
        (export_csv if fmt == "csv" else export_json)(target, second)
        assert second.getvalue() == first.getvalue()
        again = import_file(target, dump)
        assert again.total_added == 0 and again.skipped["plan_step"] == 2


def test_import_refuses_a_step_of_an_unknown_plan(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "ebbtide-journal", "version": 1, "records": [{"type": '
                   '"plan_step", "uid": "s1", "plan_uid": "nope", "start_date": "2026-12-01", '
                   '"daily_total_mg": 30, "created_utc": "2026-12-01T08:00:00Z", '
                   '"updated_utc": "2026-12-01T08:00:00Z"}]}', encoding="utf-8")
    with Journal(tmp_path / "j.sqlite3", clock=lambda: NOW) as j:
        with pytest.raises(JournalImportError, match="record 1: the step's plan_uid"):
            import_file(j, bad)
        assert j.plans() == []
