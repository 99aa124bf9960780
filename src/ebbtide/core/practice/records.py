"""Practice sessions (breathing, meditation, timer) and the small interface that stores them.

The journal implements `PracticeLog` on SQLite; `MemoryPracticeLog` serves tests and any
run where the journal cannot be opened. A session is added once, when it ends, and updated
(same `uid`) when the after-rating comes in, so it is always exactly one record."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from ebbtide.core.errors import EbbtideError

PracticeKind = Literal["breathe", "meditate", "timer"]


@dataclass(frozen=True)
class PracticeRecord:
    kind: PracticeKind
    content_id: str  # pattern id, script id, or "timer"
    started_at: datetime  # aware, local offset at the time
    planned_seconds: float
    actual_seconds: float
    completed: bool  # False: stopped early (partial)
    anxiety_before: int | None = None  # 0–10
    anxiety_after: int | None = None
    # Which session this is, so `update_practice` rewrites the same record. Not compared:
    # two records are equal when they say the same thing.
    uid: str = field(default="", compare=False)


class PracticeLog(Protocol):
    def add_practice(self, record: PracticeRecord) -> None: ...

    def update_practice(self, record: PracticeRecord) -> None:
        """Rewrite the record added earlier with the same `uid` (EbbtideError if none)."""
        ...

    def practices_between(self, start: datetime, end: datetime) -> list[PracticeRecord]: ...


class MemoryPracticeLog:
    def __init__(self) -> None:
        self.records: list[PracticeRecord] = []

    def add_practice(self, record: PracticeRecord) -> None:
        self.records.append(record)

    def update_practice(self, record: PracticeRecord) -> None:
        for index, kept in enumerate(self.records):
            if record.uid and kept.uid == record.uid:
                self.records[index] = record
                return
        raise EbbtideError("that session was never saved, so it cannot be updated")

    def practices_between(self, start: datetime, end: datetime) -> list[PracticeRecord]:
        return [r for r in self.records if start <= r.started_at < end]
