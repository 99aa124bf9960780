"""`ebbtide import --from daylio|emoods|csv`: a dry run that writes nothing, the import and
its counts, a second run that adds nothing, and refusals as one line on stderr (exit 2)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ebbtide.cli import main
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import resolve_paths

HEADER = "full_date,date,weekday,time,mood,activities,note_title,note"
ROWS = ['2024-05-01,May 1,Wednesday,20:39,good,"work | family","","\x1b[31mred"',
        '2024-04-30,April 30,Tuesday,08:15,rad,"","",""',
        '2024-04-29,April 29,Monday,07:05,irritable,"","",""']


def _export(tmp_path: Path) -> Path:
    path = tmp_path / "daylio_export.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n")
    return path


def _count(home: Path) -> int:
    paths = resolve_paths(home)
    if not paths.journal_file.exists():
        return 0
    with Journal.open(paths) as journal:
        return int(journal.cursor("SELECT count(*) FROM checkins").fetchone()[0])


def _mapping(home: Path) -> Path:
    return resolve_paths(home).config_dir / "imports" / "daylio-mapping.toml"


def test_dry_run_then_import_then_again(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    export = _export(tmp_path)
    base = ["--data-dir", str(home), "import", "--from", "daylio", str(export)]
    assert main([*base, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Would add 2 check-ins from 2024-04-30 to 2024-05-01" in out
    assert "line 4: mood 'irritable' is not in the mapping" in out
    assert f"Mapping: {_mapping(home)} (written just now" in out
    assert "line 2: 2024-05-01 20:39 · mood 7 (good)" in out
    assert "\\x1b[31mred" in out and "\x1b" not in out  # the note is shown inert
    assert "nothing was written to the journal" in out
    assert _count(home) == 0

    # Not checked yet: refused, one line on stderr, nothing written.
    assert main(base) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("ebbtide: not imported:") and "Traceback" not in captured.err
    assert "default = N" in captured.err
    assert _count(home) == 0

    mapping = _mapping(home)
    mapping.write_text(mapping.read_text().replace("# default = ?", "default = 2"))
    assert main(base) == 2  # the unreadable row still stops it
    assert "--skip-unreadable" in capsys.readouterr().err
    assert main([*base, "--skip-unreadable"]) == 0
    out = capsys.readouterr().out
    assert "Imported 2 check-ins from Daylio (2024-04-30 to 2024-05-01)." in out
    assert "Left out 1 row that could not be read." in out
    assert _count(home) == 2

    mapping.write_text(mapping.read_text().replace('# "irritable" = ?', '"irritable" = 4'))
    assert main(base) == 0
    assert "Imported 1 check-in from Daylio" in capsys.readouterr().out
    assert main(base) == 0
    assert "Imported 0 check-ins from Daylio. Skipped 3 already in the journal." in (
        capsys.readouterr().out)
    assert _count(home) == 3


def test_refusals_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = str(tmp_path / "home")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert main(["--data-dir", home, "import", "--from", "daylio", str(fifo), "--dry-run"]) == 2
    assert "not a regular file" in capsys.readouterr().err
    csv_file = _export(tmp_path)
    assert main(["--data-dir", home, "import", "--from", "csv", str(csv_file)]) == 2
    assert "needs --mapping" in capsys.readouterr().err
    # An Ebbtide export has its own --dry-run; a mapping only makes sense for another app.
    assert main(["--data-dir", home, "import", str(csv_file), "--mapping", "m.toml"]) == 2
    assert "go with --from" in capsys.readouterr().err
    zipped = tmp_path / "backup.daylio"
    zipped.write_bytes(b"PK\x03\x04...")
    assert main(["--data-dir", home, "import", "--from", "daylio", str(zipped)]) == 2
    err = capsys.readouterr().err
    assert "zip archive" in err and err.count("\n") == 1


def test_a_dry_run_creates_no_journal(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    assert main(["--data-dir", str(home), "import", "--from", "daylio",
                 str(_export(tmp_path)), "--dry-run"]) == 0
    assert "Would add 2 check-ins" in capsys.readouterr().out
    assert not resolve_paths(home).journal_file.exists()
    assert _mapping(home).exists()
