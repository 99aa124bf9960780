"""The journal section: a day-by-day history with filters, and trends of mood, anxiety
and doses over 7, 30 or 90 days. One day opens in journal_day, filters in
journal_filter; records are put into words by ui/journal_text."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, ContentSwitcher, OptionList, Static
from textual.widgets.option_list import Option

from ebbtide.core.content.side_effects import STANDARD_NAMES
from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.models import DailySeries, DaySummary, SideEffectCount
from ebbtide.core.journal.series import series_from_summaries
from ebbtide.core.text import plural
from ebbtide.tui.screens.common.base import EbbtideScreen
from ebbtide.tui.screens.journal.medications import OFFER_KEY, OFFER_TEXT, should_offer_setup
from ebbtide.tui.screens.journal.page import JournalPage, JournalPageFailed, JournalPageRead
from ebbtide.tui.screens.journal.text import Filters, day_line
from ebbtide.tui.screens.journal.undo import undo_last_delete
from ebbtide.tui.styles import style
from ebbtide.tui.tuned.key_bar import KeyBar
from ebbtide.tui.tuned.tab_strip import TabStrip
from ebbtide.tui.widgets.journal_trends import TrendsView
from ebbtide.tui.widgets.safe_text import one_line

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp

SPANS: tuple[int, ...] = (7, 30, 90)
PAGE_DAYS = 90  # calendar days shown in the history list at first; o shows 90 more


class JournalScreen(EbbtideScreen[None]):
    CSS_PATH = style("journal.tcss")
    HELP_TEXT = (
        "Your journal, day by day. c checks in from anywhere. Enter opens a day to see, edit "
        "or delete its entries (deleted entries go to the trash: u undoes, x shows the "
        "trash). f filters by dates, tag, side effect or medicine. t shows trends of mood, "
        "anxiety and doses; s switches between 7, 30 and 90 days. m sets up your medicines. "
        "i imports check-ins from another app (Daylio, eMoods, a CSV)."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "show_tab('history')", "History", id="journal.history"),
        Binding("t", "show_tab('trends')", "Trends", id="journal.trends"),
        Binding("s", "span", "7/30/90 days", id="journal.span"),
        Binding("f", "filter", "Filter", id="journal.filter"),
        Binding("k", "tools", "Tools", id="journal.tools"),
        Binding("a", "all_days", "All days", id="journal.all_days", show=False),
        Binding("o", "older", "Older days", id="journal.older", show=False),
        Binding("m", "medications", "Medicines", id="journal.medications"),
        Binding("n", "skip_offer", "Not now", id="journal.skip_offer"),
        Binding("x", "trash", "Trash", id="journal.trash"),
        Binding("v", "calendar", "Calendar", id="journal.calendar"),
        Binding("i", "import_from", "Import", id="journal.import", show=False),
        Binding("slash", "search", "Search", id="journal.search"),
        Binding("u", "undo", "Undo delete", id="journal.undo", show=False),
        Binding("r", "repair", "Repair", id="journal.repair"),
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    def __init__(self) -> None:
        super().__init__(id="journal")
        self.sub_title = "Journal"
        self.filters = Filters()
        self.span = 30
        self.page = PAGE_DAYS
        self.summaries: list[DaySummary] = []
        self.series: DailySeries | None = None
        self.counts: list[SideEffectCount] = []
        self.problem: EbbtideError | None = None
        self._filtered_shown = False
        self._load_pending = False
        self._first_read_done = False
        self._trends: TrendsView | None = None
        self._offer: Horizontal | None = None

    def compose(self) -> ComposeResult:
        # Margins on the parts instead of a padded container: one widget fewer to build.
        yield TabStrip([("history", "History"), ("trends", "Trends")],
                       active="history", id="journal-tabs")
        with ContentSwitcher(initial="history", id="journal-pages"):
            with Vertical(id="history"):
                yield Static(self.filters.describe(), id="filter-line")
                yield OptionList(id="days", classes="journal-list")
                yield Static("", id="history-status", markup=False)
            yield Vertical(id="trends")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#days").focus()

    def on_screen_resume(self) -> None:
        # Textual resumes a mode's first screen twice when the mode opens; one read of
        # the journal is enough.
        if not self._load_pending:
            self._load_pending = True
            self.call_after_refresh(self._load_once)

    def _load_once(self) -> None:
        self._load_pending = False
        if self._first_read_done:
            self.load()
        else:  # may open the journal: off the UI thread, so the section draws at once
            self._first_read()

    # ------------------------------------------------------------ data

    def load(self) -> None:
        """Read the history list and the trends, and show them."""
        try:
            page = self._read()
        except EbbtideError as exc:
            self.show_problem(exc)
            return
        self._first_read_done = True
        self._show_page(page)

    @work(thread=True, exclusive=True, group="journal-first-read")
    def _first_read(self) -> None:
        try:
            self.post_message(JournalPageRead(self._read()))
        except EbbtideError as exc:
            self.post_message(JournalPageFailed(exc))

    @on(JournalPageRead)
    def _page_read(self, message: JournalPageRead) -> None:
        if not self._first_read_done:  # else a later read already shows newer data
            self._first_read_done = True
            self._show_page(message.page)

    @on(JournalPageFailed)
    def _page_failed(self, message: JournalPageFailed) -> None:
        self.show_problem(message.error)

    def _read(self) -> JournalPage:
        """The history list and the trends with as few queries as possible: one summary of
        the last 90 days feeds the trends and (unfiltered) the history list. Touches no
        widget, so it may run in a worker thread."""
        app = self.ebbtide
        f = self.filters
        today = app.now().date()
        window_start = today - timedelta(days=self.page - 1)
        journal = app.journal()
        recent = journal.day_summaries(today - timedelta(days=max(SPANS) - 1), None)
        if f.active:
            history = journal.day_summaries(f.start, f.end, tag=f.tag,
                                            side_effect=f.side_effect,
                                            medication=f.medication, limit=self.page)
        elif self.page <= max(SPANS):
            history = [s for s in recent if s.local_date >= window_start]
        else:
            history = journal.day_summaries(window_start, None)
        if not history and not f.active:
            # Nothing lately: show the newest days that have anything at all.
            history = journal.day_summaries(limit=PAGE_DAYS)
        series = series_from_summaries(recent, self.span, today)
        counts = journal.side_effect_counts(series.start, series.end)
        return JournalPage(history, series, counts, offer=should_offer_setup(app))

    def _show_page(self, page: JournalPage) -> None:
        self.series = page.series
        self.counts = page.counts
        self.summaries = page.history
        if self.problem is not None or self._filtered_shown != self.filters.active:
            self.problem = None
            self._filtered_shown = self.filters.active
            self.refresh_bindings()  # the footer shows Repair / All days only when useful
        self.show_history()
        self.show_trends()
        self.show_offer(page.offer)

    def show_problem(self, exc: EbbtideError) -> None:
        from ebbtide.core.journal.cipher import JournalLocked
        from ebbtide.core.journal.store import JournalCorrupt

        first_time = self.problem is None
        self.problem = exc
        self.refresh_bindings()
        self.summaries = []
        self.query_one("#days", OptionList).clear_options()
        reason = str(exc)
        if isinstance(exc, JournalLocked):
            text = "Your journal is encrypted and locked. Press r to unlock it."
        else:
            text = (f"The journal needs attention: {reason[:1].lower()}{reason[1:]} Press r "
                    f"to {'repair it' if isinstance(exc, JournalCorrupt) else 'try again'}.")
        self.query_one("#history-status", Static).update(text)
        if first_time and self.is_active:
            self.action_repair()

    def show_history(self) -> None:
        options = self.query_one("#days", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([Option(day_line(s), id=s.local_date.isoformat())
                             for s in self.summaries])
        if self.summaries:
            options.highlighted = min(highlighted or 0, len(self.summaries) - 1)
        self.query_one("#filter-line", Static).update(self.filters.describe())
        status = self.query_one("#history-status", Static)
        if not self.summaries:
            status.update("Nothing matches these filters. Press a to see all days."
                          if self.filters.active else
                          "Nothing logged yet. Press c to check in: mood and anxiety are "
                          "enough.")
        else:
            count = len(self.summaries)
            status.update(f"{plural(count, 'day')} · Enter opens a day · "
                          "o shows older days")

    def show_trends(self) -> None:
        if self.series is not None and self._trends is not None and self._trends.is_mounted:
            self._trends.show(self.series, self.span, self.counts)

    def _select_page(self, page: str) -> None:
        self.query_one("#journal-pages", ContentSwitcher).current = page
        self.query_one(TabStrip).active = page

    async def _build_trends(self) -> None:
        # Built the first time they are shown, so the history appears sooner.
        if self._trends is None:
            self._trends = TrendsView()
            await self.query_one("#trends").mount(self._trends)
            self.show_trends()

    async def on_tab_strip_picked(self, event: TabStrip.Picked) -> None:
        await self.action_show_tab(event.page)

    # ------------------------------------------------------------ first run

    def show_offer(self, show: bool) -> None:
        """First run: offer to set up medicines (m) or not now (n, remembered)."""
        if show == (self._offer is not None):
            return
        if self._offer is None:
            self._offer = Horizontal(
                Static(Text(OFFER_TEXT), id="offer-text"),
                Vertical(Button("Add (m)", variant="primary", id="offer-add", compact=True),
                         Button("Not now (n)", id="offer-skip", compact=True),
                         id="offer-buttons"),
                id="medication-offer")
            self.query_one("#history").mount(self._offer, before="#filter-line")
        else:
            self._offer.remove()
            self._offer = None
        self.refresh_bindings()

    def action_skip_offer(self) -> None:
        self.ebbtide.state.set(OFFER_KEY, "skipped")
        self.show_offer(False)
        self.notify("You can set up medicines any time with m.", markup=False)

    @on(Button.Pressed, "#offer-add")
    def _add_medications(self) -> None:
        self.action_medications()

    @on(Button.Pressed, "#offer-skip")
    def _skip_offer(self) -> None:
        self.action_skip_offer()

    # ------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "skip_offer":
            return self._offer is not None
        if action == "repair":
            return self.problem is not None
        if action == "all_days":
            return self.filters.active
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            from ebbtide.tui.screens.journal.day import DayScreen

            self.app.push_screen(DayScreen(date.fromisoformat(event.option.id)))

    async def action_show_tab(self, tab: str) -> None:
        self._select_page(tab)
        if tab == "trends":
            await self._build_trends()
        else:
            self.query_one("#days").focus()

    async def action_span(self) -> None:
        self.span = SPANS[(SPANS.index(self.span) + 1) % len(SPANS)] \
            if self.span in SPANS else SPANS[0]
        self._select_page("trends")
        await self._build_trends()
        self.load()

    def action_filter(self) -> None:
        try:
            journal = self.ebbtide.journal()
            tags = [tag for tag, _ in journal.tags_in_use()]
            used = [c.name for c in journal.side_effect_counts()]
            meds = [m.name for m in journal.medications()]
        except EbbtideError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        effects = used + [n for n in STANDARD_NAMES if n not in used]
        from ebbtide.tui.screens.journal.filter import FilterScreen

        self.app.push_screen(FilterScreen(self.filters, tags, effects, meds), self._filtered)

    def _filtered(self, filters: Filters | None) -> None:
        if filters is not None:
            self.filters = filters
            self.page = PAGE_DAYS
            self._select_page("history")
            self.load()
            self.query_one("#days").focus()

    def action_all_days(self) -> None:
        self._filtered(Filters())

    def action_older(self) -> None:
        self.page += PAGE_DAYS
        self.load()

    def action_medications(self) -> None:
        from ebbtide.tui.screens.journal.medications import MedicationFormScreen, MedicationsScreen

        if self._offer is not None:
            self.app.push_screen(MedicationFormScreen(None))  # first run: straight to adding
        else:
            self.app.push_screen(MedicationsScreen())

    def action_trash(self) -> None:
        from ebbtide.tui.screens.journal.trash import TrashScreen

        self.app.push_screen(TrashScreen())

    def action_calendar(self) -> None:
        from ebbtide.tui.screens.journal.calendar import CalendarScreen

        self.app.push_screen(CalendarScreen())

    def action_tools(self) -> None:
        from ebbtide.tui.screens.tools.menu import ToolsMenuScreen

        self.app.push_screen(ToolsMenuScreen())

    def action_import_from(self) -> None:
        from ebbtide.tui.screens.journal.import_screen import open_route as open_import

        open_import(self.ebbtide, {})

    def action_search(self) -> None:
        from ebbtide.tui.screens.journal.search import JournalSearchScreen

        self.app.push_screen(JournalSearchScreen())

    def action_undo(self) -> None:
        if undo_last_delete(self.ebbtide):
            self.load()

    def action_repair(self) -> None:
        from ebbtide.core.journal.cipher import JournalLocked
        from ebbtide.tui.screens.journal.recovery import JournalRecoveryScreen

        if self.problem is None:
            return
        if isinstance(self.problem, JournalLocked):
            from ebbtide.tui.screens.common.unlock import unlock_journal

            unlock_journal(self.ebbtide, self._unlocked)
            return
        self.app.push_screen(JournalRecoveryScreen(self.problem), self._repaired)

    def _unlocked(self, unlocked: bool) -> None:
        if unlocked:
            self.problem = None
            self.load()

    def _repaired(self, outcome: str | None) -> None:
        if outcome is None:
            self.ebbtide.leave_section()
            return
        self.problem = None
        self.load()


def open_route(app: EbbtideApp, args: dict[str, object]) -> None:
    """`{}`: the journal; `{"form": "medications"}` on top of it; `{"form": "check-in" |
    "side-effect"}`: the check-in over the screen in front (links `action:journal/...` and
    the app-wide c key)."""
    from ebbtide.tui.screens.journal.checkin_form import CheckInFormScreen
    from ebbtide.tui.screens.journal.medications import MedicationsScreen

    form = str(args.get("form") or "")
    view = args.get("view")
    top = app.screen
    if form in ("check-in", "checkin", "side-effect", "side-effects"):
        # Over whatever is in front (a session waits, paused), and back there after: saved
        # or Esc, the person lands where they pressed c or followed the link.
        focus = "side-effect" if form.startswith("side-effect") else "mood"
        if isinstance(top, CheckInFormScreen) and top.editing is None:
            top.query_one("#effect-pick" if focus == "side-effect" else "#mood").focus()
            return
        app.push_screen(CheckInFormScreen(focus=focus))
        return
    if app.current_mode != "journal":
        app.go("journal")
    top = app.screen
    if form == "medications":
        if not isinstance(top, MedicationsScreen):
            app.push_screen(MedicationsScreen())
    elif form == "trends" and isinstance(top, JournalScreen):
        top.call_after_refresh(top.action_show_tab, "trends")
    elif form or view:
        what = one_line(str(form or view), 40)
        app.notify(f"'{what}' is not part of the journal yet.", severity="warning",
                   markup=False)
