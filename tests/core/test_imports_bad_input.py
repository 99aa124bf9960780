"""Bad files for `import --from`: each gets a clear message naming the line, nothing is
half-imported, and no traceback escapes (every refusal is a ForeignFileError)."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from ebbtide.core.journal.imports import ForeignFileError, apply_import, plan_import
from ebbtide.core.journal.imports import source as source_module
from ebbtide.core.journal.imports.formats import DAYLIO
from ebbtide.core.journal.imports.mapping import default_mapping_path
from ebbtide.core.journal.store import Journal
from ebbtide.core.journal.values import MAX_NOTE_CHARS
from tests.core.test_imports_daylio import (
    DAYLIO_HEADER,
    DAYLIO_ROWS,
    checkins,
    config,
    daylio_csv,
    journal,
    ready_plan,
)

__all__ = ["config", "journal"]  # fixtures shared with the Daylio tests


def _refused(journal: Journal, config: Path, path: Path, match: str) -> None:
    with pytest.raises(ForeignFileError, match=match):
        plan_import(journal, "daylio", path, config)


# ---------------------------------------------------------------- not a CSV export


@pytest.mark.parametrize(("data", "match"), [
    (b"PK\x03\x04rest of a zip", "zip archive"),
    (b"%PDF-1.7\n", "a PDF"),
    (b"\x00\x01\x02\x03binary\xff\x00" * 20, "not a text file"),
    (b"", "empty"),
    (b"  \n\n", "empty"),
])
def test_wrong_file_types(journal: Journal, config: Path, tmp_path: Path, data: bytes,
                          match: str) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    _refused(journal, config, path, match)


def test_a_file_from_another_app_names_the_missing_column(journal: Journal, config: Path,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("when,how,what\n2024-05-01,good,x\n")
    _refused(journal, config, path, r"line 1: not a Daylio export: no 'full_date' or 'date' "
                                    r"column \(the columns are: when, how, what\)")


def test_folders_fifos_and_devices_are_refused(journal: Journal, config: Path,
                                               tmp_path: Path) -> None:
    _refused(journal, config, tmp_path, "is a folder")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    _refused(journal, config, fifo, "not a regular file")  # and did not hang
    _refused(journal, config, Path("/dev/null"), "not a regular file")
    _refused(journal, config, tmp_path / "nope.csv", "no such file")


def test_size_limit(journal: Journal, config: Path, tmp_path: Path,
                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source_module, "MAX_FILE_BYTES", 100)
    _refused(journal, config, daylio_csv(tmp_path), "imports at most")


def test_field_length_limits(journal: Journal, config: Path, tmp_path: Path) -> None:
    long_tag = "t" * 201
    rows = [f'2024-05-01,May 1,Wednesday,20:39,good,"{long_tag}","",""',
            f'2024-05-02,May 2,Thursday,20:39,good,"","{"n" * 10}","{"n" * MAX_NOTE_CHARS}"',
            DAYLIO_ROWS[1]]
    plan = ready_plan(journal, config, daylio_csv(tmp_path, rows))
    assert [u.line for u in plan.unreadable] == [2, 3]
    assert "tags is too long" in plan.unreadable[0].reason
    assert "note is too long" in plan.unreadable[1].reason
    huge = daylio_csv(tmp_path, [f'2024-05-01,May 1,Wednesday,20:39,good,"","",'
                                 f'"{"n" * (MAX_NOTE_CHARS + 5)}"'], name="huge.csv")
    _refused(journal, config, huge, "line 2: a cell is longer than 1,000,000 characters")


# ---------------------------------------------------------------- encodings, line ends


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                      "utf-32"])
def test_unicode_encodings_with_and_without_a_mark(journal: Journal, config: Path,
                                                   tmp_path: Path, encoding: str) -> None:
    rows = ['2024-05-01,May 1,Wednesday,20:39,good,"café | 🧘","Été","naïve"']
    plan = ready_plan(journal, config, daylio_csv(tmp_path, rows, encoding=encoding))
    assert plan.unreadable == () and plan.encoding_note is None
    assert plan.rows[0].tags[:2] == ("café", "🧘") and plan.rows[0].note == "Été\n\nnaïve"


def test_latin1_is_read_with_a_note(journal: Journal, config: Path, tmp_path: Path) -> None:
    rows = ['2024-05-01,May 1,Wednesday,20:39,good,"café","",""']
    plan = ready_plan(journal, config, daylio_csv(tmp_path, rows, encoding="latin-1"))
    assert plan.rows[0].tags[0] == "café"
    assert plan.encoding_note is not None and "line 2" in plan.encoding_note
    assert "not UTF-8" in plan.encoding_note


def test_a_damaged_utf16_file(journal: Journal, config: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + "full_date".encode("utf-16-le") + b"\x00\xd8")
    _refused(journal, config, path, "starts like UTF-16")


def test_crlf_line_ends(journal: Journal, config: Path, tmp_path: Path) -> None:
    plan = ready_plan(journal, config, daylio_csv(tmp_path, newline="\r\n"))
    assert plan.unreadable == () and len(plan.rows) == 3
    assert plan.rows[0].note == "A title\n\nA note\non two lines"  # no stray \r
    assert [r.line for r in plan.rows] == [2, 4, 5]


# ---------------------------------------------------------------- rows


def test_missing_and_extra_cells_name_the_line(journal: Journal, config: Path,
                                               tmp_path: Path) -> None:
    rows = ['2024-05-01,May 1,Wednesday,20:39,good,""',
            '2024-05-02,May 2,Thursday,20:39,good,"","","",surprise',
            '2024-05-03,May 3,Friday,20:39,good,"","","",',  # an empty extra cell is fine
            DAYLIO_ROWS[1]]
    plan = ready_plan(journal, config, daylio_csv(tmp_path, rows))
    assert [(u.line, u.reason.split(" (")[0]) for u in plan.unreadable] == [
        (2, "6 columns where the first line has 8"), (3, "9 columns where the first line has 8")]
    assert len(plan.rows) == 2


def test_extra_header_columns_are_named_and_ignored(journal: Journal, config: Path,
                                                    tmp_path: Path) -> None:
    path = daylio_csv(tmp_path, [row + ",x" for row in DAYLIO_ROWS],
                      header=DAYLIO_HEADER + ",scales")
    plan = ready_plan(journal, config, path)
    assert plan.ignored_columns == ("scales",) and len(plan.rows) == 3


def test_dates_in_other_forms(journal: Journal, config: Path, tmp_path: Path) -> None:
    rows = ['2024/05/01,May 1,Wednesday,20:39,good,"","",""',
            '01/05/2024,May 1,Wednesday,21:39,good,"","",""',
            '2024-05-01,May 1,Wednesday,25:00,good,"","",""',
            '2030-01-01,Jan 1,Tuesday,10:00,good,"","",""']
    path = daylio_csv(tmp_path, rows)
    plan = ready_plan(journal, config, path)
    assert len(plan.rows) == 1
    reasons = {u.line: u.reason for u in plan.unreadable}
    assert "cannot read the date '01/05/2024'" in reasons[3] and "[format]" in reasons[3]
    assert "cannot read the time '25:00'" in reasons[4]
    assert "in the future" in reasons[5]
    mapping = default_mapping_path(config, DAYLIO)
    mapping.write_text(mapping.read_text().replace('# date = "%d/%m/%Y"', 'date = "%d/%m/%Y"'))
    plan = plan_import(journal, "daylio", path, config)
    assert [r.line for r in plan.rows] == [3]  # now only that form is read


def test_a_broken_mapping_names_its_line(journal: Journal, config: Path,
                                         tmp_path: Path) -> None:
    path = daylio_csv(tmp_path)
    plan_import(journal, "daylio", path, config)
    mapping = default_mapping_path(config, DAYLIO)
    mapping.write_text(mapping.read_text().replace("# default = ?", "default = ?"))
    _refused(journal, config, path, r"daylio-mapping.toml: line \d+, column \d+")
    mapping.write_text('[mood.labels]\n"rad" = 11\n')
    _refused(journal, config, path, r"\[mood.labels\] 'rad' must be a whole number from 1 to 10")


# ---------------------------------------------------------------- size and change


def test_a_hundred_thousand_rows(journal: Journal, config: Path, tmp_path: Path) -> None:
    rows = [f'{2000 + i // 5000}-{1 + i // 400 % 12:02d}-{1 + i % 28:02d},x,y,'
            f'{i % 24:02d}:{i % 60:02d},good,"a | b","",""' for i in range(100_000)]
    ready_plan(journal, config, daylio_csv(tmp_path, rows[:10]))  # the mapping, from a sample
    plan = plan_import(journal, "daylio", daylio_csv(tmp_path, rows), config)
    assert plan.unreadable == () and plan.total_rows == 100_000
    result = apply_import(journal, plan)
    assert result.added + result.skipped == 100_000
    assert journal.cursor("SELECT count(*) FROM checkins").fetchone()[0] == result.added


def test_a_file_changed_during_the_import_rolls_everything_back(
        journal: Journal, config: Path, tmp_path: Path) -> None:
    rows = [f'2024-01-{1 + i % 28:02d},x,y,{i % 24:02d}:{i % 60:02d},good,"","",""'
            for i in range(1200)]
    path = daylio_csv(tmp_path, rows)
    plan = ready_plan(journal, config, path)

    def touch_the_file(done: int, total: int) -> None:
        with path.open("a") as handle:
            handle.write('2024-02-01,x,y,10:00,good,"","",""\n')

    with pytest.raises(ForeignFileError, match="changed since it was read"):
        apply_import(journal, plan, progress=touch_the_file)
    assert checkins(journal) == []


def test_a_file_changed_after_the_preview(journal: Journal, config: Path,
                                          tmp_path: Path) -> None:
    path = daylio_csv(tmp_path)
    plan = ready_plan(journal, config, path)
    daylio_csv(tmp_path, DAYLIO_ROWS[:1])  # rewritten in place
    with pytest.raises(ForeignFileError, match="nothing was imported"):
        apply_import(journal, plan)
    assert checkins(journal) == []
