"""The calendar drawn as text: a month (weeks × 7, Monday first) or a year (a month per
line), one cell per day.

Each day with check-ins shows a shade by mood band (░ 1–3, ▒ 4–5, ▓ 6–7, █ 8–10) in the
theme's colour for that band ($error, $warning, $success), and in the month view at 64
columns or more also the rounded mood and the day's marks: • a practice, + a dose taken.
Without colour (NO_COLOR) the shades and numbers still read. In the narrow year view
(one column a day) a practice underlines its day. The cursor's day is reversed; in the
year view it shows its rounded mood instead of the shade. When the year does not fit the height,
the half or quarter year holding the cursor is shown."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Literal

from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from ebbtide.core.journal.calendar import (
    DayMark,
    mean_mood,
    month_grid,
    month_span,
    mood_band,
    mood_level,
    year_grid,
    year_span,
)

CalendarMode = Literal["month", "year"]
WIDE = 64  # columns from which cells carry the mood number and both marks
SHADES = ("·", "░", "▒", "▓", "█")  # nothing logged, then bands 1–4
BAND_LABELS = ("1–3", "4–5", "6–7", "8–10")
PRACTICE = "•"
DOSE = "+"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class CalendarStyles:
    """Rich styles for the parts of a cell, read from the widget's component classes."""

    bands: tuple[Style, ...]  # index 0: nothing logged
    day: Style
    today: Style
    heading: Style
    mark: Style
    cursor: Style

    @classmethod
    def plain(cls) -> CalendarStyles:
        return cls(bands=(Style(),) * 5, day=Style(), today=Style(bold=True),
                   heading=Style(bold=True), mark=Style(), cursor=Style(reverse=True))


def shade(mark: DayMark | None, day: date, today: date) -> str:
    if day > today:
        return " "
    return SHADES[mood_band(mark.mood if mark else None)]


def describe_day(day: date, mark: DayMark | None, *, wide: bool) -> str:
    """One line about the cursor's day, e.g. `Sat 21 Nov 2026: mood 6.5 (2 check-ins),
    practice, dose taken`."""
    parts: list[str] = []
    if mark is not None and mark.mood is not None:
        count = f" ({mark.checkins} check-ins)" if wide and mark.checkins > 1 else ""
        parts.append(f"mood {mark.mood:.1f}".replace(".0", "") + count)
    else:
        parts.append("no check-in")
    if mark is not None and mark.practised:
        parts.append("practice")
    if mark is not None and mark.dose_taken:
        parts.append("dose taken" if wide else "dose")
    when = f"{day:%a} {day.day} {day:%b %Y}" if wide else f"{day:%a} {day.day} {day:%b}"
    return f"{when}: {', '.join(parts)}"


def legend(styles: CalendarStyles, mode: CalendarMode, wide: bool) -> Text:
    line = Text(no_wrap=True, overflow="ellipsis")
    if wide:
        line.append(f"{SHADES[0]} none  ", styles.bands[0])
    for band, label in enumerate(BAND_LABELS, start=1):
        line.append(SHADES[band], styles.bands[band])
        line.append(f"{' ' if wide else ''}{label} ")
    if wide:
        line.append("mood  ")
    if mode == "year" and not wide:
        line.append("practice", Style(underline=True))
    else:
        line.append(PRACTICE, styles.mark)
        line.append(f"{' ' if wide else ''}practice")
    if mode == "month" and wide:
        line.append("  ")
        line.append(DOSE, styles.mark)
        line.append(" dose taken")
    return line


def _mean_text(marks: Mapping[date, DayMark], start: date, end: date, wide: bool) -> str:
    mean = mean_mood(dict(marks), start, end)
    if mean is None:
        return ""
    return f" · mean mood {mean:.1f}" if wide else f" · mean {mean:.1f}"


def draw_month(cursor: date, marks: Mapping[date, DayMark], today: date,
               styles: CalendarStyles, width: int) -> list[Text]:
    """Title, weekday names, then one line per week."""
    wide = width >= WIDE
    start, end = month_span(cursor.year, cursor.month)
    title = f"{cursor:%B %Y}" if wide else f"{cursor:%b %Y}"
    lines = [Text(title + _mean_text(marks, start, end, wide), styles.heading, no_wrap=True)]
    cell = 8 if wide else 4
    header = Text(no_wrap=True)
    for name in WEEKDAYS:
        header.append(f"{name:<{cell}}  " if wide else f"{name[:2]:<{cell}} ", styles.day)
    lines.append(header)
    for week in month_grid(cursor.year, cursor.month):
        row = Text(no_wrap=True, overflow="crop")
        for day in week:
            gap = "  " if wide else " "
            if day is None:
                row.append(" " * cell + gap)
                continue
            mark = marks.get(day)
            band = mood_band(mark.mood if mark else None)
            level = mood_level(mark.mood if mark else None)
            practised = PRACTICE if mark and mark.practised else " "
            cell_text = Text()
            cell_text.append(f"{day.day:>2}", styles.today if day == today else styles.day)
            if wide:
                cell_text.append(" ")
            cell_text.append(shade(mark, day, today), styles.bands[band])
            if wide:
                cell_text.append(f"{level:>2}" if level else "  ", styles.bands[band])
            cell_text.append(practised, styles.mark)
            if wide:
                cell_text.append(DOSE if mark and mark.dose_taken else " ", styles.mark)
            if day == cursor:
                cell_text.stylize(styles.cursor)
            row.append_text(cell_text)
            row.append(gap)
        lines.append(row)
    return lines


def visible_months(cursor: date, rows: int) -> range:
    """All 12 months when they fit, else the half or the quarter year holding the cursor
    (a quarter at the least)."""
    for size in (12, 6, 3):
        if size <= rows:
            break
    first = (cursor.month - 1) // size * size
    return range(first, first + size)


def _cursor_cell(mark: DayMark | None, day: date, today: date, wide: bool) -> str:
    """The cursor's day in the year view shows its rounded mood (X for 10 in one column):
    a reversed shade would be a blank block."""
    level = mood_level(mark.mood if mark else None)
    if level is None:
        return shade(mark, day, today) + (" " if wide else "")
    if wide:
        return f"{level:>2}"
    return "X" if level == 10 else str(level)


def draw_year(cursor: date, marks: Mapping[date, DayMark], today: date,
              styles: CalendarStyles, width: int, rows: int = 12) -> list[Text]:
    """Title, day numbers, then one line per month: a cell per day (two columns with the
    practice dot when wide; one, underlined for a practice, when narrow)."""
    wide = width >= WIDE
    start, end = year_span(cursor.year)
    months = visible_months(cursor, rows)
    title = f"{cursor.year}{_mean_text(marks, start, end, wide)}"
    if len(months) < 12:
        title += f" · {MONTHS[months[0]]}–{MONTHS[months[-1]]}"
    lines = [Text(title, styles.heading, no_wrap=True)]
    step = 2 if wide else 1
    header = [" "] * (4 + 31 * step)
    for number in (1, 5, 10, 15, 20, 25, 30):
        for offset, digit in enumerate(str(number)):
            header[4 + (number - 1) * step + offset] = digit
    lines.append(Text("".join(header).rstrip(), styles.day, no_wrap=True))
    grid = year_grid(cursor.year)
    for index in months:
        row = Text(no_wrap=True, overflow="crop")
        row.append(f"{MONTHS[index]} ", styles.day)
        for day in grid[index]:
            mark = marks.get(day)
            style = styles.bands[mood_band(mark.mood if mark else None)]
            practised = bool(mark and mark.practised)
            if not wide and practised:
                style += Style(underline=True)
            if day == cursor:
                row.append(_cursor_cell(mark, day, today, wide), style + styles.cursor)
                continue
            row.append(shade(mark, day, today), style)
            if wide:
                row.append(PRACTICE if practised else " ", styles.mark)
        if wide:
            month_start, month_end = month_span(cursor.year, index + 1)
            mean = mean_mood(dict(marks), month_start, month_end)
            row.append(" " * (31 - len(grid[index])) * step)
            row.append(f" {mean:4.1f}" if mean is not None else "", styles.day)
        lines.append(row)
    return lines


class CalendarView(Widget):
    """The grid for one month or one year, its legend and a line about the cursor's day.

    Drawn with the line API from strips made once per change: a year is ~800 differently
    styled cells, and going through `render()` (Text to Content to strips) cost Textual
    several times longer than drawing them."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "calendar--none", "calendar--band-1", "calendar--band-2", "calendar--band-3",
        "calendar--band-4", "calendar--day", "calendar--today", "calendar--heading",
        "calendar--mark", "calendar--cursor"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode: CalendarMode = "month"
        self.cursor = date.today()
        self.today = self.cursor
        self.marks: Mapping[date, DayMark] = {}
        self._strips: list[Strip] | None = None

    def show(self, mode: CalendarMode, cursor: date, today: date,
             marks: Mapping[date, DayMark]) -> None:
        self.mode, self.cursor, self.today, self.marks = mode, cursor, today, marks
        self._redraw()

    def _redraw(self) -> None:
        self._strips = None
        self.refresh()

    def on_resize(self) -> None:
        self._redraw()

    def notify_style_update(self) -> None:
        super().notify_style_update()  # a new theme: new colours
        self._strips = None

    def styles_for_cells(self) -> CalendarStyles:
        def get(name: str) -> Style:
            return self.get_component_rich_style(name, partial=True)

        return CalendarStyles(
            bands=(get("calendar--none"), *(get(f"calendar--band-{n}") for n in range(1, 5))),
            day=get("calendar--day"), today=get("calendar--today"),
            heading=get("calendar--heading"), mark=get("calendar--mark"),
            cursor=get("calendar--cursor"))

    def lines(self) -> list[Text]:
        """What is drawn, a Text per line, for the widget's current size."""
        width, height = self.size
        styles = self.styles_for_cells()
        wide = width >= WIDE
        airy = height >= 20  # room for blank lines between the parts
        fixed = 4 + (2 if airy else 0)  # title, header, legend, day line (+ blank lines)
        if self.mode == "month":
            lines = draw_month(self.cursor, self.marks, self.today, styles, width)
        else:
            lines = draw_year(self.cursor, self.marks, self.today, styles, width,
                              rows=max(3, height - fixed))
        if airy:
            lines.insert(1, Text())
            lines.append(Text())
        lines.append(legend(styles, self.mode, wide))
        day_line = describe_day(self.cursor, self.marks.get(self.cursor), wide=wide)
        lines.append(Text(day_line, no_wrap=True, overflow="ellipsis"))
        return lines

    def _make_strips(self) -> list[Strip]:
        width = self.size.width
        base = self.rich_style
        console = self.app.console
        strips = []
        for line in self.lines():
            line.truncate(width, overflow=line.overflow or "crop")
            # Text.render leaves out the line's own style (Rich adds it when printing).
            style = base + console.get_style(line.style)
            strip = Strip(list(line.render(console, end=""))).apply_style(style)
            strips.append(strip.extend_cell_length(width, base).crop(0, width))
        return strips

    def render_line(self, y: int) -> Strip:
        if self._strips is None:
            self._strips = self._make_strips()
        if y < len(self._strips):
            return self._strips[y]
        return Strip.blank(self.size.width, self.rich_style)
