"""The journal: a day-by-day history with filters, each day's entries (edit, delete with
undo), and trends of mood, anxiety and doses over 7, 30 or 90 days.

Everything a person typed is shown inert (never parsed as markup; control characters
visible as escapes) and long notes are shortened in lists, shown in full on their day."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Input,
    Label,
    OptionList,
    Select,
    Static,
    TabbedContent,
    TabPane,
)
from textual.widgets.option_list import Option

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal_models import (
    CheckIn,
    DailySeries,
    DayPoint,
    DaySummary,
    Dose,
    InvalidEntry,
    Practice,
    Record,
    RecordKind,
    SideEffect,
    SideEffectCount,
    parse_day,
)
from ebbtide.core.side_effects import STANDARD_NAMES
from ebbtide.ui.screens.base import EbbtideScreen
from ebbtide.ui.screens.medications import OFFER_KEY, OFFER_TEXT, should_offer_setup
from ebbtide.ui.widgets.day_sparkline import DayAxis, DaySparkline
from ebbtide.ui.widgets.key_bar import KeyBar
from ebbtide.ui.widgets.safe_text import DETAIL_CHARS, multi_line, one_line, safe

if TYPE_CHECKING:
    from ebbtide.ui.app import EbbtideApp

SPANS: tuple[int, ...] = (7, 30, 90)
PAGE_DAYS = 90  # calendar days shown in the history list at first; o shows 90 more
MAX_DOSE_LINES = 3
KIND_NAMES: dict[str, str] = {"checkin": "check-in", "dose": "dose",
                              "side_effect": "side effect", "practice": "practice",
                              "medication": "medicine"}
PRACTICE_NAMES = {"breathe": "breathing", "meditate": "meditation", "timer": "timer"}


# ---------------------------------------------------------------- formatting


def number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}".removesuffix(".0")


def day_line(s: DaySummary) -> Text:
    """One line of the history list."""
    t = Text(no_wrap=True, overflow="ellipsis")
    t.append(f"{s.local_date:%a %d %b %Y}", style="bold")
    if s.checkins:
        t.append(f"  mood {number(s.mood_mean)}  anxiety {number(s.anxiety_mean)}")
    else:
        t.append("  no check-in", style="dim")
    for name, mg in s.mg_by_medication.items():
        t.append("  ")
        t.append(one_line(name, 20))
        t.append(f" {mg:g} mg")
    if s.doses_taken and not s.mg_by_medication:
        t.append(f"  {s.doses_taken} dose{'s' if s.doses_taken != 1 else ''}")
    if s.doses_skipped:
        t.append(f"  {s.doses_skipped} skipped", style="italic")
    if s.side_effects:
        t.append("  ")
        t.append(", ".join(f"{one_line(name, 24)} ({severity})"
                           for name, severity in s.side_effects.items()), style="bold")
    if s.practices:
        t.append(f"  {s.practice_minutes:.0f} min practice", style="dim")
    if s.tags:
        t.append("  " + " ".join("#" + one_line(tag, 20) for tag in s.tags), style="dim")
    if s.flagged_for_doctor:
        t.append("  ⚑ for my doctor", style="bold")
    return t


def entry_line(record: Record, *, with_date: bool = False) -> Text:
    """One line for an entry on a day (or in the trash, with its date)."""
    t = Text(no_wrap=True, overflow="ellipsis")
    at = getattr(record, "at", None)
    if at is not None:
        t.append(f"{at:%Y-%m-%d %H:%M}" if with_date else f"{at:%H:%M}", style="bold")
        t.append("  ")
    t.append(KIND_NAMES.get(record.kind, record.kind), style="dim")
    t.append("  ")
    if isinstance(record, CheckIn):
        t.append(f"mood {record.mood} · anxiety {record.anxiety}")
        if record.sleep_hours is not None:
            t.append(f" · slept {record.sleep_hours:g} h")
        if record.energy is not None:
            t.append(f" · energy {record.energy}")
        if record.tags:
            t.append("  " + " ".join("#" + one_line(tag, 20) for tag in record.tags),
                     style="dim")
        if record.flagged_for_doctor:
            t.append("  ⚑")
        if record.note:
            t.append("  ")
            t.append(one_line(record.note, 50), style="italic")
    elif isinstance(record, Dose):
        t.append(one_line(record.medication, 30))
        if record.amount_mg is not None:
            t.append(f" {record.amount_mg:g} mg")
        t.append(f" {record.status}")
    elif isinstance(record, SideEffect):
        t.append(one_line(record.name, 40))
        t.append(f" ({record.severity})")
    elif isinstance(record, Practice):
        t.append(f"{PRACTICE_NAMES.get(record.practice_kind, record.practice_kind)} "
                 f"{one_line(record.content_id, 30)} {record.actual_seconds / 60:.0f} min")
        if record.anxiety_before is not None and record.anxiety_after is not None:
            t.append(f", anxiety {record.anxiety_before}→{record.anxiety_after}")
    else:
        t.append(one_line(getattr(record, "name", ""), 40))
    return t


def entry_detail(record: Record, *, full: bool = False) -> Text:
    """Everything about one entry; the note in full when `full`, else its first
    DETAIL_CHARS characters (a huge note takes seconds to lay out)."""
    t = Text()
    at = getattr(record, "at", None)
    t.append(KIND_NAMES.get(record.kind, record.kind).capitalize(), style="bold")
    if at is not None:
        offset = at.strftime("%z")
        t.append(f" at {at:%H:%M on %A %-d %B %Y} (UTC{offset[:3]}:{offset[3:]})")
    t.append("\n")
    rows: list[tuple[str, str]] = []
    note = ""
    if isinstance(record, CheckIn):
        rows += [("Mood", f"{record.mood} of 10"), ("Anxiety", f"{record.anxiety} of 10")]
        if record.sleep_hours is not None:
            rows.append(("Sleep", f"{record.sleep_hours:g} hours"))
        if record.sleep_quality is not None:
            rows.append(("Sleep quality", f"{record.sleep_quality} of 5"))
        if record.energy is not None:
            rows.append(("Energy", f"{record.energy} of 10"))
        if record.tags:
            rows.append(("Tags", ", ".join(one_line(tag, 200) for tag in record.tags)))
        if record.flagged_for_doctor:
            rows.append(("Flagged", "for my doctor"))
        note = record.note
    elif isinstance(record, Dose):
        rows += [("Medicine", one_line(record.medication, 200)), ("Status", record.status)]
        if record.amount_mg is not None:
            rows.append(("Amount", f"{record.amount_mg:g} mg"))
        if record.scheduled_time:
            rows.append(("Scheduled", record.scheduled_time))
        note = record.note
    elif isinstance(record, SideEffect):
        rows += [("Side effect", one_line(record.name, 200)), ("Severity", record.severity)]
        note = record.note
    elif isinstance(record, Practice):
        rows += [("Practice", PRACTICE_NAMES.get(record.practice_kind, record.practice_kind)),
                 ("What", one_line(record.content_id, 200)),
                 ("Length", f"{record.actual_seconds / 60:.1f} of "
                            f"{record.planned_seconds / 60:.1f} min")]
        if record.anxiety_before is not None:
            rows.append(("Anxiety before", str(record.anxiety_before)))
        if record.anxiety_after is not None:
            rows.append(("Anxiety after", str(record.anxiety_after)))
    for label, value in rows:
        t.append(f"{label}: ", style="dim")
        t.append(value)
        t.append("\n")
    if note:
        t.append("Note:\n", style="dim")
        t.append(multi_line(note, None if full else DETAIL_CHARS))
    return t


# ---------------------------------------------------------------- undo


_last_deleted: weakref.WeakKeyDictionary[App[Any], tuple[RecordKind, int]] = \
    weakref.WeakKeyDictionary()


def delete_with_undo(app: EbbtideApp, record: Record) -> bool:
    """Move `record` to the trash and say how to undo it. False when it failed."""
    try:
        moved = app.journal().delete(record.kind, record.id)
    except EbbtideError as exc:
        app.notify(f"Not deleted: {exc}", severity="error", markup=False)
        return False
    _last_deleted[app] = (record.kind, record.id)
    what = KIND_NAMES.get(record.kind, record.kind)
    at = getattr(record, "at", None)
    when = f" from {at:%H:%M}" if at is not None else ""
    extra = f" (and {moved - 1} linked entr{'y' if moved == 2 else 'ies'})" if moved > 1 else ""
    app.notify(f"The {what}{when}{extra} is in the trash. Press u to undo.",
               title="Deleted", timeout=10, markup=False)
    return True


def undo_last_delete(app: EbbtideApp) -> bool:
    last = _last_deleted.pop(app, None)
    if last is None:
        app.notify("Nothing to undo.", markup=False)
        return False
    try:
        restored = app.journal().undo_delete(*last)
    except EbbtideError as exc:
        app.notify(f"Could not undo: {exc}", severity="error", markup=False)
        return False
    app.notify("Brought back from the trash." if restored else "It was no longer in the trash.",
               markup=False)
    return bool(restored)


# ---------------------------------------------------------------- filters


@dataclass(frozen=True)
class Filters:
    start: date | None = None
    end: date | None = None
    tag: str | None = None
    side_effect: str | None = None
    medication: str | None = None

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.start, self.end, self.tag, self.side_effect,
                                           self.medication))

    def describe(self) -> Text:
        if not self.active:
            return Text("All days · f filters", style="dim")
        t = Text("Showing: ")
        parts: list[str] = []
        if self.start or self.end:
            parts.append(f"{self.start or 'start'} to {self.end or 'today'}")
        if self.tag is not None:
            parts.append("tag #" + one_line(self.tag, 30))
        if self.side_effect is not None:
            parts.append("side effect " + one_line(self.side_effect, 30))
        if self.medication is not None:
            parts.append("doses of " + one_line(self.medication, 30))
        t.append(" · ".join(parts), style="bold")
        t.append("  (f change · a all days)", style="dim")
        return t


class FilterScreen(ModalScreen[Filters | None]):
    CSS_PATH = "journal.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "apply", "Apply", id="journal_filter.apply", priority=True),
        Binding("escape", "cancel", "Cancel", id="journal_filter.cancel"),
    ]

    def __init__(self, current: Filters, tags: list[str], effects: list[str],
                 medications: list[str]) -> None:
        super().__init__()
        self.current = current
        self.tags = tags
        self.effects = effects
        self.medications = medications

    def compose(self) -> ComposeResult:
        c = self.current

        def choices(values: list[str], chosen: str | None) -> list[str]:
            return values if chosen is None or chosen in values else [chosen, *values]

        with Vertical(id="journal-filter", classes="journal-dialog"):
            yield Static(Text("Filter the history", style="bold"), classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label("From", classes="form-label")
                yield Input(str(c.start or ""), id="start", placeholder="YYYY-MM-DD",
                            max_length=10, classes="date")
                yield Label("to", classes="inline-label")
                yield Input(str(c.end or ""), id="end", placeholder="YYYY-MM-DD",
                            max_length=10, classes="date")
            yield Static("", id="date-error", classes="field-error", markup=False)
            for field, label, values, chosen in (
                    ("tag", "Tag", self.tags, c.tag),
                    ("side_effect", "Side effect", self.effects, c.side_effect),
                    ("medication", "Medicine", self.medications, c.medication)):
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    yield Select[str]([(safe(v, limit=40), v)
                                       for v in choices(values, chosen)],
                                      prompt="any", value=chosen if chosen is not None
                                      else Select.NULL, id=field, compact=True)
            with Horizontal(classes="journal-buttons"):
                yield Button("Apply (ctrl+s)", variant="primary", id="apply", compact=True)
                yield Button("All days", id="clear", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#start").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "apply":
            self.action_apply()
        elif event.button.id == "clear":
            self.dismiss(Filters())
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_apply()

    def _choice(self, field: str) -> str | None:
        select = self.query_one(f"#{field}", Select)
        return None if select.is_blank() else str(select.value)

    def action_apply(self) -> None:
        days: list[date | None] = []
        try:
            for field in ("start", "end"):
                text = self.query_one(f"#{field}", Input).value.strip()
                days.append(parse_day(text, field) if text else None)
        except InvalidEntry as exc:
            text = str(exc)
            self.query_one("#date-error", Static).update(text[:1].upper() + text[1:])
            self.query_one(f"#{exc.field}").focus()
            return
        start, end = days
        if start and end and start > end:
            start, end = end, start
        self.dismiss(Filters(start, end, self._choice("tag"), self._choice("side_effect"),
                             self._choice("medication")))

    def action_cancel(self) -> None:
        self.dismiss(None)


# ---------------------------------------------------------------- the section root


class JournalScreen(EbbtideScreen[None]):
    CSS_PATH = "journal.tcss"
    HELP_TEXT = (
        "Your journal, day by day. c checks in from anywhere. Enter opens a day to see, edit "
        "or delete its entries (deleted entries go to the trash: u undoes, x shows the "
        "trash). f filters by dates, tag, side effect or medicine. t shows trends of mood, "
        "anxiety and doses; s switches between 7, 30 and 90 days. m sets up your medicines."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "show_tab('history')", "History", id="journal.history"),
        Binding("t", "show_tab('trends')", "Trends", id="journal.trends"),
        Binding("s", "span", "7/30/90 days", id="journal.span"),
        Binding("f", "filter", "Filter", id="journal.filter"),
        Binding("a", "all_days", "All days", id="journal.all_days", show=False),
        Binding("o", "older", "Older days", id="journal.older", show=False),
        Binding("m", "medications", "Medicines", id="journal.medications"),
        Binding("n", "skip_offer", "Not now", id="journal.skip_offer"),
        Binding("x", "trash", "Trash", id="journal.trash"),
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

    def compose(self) -> ComposeResult:
        with Vertical(id="journal-body"), TabbedContent(initial="history", id="journal-tabs"):
            with TabPane("History", id="history"):
                with Horizontal(id="medication-offer"):
                    yield Static(Text(OFFER_TEXT), id="offer-text")
                    with Vertical(id="offer-buttons"):
                        yield Button("Add (m)", variant="primary", id="offer-add",
                                     compact=True)
                        yield Button("Not now (n)", id="offer-skip", compact=True)
                yield Static(self.filters.describe(), id="filter-line")
                yield OptionList(id="days", classes="journal-list")
                yield Static("", id="history-status", markup=False)
            with TabPane("Trends", id="trends"), VerticalScroll(id="trends-body"):
                yield Static("", id="trend-range")
                for name in ("mood", "anxiety"):
                    yield Static("", id=f"{name}-label", classes="trend-label")
                    yield DaySparkline(id=f"{name}-line", classes="trend-line")
                for index in range(MAX_DOSE_LINES):
                    yield Static("", id=f"dose-{index}-label", classes="trend-label dose-trend")
                    yield DaySparkline(id=f"dose-{index}-line", classes="trend-line dose-trend")
                yield DayAxis(id="trend-axis")
                yield Static("", id="effect-counts")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#medication-offer").display = False
        self.query_one("#days").focus()

    def on_screen_resume(self) -> None:
        # Textual resumes a mode's first screen twice when the mode opens; one read of
        # the journal is enough.
        if not self._load_pending:
            self._load_pending = True
            self.call_after_refresh(self._load_once)

    def _load_once(self) -> None:
        self._load_pending = False
        self.load()

    # ------------------------------------------------------------ data

    def load(self) -> None:
        """Read the history list and the trends with as few queries as possible: one
        summary of the last 90 days feeds the trends and (unfiltered) the history list."""
        app = self.ebbtide
        f = self.filters
        today = app.now().date()
        window_start = today - timedelta(days=self.page - 1)
        try:
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
            self.series = series_from_summaries(recent, self.span, today)
            self.counts = journal.side_effect_counts(self.series.start, self.series.end)
        except EbbtideError as exc:
            self.show_problem(exc)
            return
        self.summaries = history
        if self.problem is not None or self._filtered_shown != f.active:
            self.problem = None
            self._filtered_shown = f.active
            self.refresh_bindings()  # the footer shows Repair / All days only when useful
        self.show_history()
        self.show_trends()
        self.show_offer(should_offer_setup(app))

    def show_problem(self, exc: EbbtideError) -> None:
        from ebbtide.core.journal import JournalCorrupt

        first_time = self.problem is None
        self.problem = exc
        self.refresh_bindings()
        self.summaries = []
        self.query_one("#days", OptionList).clear_options()
        reason = str(exc)
        self.query_one("#history-status", Static).update(
            f"The journal needs attention: {reason[:1].lower()}{reason[1:]} Press r to "
            f"{'repair it' if isinstance(exc, JournalCorrupt) else 'try again'}.")
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
            status.update(f"{count} day{'s' if count != 1 else ''} · Enter opens a day · "
                          "o shows older days")

    def show_trends(self) -> None:
        series = self.series
        if series is None:
            return
        points = series.points
        logged = sum(1 for p in points if p.checkins)
        head = Text()
        head.append(f"Last {self.span} days", style="bold")
        head.append(f": {series.start:%-d %b} – {series.end:%-d %b %Y}")
        head.append(f" · {logged} with a check-in · s: 7/30/90 days\n", style="dim")
        head.append("Mean per day on a fixed scale; · is a day with nothing logged.",
                    style="dim")
        self.query_one("#trend-range", Static).update(head)
        for name, low, high in (("mood", 1, 10), ("anxiety", 0, 10)):
            values = [getattr(p, name) for p in points]
            present = [v for v in values if v is not None]
            label = Text(f"{name.capitalize()} ({low}–{high})", style="bold")
            if present:
                label.append(f"  lowest {number(min(present))} · highest "
                             f"{number(max(present))}", style="dim")
            else:
                label.append("  nothing logged in these days", style="dim")
            self.query_one(f"#{name}-label", Static).update(label)
            self.query_one(f"#{name}-line", DaySparkline).show(values, low, high)
        meds = series.medications[:MAX_DOSE_LINES]
        for index in range(MAX_DOSE_LINES):
            shown = index < len(meds)
            for widget in self.query(f"#dose-{index}-label, #dose-{index}-line"):
                widget.display = shown
            if not shown:
                continue
            name = meds[index]
            values = [p.mg.get(name) for p in points]
            most = max((v for v in values if v is not None), default=0.0)
            label = safe(name, "bold", 30)
            logged = sum(1 for v in values if v)
            label.append(f" mg taken per day  0–{most:g} mg · {logged} "
                         f"day{'s' if logged != 1 else ''} with a dose", style="dim")
            self.query_one(f"#dose-{index}-label", Static).update(label)
            self.query_one(f"#dose-{index}-line", DaySparkline).show(values, 0, most or 1)
        self.query_one("#trend-axis", DayAxis).show(series.start, series.end, len(points))
        self.query_one("#effect-counts", Static).update(effect_counts(self.counts))

    # ------------------------------------------------------------ first run

    def show_offer(self, show: bool) -> None:
        """First run: offer to set up medicines (m) or not now (n, remembered)."""
        offer = self.query_one("#medication-offer")
        if offer.display != show:
            offer.display = show
            self.refresh_bindings()

    def action_skip_offer(self) -> None:
        self.ebbtide.state.set(OFFER_KEY, "skipped")
        self.show_offer(False)
        self.notify("You can set up medicines any time with m.", markup=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "offer-add":
            self.action_medications()
        elif event.button.id == "offer-skip":
            self.action_skip_offer()

    # ------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "skip_offer":
            return bool(self.query("#medication-offer")) and \
                self.query_one("#medication-offer").display
        if action == "repair":
            return self.problem is not None
        if action == "all_days":
            return self.filters.active
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.app.push_screen(DayScreen(date.fromisoformat(event.option.id)))

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        if tab == "history":
            self.query_one("#days").focus()

    def action_span(self) -> None:
        self.span = SPANS[(SPANS.index(self.span) + 1) % len(SPANS)] \
            if self.span in SPANS else SPANS[0]
        self.query_one(TabbedContent).active = "trends"
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
        self.app.push_screen(FilterScreen(self.filters, tags, effects, meds), self._filtered)

    def _filtered(self, filters: Filters | None) -> None:
        if filters is not None:
            self.filters = filters
            self.page = PAGE_DAYS
            self.query_one(TabbedContent).active = "history"
            self.load()
            self.query_one("#days").focus()

    def action_all_days(self) -> None:
        self._filtered(Filters())

    def action_older(self) -> None:
        self.page += PAGE_DAYS
        self.load()

    def action_medications(self) -> None:
        from ebbtide.ui.screens.medications import MedicationFormScreen, MedicationsScreen

        if self.query_one("#medication-offer").display:
            self.app.push_screen(MedicationFormScreen(None))  # first run: straight to adding
        else:
            self.app.push_screen(MedicationsScreen())

    def action_trash(self) -> None:
        from ebbtide.ui.screens.trash import TrashScreen

        self.app.push_screen(TrashScreen())

    def action_undo(self) -> None:
        if undo_last_delete(self.ebbtide):
            self.load()

    def action_repair(self) -> None:
        from ebbtide.ui.screens.journal_recovery import JournalRecoveryScreen

        if self.problem is None:
            return
        self.app.push_screen(JournalRecoveryScreen(self.problem), self._repaired)

    def _repaired(self, outcome: str | None) -> None:
        if outcome is None:
            self.ebbtide.leave_section()
            return
        self.problem = None
        self.load()


def series_from_summaries(summaries: list[DaySummary], days: int,
                          today: date) -> DailySeries:
    """What `Journal.daily_series(days)` gives, built from day summaries already read (so
    the history list and the trends share one query)."""
    start = today - timedelta(days=days - 1)
    by_day = {s.local_date: s for s in summaries if start <= s.local_date <= today}
    points: list[DayPoint] = []
    names: dict[str, None] = {}
    for offset in range(days):
        day = start + timedelta(days=offset)
        s = by_day.get(day)
        if s is None:
            points.append(DayPoint(local_date=day))
            continue
        for name in s.mg_by_medication:
            names.setdefault(name, None)
        points.append(DayPoint(local_date=day, checkins=s.checkins, mood=s.mood_mean,
                               anxiety=s.anxiety_mean, sleep_hours=s.sleep_hours,
                               mg=dict(s.mg_by_medication)))
    return DailySeries(start=start, end=today, points=tuple(points), medications=tuple(names))


def effect_counts(counts: list[SideEffectCount]) -> Text:
    t = Text()
    t.append("Side effects in these days", style="bold")
    if not counts:
        t.append("  none logged", style="dim")
        return t
    for c in counts:
        t.append("\n  ")
        t.append(one_line(c.name, 40))
        t.append(f"  {c.total}×", style="bold")
        detail = ", ".join(f"{n} {label}" for n, label in ((c.mild, "mild"),
                                                          (c.moderate, "moderate"),
                                                          (c.severe, "severe")) if n)
        t.append(f" ({detail})", style="dim")
        if c.urgent:
            t.append("  needs medical help at once", style="bold reverse")
    return t


# ---------------------------------------------------------------- one day


class DayScreen(EbbtideScreen[None]):
    CSS_PATH = "journal.tcss"
    HELP_TEXT = ("Everything logged on one day. e edits the highlighted entry, d moves it to "
                 "the trash (u undoes), [ and ] go to the day before and after. The note is "
                 "shown below the list and scrolls; a very long one shows its start, and n "
                 "shows all of it.")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit", id="journal_day.edit"),
        Binding("d", "delete", "Delete", id="journal_day.delete"),
        Binding("u", "undo", "Undo delete", id="journal_day.undo"),
        Binding("left_square_bracket", "day(-1)", "Day before", id="journal_day.previous"),
        Binding("right_square_bracket", "day(1)", "Day after", id="journal_day.next"),
        Binding("n", "full_note", "Whole note", id="journal_day.full_note", show=False),
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    def __init__(self, day: date) -> None:
        super().__init__(id="journal-day")
        self.day = day
        self.sub_title = "A day in the journal"
        self.entries: list[Record] = []
        self.full_note = False

    def compose(self) -> ComposeResult:
        with Vertical(id="day-body", classes="journal-body"):
            yield Static("", id="day-title")
            yield OptionList(id="entries", classes="journal-list")
            with VerticalScroll(id="entry-detail"):
                yield Static("", id="detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#entries").focus()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        title = Text(f"{self.day:%A %-d %B %Y}", style="bold")
        try:
            self.entries = list(self.ebbtide.journal().entries_between(self.day, self.day))
        except EbbtideError as exc:
            self.entries = []
            title.append(f"\nThe journal cannot be read: {exc}", style="italic")
        self.query_one("#day-title", Static).update(title)
        options = self.query_one("#entries", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([Option(entry_line(e), id=f"{e.kind}:{e.id}")
                             for e in self.entries])
        if self.entries:
            options.highlighted = min(highlighted or 0, len(self.entries) - 1)
        self.show_detail()

    def selected(self) -> Record | None:
        index = self.query_one("#entries", OptionList).highlighted
        if index is None or not 0 <= index < len(self.entries):
            return None
        return self.entries[index]

    def show_detail(self) -> None:
        record = self.selected()
        detail = self.query_one("#detail", Static)
        if record is None:
            detail.update(Text("Nothing logged on this day. c checks in; [ and ] move "
                               "between days.", style="dim"))
        else:
            detail.update(entry_detail(record, full=self.full_note))
        self.query_one("#entry-detail").scroll_home(animate=False)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.full_note = False
        self.show_detail()

    def action_full_note(self) -> None:
        self.full_note = True
        self.show_detail()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        from ebbtide.ui.screens.checkin_form import (
            CheckInFormScreen,
            DoseEditScreen,
            SideEffectEditScreen,
        )

        record = self.selected()
        if isinstance(record, CheckIn):
            self.app.push_screen(CheckInFormScreen(editing=record))
        elif isinstance(record, Dose):
            try:
                meds = self.ebbtide.journal().medications()
            except EbbtideError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.app.push_screen(DoseEditScreen(record, meds), lambda _: self.load())
        elif isinstance(record, SideEffect):
            self.app.push_screen(SideEffectEditScreen(record), lambda _: self.load())
        elif isinstance(record, Practice):
            self.notify("Practice sessions are recorded as they happened; d deletes one.",
                        markup=False)

    def action_delete(self) -> None:
        record = self.selected()
        if record is not None and delete_with_undo(self.ebbtide, record):
            self.load()

    def action_undo(self) -> None:
        if undo_last_delete(self.ebbtide):
            self.load()

    def action_day(self, delta: int) -> None:
        self.day += timedelta(days=delta)
        self.query_one("#entries", OptionList).highlighted = None
        self.load()


# ---------------------------------------------------------------- route


def open_route(app: EbbtideApp, args: dict[str, object]) -> None:
    """`{}`: the journal; `{"form": "check-in" | "side-effect" | "medications"}`: that
    form on top of it (links `action:journal/...` and the app-wide c key)."""
    from ebbtide.ui.screens.checkin_form import CheckInFormScreen
    from ebbtide.ui.screens.medications import MedicationsScreen

    form = str(args.get("form") or "")
    view = args.get("view")
    if app.current_mode != "journal":
        app.go("journal")
    top = app.screen
    if form in ("check-in", "checkin", "side-effect", "side-effects"):
        focus = "side-effect" if form.startswith("side-effect") else "mood"
        if isinstance(top, CheckInFormScreen) and top.editing is None:
            top.query_one("#effect-pick" if focus == "side-effect" else "#mood").focus()
            return
        app.push_screen(CheckInFormScreen(focus=focus))
    elif form == "medications":
        if not isinstance(top, MedicationsScreen):
            app.push_screen(MedicationsScreen())
    elif form == "trends" and isinstance(top, JournalScreen):
        top.call_after_refresh(top.action_show_tab, "trends")
    elif form or view:
        what = one_line(str(form or view), 40)
        app.notify(f"'{what}' is not part of the journal yet.", severity="warning",
                   markup=False)
