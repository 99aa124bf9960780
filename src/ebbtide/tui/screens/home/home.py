"""Home: today at a glance and five doors."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from ebbtide.core.errors import EbbtideError
from ebbtide.core.practice.encouragement import line_for
from ebbtide.core.practice.summary import HomeSummary, describe_checkin, summarise

if TYPE_CHECKING:
    from ebbtide.core.health.safety import SafetyNote
from ebbtide.tui.screens.common.base import EbbtideScreen
from ebbtide.tui.tuned.key_bar import KeyBar
from ebbtide.tui.widgets.door import Door
from ebbtide.tui.widgets.heading import HomeHeading

DOORS = (
    ("breathe", "1", "Breathe", "Paced breaths to settle your body"),
    ("meditate", "2", "Meditate", "Guided practice and a bell timer"),
    ("sleep", "z", "Sleep", "Wind down, then sound that fades"),
    ("read", "3", "Read", "Sourced notes on baclofen and mood"),
    ("journal", "4", "Journal", "Log mood, doses and side effects"),
)
ROTATE_SECONDS = 60.0
SUMMARY_DELAY = 0.15


class SummaryLoaded(Message):
    """From the summary worker: today at a glance, and safety notes to announce."""

    def __init__(self, summary: HomeSummary, notes: list[SafetyNote]) -> None:
        super().__init__()
        self.summary = summary
        self.notes = notes


class JournalUnreadable(Message):
    """From the summary worker: the journal could not be opened or read (`locked`: it is
    encrypted and no passphrase was given)."""

    def __init__(self, *, locked: bool) -> None:
        super().__init__()
        self.locked = locked


class HomeScreen(EbbtideScreen[None]):
    HELP_TEXT = (
        "Home shows today at a glance and the five parts of Ebbtide. Press a door's key "
        "(1 Breathe, 2 Meditate, z Sleep, 3 Read, 4 Journal) or Enter on a door. The "
        "suggestion starts with s; t opens the tools "
        "(self-checks, what helps you, the report for your clinician, the glossary). "
        "q quits; Esc asks first."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "app.go('breathe')", "Breathe", id="home.breathe", show=False),
        Binding("2", "app.go('meditate')", "Meditate", id="home.meditate", show=False),
        Binding("3", "app.go('read')", "Read", id="home.read", show=False),
        Binding("4", "app.go('journal')", "Journal", id="home.journal", show=False),
        Binding("s", "start_suggestion", "Suggested", id="home.suggested"),
        Binding("exclamation_mark", "sos", "SOS minute", id="home.sos", show=False),
        Binding("t", "tools", "Tools", id="home.tools"),
        Binding("z", "sleep", "Sleep", id="home.sleep"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
        # Esc means "back" everywhere else; on home there is nowhere back to, so it asks.
        Binding("escape", "ask_quit", "Ask before quitting", show=False, id="home.escape"),
    ]

    def __init__(self) -> None:
        super().__init__(id="home")
        self._line_index = 0
        self.summary: HomeSummary | None = None
        self._journal_problem: str | None = None
        self._glance_text = ""
        self._summary_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        now = self.ebbtide.now()
        self._line_index = now.toordinal()
        # Few widgets on purpose: each one adds to the time before the first frame.
        yield HomeHeading("Ebbtide", now.strftime("%A %-d %B %Y"), id="home-heading")
        yield Static(line_for(self._line_index), id="encouragement", markup=False)
        yield Static(id="glance", markup=False)
        with Grid(id="doors"):
            for target, key, name, description in DOORS:
                yield Door(target, key, name, description)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#glance").border_title = "Today"
        self.refresh_summary()
        self.set_interval(ROTATE_SECONDS, self._rotate_line)

    def on_screen_resume(self) -> None:
        if self.summary is not None:
            self.show_summary(self.summary)  # at once: a session left waiting elsewhere
        self.refresh_summary()
        self.ebbtide.section_warmer.schedule()

    def on_resize(self) -> None:
        if self.summary is not None:
            self.show_summary(self.summary)  # a short terminal leaves out the suggestion

    def refresh_summary(self) -> None:
        app = self.ebbtide
        if self.summary is None:
            self.show_summary(summarise([], app.now(), last_checkin=None,
                                        show_streak=app.settings.show_streak))
        # A moment after the first paint: the worker thread holds the GIL while it opens
        # SQLite, and starting it at once delays the first frame reaching the terminal.
        # Mount and the first resume both ask: one read of the journal is enough.
        if self._summary_timer is not None:
            self._summary_timer.stop()
        self._summary_timer = self.set_timer(SUMMARY_DELAY, self._load_summary)

    @work(thread=True, exclusive=True, group="home-summary")
    def _load_summary(self) -> None:
        """Read the journal off the UI thread; the home screen is drawn before this ends."""
        app = self.ebbtide
        now = app.now()
        try:
            journal = app.journal()
            recent = journal.entries_between(now - timedelta(days=60), now + timedelta(days=1),
                                             kinds=("checkin",))
            practices = journal.practices_between(now - timedelta(days=60),
                                                  now + timedelta(days=1))
        except EbbtideError as exc:
            from ebbtide.core.journal.cipher import JournalLocked

            self.post_message(JournalUnreadable(locked=isinstance(exc, JournalLocked)))
            return
        from ebbtide.core.journal.models import CheckIn

        last = None
        checkins = [e for e in recent if isinstance(e, CheckIn)]
        if checkins:
            latest = checkins[-1]
            last = describe_checkin(latest.at, latest.mood, latest.anxiety, now)
        from ebbtide.tui.screens.common.safety_notes import home_suggestion, pending_safety_notes

        summary = summarise(practices, now, last_checkin=last,
                            show_streak=app.settings.show_streak,
                            suggestion=home_suggestion(app))
        self.post_message(SummaryLoaded(summary, pending_safety_notes(app)))

    @on(SummaryLoaded)
    def _summary_loaded(self, loaded: SummaryLoaded) -> None:
        self._show_loaded(loaded.summary)
        if loaded.notes:
            self._announce(loaded.notes)

    def _show_loaded(self, summary: HomeSummary) -> None:
        self._journal_problem = None
        self.show_summary(summary)

    def _announce(self, notes: list[SafetyNote]) -> None:
        """New safety notes, but only while home is in front: someone who has already
        gone into a session or the reader is not interrupted (home shows them on return)."""
        if self.app.screen is self:
            from ebbtide.tui.screens.common.safety_notes import show_safety_notes

            show_safety_notes(self.ebbtide, notes)

    @on(JournalUnreadable)
    def _show_journal_problem(self, unreadable: JournalUnreadable) -> None:
        self._journal_problem = "locked" if unreadable.locked else "needs attention"
        if self.summary is not None:
            self.show_summary(self.summary)

    def show_summary(self, summary: HomeSummary) -> None:
        self.summary = summary
        checkin = summary.last_checkin or "No check-in yet today"
        practice = f"Practice this week: {summary.practice_minutes_week} min"
        if summary.sessions_week:
            practice += f" in {summary.sessions_week} session" + (
                "s" if summary.sessions_week != 1 else "")
        if summary.streak_days:
            practice += f" · {summary.streak_days}-day streak"
        if self._journal_problem == "locked":
            checkin = "the journal is locked (press 4 to unlock it)"
        elif self._journal_problem:
            checkin = "the journal needs attention (press 4)"
        lines = [f"Last check-in: {checkin}", practice]
        if self.ebbtide.open_sessions:  # else nothing to import at start-up
            from ebbtide.tui.screens.common.sessions_elsewhere import live_session_line

            waiting = live_session_line(self.ebbtide)
            if waiting:
                lines.insert(0, waiting)
        if not self.has_class("-short"):
            s = summary.suggestion
            lines.append(f"Suggested: {s.title}, {s.minutes} min ({s.reason}) — press s")
        text = "\n".join(lines)
        if text != self._glance_text:  # home asks on mount, resume and resize
            self._glance_text = text
            self.query_one("#glance", Static).update(text)

    def _rotate_line(self) -> None:
        self._line_index += 1
        self.query_one("#encouragement", Static).update(line_for(self._line_index))

    def on_door_opened(self, event: Door.Opened) -> None:
        if event.door.target == "sleep":  # a screen on top of home, not a section
            self.action_sleep()
        else:
            self.ebbtide.go(event.door.target)

    def action_sos(self) -> None:
        from ebbtide.tui.screens.breathe.sos import open_route

        open_route(self.ebbtide)

    def action_sleep(self) -> None:
        from ebbtide.tui.screens.sleep.setup import open_route

        open_route(self.ebbtide)

    def action_tools(self) -> None:
        from ebbtide.tui.screens.tools.menu import ToolsMenuScreen

        self.app.push_screen(ToolsMenuScreen())

    def action_ask_quit(self) -> None:
        from ebbtide.tui.screens.common.confirm import ConfirmScreen

        async def answered(quit_now: bool | None) -> None:
            if quit_now:
                await self.ebbtide.action_quit()

        self.app.push_screen(ConfirmScreen("Quit Ebbtide?", yes="Quit", no="Stay"), answered)

    def action_start_suggestion(self) -> None:
        if self.summary is None:
            return
        from ebbtide.launch import StartRoute
        from ebbtide.tui.routes import open_route

        s = self.summary.suggestion
        open_route(self.ebbtide, StartRoute(screen=s.kind, args={
            "pattern" if s.kind == "breathe" else "script": s.content_id,
            "minutes": s.minutes}))
