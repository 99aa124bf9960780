"""The journal as a calendar: a month or a year of mood at a glance, practice days and
doses marked; Enter opens the day (journal/day.py). One query per month or year shown
(core/journal/calendar_query.py); moving the cursor inside it reads nothing."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.calendar import (
    DayMark,
    add_months,
    add_years,
    month_span,
    year_span,
)
from ebbtide.core.journal.calendar_query import day_marks
from ebbtide.tui.screens.common.base import EbbtideScreen
from ebbtide.tui.styles import style
from ebbtide.tui.tuned.key_bar import KeyBar
from ebbtide.tui.widgets.calendar_view import CalendarMode, CalendarView

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp


class CalendarScreen(EbbtideScreen[None]):
    CSS_PATH = style("calendar.tcss")
    HELP_TEXT = (
        "Your mood, a day per cell. The shade (and its colour) is the day's mean mood: "
        "░ 1–3, ▒ 4–5, ▓ 6–7, █ 8–10, · nothing logged; the month view also shows the "
        "number (in the year view, the day under the cursor does). • marks a practice "
        "(underlined in the narrow year view), + a dose taken. "
        "Arrows move a day (up and down: a week, or a month in the year view); [ and ] or "
        "Page Up and Page Down go to the previous and next month or year; t goes to today. "
        "y shows the year, m the month. Enter opens the day."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Day before", id="journal_calendar.left", show=False),
        Binding("right", "move(1)", "Day after", id="journal_calendar.right", show=False),
        Binding("up", "move_row(-1)", "Up", id="journal_calendar.up", show=False),
        Binding("down", "move_row(1)", "Down", id="journal_calendar.down", show=False),
        Binding("enter", "open_day", "Open day", id="journal_calendar.open"),
        Binding("left_square_bracket,pageup", "page(-1)", "Previous",
                id="journal_calendar.previous"),
        Binding("right_square_bracket,pagedown", "page(1)", "Next",
                id="journal_calendar.next"),
        Binding("y", "mode('year')", "Year", id="journal_calendar.year"),
        Binding("m", "mode('month')", "Month", id="journal_calendar.month"),
        Binding("t", "today", "Today", id="journal_calendar.today"),
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    def __init__(self, day: date | None = None, mode: CalendarMode = "month") -> None:
        super().__init__(id="journal-calendar")
        self.sub_title = "Journal calendar"
        self.mode: CalendarMode = mode
        self.cursor = day
        self.marks: Mapping[date, DayMark] = {}
        self._span: tuple[date, date] | None = None  # what `marks` covers

    def compose(self) -> ComposeResult:
        yield CalendarView(id="calendar")
        yield Static("", id="calendar-problem", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        if self.cursor is None:
            self.cursor = self.ebbtide.now().date()
        self.query_one(CalendarView).focus()

    def on_screen_resume(self) -> None:
        self._span = None  # the day screen may have changed entries
        self.show()

    @property
    def day(self) -> date:
        return self.cursor or self.ebbtide.now().date()

    def span(self) -> tuple[date, date]:
        return (month_span(self.day.year, self.day.month) if self.mode == "month"
                else year_span(self.day.year))

    def show(self) -> None:
        """Draw the month or year of the cursor, reading the journal only when that
        month or year is not the one already read."""
        span = self.span()
        problem = self.query_one("#calendar-problem", Static)
        if span != self._span:
            try:
                self.marks = day_marks(self.ebbtide.journal(), *span)
            except EbbtideError as exc:
                self.marks = {}
                problem.update(f"The journal cannot be read: {exc}")
                problem.display = True
            else:
                problem.display = False
            self._span = span
        self.query_one(CalendarView).show(self.mode, self.day, self.ebbtide.now().date(),
                                          self.marks)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mode":
            return parameters[0] != self.mode  # the footer offers the other view
        return True

    def _go(self, day: date) -> None:
        self.cursor = day
        self.show()

    def action_move(self, days: int) -> None:
        self._go(self.day + timedelta(days=days))

    def action_move_row(self, rows: int) -> None:
        if self.mode == "month":
            self._go(self.day + timedelta(days=7 * rows))
        else:
            self._go(add_months(self.day, rows))

    def action_page(self, pages: int) -> None:
        self._go(add_months(self.day, pages) if self.mode == "month"
                 else add_years(self.day, pages))

    def action_today(self) -> None:
        self._go(self.ebbtide.now().date())

    def action_mode(self, mode: str) -> None:
        self.mode = "year" if mode == "year" else "month"
        self.refresh_bindings()
        self.show()

    def action_open_day(self) -> None:
        from ebbtide.tui.screens.journal.day import DayScreen

        self.app.push_screen(DayScreen(self.day))


def open_calendar(app: EbbtideApp) -> None:
    """The calendar on top of the journal, from anywhere (the command palette)."""
    if app.current_mode != "journal":
        app.go("journal")
    if not isinstance(app.screen, CalendarScreen):
        app.push_screen(CalendarScreen())
