"""Daylio imports: the mapping written on the first preview, labels onto 1–10, activities
as tags, notes, no duplicates on a second run, and all or nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebbtide.core.journal.imports import (
    ForeignFileError,
    ImportPlan,
    apply_import,
    default_mapping_path,
    describe_plan,
    plan_import,
)
from ebbtide.core.journal.imports.formats import DAYLIO
from ebbtide.core.journal.store import Journal

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=timezone(timedelta(hours=1)))
DAYLIO_HEADER = "full_date,date,weekday,time,mood,activities,note_title,note"
DAYLIO_ROWS = [
    '2024-05-01,May 1,Wednesday,20:39,good,"work | family","A title","A note\non two lines"',
    '2024-04-30,April 30,Tuesday,8:15 pm,rad,"","",""',
    '2024-04-29,April 29,Monday,07:05,awful,"anxious | bad sleep","","Hard day"',
]


def daylio_csv(folder: Path, rows: list[str] | None = None, name: str = "daylio.csv",
               header: str = DAYLIO_HEADER, newline: str = "\n",
               encoding: str = "utf-8") -> Path:
    path = folder / name
    lines = [header, *(DAYLIO_ROWS if rows is None else rows)]
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal(tmp_path / "data" / "journal.sqlite3", clock=lambda: NOW) as j:
        yield j


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "config"


def set_anxiety(config: Path, extra: str = "", default: int | None = 2) -> Path:
    """The person checked the mapping and chose an anxiety value."""
    path = default_mapping_path(config, DAYLIO)
    text = path.read_text()
    if default is not None:
        text = text.replace("# default = ?", f"default = {default}")
    path.write_text(text + extra)
    return path


def ready_plan(journal: Journal, config: Path, csv_path: Path, extra: str = "") -> ImportPlan:
    plan_import(journal, "daylio", csv_path, config)  # writes the mapping
    set_anxiety(config, extra)
    return plan_import(journal, "daylio", csv_path, config)


def checkins(journal: Journal) -> list[tuple[object, ...]]:
    return journal.cursor("SELECT local_date, mood, anxiety, tags, note, uid FROM checkins "
                          "ORDER BY at_utc").fetchall()


def test_first_preview_writes_a_marked_guess_and_imports_nothing(
        journal: Journal, config: Path, tmp_path: Path) -> None:
    plan = plan_import(journal, "daylio", daylio_csv(tmp_path), config)
    mapping = default_mapping_path(config, DAYLIO)
    assert plan.mapping_written and mapping.exists()
    assert mapping.parent == config / "imports"
    assert (mapping.stat().st_mode & 0o777) == 0o600
    text = mapping.read_text()
    assert "GUESS" in text and '"rad" = 9' in text and '"awful" = 1' in text
    assert len(plan.rows) == 3 and plan.unreadable == ()
    assert [r.mood for r in plan.rows] == [7, 9, 1]
    lines = describe_plan(plan)
    assert any("Would add 3 check-ins from 2024-04-29 to 2024-05-01" in x for x in lines)
    assert any("written just now" in x for x in lines)
    # Blocked: the guesses are unchecked and Daylio records no anxiety.
    assert len(plan.blocking) == 2 and "anxiety" in plan.blocking[1]
    with pytest.raises(ForeignFileError, match="not imported"):
        apply_import(journal, plan)
    assert checkins(journal) == []


def test_import_maps_moods_activities_and_notes(journal: Journal, config: Path,
                                                tmp_path: Path) -> None:
    plan = ready_plan(journal, config, daylio_csv(tmp_path),
                      '\n[anxiety.activities]\n"anxious" = 8\n')
    assert plan.blocking == ()
    result = apply_import(journal, plan)
    assert (result.added, result.skipped, result.unreadable) == (3, 0, 0)
    rows = checkins(journal)
    assert [(r[0], r[1], r[2]) for r in rows] == [("2024-04-29", 1, 8), ("2024-04-30", 9, 2),
                                                  ("2024-05-01", 7, 2)]
    assert json.loads(str(rows[2][3])) == ["work", "family", "daylio"]
    assert rows[2][4] == "A title\n\nA note\non two lines"
    assert rows[0][4] == "Hard day"
    times = [journal.get("checkin", i) for i in (1, 2, 3)]  # in the file's order
    assert [c.at.strftime("%H:%M") for c in times if c] == ["20:39", "20:15", "07:05"]


def test_imported_check_ins_are_found_by_search_like_any_other(
        journal: Journal, config: Path, tmp_path: Path) -> None:
    apply_import(journal, ready_plan(journal, config, daylio_csv(tmp_path)))
    later = journal.add_checkin(mood=5, anxiety=5, note="a walk after the import",
                                tags=["family"])
    found = sorted((h.kind, h.record_id) for h in journal.search("family"))
    assert found == [("tag", 1), ("tag", later.checkin.id)]
    assert [(h.kind, h.record_id) for h in journal.search("lines")] == [("note", 1)]
    assert [(h.kind, h.record_id) for h in journal.search("walk")] == [
        ("note", later.checkin.id)]


def test_second_run_adds_nothing_and_a_longer_export_adds_only_the_new(
        journal: Journal, config: Path, tmp_path: Path) -> None:
    path = daylio_csv(tmp_path)
    apply_import(journal, ready_plan(journal, config, path))
    again = plan_import(journal, "daylio", path, config)
    assert (len(again.rows), again.already) == (0, 3)
    assert apply_import(journal, again).added == 0
    newer = daylio_csv(tmp_path, ['2024-05-02,May 2,Thursday,09:00,meh,"","",""',
                                  *DAYLIO_ROWS], name="later.csv")
    result = apply_import(journal, plan_import(journal, "daylio", newer, config))
    assert (result.added, result.skipped) == (1, 3)
    assert len(checkins(journal)) == 4
    uids = {str(r[5]) for r in checkins(journal)}
    assert all(u.startswith("daylio-") for u in uids)


def test_a_deleted_import_is_not_brought_back(journal: Journal, config: Path,
                                              tmp_path: Path) -> None:
    path = daylio_csv(tmp_path)
    apply_import(journal, ready_plan(journal, config, path))
    journal.delete("checkin", 1)
    assert plan_import(journal, "daylio", path, config).already == 3


def test_repeated_rows_in_one_file_are_imported_once(journal: Journal, config: Path,
                                                     tmp_path: Path) -> None:
    path = daylio_csv(tmp_path, [DAYLIO_ROWS[1], DAYLIO_ROWS[1]])
    plan = ready_plan(journal, config, path)
    assert (len(plan.rows), plan.repeated) == (1, 1)


def test_renamed_moods_and_unknown_labels(journal: Journal, config: Path,
                                          tmp_path: Path) -> None:
    rows = ['2024-05-01,May 1,Wednesday,20:39,irritable,"","",""',
            '2024-05-02,May 2,Thursday,20:39,Good,"","",""']
    path = daylio_csv(tmp_path, rows)
    plan = ready_plan(journal, config, path)
    mapping_text = default_mapping_path(config, DAYLIO).read_text()
    assert '# "irritable" = ?' in mapping_text  # found, waiting for a number
    assert [u.line for u in plan.unreadable] == [2]
    assert "irritable" in plan.unreadable[0].reason and "[mood.labels]" in plan.unreadable[0].reason
    assert plan.rows[0].mood == 7  # labels match whatever the case
    with pytest.raises(ForeignFileError, match="line 2"):
        apply_import(journal, plan)
    assert checkins(journal) == []
    assert apply_import(journal, plan, skip_unreadable=True).added == 1
    set_anxiety(config, default=None, extra='')
    mapping = default_mapping_path(config, DAYLIO)
    mapping.write_text(mapping.read_text().replace('# "irritable" = ?', '"irritable" = 4'))
    again = plan_import(journal, "daylio", path, config)
    assert [r.mood for r in again.rows] == [4] and again.already == 1


def test_older_daylio_layout_and_twelve_hour_times(journal: Journal, config: Path,
                                                   tmp_path: Path) -> None:
    path = daylio_csv(tmp_path, ['2018,18 May,Friday,11:54 pm,good,"clean | cook",""',
                                 '2018,May 17,Thursday,12:10 am,meh,"",""'],
                      header="year,date,weekday,time,mood,activities,note")
    plan = ready_plan(journal, config, path)
    assert plan.unreadable == ()
    assert [r.at.strftime("%Y-%m-%d %H:%M") for r in plan.rows] == ["2018-05-18 23:54",
                                                                   "2018-05-17 00:10"]


def test_all_or_nothing_when_a_write_fails(journal: Journal, config: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    plan = ready_plan(journal, config, daylio_csv(tmp_path))
    real = journal.insert_rows

    def failing(table: str, columns: list[str], rows: list[tuple[object, ...]]) -> None:
        real(table, columns, rows[:2])
        raise OSError("disk full")  # at the third row

    monkeypatch.setattr(journal, "insert_rows", failing)
    with pytest.raises(OSError):
        apply_import(journal, plan)
    assert checkins(journal) == []
