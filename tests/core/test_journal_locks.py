"""This process's SQLite locks on the journal survive its own second looks at the file.

Closing any descriptor of a file drops every POSIX lock the process holds on it, SQLite's
included (sqlite.org/howtocorrupt.html, 2.2). The home glance, a second Journal, or a look
at the header to see whether the file is encrypted used to open and close the journal
while the app held it: another process (`ebbtide log`) closing its connection then found
no other holder, checkpointed and deleted the WAL under the app's open connection."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from ebbtide.core.journal import cipher
from ebbtide.core.journal.glance import read_glance
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import Paths, resolve_paths

OTHER_PROCESS = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                 "c.execute('SELECT count(*) FROM checkins').fetchone(); c.close()")


def _second_journal(paths: Paths) -> None:
    with Journal.open(paths, verify=False) as again:
        again.count("checkin")


def _glance(paths: Paths) -> None:
    read_glance(paths.journal_file, date(2026, 11, 30))


def _header(paths: Paths) -> None:
    assert not cipher.is_encrypted(paths.journal_file)


@pytest.mark.parametrize("second_look", [_second_journal, _glance, _header])
def test_a_second_look_keeps_the_open_journals_locks(
        paths: Paths, second_look: Callable[[Paths], None]) -> None:
    with Journal.open(paths) as first:
        first.add_checkin(mood=5, anxiety=3)
    wal = Path(f"{paths.journal_file}-wal")
    with Journal.open(paths, verify=False) as journal:
        journal.count("checkin")
        second_look(paths)
        subprocess.run([sys.executable, "-c", OTHER_PROCESS, str(paths.journal_file)],
                       check=True)
        assert wal.exists()  # the other process saw this one and left the WAL alone
        journal.add_checkin(mood=6, anxiety=2)
    with Journal.open(paths) as reopened:
        assert reopened.count("checkin") == 2
        assert reopened.integrity_check() == "ok"


def test_the_kept_descriptor_goes_with_the_last_connection(tmp_path: Path) -> None:
    """Nothing stays open after the journals close (the worker of a test run, or the app
    across restores, would otherwise keep every file it ever opened)."""
    def open_files() -> int:
        return len(list(Path("/proc/self/fd").iterdir()))

    before = open_files()
    for number in range(20):
        paths = resolve_paths(tmp_path / f"home{number}")
        paths.ensure()
        with Journal.open(paths) as journal, Journal.open(paths, verify=False) as again:
            journal.add_checkin(mood=5, anxiety=3)
            again.count("checkin")
            read_glance(paths.journal_file, date(2026, 11, 30))
    assert open_files() <= before
