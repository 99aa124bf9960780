"""Journal lines name a practice by its title, once, with its length in plain units."""

from __future__ import annotations

from datetime import UTC, datetime

from ebbtide.core.journal.models import Practice
from ebbtide.tui.screens.journal.text import entry_detail, entry_line


def _practice(kind: str, content_id: str, seconds: float) -> Practice:
    at = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    return Practice(id=1, uid="u", practice_kind=kind,  # type: ignore[arg-type]
                    content_id=content_id, at=at, local_date=at.date(),
                    planned_seconds=60, actual_seconds=seconds, completed=False)


def test_journal_lines_name_the_practice_once() -> None:
    timer = entry_line(_practice("timer", "timer", 63)).plain
    assert "Bell timer · 1 min 3 s" in timer and "timer timer" not in timer
    scan = entry_line(_practice("meditate", "body-scan-10", 3)).plain
    assert "Body scan (10 minutes) · 3 s" in scan and "body-scan-10" not in scan
    detail = entry_detail(_practice("timer", "timer", 3)).plain
    assert "Bell timer" in detail and "3 s of 1 min" in detail
    assert detail.lower().count("timer") == 1
