"""Practice sessions go to the journal; if it cannot be opened they wait in memory and are
written the next time it can, so a finished session is never lost."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from ebbtide.core.errors import EbbtideError

if TYPE_CHECKING:
    from ebbtide.core.practice.records import PracticeRecord
    from ebbtide.tui.app import EbbtideApp


class JournalPracticeLog:
    def __init__(self, app: EbbtideApp) -> None:
        self._app = app
        self.waiting: list[PracticeRecord] = []

    def add_practice(self, record: PracticeRecord) -> None:
        self.waiting.append(record)
        self.flush()

    def flush(self) -> None:
        """Write waiting records. Raises EbbtideError (kept for later) when it cannot."""
        if not self.waiting:
            return
        journal = self._app.journal()
        while self.waiting:
            journal.add_practice(self.waiting[0])
            self.waiting.pop(0)

    def practices_between(self, start: datetime, end: datetime) -> list[PracticeRecord]:
        try:
            stored = self._app.journal().practices_between(start, end)
        except EbbtideError:
            stored = []
        return stored + [r for r in self.waiting if start <= r.started_at < end]

    @property
    def records(self) -> list[PracticeRecord]:
        """Everything in the last year (for tests and the home screen)."""
        from datetime import timedelta

        now = self._app.now()
        return self.practices_between(now - timedelta(days=366), now + timedelta(days=1))
