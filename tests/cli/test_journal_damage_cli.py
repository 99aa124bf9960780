"""`ebbtide log` never says "Saved" into a damaged, emptied or missing journal, and
`ebbtide restore` brings back the newest good backup (issue 13)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from ebbtide.cli import main
from ebbtide.core.journal import health
from ebbtide.core.journal.backup_files import backup_path, list_backups
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import Paths, resolve_paths

LOG = ("log", "--mood", "6", "--anxiety", "3", "--note", "after the damage")


def _run(home: Path, *words: str) -> int:
    return main(["--data-dir", str(home), *words])


def _scribble(path: Path, offset: int, length: int) -> None:
    with open(path, "r+b") as handle:
        handle.seek(offset)
        handle.write(os.urandom(length))


def _journal_with_todays_backup(home: Path, entries: int = 300) -> Paths:
    """A journal with entries and today's backup made, so `log` takes its fast path."""
    paths = resolve_paths(home)
    with Journal.open(paths) as j:
        for i in range(entries):
            j.add_checkin(mood=5, anxiety=5, note=f"entry {i} " + "x" * 200)
        assert j.backup(backup_path(paths.backup_dir, datetime.now().date())) is not None
    return paths


def _count(paths: Paths) -> int:
    with Journal.open(paths) as j:
        return j.count("checkin")


def test_log_refuses_a_journal_damaged_after_todays_backup(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _journal_with_todays_backup(tmp_path)
    assert _run(tmp_path, *LOG) == 0  # the fast path, as every day
    capsys.readouterr()
    _scribble(paths.journal_file, 4096 * 3, 4096 * 6)  # interior pages, not the header
    assert _run(tmp_path, *LOG) == 2
    out, err = capsys.readouterr()
    assert "Saved" not in out
    assert err.count("\n") == 1 and "nothing was saved" in err and "damaged" in err
    assert "restore" in err
    assert health.read_health(paths.backup_dir).damage  # noted: later logs check first
    assert _run(tmp_path, *LOG) == 2
    assert "Saved" not in capsys.readouterr().out


def test_log_refuses_when_a_check_found_damage_even_if_the_file_looks_unchanged(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = _journal_with_todays_backup(tmp_path)
    stamp = paths.journal_file.stat()
    _scribble(paths.journal_file, 4096 * 3, 4096 * 6)
    os.utime(paths.journal_file, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # hide it
    health.remember_damage(paths.backup_dir, "found by the app's check")
    assert _run(tmp_path, *LOG) == 2
    assert "Saved" not in capsys.readouterr().out


@pytest.mark.parametrize("how", ["emptied", "deleted"])
def test_log_refuses_an_emptied_or_deleted_journal_and_points_to_restore(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str) -> None:
    paths = _journal_with_todays_backup(tmp_path, entries=3)
    if how == "emptied":
        paths.journal_file.write_bytes(b"")
    else:
        paths.journal_file.unlink()
    assert _run(tmp_path, *LOG) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert ("is empty (0 bytes)" if how == "emptied" else "is missing") in err
    assert "ebbtide restore" in err and list_backups(paths.backup_dir)[-1].name in err
    if how == "emptied":
        assert paths.journal_file.stat().st_size == 0
    else:
        assert not paths.journal_file.exists()
    assert _run(tmp_path, "restore") == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "(3 entries)" in out
    assert _run(tmp_path, *LOG) == 0
    assert _count(paths) == 4


def test_restore_lists_backups_and_uses_the_newest_good_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = _journal_with_todays_backup(tmp_path, entries=2)
    [good] = list_backups(paths.backup_dir)
    damaged = paths.backup_dir / "journal-2999-01-01.sqlite3"  # newer than any real day
    damaged.write_bytes(good.read_bytes())
    _scribble(damaged, 0, 100)
    _scribble(paths.journal_file, 0, 100)
    assert _run(tmp_path, "restore", "--list") == 0
    listing = capsys.readouterr().out.splitlines()
    assert damaged.name in listing[1] and "cannot be restored" in listing[1]
    assert good.name in listing[2] and "2 entries" in listing[2]
    assert _run(tmp_path, "restore") == 0
    out = capsys.readouterr().out
    assert f"Skipped {damaged.name}: damaged" in out and f"Restored {good.name}" in out
    assert "kept as" in out and len(list(paths.data_dir.glob("*.damaged-*"))) == 1
    assert _count(paths) == 2


def test_restore_does_not_replace_a_sound_journal_unless_asked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = _journal_with_todays_backup(tmp_path, entries=2)
    with Journal.open(paths) as j:
        j.add_checkin(mood=7, anxiety=1)
    assert _run(tmp_path, "restore") == 2
    assert "is sound (3 entries), so nothing was restored" in capsys.readouterr().err
    assert _count(paths) == 3
    assert _run(tmp_path, "restore", "--replace") == 0
    assert _count(paths) == 2
    assert len(list(paths.data_dir.glob("journal.sqlite3.damaged-*"))) == 1


def test_restore_from_a_file_that_is_not_a_journal_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = _journal_with_todays_backup(tmp_path, entries=1)
    paths.journal_file.write_bytes(b"")
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a journal at all" * 100)
    assert _run(tmp_path, "restore", "--from", str(junk)) == 2
    assert "cannot be restored" in capsys.readouterr().err
    assert paths.journal_file.stat().st_size == 0  # nothing changed
