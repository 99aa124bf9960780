"""The encrypted journal on real files: nothing readable on disk, a locked or wrongly
unlocked journal is never "damaged", backups stay encrypted and restorable, and converting
keeps every entry."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebbtide.core.journal import cipher, encrypting, health
from ebbtide.core.journal.backup import (
    best_backup,
    check_backup,
    restore_newest_backup,
)
from ebbtide.core.journal.backup_files import list_backups
from ebbtide.core.journal.errors import JournalUnavailable
from ebbtide.core.journal.glance import read_glance
from ebbtide.core.journal.store import Journal, JournalCorrupt
from ebbtide.core.paths import Paths, resolve_paths
from tests.quick_crypto import journal_keys_derived_once  # noqa: F401 (autouse)

NOTE = "my secret note about the clinic on Elm Street"
PASSPHRASE = "correct horse battery staple"
WHEN = datetime(2026, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture
def jpaths(tmp_path: Path) -> Paths:
    return resolve_paths(tmp_path / "home")


def _journal_with_entries(paths: Paths, days: int = 2) -> None:
    """One check-in a day with NOTE; each day's open makes that day's backup."""
    for day in range(days):
        at = WHEN + timedelta(days=day)
        with Journal.open(paths, clock=lambda at=at: at) as journal:
            journal.add_checkin(mood=6, anxiety=3, note=NOTE, tags=["private tag"])


Encrypted = Callable[..., None]  # (days=2): the journal of `jpaths`, encrypted


@pytest.fixture(scope="module")
def encrypted_once(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], Path]:
    """The folder of an encrypted journal with `days` of entries, made once per module."""
    made: dict[int, Path] = {}

    def folder(days: int) -> Path:
        if days not in made:
            home = tmp_path_factory.mktemp(f"encrypted-{days}-days") / "home"
            paths = resolve_paths(home)
            _journal_with_entries(paths, days)
            encrypting.convert(paths, PASSPHRASE)
            cipher.forget()
            made[days] = home
        return made[days]

    return folder


@pytest.fixture
def encrypted(jpaths: Paths, encrypted_once: Callable[[int], Path]) -> Encrypted:
    """Puts a copy of the module's encrypted journal (and its backups) at `jpaths`."""
    def copy(days: int = 2) -> None:
        shutil.copytree(encrypted_once(days), jpaths.data_dir.parent)

    return copy


def _notes(paths: Paths) -> list[str]:
    with Journal.open(paths, clock=lambda: WHEN, verify=False) as journal:
        rows = journal.connection.execute("SELECT note FROM checkins ORDER BY id").fetchall()
    return [str(r[0]) for r in rows]


def _disk_files(paths: Paths) -> list[Path]:
    folders = (paths.journal_file.parent, paths.backup_dir)
    return [p for folder in folders for p in folder.iterdir() if p.is_file()]


def test_nothing_on_disk_shows_a_note_and_stock_sqlite_cannot_read_it(
        jpaths: Paths, encrypted: Encrypted) -> None:
    encrypted()
    cipher.unlock(jpaths.journal_file, PASSPHRASE)
    at = WHEN + timedelta(days=5)  # a new day: a new backup of the encrypted journal
    journal = Journal.open(jpaths, clock=lambda: at)
    journal.add_checkin(mood=4, anxiety=5, note=NOTE + " (written while encrypted)")
    wal = jpaths.journal_file.with_name(jpaths.journal_file.name + "-wal")
    assert wal.stat().st_size > 0  # the new entry is in the WAL until a checkpoint
    files = _disk_files(jpaths)
    assert {wal, jpaths.journal_file} <= set(files)
    assert len(list_backups(jpaths.backup_dir)) == 2  # day 2's (converted) and today's
    for path in files:
        raw = path.read_bytes()
        for secret in (NOTE, "Elm Street", "private tag", "CREATE TABLE"):
            assert secret.encode() not in raw, (path.name, secret)
    journal.close()
    for path in [jpaths.journal_file, *list_backups(jpaths.backup_dir)]:
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            sqlite3.connect(path).execute("SELECT note FROM checkins").fetchall()
    assert _notes(jpaths) == [NOTE, NOTE, NOTE + " (written while encrypted)"]


def test_a_locked_journal_is_never_taken_for_a_damaged_one(
        jpaths: Paths, encrypted: Encrypted) -> None:
    encrypted()
    before = jpaths.journal_file.read_bytes()
    with pytest.raises(cipher.JournalLocked) as locked:
        Journal.open(jpaths, clock=lambda: WHEN)
    assert not isinstance(locked.value, JournalCorrupt)
    assert "encrypted" in str(locked.value)
    assert health.read_health(jpaths.backup_dir).damage is None
    # The backups are not "damaged" either: they are locked, and never offered as bad.
    verdict = check_backup(list_backups(jpaths.backup_dir)[-1])
    assert verdict.problem == "encrypted, locked"
    assert "damaged" not in verdict.describe()
    assert jpaths.journal_file.read_bytes() == before


def test_a_wrong_passphrase_says_so_and_writes_nothing(jpaths: Paths, encrypted: Encrypted) -> None:
    encrypted()
    folder = sorted(p.name for p in jpaths.journal_file.parent.iterdir())
    before = jpaths.journal_file.read_bytes()
    with pytest.raises(cipher.WrongPassphrase, match="does not unlock"):
        cipher.unlock(jpaths.journal_file, "Correct horse battery staple")
    assert not cipher.unlocked()
    asked: list[int] = []

    def source(path: Path, failed: int) -> str:
        asked.append(failed)
        if failed == 2:
            raise cipher.WrongPassphrase(path)
        return "guess"

    cipher.set_source(source)
    with pytest.raises(cipher.WrongPassphrase):
        Journal.open(jpaths, clock=lambda: WHEN)
    assert asked == [0, 1, 2]
    assert jpaths.journal_file.read_bytes() == before
    assert sorted(p.name for p in jpaths.journal_file.parent.iterdir()) == folder
    assert health.read_health(jpaths.backup_dir).damage is None


def test_the_source_is_asked_once_then_the_passphrase_is_held(
        jpaths: Paths, encrypted: Encrypted) -> None:
    encrypted()
    asked: list[int] = []

    def source(path: Path, failed: int) -> str:
        asked.append(failed)
        return "wrong" if failed == 0 else PASSPHRASE

    cipher.set_source(source)
    assert _notes(jpaths) == [NOTE, NOTE]
    assert _notes(jpaths) == [NOTE, NOTE]
    glance = read_glance(jpaths.journal_file, (WHEN + timedelta(days=1)).date())
    assert glance is not None and glance.checked_in_today
    assert asked == [0, 1]


def test_empty_or_nul_passphrases_are_refused(jpaths: Paths) -> None:
    from ebbtide.core.errors import EbbtideError

    for bad in ("", "   ", "a\x00b"):
        with pytest.raises(EbbtideError):
            cipher.check_passphrase(bad)
    _journal_with_entries(jpaths, 1)
    before = jpaths.journal_file.read_bytes()
    with pytest.raises(EbbtideError, match="empty"):
        encrypting.convert(jpaths, "")
    assert jpaths.journal_file.read_bytes() == before


def test_encrypted_backups_are_checked_and_restored_with_the_passphrase(
        jpaths: Paths, encrypted: Encrypted) -> None:
    encrypted(days=3)
    cipher.unlock(jpaths.journal_file, PASSPHRASE)
    best = best_backup(jpaths.backup_dir)
    assert best is not None and best.good and best.rows >= 2
    jpaths.journal_file.write_bytes(b"")
    restored = restore_newest_backup(jpaths, clock=lambda: WHEN)
    assert restored.backup == best.path
    assert cipher.is_encrypted(jpaths.journal_file)
    assert _notes(jpaths)[:2] == [NOTE, NOTE]


def test_a_damaged_plain_journal_is_still_damaged(jpaths: Paths) -> None:
    _journal_with_entries(jpaths, 1)
    with open(jpaths.journal_file, "r+b") as handle:
        handle.write(os.urandom(100))  # the header gone; the page body still plain
    assert not cipher.is_encrypted(jpaths.journal_file)
    with pytest.raises(JournalCorrupt):
        Journal.open(jpaths, clock=lambda: WHEN)


def test_converting_keeps_every_entry_both_ways_with_its_backups(jpaths: Paths) -> None:
    _journal_with_entries(jpaths, 3)
    with Journal.open(jpaths, clock=lambda: WHEN, verify=False) as journal:
        before = encrypting.table_counts(journal.connection)
    done = encrypting.convert(jpaths, PASSPHRASE)
    assert done.encrypted and done.backups == 3 and done.left_as_they_were == ()
    assert all(cipher.is_encrypted(p) for p in [jpaths.journal_file,
                                               *list_backups(jpaths.backup_dir)])
    done = encrypting.convert(jpaths, "a new passphrase")
    cipher.forget()
    with pytest.raises(cipher.WrongPassphrase):
        cipher.unlock(jpaths.journal_file, PASSPHRASE)
    cipher.unlock(jpaths.journal_file, "a new passphrase")
    assert all(check_backup(p).good for p in list_backups(jpaths.backup_dir))
    done = encrypting.convert(jpaths, None)
    assert not done.encrypted and not cipher.unlocked()
    assert not any(cipher.is_encrypted(p) for p in [jpaths.journal_file,
                                                   *list_backups(jpaths.backup_dir)])
    with Journal.open(jpaths, clock=lambda: WHEN) as journal:
        assert encrypting.table_counts(journal.connection) == before
        assert journal.integrity_check() == "ok"
    leftovers = [p.name for p in jpaths.journal_file.parent.iterdir() if "convert" in p.name]
    assert leftovers == []


def test_converting_refuses_while_another_connection_has_the_journal(jpaths: Paths) -> None:
    import subprocess

    _journal_with_entries(jpaths, 1)
    before = jpaths.journal_file.read_bytes()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from ebbtide.core.journal.store import Journal; "
         "j = Journal(sys.argv[1]); print('open', flush=True); sys.stdin.read()",
         str(jpaths.journal_file)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        with pytest.raises(JournalUnavailable, match="open in another Ebbtide"):
            encrypting.convert(jpaths, PASSPHRASE)
    finally:
        holder.communicate("")
    assert not cipher.is_encrypted(jpaths.journal_file)
    assert jpaths.journal_file.read_bytes() == before


def test_a_new_journal_is_encrypted_when_a_passphrase_is_held(
        jpaths: Paths, encrypted: Encrypted) -> None:
    encrypted()
    cipher.unlock(jpaths.journal_file, PASSPHRASE)
    jpaths.journal_file.unlink()
    with Journal.open(jpaths, clock=lambda: WHEN, start_new=True) as journal:
        journal.add_checkin(mood=5, anxiety=5, note=NOTE)
    assert cipher.is_encrypted(jpaths.journal_file)
    assert NOTE.encode() not in jpaths.journal_file.read_bytes()


def test_without_the_extra_an_encrypted_journal_says_what_to_install(
        jpaths: Paths, encrypted: Encrypted, monkeypatch: pytest.MonkeyPatch) -> None:
    encrypted()
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)  # None: importing it fails
    with pytest.raises(cipher.EncryptionUnavailable, match=r"ebbtide\[encryption\]"):
        cipher.unlock(jpaths.journal_file, PASSPHRASE)
    with pytest.raises(cipher.EncryptionUnavailable):
        Journal.open(jpaths, clock=lambda: WHEN)


def test_the_file_opens_with_the_passphrase_in_any_sqlcipher(
        jpaths: Paths, encrypted: Encrypted) -> None:
    """Keys are SQLCipher 4's own derivation: `PRAGMA key = 'passphrase'` opens the file."""
    import sqlcipher3

    encrypted()
    conn = sqlcipher3.connect(str(jpaths.journal_file))
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    assert conn.execute("SELECT count(*) FROM checkins").fetchone()[0] == 2
    assert conn.execute("PRAGMA kdf_iter").fetchone()[0] == str(cipher.KDF_ITERATIONS)
    conn.close()


def test_a_damaged_first_page_is_damage_not_a_wrong_passphrase(
        jpaths: Paths, encrypted: Encrypted) -> None:
    """The passphrase is confirmed by a backup made with the same key: the journal is
    then reported damaged, with that backup to restore, never as a wrong passphrase."""
    encrypted(days=2)
    with open(jpaths.journal_file, "r+b") as handle:
        handle.seek(200)
        handle.write(os.urandom(64))  # inside page 1, after the salt
    cipher.unlock(jpaths.journal_file, PASSPHRASE)
    with pytest.raises(JournalCorrupt) as damaged:
        Journal.open(jpaths, clock=lambda: WHEN)
    assert damaged.value.backup is not None
    cipher.forget()
    with pytest.raises(cipher.WrongPassphrase):  # a wrong one is still told apart
        cipher.unlock(jpaths.journal_file, "not the passphrase")
    cipher.unlock(jpaths.journal_file, PASSPHRASE)
    restore_newest_backup(jpaths, clock=lambda: WHEN)
    assert _notes(jpaths) == [NOTE]
