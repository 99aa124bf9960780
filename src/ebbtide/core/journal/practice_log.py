"""Practice sessions go to the journal; if it cannot be opened they wait in memory and are
written the next time it can, so a finished session is never lost. A session is one record
however often it is saved: waiting records are kept by uid, and a uid already written is
updated, not added again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ebbtide.core.errors import EbbtideError

if TYPE_CHECKING:
    from ebbtide.core.journal.store import Journal
    from ebbtide.core.practice.records import PracticeRecord


class JournalPracticeLog:
    """A `PracticeLog` over `journal()`, which opens the journal on first use or raises
    EbbtideError with a sentence for the user."""

    def __init__(self, journal: Callable[[], Journal], now: Callable[[], datetime]) -> None:
        self._journal = journal
        self._now = now
        self.waiting: list[PracticeRecord] = []
        self._written: set[str] = set()  # uids already in the journal

    def add_practice(self, record: PracticeRecord) -> None:
        self._wait(record)
        self.flush()

    def update_practice(self, record: PracticeRecord) -> None:
        self._wait(record)
        self.flush()

    def _wait(self, record: PracticeRecord) -> None:
        for index, waiting in enumerate(self.waiting):
            if record.uid and waiting.uid == record.uid:
                self.waiting[index] = record  # the newer state of the same session
                return
        self.waiting.append(record)

    def flush(self) -> None:
        """Write waiting records. Raises EbbtideError (kept for later) when it cannot."""
        if not self.waiting:
            return
        journal = self._journal()
        while self.waiting:
            record = self.waiting[0]
            if record.uid and record.uid in self._written:
                journal.update_practice(record)
            else:
                journal.add_practice(record)
                if record.uid:
                    self._written.add(record.uid)
            self.waiting.pop(0)

    def practices_between(self, start: datetime, end: datetime) -> list[PracticeRecord]:
        try:
            stored = self._journal().practices_between(start, end)
        except EbbtideError:
            stored = []
        return stored + [r for r in self.waiting if start <= r.started_at < end]

    @property
    def records(self) -> list[PracticeRecord]:
        """Everything in the last year (for tests and the home screen)."""
        now = self._now()
        return self.practices_between(now - timedelta(days=366), now + timedelta(days=1))
