"""EbbtideApp: one mode per part of the product (home, breathe, meditate, read, journal)."""

from __future__ import annotations

import gc
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.screen import Screen
from textual.widget import AwaitMount

from ebbtide import __version__
from ebbtide.core.clock import SYSTEM_CLOCK, Clock
from ebbtide.core.journal.practice_log import JournalPracticeLog
from ebbtide.core.paths import Paths
from ebbtide.core.settings import load_settings
from ebbtide.core.state import AppState
from ebbtide.launch import Overrides, StartRoute
from ebbtide.tui.app_look import AppLook
from ebbtide.tui.app_sound import AppSound
from ebbtide.tui.closing import ClosingSignals
from ebbtide.tui.cues import CuePlayer, SpeechSource
from ebbtide.tui.journal_access import JournalAccess
from ebbtide.tui.notices import CalmNotices
from ebbtide.tui.styles import style
from ebbtide.tui.themes import EBBTIDE_THEMES
from ebbtide.tui.warm_up import SectionWarmer

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from ebbtide.core.content.patterns import Pattern, PatternSet
    from ebbtide.core.journal.store import Journal
    from ebbtide.core.practice.records import PracticeLog
    from ebbtide.core.practice.session_flow import StagedSession
    from ebbtide.core.practice.session_length import SessionLength
    from ebbtide.tui.screens.breathe.session import BreathingScreen

WELCOME_KEY = "welcome_acknowledged"
SECTIONS: tuple[str, ...] = ("breathe", "meditate", "read", "journal")


def _palette_commands() -> type[Provider]:
    from ebbtide.tui.palette import EbbtideCommands

    return EbbtideCommands


def _home() -> Screen[None]:
    from ebbtide.tui.screens.home.home import HomeScreen

    return HomeScreen()


def _section(name: str) -> Callable[[], Screen[None]]:
    def make() -> Screen[None]:
        from ebbtide.tui.routes import section_screen

        return section_screen(name)

    return make


# Start routes that open a session with sound at once (see `warm_up_sound`).
PRACTICE_ROUTES = frozenset({"breathe", "sos", "meditate", "timer", "sleep"})

class EbbtideApp(AppSound, AppLook):
    CSS_PATH = style("ebbtide.tcss")
    TITLE = "Ebbtide"
    COMMANDS = App.COMMANDS | {_palette_commands}
    DEFAULT_MODE = "home"
    # Textual declares these without ClassVar, so mypy forbids annotating them as one.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (64, "-normal"), (120, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]  # noqa: RUF012
    MODES: ClassVar[dict[str, str | Callable[[], Screen[None]]]] = {
        "home": _home,
        **{name: _section(name) for name in SECTIONS},
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark", "help", "Help", id="app.help", tooltip="This help"),
        Binding("f2", "settings", "Settings", id="app.settings"),
        Binding("c", "check_in", "Check in", id="app.check_in"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True, show=False),
        # Textual's own palette key, declared here so it has an id for the keymap and a
        # line in help.
        Binding("ctrl+p", "command_palette", "Commands", id="app.command_palette",
                priority=True, show=False,
                tooltip="Command palette: go anywhere, change theme or settings"),
    ]

    def __init__(self, paths: Paths, overrides: Overrides | None = None,
                 route: StartRoute | None = None, *,
                 now: Callable[[], datetime] | None = None, clock: Clock | None = None,
                 sound: CuePlayer | None = None, speech: SpeechSource | None = None,
                 resume_collection: bool = False) -> None:
        super().__init__()
        # Cycle collection was paused for start-up by whoever made the app (run_app):
        # turn it back on after the first frame. Left alone otherwise.
        self._resume_collection = resume_collection
        self.clock: Clock = clock or SYSTEM_CLOCK
        self._sound: CuePlayer | None = sound
        self._speech: SpeechSource | None = speech
        self._journal_access = JournalAccess(paths, lambda: self.now(), self._journal_read_only)
        self.practice_log: PracticeLog = JournalPracticeLog(self.journal, lambda: self.now())
        # The practice screens' sessions (added on mount, removed on unmount), so every way
        # out of the app can record them first.
        self.open_sessions: set[StagedSession[Any]] = set()
        self._closing_signals = ClosingSignals(self)
        self.notices = CalmNotices(self)
        self._patterns: PatternSet | None = None
        self.section_warmer = SectionWarmer(self)
        self.paths = paths
        self.overrides = overrides or Overrides()
        self.route = route or StartRoute()
        self.now: Callable[[], datetime] = now or (lambda: datetime.now().astimezone())
        loaded = load_settings(paths.settings_file)
        self.settings_problems: list[str] = list(loaded.problems)
        self.settings_writable = loaded.writable
        self.saved_settings = loaded.settings
        self.settings = self._with_overrides(loaded.settings)
        self.keymap_table = loaded.keymap  # saved back as written
        self._apply_keymap(loaded)
        self.state = AppState.load(paths.state_file)
        self._default_animation = self.animation_level
        self._previewed_theme: str | None = None
        for theme in EBBTIDE_THEMES:
            self.register_theme(theme)
        self._set_initial_theme(self.settings.theme)
        self._apply_look()
        if self.route.screen in PRACTICE_ROUTES:
            # Opened straight into a practice (`ebbtide timer --start-delay 0`): the helper
            # starts now, while Textual starts, so the opening bell is not ~150 ms late.
            self.warm_up_sound()

    # -- journal ------------------------------------------------------------------------

    def journal(self) -> Journal:
        """The journal, opened on first use (any thread): see `tui.journal_access`."""
        return self._journal_access.get()

    def journal_set_aside(self) -> AbstractContextManager[None]:
        """The journal closed and opened by no thread of this app meanwhile (while it is
        converted: encrypted, decrypted, its passphrase changed)."""
        return self._journal_access.set_aside()

    def forget_journal(self) -> None:
        """Close the journal so it is opened afresh (after a restore)."""
        self._journal_access.forget()

    def _journal_read_only(self, message: str) -> None:
        self.notify(message, title="Journal", severity="warning", timeout=15, markup=False)

    # -- content and sessions -----------------------------------------------------------

    @property
    def patterns(self) -> PatternSet:
        if self._patterns is None:
            return self.reload_patterns()
        return self._patterns

    def reload_patterns(self) -> PatternSet:
        from ebbtide.core.content.patterns import load_patterns

        self._patterns = load_patterns(self.paths.patterns_dir)
        return self._patterns

    def start_breathing(self, pattern: Pattern, length: SessionLength | None = None, *,
                        start_delay: float | None = None, ask_ratings: bool = True,
                        screen: type[BreathingScreen] | None = None) -> None:
        from ebbtide.core.practice.breathing import BreathingSession
        from ebbtide.tui.screens.breathe.session import BreathingScreen

        def new_session() -> BreathingSession:
            return BreathingSession(
                pattern,
                minutes=length.minutes if length else None,
                cycles=length.cycles if length else None,
                start_delay=self.settings.start_delay if start_delay is None else start_delay,
                ask_ratings=ask_ratings,
                clock=self.clock,
                log=self.practice_log,
                wall_clock=self.now,
            )

        if self.current_mode != "breathe":
            self.switch_mode("breathe")
        self.push_screen((screen or BreathingScreen)(pattern, new_session))

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notice is inert: stored or file-supplied text in it never acts on the
        terminal nor is read as markup (no notice here uses markup)."""
        from ebbtide.tui.widgets.safe_text import notice, one_line

        super().notify(notice(message), title=one_line(title, 120), severity=severity,
                       timeout=timeout, markup=False)

    async def on_event(self, event: events.Event) -> None:
        """Pasted text reaches the focused field with its control characters as visible
        escapes (never raw on the terminal); a form stores them back as the characters."""
        if isinstance(event, events.Paste) and not event.is_forwarded:
            from ebbtide.tui.widgets.safe_text import editable

            if not event.text.isprintable():
                event = events.Paste(editable(event.text, multi_line=True))
        await super().on_event(event)

    # -- lifecycle ----------------------------------------------------------------------

    def on_mount(self) -> None:
        self._closing_signals.install()
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.notices.file_problems(self.settings_problems, title="Settings")
        self.notices.app_mounted()
        if not self.state.get(WELCOME_KEY):
            from ebbtide.tui.screens.home.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(), callback=lambda _: self._after_welcome())
        else:
            self._open_route()
        self.call_after_refresh(self._unlock_if_locked)  # after the first frame
        if self._resume_collection:
            self.call_after_refresh(gc.enable)

    def _unlock_if_locked(self) -> None:
        from ebbtide.tui.screens.common.unlock import unlock_if_locked

        unlock_if_locked(self)

    def on_unmount(self) -> None:
        self._closing_signals.remove()
        self._close_sound()
        self.forget_journal()

    def end_sessions(self) -> None:
        """Record every practice session still open, as it is now (the app is closing: ctrl+q,
        or SIGTERM, SIGHUP, SIGINT through `tui.closing`)."""
        for session in list(self.open_sessions):
            session.end()

    async def action_quit(self) -> None:
        self.end_sessions()
        self.exit()

    def _after_welcome(self) -> None:
        self.state.set(WELCOME_KEY, __version__)
        self._open_route()

    def _open_route(self) -> None:
        if self.route.screen == "home":
            return
        from ebbtide.tui.routes import open_route

        open_route(self, self.route)

    # -- navigation ---------------------------------------------------------------------

    def go(self, section: str) -> None:
        """Open a part of the app from anywhere (doors, palette, links)."""
        if section not in self.MODES:
            raise ValueError(f"unknown section {section!r}")
        self.switch_mode(section)

    def switch_mode(self, mode: str) -> AwaitMount:
        """A section whose session is over starts clean when opened again (not on the old
        summary, whose rating would take the next key); a live one is kept, paused."""
        stale = False
        if mode != self.current_mode and mode in SECTIONS and self.open_sessions:
            from ebbtide.tui.screens.common.sessions_elsewhere import has_stale_session

            stale = has_stale_session(self, mode)
        switched = super().switch_mode(mode)
        if stale:
            from ebbtide.tui.screens.common.sessions_elsewhere import start_clean

            start_clean(self)
        return switched

    def leave_section(self) -> None:
        """Back from the root of a section: home, or quit when started for one task."""
        if self.route.exit_after and self.route.screen != "home":
            self.exit(0)
        else:
            self.switch_mode("home")

    def action_go(self, section: str) -> None:
        self.go(section)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In the check-in form `c` would open a second form: hide it (key bar and help).
        if action == "check_in" and getattr(self.screen, "IS_CHECK_IN", False):
            return False
        return super().check_action(action, parameters)

    def action_check_in(self) -> None:
        """One key from anywhere: the quick check-in form."""
        from ebbtide.tui.routes import open_route

        open_route(self, StartRoute("journal", {"form": "check-in"}))

    def action_help(self) -> None:
        from ebbtide.tui.screens.common.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen.for_screen(self.screen))

    def action_settings(self) -> None:
        from ebbtide.tui.screens.common.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())



def run_app(paths: Paths, overrides: Overrides, route: StartRoute) -> int:
    paths.ensure_for_reading()  # a read-only folder still starts: see journal()
    app = EbbtideApp(paths, overrides, route, resume_collection=not gc.isenabled())
    app.run()
    return app.return_code or 0
