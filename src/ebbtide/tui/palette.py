"""Command palette provider: "Go: …", "Journal: …", "Theme: …", "Settings: …", "Help: …".

Each command carries the words a person might type for it ("meds", "doctor", "diary"),
matched as well as its title; the title is what is shown."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import NamedTuple

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ebbtide.tui.app_access import ebbtide_app


class Command(NamedTuple):
    title: str
    help: str
    callback: Callable[[], object]
    synonyms: tuple[str, ...] = ()


SYNONYM_WEIGHT = 0.9  # a person's own word finds the command; a title match still ranks first


def _score(match: Callable[[str], float], command: Command, query: str) -> float:
    """How well a query fits a command: its title, or (a little lower) one of its synonyms.
    A "Theme: NAME" command is matched on NAME unless the query itself starts "theme:", so
    "theme" offers Textual's theme picker and Settings first instead of every theme."""
    title = command.title
    if not query.strip().lower().startswith("theme:"):
        title = title.removeprefix("Theme: ")
    synonyms = [match(word) for word in command.synonyms]
    return max(match(title), SYNONYM_WEIGHT * max(synonyms, default=0.0))


THEME_WORDS: dict[str, tuple[str, ...]] = {
    "ebbtide-dusk": ("dark", "night", "dim", "evening"),
    "ebbtide-dawn": ("light", "day", "bright"),
    "high-contrast": ("contrast", "low vision", "accessible"),
}


class EbbtideCommands(Provider):
    def _commands(self) -> list[Command]:
        app = ebbtide_app(self)
        from ebbtide.tui.themes import theme_names

        commands: list[Command] = [
            Command("Go: Home", "Today at a glance", partial(app.go, "home"),
                    ("home", "start", "today", "main")),
            Command("Go: Breathe", "Paced breathing with a visual pacer",
                    partial(app.go, "breathe"),
                    ("breathing", "breath", "pacer", "box", "4-7-8", "calm down", "panic")),
            Command("Go: Meditate", "Guided meditations and a bell timer",
                    partial(app.go, "meditate"),
                    ("meditation", "guided", "mindfulness", "body scan", "relax")),
            Command("Meditate: Bell timer", "Sit in silence with bells where you set them",
                    partial(self._open, "timer", {}),
                    ("timer", "bell", "bells", "silent", "sit", "countdown")),
            Command("Go: Read", "A sourced library about baclofen, anxiety and mood",
                    partial(app.go, "read"),
                    ("reader", "library", "articles", "learn", "sources", "baclofen")),
            Command("Read: Glossary", "Every word the library explains, A to Z",
                    self._glossary,
                    ("glossary", "dictionary", "definitions", "terms", "words", "meaning")),
            Command("Read: Search the library", "Find words in every article",
                    self._search_library, ("search", "find", "look up")),
            Command("Go: Journal", "Mood, anxiety, doses and side effects",
                    partial(app.go, "journal"),
                    ("diary", "log", "history", "entries", "notes", "mood")),
            Command("Journal: Check in", "Log mood, anxiety, sleep, doses and a note",
                    app.action_check_in,
                    ("check in", "check-in", "log mood", "mood", "how I feel", "anxiety",
                     "new entry", "add", "side effect", "dose taken")),
            Command("Journal: Medicines", "Your medicines, doses and plans",
                    partial(self._open, "journal", {"form": "medications"}),
                    ("medic", "medicine", "medication", "meds", "pills", "tablets",
                     "prescription", "dose", "baclofen")),
            Command("Journal: Calendar", "Mood a day per cell, by month or year; practice "
                    "days marked", self._calendar, ("calendar", "month", "year", "days")),
            Command("Journal: Trends", "Mood, anxiety and doses over 7, 30 or 90 days",
                    partial(self._open, "journal", {"form": "trends"}),
                    ("trends", "graph", "chart", "plot", "over time")),
            Command("Journal: Search", "Find words in your notes and tags",
                    self._search_journal, ("search", "find", "notes", "tags")),
            Command("Journal: Self-check PHQ-9", "Nine questions about mood over two weeks",
                    partial(self._open, "check", {"kind": "phq9"}),
                    ("self-check", "check", "questionnaire", "depression", "phq", "mood test",
                     "score")),
            Command("Journal: Self-check GAD-7", "Seven questions about anxiety over two "
                    "weeks", partial(self._open, "check", {"kind": "gad7"}),
                    ("self-check", "check", "questionnaire", "anxiety test", "gad", "score")),
            Command("Journal: Report for my clinician", "One page for an appointment: HTML, "
                    "Markdown or PDF", partial(self._open, "report", {}),
                    ("report", "doctor", "clinician", "psychiatrist", "GP", "prescriber",
                     "appointment", "PDF", "print", "export", "summary")),
            Command("Journal: What helps me", "Which practices eased your anxiety; doses and "
                    "side effects", partial(self._open, "insights", {}),
                    ("insight", "insights", "what helps", "helps", "patterns", "stats",
                     "statistics", "analysis")),
            Command("Journal: Import from another app", "Daylio, eMoods or any CSV: preview, "
                    "then import", self._import_from_app,
                    ("import", "Daylio", "eMoods", "CSV", "bring in", "move from")),
            Command("Tools", "Self-checks, what helps, the report and the glossary",
                    self._tools, ("tools", "menu")),
            Command("Help now: crisis lines", "Numbers to call or text, for your region",
                    self._crisis,
                    ("crisis", "help now", "emergency", "urgent", "suicide", "hotline",
                     "helpline", "unsafe", "SOS")),
            Command("SOS minute", "One minute of cyclic sighing now; ! for crisis lines",
                    partial(self._open, "sos", {}),
                    ("sos", "panic", "help now", "calm down fast", "breathe now", "quick")),
            Command("Settings: Reminders", "Doses, check-in, wind-down, self-check outside "
                    "the app; quiet hours, snooze", self._reminders,
                    ("reminders", "notify", "nudge", "alarm", "alert", "snooze", "quiet hours",
                     "schedule")),
            Command("Settings: Open", "Theme, sound, motion, session defaults",
                    app.action_settings,
                    ("settings", "preferences", "options", "config", "theme", "colours",
                     "colors")),
            Command("Settings: Toggle sound", "Turn all sound on or off",
                    partial(self._toggle, "sound"), ("sound", "mute", "audio", "quiet")),
            Command("Settings: Toggle reduced motion", "No animation: words, counts and "
                    "static bars", partial(self._toggle, "reduced_motion"),
                    ("motion", "animation", "still")),
            Command("Help: Keys", "Keys for this screen", app.action_help,
                    ("keys", "help", "shortcuts", "keyboard", "how to")),
        ]
        for name in sorted(theme_names()):
            commands.append(Command(f"Theme: {name}", "Switch colour theme",
                                    partial(app.action_set_theme, name),
                                    THEME_WORDS.get(name, ())))
        return commands

    def _open(self, screen: str, args: dict[str, object]) -> None:
        from ebbtide.launch import StartRoute
        from ebbtide.tui.routes import open_route

        open_route(ebbtide_app(self), StartRoute(screen, args))

    def _reminders(self) -> None:
        from ebbtide.tui.screens.common.reminders import RemindersScreen

        if not isinstance(self.app.screen, RemindersScreen):
            self.app.push_screen(RemindersScreen())

    def _calendar(self) -> None:
        from ebbtide.tui.screens.journal.calendar import open_calendar

        open_calendar(ebbtide_app(self))

    def _search_journal(self) -> None:
        from ebbtide.tui.screens.journal.search import JournalSearchScreen

        ebbtide_app(self).go("journal")
        self.app.push_screen(JournalSearchScreen())

    def _search_library(self) -> None:
        from ebbtide.core.errors import EbbtideError
        from ebbtide.tui.screens.read.library import get_library
        from ebbtide.tui.screens.read.search import ReaderSearchScreen

        app = ebbtide_app(self)
        try:
            library = get_library()
        except EbbtideError as exc:
            app.notify(f"The library could not be opened: {exc}", severity="error",
                       markup=False)
            return
        app.go("read")
        app.push_screen(ReaderSearchScreen(library))

    def _glossary(self) -> None:
        from ebbtide.tui.screens.read.glossary_index import open_glossary

        open_glossary(ebbtide_app(self))

    def _tools(self) -> None:
        from ebbtide.tui.screens.tools.menu import ToolsMenuScreen

        self.app.push_screen(ToolsMenuScreen())

    def _crisis(self) -> None:
        from ebbtide.tui.screens.common.crisis import CrisisScreen

        self.app.push_screen(CrisisScreen())

    def _import_from_app(self) -> None:
        from ebbtide.tui.screens.journal.import_screen import open_route as open_import

        open_import(ebbtide_app(self), {})

    def _toggle(self, key: str) -> None:
        app = ebbtide_app(self)
        current = bool(getattr(app.settings, key))
        problem = app.apply_settings(app.settings.with_changes(**{key: not current}))
        word = "on" if not current else "off"
        label = key.replace("_", " ")
        app.notify(problem or f"{label.capitalize()} {word}.",
                   severity="warning" if problem else "information", markup=False)

    async def discover(self) -> Hits:
        for command in self._commands():
            if not command.title.startswith("Theme:"):  # themes only when searched for
                yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = _score(matcher.match, command, query)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.callback,
                          help=command.help)
