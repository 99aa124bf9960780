"""What the journal section shows, read in one go, and the messages its first-read
worker posts back to the screen."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.models import DailySeries, DaySummary, SideEffectCount


@dataclass(frozen=True)
class JournalPage:
    """What the journal section shows, read in one go."""

    history: list[DaySummary]
    series: DailySeries
    counts: list[SideEffectCount]
    offer: bool  # offer to set up medicines


class JournalPageRead(Message):
    """From the first-read worker: the page to show."""

    def __init__(self, page: JournalPage) -> None:
        super().__init__()
        self.page = page


class JournalPageFailed(Message):
    """From the first-read worker: the journal could not be opened or read."""

    def __init__(self, error: EbbtideError) -> None:
        super().__init__()
        self.error = error
