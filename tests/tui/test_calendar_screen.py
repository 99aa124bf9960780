"""The journal calendar: opened from the journal (v) or the palette, the cursor moves by
day, week, month and year, Enter opens the day, y and m switch views; cells read without
colour and take their colours from the theme."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from textual.color import Color

from ebbtide.core.journal.models import DoseInput
from ebbtide.core.journal.store import Journal
from ebbtide.core.practice.records import PracticeRecord
from ebbtide.tui.screens.journal.calendar import CalendarScreen, open_calendar
from ebbtide.tui.screens.journal.day import DayScreen
from ebbtide.tui.screens.journal.medications import OFFER_KEY
from ebbtide.tui.themes import EBBTIDE_THEMES
from ebbtide.tui.widgets.calendar_view import CalendarView
from tests.conftest import FIXED_NOW

MakeApp = Callable[..., Any]
TODAY = FIXED_NOW.date()  # Saturday 21 November 2026


def _app(make_app: MakeApp) -> Any:
    app = make_app()
    app.state.set(OFFER_KEY, "done")
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
        med = journal.add_medication("baclofen", dose_mg=10)
        journal.add_checkin(mood=8, anxiety=2, at=FIXED_NOW - timedelta(hours=2),
                            doses=[DoseInput(med.id, 10.0)])
        journal.add_checkin(mood=9, anxiety=1, at=FIXED_NOW - timedelta(hours=1))
        journal.add_checkin(mood=2, anxiety=7, at=FIXED_NOW - timedelta(days=1))
        journal.add_practice_record(PracticeRecord(
            kind="breathe", content_id="box", started_at=FIXED_NOW - timedelta(days=1),
            planned_seconds=300, actual_seconds=300, completed=True))
    return app


def _lines(app: Any) -> list[str]:
    return [line.plain.rstrip() for line in app.screen.query_one(CalendarView).lines()]


async def _open(pilot: Any) -> CalendarScreen:
    await pilot.press("4")
    await pilot.pause()
    await pilot.press("v")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CalendarScreen)
    return screen


async def test_v_in_the_journal_opens_this_month_at_today(make_app: MakeApp) -> None:
    app = _app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        assert screen.day == TODAY and screen.mode == "month"
        lines = _lines(app)
        assert lines[0].startswith("November 2026")
        week = next(line for line in lines if line.startswith("16"))
        assert "20 ░ 2•" in week  # the day before: mood 2, a practice
        assert "21 █ 9 +" in week  # today: mean of 8 and 9 rounded up, a dose taken
        assert lines[-1] == "Sat 21 Nov 2026: mood 8.5 (2 check-ins), dose taken"
        assert "+ dose taken" in lines[-2]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CalendarScreen)


async def test_arrows_pages_and_today_move_the_cursor(make_app: MakeApp) -> None:
    app = _app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        await pilot.press("left")
        assert screen.day == TODAY - timedelta(days=1)
        assert _lines(app)[-1] == "Fri 20 Nov 2026: mood 2, practice"
        await pilot.press("down", "right")
        assert screen.day == date(2026, 11, 28)
        await pilot.press("up", "up")
        assert screen.day == date(2026, 11, 14)
        await pilot.press("left_square_bracket")
        assert screen.day == date(2026, 10, 14)
        assert _lines(app)[0] == "October 2026"  # nothing logged: no mean
        await pilot.press("pagedown", "pagedown")
        assert screen.day == date(2026, 12, 14)
        assert _lines(app)[0].startswith("December 2026")
        await pilot.press("t")
        assert screen.day == TODAY


async def test_enter_opens_the_day_and_back_returns_to_the_calendar(
        make_app: MakeApp) -> None:
    app = _app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        await pilot.press("left", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DayScreen)
        assert app.screen.day == TODAY - timedelta(days=1)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CalendarScreen)
        assert app.screen.day == TODAY - timedelta(days=1)


async def test_y_and_m_switch_between_year_and_month(make_app: MakeApp) -> None:
    app = _app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        await pilot.press("y")
        assert screen.mode == "year"
        lines = _lines(app)
        assert lines[0] == "2026 · mean mood 5.2"  # (8.5 + 2) / 2 days
        months = [line[:3] for line in lines if line[:3] in ("Jan", "Nov", "Dec")]
        assert months == ["Jan", "Nov", "Dec"]
        november = next(line for line in lines if line.startswith("Nov"))
        # Two columns a day: the 20th (low, a practice), then the cursor's day by number.
        assert november[4 + 19 * 2:4 + 21 * 2] == "░• 9"
        await pilot.press("left")
        november = next(line for line in _lines(app) if line.startswith("Nov"))
        assert november[4 + 19 * 2:4 + 21 * 2] == " 2█ "
        await pilot.press("up")
        assert screen.day == date(2026, 10, 20)  # a month up in the year view
        await pilot.press("right_square_bracket")
        assert screen.day == date(2027, 10, 20)
        await pilot.press("m")
        assert screen.mode == "month"
        assert _lines(app)[0] == "October 2027"


async def test_a_narrow_short_year_shows_the_half_year_with_the_cursor(
        make_app: MakeApp) -> None:
    app = _app(make_app)
    async with app.run_test(size=(40, 12)) as pilot:
        await _open(pilot)
        await pilot.press("y")
        lines = _lines(app)
        assert lines[0] == "2026 · mean 5.2 · Jul–Dec"
        assert [line[:3] for line in lines[2:8]] == ["Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        assert all(len(line) <= 38 for line in lines)
        await pilot.press("pageup")
        await pilot.press(*["up"] * 6)
        assert _lines(app)[0].endswith("Jan–Jun")


async def test_the_palette_opens_the_calendar_from_anywhere(make_app: MakeApp) -> None:
    app = _app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        open_calendar(app)
        await pilot.pause()
        assert isinstance(app.screen, CalendarScreen)
        open_calendar(app)  # already there: not a second one
        await pilot.pause()
        assert sum(isinstance(s, CalendarScreen) for s in app.screen_stack) == 1


def _near(theme_colour: str | None, style_colour: Any) -> bool:
    assert theme_colour is not None and style_colour is not None
    wanted = Color.parse(theme_colour).rgb
    got = style_colour.get_truecolor()
    return all(abs(a - b) <= 2 for a, b in zip(wanted, got, strict=True))


async def test_cells_take_their_colours_from_the_theme(make_app: MakeApp) -> None:
    app = _app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        view = app.screen.query_one(CalendarView)
        for theme in EBBTIDE_THEMES:
            app.theme = theme.name
            await pilot.pause()
            styles = view.styles_for_cells()
            assert _near(theme.error, styles.bands[1].color)
            assert _near(theme.warning, styles.bands[2].color)
            assert _near(theme.success, styles.bands[4].color)


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_without_colour_the_cells_still_read(make_app: MakeApp, monkeypatch: Any,
                                                   size: tuple[int, int]) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = _app(make_app)
    async with app.run_test(size=size) as pilot:
        await _open(pilot)
        assert app.no_color
        text = "\n".join(_lines(app))
        assert "░" in text and "█" in text and "•" in text
        assert "practice" in text


async def test_an_unreadable_journal_is_a_sentence(make_app: MakeApp) -> None:
    app = _app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        app.journal().connection.execute("DROP TABLE practices")
        await pilot.press("y")
        await pilot.pause()
        problem = str(app.screen.query_one("#calendar-problem").render())
        assert problem.startswith("The journal cannot be read:")
