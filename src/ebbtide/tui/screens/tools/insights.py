"""What helps you: per breathing pattern and meditation, sessions and anxiety before and
after (with how many rated sessions each mean rests on); mood and anxiety over the
period; doses against the schedule entered; days with each side effect.

Everything is computed by `core.insights`; this screen only draws it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from ebbtide.core.content.titles import practice_title
from ebbtide.core.errors import EbbtideError
from ebbtide.core.health.insights import (
    NOT_LOGGED_MEANING,
    Adherence,
    PracticeStat,
    SeriesStats,
    SideEffectDays,
    adherence,
    best_practice,
    daily_rows,
    load_snapshot,
    practice_stats,
    series_stats,
    side_effect_days,
)
from ebbtide.core.practice.summary import Suggestion
from ebbtide.core.report.model import day_label
from ebbtide.tui.screens.common.base import EbbtideScreen
from ebbtide.tui.styles import style
from ebbtide.tui.tuned.key_bar import KeyBar
from ebbtide.tui.widgets.safe_text import one_line

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp

SPANS: tuple[int, ...] = (30, 90, 365)
DEFAULT_SPAN = 90
COLUMNS = ("Practice", "Sessions", "Rated", "Before", "After", "Change")
TITLE_CHARS = 30


@dataclass(frozen=True)
class InsightsView:
    """Everything the screen shows for one period (built off the UI thread)."""

    start: date
    end: date
    stats: tuple[PracticeStat, ...]
    titles: dict[str, str]
    best: Suggestion | None
    mood: SeriesStats
    anxiety: SeriesStats
    adherence: tuple[Adherence, ...]
    side_effects: tuple[SideEffectDays, ...]

    def title(self, stat: PracticeStat) -> str:
        if stat.kind == "timer":
            return "Bell timer"
        return practice_title(stat.kind, stat.content_id, self.titles)


def build_view(app: EbbtideApp, days: int) -> InsightsView:
    """Read the journal and compute the insights for the last `days` days (any thread).
    Raises EbbtideError when the journal cannot be read."""
    from ebbtide.core.content.titles import practice_titles

    now = app.now()
    end = now.date()
    start = end - timedelta(days=days - 1)
    snap = load_snapshot(app.journal(), start, end)
    titles = practice_titles(app.paths)
    stats = tuple(practice_stats(snap.practices))
    rows = daily_rows(snap, start, end)
    return InsightsView(
        start=start, end=end, stats=stats, titles=titles, best=best_practice(stats, titles),
        mood=series_stats([r.mood for r in rows]),
        anxiety=series_stats([r.anxiety for r in rows]),
        adherence=tuple(adherence(snap, start, end, now)),
        side_effects=tuple(side_effect_days(snap, start, end)))


def num(value: float | None, sign: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value:+.1f}" if sign else f"{value:.1f}"


def practice_row(view: InsightsView, stat: PracticeStat) -> tuple[str, ...]:
    """The table cells for one practice (plain strings)."""
    return (one_line(view.title(stat), TITLE_CHARS), str(stat.sessions), str(stat.rated),
            num(stat.mean_before), num(stat.mean_after), num(stat.mean_change, sign=True))


def best_text(view: InsightsView) -> Text:
    t = Text()
    if view.best is None:
        if view.stats:
            t.append("After 3 sessions of one practice rated before and after, Ebbtide "
                     "suggests the one that helped you most on the home screen.", style="dim")
        else:
            t.append("No breathing or meditation sessions in this period yet.", style="dim")
        return t
    t.append("Helped you most: ", style="bold")
    t.append(one_line(view.best.title, 60))
    t.append(f" ({view.best.reason}). Enter on a row starts that practice.")
    return t


def mood_text(view: InsightsView) -> Text:
    t = Text()
    for label, s in (("Mood", view.mood), ("Anxiety", view.anxiety)):
        if t:
            t.append("\n")
        t.append(f"{label}: ", style="bold")
        if s.mean is None:
            t.append("no check-ins in this period")
            continue
        t.append(f"mean {num(s.mean)} of 10 on {s.days} day{'s' if s.days != 1 else ''} "
                 f"(lowest {num(s.low)}, highest {num(s.high)})")
        if s.first_week_mean is not None and s.last_week_mean is not None and s.days >= 10:
            t.append(f"; first week {num(s.first_week_mean)}, last week "
                     f"{num(s.last_week_mean)}")
    return t


def adherence_text(view: InsightsView) -> Text:
    t = Text()
    if not view.adherence:
        t.append("No medications with doses or scheduled times.", style="dim")
        return t
    for a in view.adherence:
        if t:
            t.append("\n")
        t.append(one_line(a.medication, 40), style="bold")
        if not a.times:
            t.append(f": {a.taken_total} dose{'s' if a.taken_total != 1 else ''} taken "
                     "logged (no scheduled times entered)")
            continue
        t.append(f" at {', '.join(a.times)}: {a.taken} of {a.scheduled} taken, "
                 f"{a.skipped} skipped, {a.not_logged} not logged")
        if a.extra:
            t.append(f", {a.extra} extra")
        if a.rate is not None:
            t.append(f" ({a.rate:.0%} taken)")
    if any(a.times for a in view.adherence):
        t.append("\n")
        t.append(NOT_LOGGED_MEANING, style="dim")
    return t


def side_effects_text(view: InsightsView) -> Text:
    t = Text()
    if not view.side_effects:
        t.append("No side effects logged in this period.", style="dim")
        return t
    for e in view.side_effects:
        if t:
            t.append("\n")
        t.append(one_line(e.name, 40), style="bold")
        t.append(f": {e.days} day{'s' if e.days != 1 else ''}, worst {e.worst}, last "
                 f"{day_label(e.last)}")
        if e.urgent:
            t.append(" (needs urgent care if it happens)", style="italic")
    return t


class InsightsScreen(EbbtideScreen[None]):
    CSS_PATH = style("insights.tcss")
    HELP_TEXT = (
        "What has helped you, from your own ratings. For each breathing pattern and "
        "meditation: sessions done, how many were rated before and after (the means rest "
        "on those), your average anxiety before and after (0–10) and the average change "
        "(negative means calmer afterwards). Below: mood and anxiety from your check-ins, "
        "doses against the times you scheduled, and days with each side effect. 1, 2 and 3 "
        "show the last 30, 90 or 365 days. Enter on a practice starts it. These are "
        "averages of what you logged, not medical advice."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "span(30)", "30 days", id="insights.span30"),
        Binding("2", "span(90)", "90 days", id="insights.span90"),
        Binding("3", "span(365)", "365 days", id="insights.span365"),
    ]

    def __init__(self, days: int = DEFAULT_SPAN) -> None:
        super().__init__()
        self.days = days
        self.view: InsightsView | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="insights-body"):
            yield Static(Text("What helps you", style="bold"), id="insights-title")
            yield Static(id="insights-period")
            with VerticalScroll(id="insights-main"):
                yield Static(Text("Practices", style="bold"), classes="insights-heading")
                yield DataTable(id="insights-table", cursor_type="row", zebra_stripes=True)
                yield Static(id="insights-best", classes="insights-part")
                yield Static(Text("Mood and anxiety", style="bold"),
                             classes="insights-heading")
                yield Static(id="insights-mood", classes="insights-part")
                yield Static(Text("Doses against your schedule", style="bold"),
                             classes="insights-heading")
                yield Static(id="insights-adherence", classes="insights-part")
                yield Static(Text("Side effects", style="bold"), classes="insights-heading")
                yield Static(id="insights-effects", classes="insights-part")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#insights-table", DataTable)
        for column in COLUMNS:
            table.add_column(column, key=column.lower())
        self.load()

    def action_span(self, days: int) -> None:
        if days != self.days:
            self.days = days
            self.load()

    def load(self) -> None:
        self.query_one("#insights-period", Static).update(
            Text(f"Last {self.days} days · reading your journal…", style="dim"))
        self._load(self.days)

    @work(thread=True, exclusive=True, group="insights")
    def _load(self, days: int) -> None:
        app = self.ebbtide
        try:
            view = build_view(app, days)
        except EbbtideError as exc:
            app.call_from_thread(self._show_problem, str(exc))
            return
        app.call_from_thread(self.show_view, view)

    def _show_problem(self, message: str) -> None:
        self.query_one("#insights-period", Static).update(
            Text(f"Cannot read the journal: {message}"))

    def show_view(self, view: InsightsView) -> None:
        if view.end - view.start != timedelta(days=self.days - 1):
            return  # an older request finished after a newer one started
        self.view = view
        self.query_one("#insights-period", Static).update(Text(
            f"Last {self.days} days: {day_label(view.start, True)} to "
            f"{day_label(view.end, True)}", style="dim"))
        table = self.query_one("#insights-table", DataTable)
        table.clear()
        for stat in view.stats:
            cells = practice_row(view, stat)
            table.add_row(cells[0], *(Text(c, justify="right") for c in cells[1:]),
                          key=stat.key)
        table.display = bool(view.stats)
        self.query_one("#insights-best", Static).update(best_text(view))
        self.query_one("#insights-mood", Static).update(mood_text(view))
        self.query_one("#insights-adherence", Static).update(adherence_text(view))
        self.query_one("#insights-effects", Static).update(side_effects_text(view))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.view is None:
            return
        key = event.row_key.value or ""
        kind, _, content_id = key.partition("/")
        if kind not in ("breathe", "meditate"):
            return
        from ebbtide.launch import StartRoute
        from ebbtide.tui.routes import open_route

        open_route(self.ebbtide, StartRoute(kind, {
            "pattern" if kind == "breathe" else "script": content_id}))


def open_route(app: EbbtideApp, args: dict[str, object]) -> None:
    """`{}` (or `{"days": 30 | 90 | 365}`): the insights screen, inside the journal."""
    raw = args.get("days")
    days = raw if isinstance(raw, int) and raw in SPANS else DEFAULT_SPAN
    if app.current_mode != "journal":
        app.go("journal")
    if not isinstance(app.screen, InsightsScreen):
        app.push_screen(InsightsScreen(days))
