"""A finished practice session is never lost: while the journal cannot be opened it waits
in memory, shows in the lists, and is written the next time the journal opens."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebbtide.core.journal.practice_log import JournalPracticeLog
from ebbtide.core.journal.store import Journal, JournalUnavailable
from ebbtide.core.practice.records import PracticeRecord

NOW = datetime(2026, 3, 9, 20, 0, tzinfo=timezone(timedelta(hours=1)))


class Opener:
    """Opens the journal when `available`, like the app's `journal()`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.available = False
        self.journal: Journal | None = None

    def __call__(self) -> Journal:
        if not self.available:
            raise JournalUnavailable("the journal folder is read-only")
        if self.journal is None:
            self.journal = Journal(self.path, clock=lambda: NOW)
        return self.journal


def record(minutes_ago: int) -> PracticeRecord:
    return PracticeRecord("breathe", "box", NOW - timedelta(minutes=minutes_ago), 60, 60, True)


def test_a_session_waits_while_the_journal_is_unavailable_then_is_written(
        tmp_path: Path) -> None:
    opener = Opener(tmp_path / "journal.sqlite3")
    log = JournalPracticeLog(opener, lambda: NOW)
    first, second = record(30), record(10)
    with pytest.raises(JournalUnavailable):
        log.add_practice(first)
    assert log.waiting == [first]
    assert log.records == [first]  # still shown while it waits

    opener.available = True
    log.add_practice(second)
    assert log.waiting == []
    assert opener.journal is not None
    stored = opener.journal.practices_between(NOW - timedelta(hours=1), NOW)
    assert stored == [first, second]
    assert log.records == [first, second]


def test_practices_between_keeps_to_the_period(tmp_path: Path) -> None:
    opener = Opener(tmp_path / "journal.sqlite3")
    opener.available = True
    log = JournalPracticeLog(opener, lambda: NOW)
    early, late = record(120), record(5)
    log.add_practice(early)
    log.add_practice(late)
    assert log.practices_between(NOW - timedelta(hours=1), NOW) == [late]
    assert log.practices_between(NOW - timedelta(hours=3), NOW - timedelta(hours=1)) == [early]
