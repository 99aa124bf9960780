"""Settings: theme (previewed live), sound and voice, motion, session defaults, and the region
whose crisis lines every screen, the CLI and the report show. Changes not saved yet are kept
as a draft (common/drafts.py): Esc asks, and a closed app offers them back next time."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.theme import Theme
from textual.widgets import Button, Input, Label, Select, Static, Switch

from ebbtide.core.settings import (
    CHOICES,
    RANGES,
    SOUNDSCAPE_KINDS,
    Settings,
    validate_setting,
)
from ebbtide.tui.screens.common.drafts import DraftFormScreen
from ebbtide.tui.styles import style
from ebbtide.tui.themes import theme_names
from ebbtide.tui.tuned.focus_scroll import FocusScroll
from ebbtide.tui.tuned.key_bar import KeyBar
from ebbtide.tui.tuned.word_switch import WordSwitch

SWITCHES = (
    ("sound", "Sound"),
    ("breath_cues", "Tones for breathing phases"),
    ("bells", "Bells (start, end, interval)"),
    ("voice", "Speak guided meditations"),
    ("reduced_motion", "Reduced motion"),
    ("show_streak", "Show practice streak"),
)
NO_REGION_LABEL = "Other / not set"


def region_options() -> list[tuple[str, str]]:
    """(label, region id) for the Region choice: the countries in crisis.toml, then ""."""
    from ebbtide.core.health.crisis import resources

    found = resources().regions
    named = [(found[key].name, key) for key in CHOICES["region"] if key in found]
    return [*named, (NO_REGION_LABEL, "")]


def soundscape_options() -> list[tuple[str, str]]:
    """(label, kind) for the Soundscape choice: Off, then the generated sounds."""
    from ebbtide.audio.soundscape import label

    return [(label(kind), kind) for kind in SOUNDSCAPE_KINDS]


NUMBERS = (
    ("volume", "Volume (0–100)"),
    ("soundscape_volume", "Soundscape volume (0–100)"),
    ("default_minutes", "Default session length, minutes"),
    ("start_delay", "Start delay, seconds (0–30)"),
    ("voice_pace", "Voice pace, % (50–150)"),
    ("voice_volume", "Voice volume (0–100)"),
)
# Short enough not to wrap in the select at 80 columns.
BREATH_VOICE_OPTIONS = [("Tones", "tones"), ("Words (in, hold, out)", "words"),
                        ("Tones and words", "both"), ("Words and counts", "counted")]


class SettingsScreen(DraftFormScreen[None]):
    CSS_PATH = style("shared.tcss")
    DRAFT_LABEL = "settings"
    HELP_TEXT = (
        "Changes are saved to settings.toml when you press Save (ctrl+s). The theme "
        "changes as you pick it; Esc asks, then puts back what you had. Region chooses the "
        "crisis lines every screen, the command line and the report show. The soundscape "
        "plays softly under every session (Sleep lets you pick one each night)."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="settings.save", priority=True),
        Binding("escape", "back", "Cancel", id="screen.back"),
    ]

    def __init__(self) -> None:
        super().__init__(id="settings")
        self.sub_title = "Settings"
        self._original = self.ebbtide.settings

    def compose(self) -> ComposeResult:
        current = self._original
        with FocusScroll(id="settings-form"):
            yield Static("[b]Settings[/b]", id="settings-title")
            if not self.ebbtide.settings_writable:
                yield Static(f"{self.ebbtide.paths.settings_file} has an error and will not be "
                             "overwritten. Changes here last until you quit.",
                             id="settings-readonly", markup=False, classes="warning")
            with Horizontal(classes="setting"):
                yield Label("Theme", classes="setting-label")
                yield Select([(name, name) for name in sorted(theme_names())],
                             value=current.theme, allow_blank=False, id="theme")
            with Horizontal(classes="setting"):
                yield Label("Region (crisis lines)", classes="setting-label")
                yield Select(region_options(), value=current.region, allow_blank=False,
                             id="region")
            with Horizontal(classes="setting"):
                yield Label("Soundscape under sessions", classes="setting-label")
                yield Select(soundscape_options(), value=current.soundscape,
                             allow_blank=False, id="soundscape")
            for key, label in SWITCHES:
                with Horizontal(classes="setting"):
                    yield Label(label, classes="setting-label")
                    yield WordSwitch(value=bool(getattr(current, key)), id=key)
            with Horizontal(classes="setting"):
                yield Label("Breathing cues as", classes="setting-label")
                yield Select(BREATH_VOICE_OPTIONS, value=current.breath_voice,
                             allow_blank=False, id="breath_voice")
            for key, label in NUMBERS:
                low, high = RANGES[key]
                with Vertical(classes="setting-number"):
                    with Horizontal(classes="setting"):
                        yield Label(label, classes="setting-label")
                        yield Input(str(getattr(current, key)), id=key, type="integer",
                                    max_length=4, placeholder=f"{low}–{high}")
                    yield Static("", id=f"{key}-error", classes="field-error", markup=False)
            with Horizontal(id="settings-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")
                yield Button("Reminders…", id="open-reminders")
                yield Button("Encryption…", id="open-encryption")
        yield KeyBar()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._show_theme)

    def _show_theme(self, theme: Theme) -> None:
        """A theme picked elsewhere meanwhile (e.g. from the command palette)."""
        select = self.query_one("#theme", Select)
        if select.value != theme.name:
            select.value = theme.name
            self.draft_saved("theme")  # the app saved it: not a change of this form's

    @on(Select.Changed, "#theme")
    def _preview_theme(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.ebbtide.preview_theme(event.value)

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_back()

    @on(Button.Pressed, "#open-reminders")
    def _reminders(self) -> None:
        from ebbtide.tui.screens.common.reminders import RemindersScreen

        self.app.push_screen(RemindersScreen())

    @on(Button.Pressed, "#open-encryption")
    def _encryption(self) -> None:
        from ebbtide.tui.screens.common.encryption import EncryptionScreen

        self.app.push_screen(EncryptionScreen())

    def collect(self) -> Settings | None:
        """Read the form; show a message under each bad field; None if any is bad."""
        values: dict[str, object] = {
            key: self.query_one(f"#{key}", Select).value
            for key in ("theme", "region", "soundscape")}
        for key, _ in SWITCHES:
            values[key] = self.query_one(f"#{key}", Switch).value
        values["breath_voice"] = self.query_one("#breath_voice", Select).value
        ok = True
        for key, _ in NUMBERS:
            text = self.query_one(f"#{key}", Input).value.strip()
            error = self.query_one(f"#{key}-error", Static)
            try:
                number: object = int(text)
            except ValueError:
                number = text
            problem = validate_setting(key, number) if text else f"{key} needs a number"
            if problem:
                low, high = RANGES[key]
                error.update(f"Enter a whole number from {low} to {high}.")
                ok = False
            else:
                error.update("")
                values[key] = number
        return self._original.with_changes(**values) if ok else None

    def action_save(self) -> None:
        new = self.collect()
        if new is None:
            self.notify("Some settings need fixing; nothing was saved.", severity="warning")
            return
        problem = self.ebbtide.apply_settings(new)
        if problem:
            self.notify(problem, severity="warning", timeout=10, markup=False)
        else:
            self.notify("Settings saved.")
        self.draft_saved()
        self.dismiss()

    def draft_name(self) -> str:
        return "settings"

    def action_back(self) -> None:
        self.leave_form(self._put_back)

    def _put_back(self) -> None:
        # What the app had before any preview here (a theme saved meanwhile included).
        self.ebbtide.apply_settings(self.ebbtide.settings, save=False)
        self.dismiss()
