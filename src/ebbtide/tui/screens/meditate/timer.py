"""The bell timer's setup form: length, start delay and bells, with named presets. Enter
starts the running timer (timer_session.py); the form's logic without Textual is
`core.practice.timer_setup`."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from ebbtide.core.errors import EbbtideError
from ebbtide.core.practice.bell_timer import (
    TimerSpec,
    delete_preset,
    load_presets,
    presets_path,
    save_preset,
)
from ebbtide.core.practice.timer_setup import FIELDS, bell_plan, read_spec, spec_fields
from ebbtide.tui.screens.common.base import EbbtideScreen
from ebbtide.tui.screens.common.confirm import ConfirmScreen
from ebbtide.tui.screens.meditate.preset_name import PresetNameScreen
from ebbtide.tui.screens.meditate.timer_session import start_timer
from ebbtide.tui.styles import styles
from ebbtide.tui.tuned.focus_scroll import FocusScroll
from ebbtide.tui.tuned.key_bar import KeyBar
from ebbtide.tui.tuned.tick import Tick

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp


class TimerSetupScreen(EbbtideScreen[None]):
    CSS_PATH = styles("shared.tcss", "meditate.tcss")
    HELP_TEXT = (
        "Set the length in minutes (1–120), or tick open-ended to sit until you stop. The "
        "start delay gives you a few seconds to settle. Bells can ring at the start and end, "
        "every few minutes, and at minutes you list (5, 25, 30). Enter starts; ctrl+s saves "
        "the timer as a preset; pick a preset from the list to fill the form."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start", id="timer.start", priority=False),
        Binding("ctrl+s", "save_preset", "Save preset", id="timer.save_preset", priority=True),
        Binding("ctrl+o", "presets", "Presets", id="timer.presets"),
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    def __init__(self, spec: TimerSpec | None = None, preset: str | None = None, *,
                 ask_ratings: bool = True) -> None:
        super().__init__(id="timer-setup")
        self.sub_title = "Meditate · Bell timer"
        self.initial = spec
        self.initial_preset = preset
        self.ask_ratings = ask_ratings
        self.presets: dict[str, TimerSpec] = {}
        self._quiet_value: object = None  # a value set by code, not picked by the person

    def compose(self) -> ComposeResult:
        spec = self.initial or self._default_spec()
        values = spec_fields(spec)
        with FocusScroll(id="timer-form-body"):
            yield Static("[b]Bell timer[/b]", id="form-title")
            with Horizontal(classes="setting timer-row"):
                yield Label("Preset", classes="setting-label")
                yield Select[str]([], prompt="none", id="preset", compact=True)
            with Horizontal(classes="setting timer-row"):
                yield Label("Length, min", classes="setting-label")
                yield Input(values["minutes"], id="minutes", placeholder="1–120", max_length=8,
                            classes="number", compact=True)
                yield Tick("open-ended", spec.minutes is None, id="open-ended",
                               compact=True)
            yield Static("", id="minutes-error", classes="field-error", markup=False)
            yield from _field("start-delay", "Start delay, s", values["start-delay"],
                              "0–30")
            with Horizontal(classes="setting timer-row"):
                yield Label("Bells", classes="setting-label")
                yield Tick("start", spec.start_bell, id="start-bell", compact=True)
                yield Tick("end", spec.end_bell, id="end-bell", compact=True)
            yield from _field("every", "Bell every, min", values["every"], "none")
            yield from _field("marks", "Bells at, min", values["marks"], "e.g. 5, 25, 30",
                              wide=True)
            yield Static("", id="other-error", classes="field-error", markup=False)
            yield Static("", id="timer-preview", markup=False)
            yield Static("", id="timer-sound", classes="warning", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button("Start (enter)", variant="primary", id="start", compact=True)
                yield Button("Save preset (ctrl+s)", id="save-preset", compact=True)
                yield Button("Delete preset", id="delete-preset", compact=True)
        yield KeyBar()

    def _default_spec(self) -> TimerSpec:
        settings = self.ebbtide.settings
        return TimerSpec(minutes=settings.default_minutes, start_delay=settings.start_delay)

    def on_mount(self) -> None:
        self.ebbtide.warm_up_sound()
        self._load_presets(select=self.initial_preset)
        settings = self.ebbtide.settings
        if not (settings.sound and settings.bells):
            self.query_one("#timer-sound", Static).update(
                "Sound or bells are off in Settings (F2): this timer will be silent.")
        self._sync_open_ended()
        self.update_preview()
        self.query_one("#minutes", Input).focus()

    # -- presets ------------------------------------------------------------------------

    def _load_presets(self, select: str | None = None) -> None:
        loaded = load_presets(presets_path(self.ebbtide.paths))
        self.ebbtide.notices.file_problems(list(loaded.problems), "Timer presets")
        self.presets = loaded.presets
        widget = self.query_one("#preset", Select)
        widget.set_options([(name, name) for name in sorted(self.presets, key=str.casefold)])
        if select in self.presets:
            self._quiet_value = select
            widget.value = select
        self.query_one("#delete-preset", Button).disabled = not self.presets

    def selected_preset(self) -> str | None:
        value = self.query_one("#preset", Select).value
        return value if isinstance(value, str) and value in self.presets else None

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self._quiet_value is not None and event.value == self._quiet_value:
            self._quiet_value = None
            return
        self._quiet_value = None
        name = self.selected_preset()
        if name is not None:
            self.fill(self.presets[name])

    def fill(self, spec: TimerSpec) -> None:
        for field, value in spec_fields(spec).items():
            self.query_one(f"#{field}", Input).value = value
        self.query_one("#open-ended", Checkbox).value = spec.minutes is None
        self.query_one("#start-bell", Checkbox).value = spec.start_bell
        self.query_one("#end-bell", Checkbox).value = spec.end_bell
        self._sync_open_ended()
        self.update_preview()

    def action_presets(self) -> None:
        select = self.query_one("#preset", Select)
        select.focus()
        select.expanded = True

    def action_save_preset(self) -> None:
        spec = self.current_spec()
        if spec is None:
            self.notify("Fix the fields marked in red first.", severity="warning")
            return
        current = self.selected_preset() or ""

        def named(name: str | None) -> None:
            if not name:
                return
            if name in self.presets and name != current:
                self.app.push_screen(
                    ConfirmScreen(f"Replace the preset '{name}'?", yes="Replace", no="Keep"),
                    lambda replace: self._save(name, spec) if replace else None)
                return
            self._save(name, spec)

        self.app.push_screen(PresetNameScreen(current), named)

    def _save(self, name: str, spec: TimerSpec) -> None:
        try:
            save_preset(presets_path(self.ebbtide.paths), name, spec)
        except EbbtideError as exc:
            self.notify(str(exc), title="Preset not saved", severity="error", markup=False)
            return
        self._load_presets(select=name)
        self.notify(f"Saved the preset '{name}'.", markup=False)

    def action_delete_preset(self) -> None:
        name = self.selected_preset()
        if name is None:
            self.notify("Pick a preset in the list first.", severity="warning")
            return

        def answered(delete: bool | None) -> None:
            if not delete:
                return
            try:
                delete_preset(presets_path(self.ebbtide.paths), name)
            except EbbtideError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.query_one("#preset", Select).clear()
            self._load_presets()
            self.notify(f"Deleted the preset '{name}'.", markup=False)

        self.app.push_screen(ConfirmScreen(f"Delete the timer preset '{name}'?",
                                           yes="Delete", no="Keep"), answered)

    # -- the form -----------------------------------------------------------------------

    def _sync_open_ended(self) -> None:
        self.query_one("#minutes", Input).disabled = self.query_one("#open-ended",
                                                                    Checkbox).value

    def read(self) -> tuple[TimerSpec | None, dict[str, str]]:
        def text(field: str) -> str:
            return self.query_one(f"#{field}", Input).value

        def ticked(field: str) -> bool:
            return self.query_one(f"#{field}", Checkbox).value

        return read_spec(text("minutes"), ticked("open-ended"), text("start-delay"),
                         ticked("start-bell"), ticked("end-bell"), text("every"), text("marks"))

    def current_spec(self) -> TimerSpec | None:
        spec, errors = self.read()
        self._show_errors(errors)
        return spec

    def _show_errors(self, errors: dict[str, str]) -> None:
        for field in (*FIELDS, "other"):
            message = errors.get(field, "")
            widget = self.query_one(f"#{field}-error", Static)
            widget.update(message + ("." if message and not message.endswith(".") else ""))
            widget.display = bool(message)

    def update_preview(self) -> None:
        spec, errors = self.read()
        self._show_errors(errors)
        preview = self.query_one("#timer-preview", Static)
        preview.update(bell_plan(spec) if spec is not None else "")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in FIELDS:
            self.update_preview()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._sync_open_ended()
        self.update_preview()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    @on(Button.Pressed, "#start")
    def _start_pressed(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#save-preset")
    def _save_preset_pressed(self) -> None:
        self.action_save_preset()

    @on(Button.Pressed, "#delete-preset")
    def _delete_preset_pressed(self) -> None:
        self.action_delete_preset()

    def action_start(self) -> None:
        spec, errors = self.read()
        self._show_errors(errors)
        if spec is None:
            first = next((f for f in FIELDS if f in errors), None)
            if first is not None:
                self.query_one(f"#{first}", Input).focus()
            return
        name = self.selected_preset()
        preset = name if name is not None and self.presets[name] == spec else None
        start_timer(self.ebbtide, spec, preset=preset, ask_ratings=self.ask_ratings)


def _field(field_id: str, label: str, value: str, placeholder: str,
           wide: bool = False) -> ComposeResult:
    with Horizontal(classes="setting timer-row"):
        yield Label(label, classes="setting-label")
        yield Input(value, id=field_id, placeholder=placeholder, max_length=60 if wide else 8,
                    classes="text" if wide else "number", compact=True)
    yield Static("", id=f"{field_id}-error", classes="field-error", markup=False)


def open_route(app: EbbtideApp, args: dict[str, object]) -> None:
    """`ebbtide timer …`: the setup form (so "another" comes back to it) with the running
    timer on top. A spec with problems stops at the form, which explains them."""
    spec = args.get("spec")
    preset = args.get("preset")
    preset_name = " ".join(preset.split()) if isinstance(preset, str) else None
    ask_ratings = not args.get("skip_ratings")
    app.go("meditate")
    setup = TimerSetupScreen(spec if isinstance(spec, TimerSpec) else None, preset_name,
                             ask_ratings=ask_ratings)
    app.push_screen(setup)
    if isinstance(spec, TimerSpec) and not spec.problems():
        start_timer(app, spec, preset=preset_name, ask_ratings=ask_ratings)
