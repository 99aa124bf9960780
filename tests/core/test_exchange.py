"""Export and import: CSV/JSON round trips are exact, duplicates are skipped, bad files are
explained with the line, and exported files are private."""

from __future__ import annotations

import csv
import io
import json
import stat
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebbtide.cli import main
from ebbtide.core.journal.exchange import (
    CSV_HEADER,
    JournalImportError,
    export_csv,
    export_json,
    import_file,
)
from ebbtide.core.journal.models import DoseInput, SideEffectInput
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import resolve_paths
from ebbtide.core.practice.records import PracticeRecord

TZ = timezone(timedelta(hours=2))
NOW = datetime(2026, 5, 4, 12, 0, tzinfo=TZ)
HOSTILE = ("[bold]x[/] [link=file:///etc/passwd]y[/link] \x1b[2J\x1b[31mred\x00nul\r\n"
           "line2\r\"quoted\", comma; مرحبا \u202e 🧘‍♀️")


def _fill(j: Journal) -> None:
    bac = j.add_medication("baclofen", strength="10 mg tablet", schedule="as prescribed",
                           times=["08:00", "20:00"], dose_mg=10)
    other = j.add_medication("other, \"odd\" name", active=False)
    for i in range(5):
        at = NOW - timedelta(days=i, hours=i)
        j.add_checkin(mood=1 + i, anxiety=10 - i, sleep_hours=7.25 if i % 2 else None,
                      sleep_quality=3, energy=None if i else 9, tags=["a,b", HOSTILE[:50]],
                      note=HOSTILE if i == 0 else "", flagged_for_doctor=i == 1, at=at,
                      doses=[DoseInput(bac.id, 12.5, scheduled_time="08:00"),
                             DoseInput(other.id, None, status="skipped", note="n")],
                      side_effects=[SideEffectInput("nausea", "severe", note=HOSTILE)])
    j.add_dose(bac.id, amount_mg=0.1, at=NOW - timedelta(days=10))
    j.add_side_effect("my own effect", "moderate", at=NOW - timedelta(days=3))
    j.add_practice(PracticeRecord("breathe", "box-4", NOW - timedelta(days=1), 300.0, 287.5,
                                  False, 7, None))
    gone = j.add_checkin(mood=5, anxiety=5, note="deleted", at=NOW).checkin
    j.delete("checkin", gone.id)


def _journal(tmp_path: Path, name: str) -> Journal:
    return Journal(tmp_path / name / "journal.sqlite3", clock=lambda: NOW)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_round_trip_is_exact(tmp_path: Path, fmt: str) -> None:
    first = _journal(tmp_path, "a")
    _fill(first)
    write = export_csv if fmt == "csv" else export_json
    buf = io.StringIO(newline="")
    count = write(first, buf)
    assert count == 2 + 5 + 11 + 6 + 1
    exported = tmp_path / f"out.{fmt}"
    exported.write_bytes(buf.getvalue().encode())
    second = _journal(tmp_path, "b")
    report = import_file(second, exported)
    assert report.total_added == count and report.total_skipped == 0
    again = io.StringIO(newline="")
    write(second, again)
    assert again.getvalue() == buf.getvalue()
    notes = [c.note for c in second.entries_between(kinds=["checkin"])]  # type: ignore[union-attr]
    assert HOSTILE in notes and "deleted" not in notes
    # a second import finds only duplicates
    dup = import_file(second, exported)
    assert dup.total_added == 0 and dup.total_skipped == count
    assert dup.skipped["checkin"] == 5


def test_csv_has_a_stable_header_and_numbers(tmp_path: Path) -> None:
    j = _journal(tmp_path, "a")
    _fill(j)
    buf = io.StringIO(newline="")
    export_csv(j, buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue(), newline="")))
    assert tuple(rows[0].keys()) == CSV_HEADER
    checkin = next(r for r in rows if r["type"] == "checkin" and r["flagged_for_doctor"] == "1")
    assert checkin["mood"].isdigit() and checkin["anxiety"].isdigit()
    assert json.loads(checkin["tags"])[0] == "a,b"
    assert {r["type"] for r in rows} == {"medication", "checkin", "dose", "side_effect",
                                         "practice"}


def test_since_until_limit_dated_records(tmp_path: Path) -> None:
    j = _journal(tmp_path, "a")
    _fill(j)
    buf = io.StringIO(newline="")
    export_csv(j, buf, since=date(2026, 5, 3), until=date(2026, 5, 3))
    rows = list(csv.DictReader(io.StringIO(buf.getvalue(), newline="")))
    assert {r["local_date"] for r in rows if r["type"] != "medication"} == {"2026-05-03"}
    assert sum(r["type"] == "medication" for r in rows) == 2


def test_bad_files_are_explained_and_nothing_is_imported(tmp_path: Path) -> None:
    j = _journal(tmp_path, "a")
    _fill(j)
    buf = io.StringIO(newline="")
    export_csv(j, buf)
    lines = buf.getvalue().split("\n")
    target = next(i for i, line in enumerate(lines) if line.startswith("checkin,"))
    assert ",5,6," in lines[target]  # the oldest check-in: mood 5, anxiety 6
    lines[target] = lines[target].replace(",5,6,", ",5,11,", 1)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines), encoding="utf-8")
    empty = _journal(tmp_path, "b")
    with pytest.raises(JournalImportError, match=rf"bad.csv line {target + 1}: anxiety"):
        import_file(empty, bad)
    assert empty.count("medication") == 0 and empty.count("checkin") == 0
    for content, message in [("", "empty"), ("a,b\n1,2\n", "not an Ebbtide"),
                             ('{"format": "x"}', "not an Ebbtide")]:
        f = tmp_path / "f.txt"
        f.write_text(content, encoding="utf-8")
        with pytest.raises(JournalImportError, match=message):
            import_file(empty, f)
    with pytest.raises(JournalImportError, match="no such file"):
        import_file(empty, tmp_path / "missing.csv")


def test_cli_export_import_round_trip_and_private_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home_a, home_b = str(tmp_path / "a"), str(tmp_path / "b")
    assert main(["--data-dir", home_a, "log", "--mood", "6", "--anxiety", "3", "--dose", "10",
                 "--side-effect", "headache:moderate", "--note", HOSTILE]) == 0
    out_file = tmp_path / "export.csv"
    assert main(["--data-dir", home_a, "export", "-o", str(out_file)]) == 0
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    capsys.readouterr()
    assert main(["--data-dir", home_b, "import", str(out_file)]) == 0
    assert "Imported 4 records" in capsys.readouterr().out
    assert main(["--data-dir", home_b, "import", str(out_file)]) == 0
    assert "Skipped 4" in capsys.readouterr().out
    again = tmp_path / "again.csv"
    assert main(["--data-dir", home_b, "export", "--format", "csv", "-o", str(again)]) == 0
    assert again.read_bytes() == out_file.read_bytes()
    capsys.readouterr()
    assert main(["--data-dir", home_b, "export"]) == 0  # stdout
    assert capsys.readouterr().out.startswith(",".join(CSV_HEADER) + "\n")
    json_file = tmp_path / "export.json"
    assert main(["--data-dir", home_b, "export", "-o", str(json_file)]) == 0
    doc = json.loads(json_file.read_text(encoding="utf-8"))
    assert doc["format"] == "ebbtide-journal" and len(doc["records"]) == 4
    with Journal.open(resolve_paths(home_b)) as j:
        (c,) = j.entries_between(kinds=["checkin"])
        assert c.note == HOSTILE  # type: ignore[union-attr]
