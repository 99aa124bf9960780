"""PHQ-9 and GAD-7: standard wording and options, scoring and band boundaries, the item-9
crisis flag, the attribution, "due" every two weeks, and storage in the journal (with the
forward migration and an exact export/import round trip)."""

from __future__ import annotations

import io
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebbtide.core.content.questionnaires import (
    ANSWER_OPTIONS,
    ATTRIBUTION,
    GAD7,
    PHQ9,
    band,
    check_answers,
    due_kinds,
    is_due,
    latest_by_kind,
    needs_crisis_resources,
    parse_kind,
    score,
)
from ebbtide.core.errors import InvalidEntry
from ebbtide.core.journal.exchange import JournalImportError, export_csv, export_json, import_file
from ebbtide.core.journal.schema import MIGRATIONS, SCHEMA_VERSION
from ebbtide.core.journal.store import Journal

TZ = timezone(timedelta(hours=-5))
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=TZ)


def test_standard_wording_options_and_attribution() -> None:
    assert [label for label, _ in ANSWER_OPTIONS] == [
        "Not at all", "Several days", "More than half the days", "Nearly every day"]
    assert [v for _, v in ANSWER_OPTIONS] == [0, 1, 2, 3]
    assert PHQ9.stem.startswith("Over the last 2 weeks, how often have you been bothered")
    assert len(PHQ9.items) == 9 and len(GAD7.items) == 7
    assert PHQ9.items[0] == "Little interest or pleasure in doing things"
    assert PHQ9.items[8] == ("Thoughts that you would be better off dead or of hurting "
                             "yourself in some way")
    assert GAD7.items[0] == "Feeling nervous, anxious or on edge"
    assert GAD7.items[6] == "Feeling afraid as if something awful might happen"
    assert ATTRIBUTION == (
        "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and "
        "colleagues, with an educational grant from Pfizer Inc. No permission required to "
        "reproduce, translate, display or distribute.")
    assert PHQ9.max_score == 27 and GAD7.max_score == 21


@pytest.mark.parametrize(("total", "label"), [
    (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
    (14, "moderate"), (15, "moderately severe"), (19, "moderately severe"), (20, "severe"),
    (27, "severe")])
def test_phq9_bands(total: int, label: str) -> None:
    assert band("phq9", total).label == label


@pytest.mark.parametrize(("total", "label"), [
    (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
    (14, "moderate"), (15, "severe"), (21, "severe")])
def test_gad7_bands(total: int, label: str) -> None:
    assert band("gad7", total).label == label


def test_scores_out_of_range_are_refused() -> None:
    with pytest.raises(InvalidEntry):
        band("gad7", 22)
    with pytest.raises(InvalidEntry):
        band("phq9", -1)


def test_scoring_is_the_sum_and_answers_are_checked() -> None:
    assert score("phq9", [3] * 9) == 27 and score("gad7", [0, 1, 2, 3, 0, 1, 2]) == 9
    with pytest.raises(InvalidEntry, match="has 9 questions; got 8"):
        check_answers("phq9", [0] * 8)
    with pytest.raises(InvalidEntry, match="question 3"):
        check_answers("gad7", [0, 0, 4, 0, 0, 0, 0])
    with pytest.raises(InvalidEntry):
        check_answers("gad7", [0, 0, True, 0, 0, 0, 0])


def test_item_9_above_zero_is_a_crisis_flag() -> None:
    assert needs_crisis_resources("phq9", [0] * 8 + [1])
    assert not needs_crisis_resources("phq9", [3] * 8 + [0])
    assert not needs_crisis_resources("gad7", [3] * 7)  # GAD-7 has no such item


def test_parse_kind_accepts_usual_spellings() -> None:
    assert parse_kind("PHQ-9") == "phq9" and parse_kind(" gad7 ") == "gad7"
    with pytest.raises(InvalidEntry, match="use phq9 or gad7"):
        parse_kind("beck")


def test_due_every_two_weeks_and_stored_in_the_journal(tmp_path: Path) -> None:
    j = Journal(tmp_path / "j.sqlite3", clock=lambda: NOW)
    assert is_due(None, NOW.date())
    first = j.add_selfcheck("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 0], at=NOW - timedelta(days=13))
    assert first.score == 8 and first.band.label == "mild" and not first.crisis
    assert first.describe() == "PHQ-9 8/27 (mild)"
    assert not is_due(first, NOW.date()) and is_due(first, NOW.date() + timedelta(days=1))
    assert due_kinds(latest_by_kind(j.selfchecks_between()), NOW.date()) == ["gad7"]
    j.add_selfcheck("gad7", [3] * 7)
    second = j.add_selfcheck("phq9", [0] * 8 + [2])
    assert second.crisis and second.at == NOW and second.local_date == date(2026, 3, 10)
    assert j.latest_selfcheck("phq9") == second
    assert [c.kind for c in j.selfchecks_between(kind="phq9")] == ["phq9", "phq9"]
    assert j.selfchecks_between(NOW.date(), NOW.date(), kind="gad7")[0].score == 21
    with pytest.raises(InvalidEntry):
        j.add_selfcheck("phq9", [0] * 9 + [1])
    assert j.delete_selfcheck(second.id) == 1
    assert j.latest_selfcheck("phq9") == first
    assert j.undo_delete_selfcheck(second.id) == 1
    j.delete_selfcheck(second.id)
    assert j.empty_trash() == 1 and j.get_selfcheck(second.id) is None


def test_v2_journal_migrates_forward_keeping_everything(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite3"
    conn = sqlite3.connect(path)
    for step in MIGRATIONS[:2]:
        for statement in step:
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO checkins (uid, at_utc, utc_offset_min, local_date, mood, "
                 "anxiety, created_utc, updated_utc) VALUES ('u1', '2026-03-01T08:00:00Z', "
                 "0, '2026-03-01', 6, 3, '2026-03-01T08:00:00Z', '2026-03-01T08:00:00Z')")
    conn.commit()
    conn.close()
    with Journal(path, clock=lambda: NOW) as j:
        assert j.schema_version == SCHEMA_VERSION >= 3
        assert j.count("checkin") == 1
        j.add_selfcheck("gad7", [1] * 7)
        j.dismiss_note("dosing-gap:x:2026-03-01")
        assert j.note_states()["dosing-gap:x:2026-03-01"].dismissed_at is not None


def _filled(path: Path) -> Journal:
    j = Journal(path, clock=lambda: NOW)
    j.add_checkin(mood=5, anxiety=5, at=NOW - timedelta(days=1))
    j.add_selfcheck("phq9", [0, 1, 2, 3, 0, 1, 2, 3, 1], at=NOW - timedelta(days=2))
    j.add_selfcheck("gad7", [3, 2, 1, 0, 1, 2, 3], at=NOW - timedelta(days=1))
    return j


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_selfchecks_round_trip_exactly(tmp_path: Path, fmt: str) -> None:
    first = _filled(tmp_path / "a.sqlite3")
    write = export_csv if fmt == "csv" else export_json
    buf = io.StringIO(newline="")
    assert write(first, buf) == 3
    exported = tmp_path / f"out.{fmt}"
    exported.write_bytes(buf.getvalue().encode())
    second = Journal(tmp_path / "b.sqlite3", clock=lambda: NOW)
    report = import_file(second, exported)
    assert report.added["selfcheck"] == 2
    again = io.StringIO(newline="")
    write(second, again)
    assert again.getvalue() == buf.getvalue()
    assert [c.answers for c in second.selfchecks_between()] == [
        (0, 1, 2, 3, 0, 1, 2, 3, 1), (3, 2, 1, 0, 1, 2, 3)]
    assert import_file(second, exported).skipped["selfcheck"] == 2


def test_import_refuses_a_score_that_does_not_match(tmp_path: Path) -> None:
    first = _filled(tmp_path / "a.sqlite3")
    buf = io.StringIO()
    export_json(first, buf)
    bad = tmp_path / "bad.json"
    bad.write_text(buf.getvalue().replace('"score": 13', '"score": 2'), encoding="utf-8")
    second = Journal(tmp_path / "b.sqlite3", clock=lambda: NOW)
    with pytest.raises(JournalImportError, match="does not match the answers"):
        import_file(second, bad)
    assert second.selfchecks_between() == [] and second.count("checkin") == 0
