"""What helps you: the per-practice table, the best practice, adherence and side-effect
days for a scripted journal, and the period keys."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from rich.text import Text
from textual.widgets import DataTable, Static

from ebbtide.core.journal.store import Journal
from ebbtide.core.practice.records import PracticeRecord
from ebbtide.launch import StartRoute
from ebbtide.tui.screens.breathe.session import BreathingScreen
from ebbtide.tui.screens.tools.insights import InsightsScreen
from tests.conftest import FIXED_NOW

MakeApp = Callable[..., Any]
SIZE = (80, 24)


def _text(widget: Static) -> str:
    content = widget.render()
    return content.plain if isinstance(content, Text) else str(content)


def _session(kind: str, content_id: str, days_ago: int, before: int | None,
             after: int | None, minutes: float = 5) -> PracticeRecord:
    return PracticeRecord(kind, content_id,  # type: ignore[arg-type]
                          FIXED_NOW - timedelta(days=days_ago, hours=2), minutes * 60,
                          minutes * 60, True, before, after)


def _seed(app: Any) -> None:
    added = FIXED_NOW - timedelta(days=10, hours=3)  # 07:00, ten days ago
    with Journal.open(app.paths, clock=lambda: added) as journal:
        med = journal.add_medication("Baclofen", times=["08:00", "20:00"], dose_mg=10)
        for days_ago in range(1, 11):  # 10 full days, 20 scheduled times
            day = FIXED_NOW - timedelta(days=days_ago)
            journal.add_dose(med.id, amount_mg=10, at=day.replace(hour=8),
                             scheduled_time="08:00")
            if days_ago % 5 == 0:
                journal.add_dose(med.id, status="skipped", at=day.replace(hour=20),
                                 scheduled_time="20:00")
            elif days_ago % 2 == 0:
                journal.add_dose(med.id, amount_mg=10, at=day.replace(hour=20),
                                 scheduled_time="20:00")
        for days_ago in (2, 3, 9):
            journal.add_side_effect("drowsiness", "moderate" if days_ago == 3 else "mild",
                                    at=FIXED_NOW - timedelta(days=days_ago))
        for days_ago, before, after in ((1, 7, 3), (2, 6, 3), (4, 8, 5), (6, 5, None)):
            journal.add_practice_record(_session("breathe", "4-7-8", days_ago, before, after))
        for days_ago, before, after in ((3, 6, 5), (5, 6, 5), (7, 4, 4)):
            journal.add_practice_record(_session("meditate", "body-scan-10", days_ago,
                                                 before, after, 10))
        journal.add_practice_record(_session("timer", "timer", 8, None, None, 15))


async def _ready(app: Any, pilot: Any) -> InsightsScreen:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, InsightsScreen)
    return screen


def _row(table: DataTable[Any], key: str) -> list[str]:
    return [cell.plain if isinstance(cell, Text) else str(cell) for cell in table.get_row(key)]


async def test_practice_table_adherence_and_side_effects(make_app: MakeApp) -> None:
    app = make_app(route=StartRoute("insights", {}))
    _seed(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(app, pilot)
        assert app.current_mode == "journal"
        table = screen.query_one("#insights-table", DataTable)
        assert table.row_count == 3
        # Practice, kind, sessions, rated, mean before, mean after, mean change.
        assert _row(table, "breathe/4-7-8") == [
            "4-7-8 relaxing breath", "4", "3", "7.0", "3.7", "-3.3"]
        assert _row(table, "meditate/body-scan-10")[1:] == [
            "3", "3", "5.3", "4.7", "-0.7"]
        assert _row(table, "meditate/body-scan-10")[0].startswith("Body scan")
        assert _row(table, "timer/timer") == ["Bell timer", "1", "0", "–", "–", "–"]
        best = _text(screen.query_one("#insights-best", Static))
        assert "Helped you most: 4-7-8 relaxing breath" in best
        assert "3.3 points" in best and "3 rated" in best
        adherence = _text(screen.query_one("#insights-adherence", Static))
        # 10 days x 2 times + today's 08:00 (passed, unlogged; 20:00 is still to come):
        # 10 mornings + 4 evenings taken, 2 evenings skipped, 4 evenings + today not logged.
        assert "Baclofen at 08:00, 20:00: 14 of 21 taken, 2 skipped, 5 not logged" \
            in adherence
        assert "may well have been taken" in adherence
        effects = _text(screen.query_one("#insights-effects", Static))
        assert "drowsiness: 3 days, worst moderate" in effects
        mood = _text(screen.query_one("#insights-mood", Static))
        assert "Mood: no check-ins in this period" in mood


async def test_period_keys_and_enter_starts_the_practice(make_app: MakeApp) -> None:
    app = make_app(route=StartRoute("insights", {}))
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
        journal.add_practice_record(_session("breathe", "box", 40, 6, 4))
        journal.add_practice_record(_session("breathe", "box", 3, 6, 5))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(app, pilot)
        table = screen.query_one("#insights-table", DataTable)
        assert _row(table, "breathe/box")[1] == "2"
        await pilot.press("1")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Last 30 days" in _text(screen.query_one("#insights-period", Static))
        assert _row(table, "breathe/box")[1:3] == ["1", "1"]
        assert "After 3 sessions" in _text(screen.query_one("#insights-best", Static))
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "breathe"
        assert isinstance(app.screen, BreathingScreen)
        assert app.screen.session.pattern.id == "box"


async def test_an_empty_journal_says_so(make_app: MakeApp) -> None:
    app = make_app(route=StartRoute("insights", {}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(app, pilot)
        assert not screen.query_one("#insights-table").display
        assert "No breathing or meditation sessions" in _text(
            screen.query_one("#insights-best", Static))
        assert "No medications" in _text(screen.query_one("#insights-adherence", Static))
        assert "No side effects" in _text(screen.query_one("#insights-effects", Static))
