"""`ebbtide status`: the line, --format and --json on a real journal; a neutral line, never
a traceback, when the journal is missing, damaged or locked."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebbtide.cli import main
from ebbtide.cli.commands import status
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import resolve_paths

NOW = datetime(2026, 11, 26, 14, 30, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(status, "now", lambda: NOW)
    return tmp_path / "home"


def _run(home: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(home), "status", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_status_line_format_and_json(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = resolve_paths(home)
    with Journal.open(paths, clock=lambda: NOW) as journal:
        med = journal.add_medication("baclofen", times=["08:00", "20:00"])
        journal.add_dose(med.id, amount_mg=10, scheduled_time="08:00",
                         at=NOW.replace(hour=8))
    assert _run(home, capsys) == (0, "baclofen 20:00 · check-in pending · 0 min this week\n",
                                  "")
    code, out, _ = _run(home, capsys, "--format", "{dose_time} {checkin} {minutes}m")
    assert (code, out) == (0, "20:00 pending 0m\n")
    code, out, _ = _run(home, capsys, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["next_dose"] == {"medication": "baclofen", "time": "20:00", "due": False}
    assert data["checkin_pending"] is True and data["minutes_this_week"] == 0


def test_bad_format_is_one_clear_line(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(home, capsys, "--format", "{mood}")
    assert code == 2 and out == ""
    assert err.startswith("ebbtide: --format: unknown field 'mood'. Fields: dose,")
    assert "Traceback" not in err


def test_missing_journal_prints_an_empty_line_and_creates_nothing(
        home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(home, capsys) == (0, "\n", "")
    code, out, _ = _run(home, capsys, "--json")
    assert code == 0 and json.loads(out) == {"available": False, "reason": "no journal yet"}
    assert not home.exists()


def test_damaged_journal_prints_a_neutral_line(home: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    journal = resolve_paths(home).journal_file
    journal.parent.mkdir(parents=True)
    journal.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    assert _run(home, capsys) == (0, "journal unavailable\n", "")
    code, out, _ = _run(home, capsys, "--json")
    assert code == 0
    assert json.loads(out) == {"available": False, "reason": "journal unavailable"}
    assert journal.read_bytes().startswith(b"SQLite format 3\x00\xff")


def test_locked_journal_prints_a_neutral_line(home: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    paths = resolve_paths(home)
    with Journal.open(paths, clock=lambda: NOW) as journal:
        journal.add_checkin(mood=5, anxiety=5, at=NOW - timedelta(hours=1))
    holder = sqlite3.connect(paths.journal_file)
    try:
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("INSERT INTO meta (key, value) VALUES ('lock', 'held')")
        assert _run(home, capsys) == (0, "journal unavailable\n", "")
    finally:
        holder.rollback()
        holder.close()
    assert _run(home, capsys)[1] == "0 min this week\n"


def test_status_imports_no_textual(home: Path) -> None:
    import subprocess
    import sys

    probe = ("import sys; from ebbtide.cli import main; main(['--data-dir', sys.argv[1], "
             "'status']); print(sorted(m for m in sys.modules if m.split('.')[0] in "
             "('textual', 'rich', 'tomllib', 'json')))")
    done = subprocess.run([sys.executable, "-c", probe, str(home)], capture_output=True,
                          text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"
