"""The journal is never silently replaced (issue 13): a missing or emptied file that held
entries is damage; backups are checked, rotation never deletes the last good ones for empty
or damaged ones, restore skips bad backups and keeps one copy of a damaged file. Real files
on disk, an injected clock."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebbtide.core.journal import health
from ebbtide.core.journal.backup import (
    BACKUPS_KEPT,
    best_backup,
    check_backup,
    prune_backups,
    restore_newest_backup,
    set_aside_damaged,
)
from ebbtide.core.journal.backup_files import backup_path, list_backups
from ebbtide.core.journal.errors import JournalUnavailable
from ebbtide.core.journal.store import Journal, JournalCorrupt, JournalMissing
from ebbtide.core.paths import Paths, resolve_paths

BERLIN = timezone(timedelta(hours=1))


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def next_day(self) -> None:
        self.now += timedelta(days=1)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 1, 9, 0, tzinfo=BERLIN))


@pytest.fixture
def jpaths(tmp_path: Path) -> Paths:
    return resolve_paths(tmp_path / "home")


def _log_days(jpaths: Paths, clock: Clock, days: int, *, note: str = "kept") -> None:
    """One check-in a day; each day's first open makes that day's backup."""
    for _ in range(days):
        with Journal.open(jpaths, clock=clock) as j:
            j.add_checkin(mood=6, anxiety=3, note=note)
        clock.next_day()


def _notes(jpaths: Paths, clock: Clock) -> list[str]:
    with Journal.open(jpaths, clock=clock) as j:
        return [e.note for e in j.entries_between()]  # type: ignore[union-attr]


def _scribble(path: Path, offset: int, length: int) -> None:
    with open(path, "r+b") as handle:
        handle.seek(offset)
        handle.write(os.urandom(length))


def _big_journal_file(path: Path) -> None:
    with Journal(path) as j:
        for i in range(300):
            j.add_checkin(mood=5, anxiety=5, note=f"entry {i} " + "x" * 200)


# ---------------------------------------------------------------- missing or empty


@pytest.mark.parametrize("how", ["truncated to 0 bytes", "deleted"])
def test_an_emptied_or_deleted_journal_is_damage_not_a_new_journal(
        jpaths: Paths, clock: Clock, how: str) -> None:
    _log_days(jpaths, clock, 3)
    if how == "deleted":
        jpaths.journal_file.unlink()
    else:
        jpaths.journal_file.write_bytes(b"")
    before = sorted(p.name for p in jpaths.data_dir.iterdir())
    with pytest.raises(JournalMissing) as info:
        Journal.open(jpaths, clock=clock)
    err = info.value
    assert isinstance(err, JournalCorrupt) and err.empty is (how != "deleted")
    assert err.backup == list_backups(jpaths.backup_dir)[-1]
    assert ("is empty (0 bytes)" if err.empty else "is missing") in str(err)
    assert "held entries before" in str(err) and "ebbtide restore" in str(err)
    # nothing was created, replaced or backed up
    assert sorted(p.name for p in jpaths.data_dir.iterdir()) == before
    if err.empty:
        assert jpaths.journal_file.stat().st_size == 0
    restored = restore_newest_backup(jpaths, clock=clock)
    assert restored.rows == 2 and _notes(jpaths, clock) == ["kept", "kept"]
    if how != "deleted":  # the empty file is set aside, never deleted
        assert restored.damaged is not None and restored.damaged.stat().st_size == 0


def test_a_lost_journal_without_backups_is_still_reported(jpaths: Paths,
                                                          clock: Clock) -> None:
    with Journal.open(jpaths, clock=clock) as j:  # day one: entries, no backup yet
        j.add_checkin(mood=6, anxiety=3)
    assert list_backups(jpaths.backup_dir) == []
    assert health.read_health(jpaths.backup_dir).had_rows
    jpaths.journal_file.write_bytes(b"")
    with pytest.raises(JournalMissing, match="nothing to restore") as info:
        Journal.open(jpaths, clock=clock)
    assert info.value.backup is None
    with Journal.open(jpaths, clock=clock, start_new=True) as j:  # the person chose a new one
        assert j.created and j.count("checkin") == 0


def test_a_first_run_still_creates_the_journal(jpaths: Paths, clock: Clock) -> None:
    with Journal.open(jpaths, clock=clock) as j:
        assert j.created
    jpaths.journal_file.unlink()  # a journal that never held an entry: nothing to lose
    with Journal.open(jpaths, clock=clock) as j:
        assert j.created


# ---------------------------------------------------------------- rotation


def test_ten_days_after_the_journal_empties_every_good_backup_is_still_there(
        jpaths: Paths, clock: Clock) -> None:
    _log_days(jpaths, clock, 5)
    good = list_backups(jpaths.backup_dir)
    assert len(good) == 4 and all(check_backup(b).good for b in good)
    jpaths.journal_file.write_bytes(b"")  # the QA repro: a 0-byte journal
    for _ in range(10):
        with pytest.raises(JournalMissing):
            Journal.open(jpaths, clock=clock)
        clock.next_day()
    assert list_backups(jpaths.backup_dir) == good
    # a new journal chosen on purpose: empty, so it is never backed up over the good ones
    set_aside_damaged(jpaths, clock=clock)
    Journal.open(jpaths, clock=clock, start_new=True).close()
    for _ in range(10):
        clock.next_day()
        with Journal.open(jpaths, clock=clock) as j:
            assert j.backup_error is None
    assert list_backups(jpaths.backup_dir) == good


def test_rotation_never_deletes_the_last_good_backups_for_empty_or_damaged_ones(
        jpaths: Paths, clock: Clock) -> None:
    _log_days(jpaths, clock, 4)  # three good backups
    good = list_backups(jpaths.backup_dir)
    assert len(good) == 3
    source = good[-1].read_bytes()
    day = clock().date()
    for n in range(9):  # nine newer backups, each empty or damaged
        path = backup_path(jpaths.backup_dir, day + timedelta(days=n))
        if n % 2:
            path.write_bytes(b"")
        else:
            path.write_bytes(source)
            _scribble(path, 4096, 2048)
        prune_backups(jpaths.backup_dir)
    kept = list_backups(jpaths.backup_dir)
    assert [p for p in kept if p in good] == good  # every good one is still there
    assert len(kept) == BACKUPS_KEPT + len(good)
    assert [check_backup(p).good for p in kept[-BACKUPS_KEPT:]] == [False] * BACKUPS_KEPT


def test_rotation_keeps_seven_when_all_are_good(jpaths: Paths, clock: Clock) -> None:
    _log_days(jpaths, clock, 11)
    backups = list_backups(jpaths.backup_dir)
    assert len(backups) == BACKUPS_KEPT
    assert backups[-1] == backup_path(jpaths.backup_dir, clock().date() - timedelta(days=1))


# ---------------------------------------------------------------- restore


def test_restore_skips_damaged_and_empty_backups_and_says_which_it_used(
        jpaths: Paths, clock: Clock) -> None:
    _log_days(jpaths, clock, 4)
    _oldest, good, damaged = list_backups(jpaths.backup_dir)
    _scribble(damaged, 0, 100)  # header
    empty = backup_path(jpaths.backup_dir, clock().date())
    empty.write_bytes(b"")
    _scribble(jpaths.journal_file, 0, 100)  # the journal's header too
    with pytest.raises(JournalCorrupt) as info:
        Journal.open(jpaths, clock=clock)
    assert info.value.backup == good  # the error names the newest good backup
    result = restore_newest_backup(jpaths, clock=clock)
    assert result.backup == good and result.rows == 2
    assert [c.path for c in result.skipped] == [empty, damaged]
    assert "0 bytes" in result.skipped[0].describe()
    assert "damaged" in result.skipped[1].describe()
    assert _notes(jpaths, clock) == ["kept", "kept"]


def test_restore_with_no_good_backup_changes_nothing(jpaths: Paths, clock: Clock) -> None:
    _log_days(jpaths, clock, 2)
    [only] = list_backups(jpaths.backup_dir)
    _scribble(only, 0, 100)
    jpaths.journal_file.write_bytes(b"")
    with pytest.raises(JournalUnavailable, match="no backup can be restored"):
        restore_newest_backup(jpaths, clock=clock)
    assert jpaths.journal_file.exists() and jpaths.journal_file.stat().st_size == 0
    assert list(jpaths.data_dir.glob("*.damaged-*")) == []
    assert best_backup(jpaths.backup_dir) is None


def test_repeated_tries_keep_one_copy_of_the_same_damaged_file(jpaths: Paths,
                                                               clock: Clock) -> None:
    _big_journal_file(jpaths.journal_file)
    _scribble(jpaths.journal_file, 4096 * 3, 4096 * 4)  # interior pages
    damaged_bytes = jpaths.journal_file.read_bytes()
    for _ in range(3):  # e.g. the same damaged file copied back by a sync tool each time
        jpaths.journal_file.write_bytes(damaged_bytes)
        set_aside_damaged(jpaths, clock=clock)
        clock.now += timedelta(seconds=1)
    copies = list(jpaths.data_dir.glob("journal.sqlite3.damaged-*"))
    assert len(copies) == 1 and copies[0].read_bytes() == damaged_bytes
    jpaths.journal_file.write_bytes(damaged_bytes + b"different")
    set_aside_damaged(jpaths, clock=clock)
    assert len(list(jpaths.data_dir.glob("journal.sqlite3.damaged-*"))) == 2


def test_restore_from_a_given_file_checks_it(jpaths: Paths, clock: Clock,
                                            tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite3"
    _big_journal_file(copy)
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(copy.read_bytes())
    _scribble(bad, 0, 100)
    with pytest.raises(JournalUnavailable, match="cannot be restored"):
        restore_newest_backup(jpaths, clock=clock, source=bad)
    result = restore_newest_backup(jpaths, clock=clock, source=copy)
    assert result.rows == 300 and result.damaged is None
    assert len(_notes(jpaths, clock)) == 300


# ---------------------------------------------------------------- the health marker


def test_checks_and_damage_are_noted_for_the_fast_path(jpaths: Paths, clock: Clock) -> None:
    _log_days(jpaths, clock, 2)
    noted = health.read_health(jpaths.backup_dir)
    assert noted.had_rows and noted.trusts(jpaths.journal_file)
    _scribble(jpaths.journal_file, 0, 100)
    assert not health.read_health(jpaths.backup_dir).trusts(jpaths.journal_file)
    with pytest.raises(JournalCorrupt):
        Journal.open(jpaths, clock=clock)
    assert health.read_health(jpaths.backup_dir).damage
    restore_newest_backup(jpaths, clock=clock)
    assert not health.read_health(jpaths.backup_dir).trusts(jpaths.journal_file)
    with Journal.open(jpaths, clock=clock, verify="if changed"):
        pass  # checked (the file changed), found sound
    noted = health.read_health(jpaths.backup_dir)
    assert noted.damage is None and noted.trusts(jpaths.journal_file)


def test_a_backup_is_read_without_writing_beside_it(jpaths: Paths, clock: Clock) -> None:
    _log_days(jpaths, clock, 2)
    [backup] = list_backups(jpaths.backup_dir)
    before = sorted(p.name for p in jpaths.backup_dir.iterdir())
    assert check_backup(backup).rows == 1
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
    conn.close()
    assert sorted(p.name for p in jpaths.backup_dir.iterdir()) == before
