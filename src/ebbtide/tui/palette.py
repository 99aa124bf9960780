"""Command palette provider: "Go: …", "Theme: …", "Settings: …", "Help: …"."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ebbtide.tui.app_access import ebbtide_app

Command = tuple[str, str, Callable[[], object]]


class EbbtideCommands(Provider):
    def _commands(self) -> list[Command]:
        app = ebbtide_app(self)
        from ebbtide.tui.themes import theme_names

        commands: list[Command] = [
            ("Go: Home", "Today at a glance", partial(app.go, "home")),
            ("Go: Breathe", "Paced breathing with a visual pacer", partial(app.go, "breathe")),
            ("SOS minute (panic, help now, calm down fast)", "One minute of cyclic sighing "
             "now; ! for crisis lines", partial(self._open, "sos", {})),
            ("Go: Meditate", "Guided meditations and a bell timer", partial(app.go, "meditate")),
            ("Go: Read", "A sourced library about baclofen, anxiety and mood",
             partial(app.go, "read")),
            ("Go: Journal", "Mood, anxiety, doses and side effects", partial(app.go, "journal")),
            ("Journal: Calendar", "Mood a day per cell, by month or year; practice days "
             "marked", self._calendar),
            ("Journal: Self-check PHQ-9", "Nine questions about mood over two weeks",
             partial(self._open, "check", {"kind": "phq9"})),
            ("Journal: Self-check GAD-7", "Seven questions about anxiety over two weeks",
             partial(self._open, "check", {"kind": "gad7"})),
            ("Journal: Report for my clinician", "One page for an appointment: HTML or Markdown",
             partial(self._open, "report", {})),
            ("Journal: What helps me", "Which practices eased your anxiety; doses and side "
             "effects", partial(self._open, "insights", {})),
            ("Journal: Import from another app", "Daylio, eMoods or any CSV: preview, then "
             "import", self._import_from_app),
            ("Settings: Open", "Theme, sound, motion, session defaults", app.action_settings),
            ("Settings: Reminders", "Notify, nudge or alarm outside the app: doses, check-in, "
             "wind-down, self-check; quiet hours, snooze", self._reminders),
            ("Settings: Toggle sound", "Turn all sound on or off", partial(self._toggle, "sound")),
            ("Settings: Toggle reduced motion", "No animation: words, counts and static bars",
             partial(self._toggle, "reduced_motion")),
            ("Help: Keys", "Keys for this screen", app.action_help),
        ]
        for name in sorted(theme_names()):
            commands.append((f"Theme: {name}", "Switch colour theme",
                             partial(app.action_set_theme, name)))
        return commands

    def _open(self, screen: str, args: dict[str, object]) -> None:
        from ebbtide.launch import StartRoute
        from ebbtide.tui.routes import open_route

        open_route(ebbtide_app(self), StartRoute(screen, args))

    def _calendar(self) -> None:
        from ebbtide.tui.screens.journal.calendar import open_calendar

        open_calendar(self.app)  # type: ignore[arg-type]

    def _import_from_app(self) -> None:
        from ebbtide.tui.screens.journal.import_screen import open_route as open_import

        open_import(self.app, {})  # type: ignore[arg-type]

    def _reminders(self) -> None:
        from ebbtide.tui.screens.common.reminders import RemindersScreen

        if not isinstance(self.app.screen, RemindersScreen):
            self.app.push_screen(RemindersScreen())

    def _toggle(self, key: str) -> None:
        app = ebbtide_app(self)
        current = bool(getattr(app.settings, key))
        problem = app.apply_settings(app.settings.with_changes(**{key: not current}))
        word = "on" if not current else "off"
        label = key.replace("_", " ")
        app.notify(problem or f"{label.capitalize()} {word}.",
                   severity="warning" if problem else "information", markup=False)

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            if not title.startswith("Theme:"):  # themes only when searched for
                yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
