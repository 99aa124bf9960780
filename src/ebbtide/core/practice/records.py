"""Practice sessions (breathing, meditation, timer) and the small interface that stores them.

The journal implements `PracticeLog` on SQLite; `MemoryPracticeLog` serves tests and any
run where the journal cannot be opened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

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


class PracticeLog(Protocol):
    def add_practice(self, record: PracticeRecord) -> None: ...

    def practices_between(self, start: datetime, end: datetime) -> list[PracticeRecord]: ...


class MemoryPracticeLog:
    def __init__(self) -> None:
        self.records: list[PracticeRecord] = []

    def add_practice(self, record: PracticeRecord) -> None:
        self.records.append(record)

    def practices_between(self, start: datetime, end: datetime) -> list[PracticeRecord]:
        return [r for r in self.records if start <= r.started_at < end]
