"""The bell timer: a setup form with presets, and the running timer.

The timer itself (`core.bell_timer.TimerRun`) computes every bell from active clock time;
the running screen wakes exactly at the next bell and once a second for the clocks, and
plays each bell with its planned monotonic time."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Digits,
    Input,
    Label,
    ProgressBar,
    Select,
    Static,
)

from ebbtide.core.durations import duration_text
from ebbtide.core.errors import EbbtideError
from ebbtide.core.practice.bell_timer import (
    MAX_PRESET_NAME,
    TimerEvent,
    TimerRun,
    TimerSpec,
    check_preset_name,
    delete_preset,
    load_presets,
    presets_path,
    save_preset,
)
from ebbtide.core.practice.records import PracticeRecord
from ebbtide.core.practice.session_flow import SessionFlow
from ebbtide.tui.screens.common.base import EbbtideScreen
from ebbtide.tui.screens.common.confirm import ConfirmScreen
from ebbtide.tui.screens.common.flow import FLOW_BINDINGS, FlowScreen, clock_text, to_next_whole
from ebbtide.tui.styles import styles
from ebbtide.tui.tuned.key_bar import KeyBar
from ebbtide.tui.tuned.skip_unchanged import set_text
from ebbtide.tui.tuned.tick import Tick

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp

FIELDS = ("minutes", "start-delay", "every", "marks")
# Which field a `TimerSpec.problems()` message belongs to, by how it starts.
PROBLEM_FIELDS = (("length", "minutes"), ("start delay", "start-delay"),
                  ("interval", "every"), ("bell mark", "marks"))
PREVIEW_BELLS = 8


# --------------------------------------------------------------------------- the form


def _number(text: str) -> float | int | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return int(value) if value.is_integer() else value


def read_spec(minutes: str, open_ended: bool, start_delay: str, start_bell: bool,
              end_bell: bool, every: str, marks: str) -> tuple[TimerSpec | None, dict[str, str]]:
    """Turn what was typed into a spec, or explain each field's problem (field id ->
    message). Blank interval or marks mean none; a blank delay means 0."""
    errors: dict[str, str] = {}
    length: float | None = None
    if not open_ended:
        value = _number(minutes)
        if value is None:
            errors["minutes"] = "type the length in minutes, 1–120 (or tick open-ended)"
        else:
            length = value
    delay = 0
    if start_delay.strip():
        number = _number(start_delay)
        if not isinstance(number, int):
            errors["start-delay"] = "start delay must be a whole number of seconds, 0–30"
        else:
            delay = number
    interval: float | None = None
    if every.strip():
        interval = _number(every)
        if interval is None:
            errors["every"] = "type the minutes between bells, e.g. 5 (or leave it blank)"
    mark_values: list[float] = []
    for part in (p for p in re.split(r"[,;\s]+", marks.strip()) if p):
        value = _number(part)
        if value is None:
            errors["marks"] = f"'{part}' is not a number of minutes; write e.g. 5, 25, 30"
            break
        mark_values.append(value)
    if errors:
        return None, errors
    spec = TimerSpec(minutes=length, start_delay=delay, start_bell=start_bell,
                     end_bell=end_bell, every=interval, marks=tuple(mark_values))
    for problem in spec.problems():
        field = next((f for prefix, f in PROBLEM_FIELDS if problem.startswith(prefix)), "other")
        errors.setdefault(field, problem[0].upper() + problem[1:])
    return (None, errors) if errors else (spec, {})


def bell_plan(spec: TimerSpec) -> str:
    """When the bells ring, e.g. 'Bells at 0:00, 5:00, 10:00 (3 bells)'."""
    length = spec.length_seconds
    horizon = length if length is not None else max(
        [60.0 * 60.0, *(m * 60.0 for m in spec.marks)])
    bells = spec.bells_between(-1.0, horizon)
    if not bells:
        return "No bells: a silent timer."
    times = [clock_text(offset) for offset, _ in bells]
    if length is None:
        shown = ", ".join(times[:PREVIEW_BELLS])
        more = " …" if len(times) > PREVIEW_BELLS or spec.every else ""
        return f"Bells at {shown}{more}; the timer runs until you stop."
    if len(times) > PREVIEW_BELLS:
        times = [*times[: PREVIEW_BELLS - 2], "…", times[-1]]
    count = len(bells)
    return f"Bells at {', '.join(times)} ({count} bell{'s' if count != 1 else ''})."


def _spec_fields(spec: TimerSpec) -> dict[str, str]:
    return {
        "minutes": "" if spec.minutes is None else f"{spec.minutes:g}",
        "start-delay": str(spec.start_delay),
        "every": "" if spec.every is None else f"{spec.every:g}",
        "marks": ", ".join(f"{m:g}" for m in spec.marks),
    }


class PresetNameScreen(ModalScreen[str | None]):
    """Ask for a preset's name. Enter saves, Esc cancels."""
    CSS_PATH = styles("shared.tcss", "meditate.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="timer.preset_cancel"),
    ]

    def __init__(self, suggestion: str) -> None:
        super().__init__()
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(id="preset-name-dialog"):
            yield Static("Save this timer as a preset. Name:", markup=False)
            yield Input(self.suggestion, id="preset-name", max_length=MAX_PRESET_NAME,
                        placeholder="e.g. Morning sit")
            yield Static("", id="preset-name-error", classes="field-error", markup=False)
            yield Static("Enter saves · Esc cancels", classes="hint", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            name = check_preset_name(event.value)
        except EbbtideError as exc:
            self.query_one("#preset-name-error", Static).update(str(exc).capitalize() + ".")
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)


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
        values = _spec_fields(spec)
        with VerticalScroll(id="timer-form-body"):
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
        for problem in loaded.problems:
            self.notify(problem, title="Timer presets", severity="warning", timeout=12,
                        markup=False)
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
        for field, value in _spec_fields(spec).items():
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

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {"start": self.action_start, "save-preset": self.action_save_preset,
                   "delete-preset": self.action_delete_preset}
        if event.button.id in actions:
            actions[event.button.id]()

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


# --------------------------------------------------------------------------- running


@dataclass(frozen=True)
class TimerPlan:
    spec: TimerSpec
    preset: str | None
    ask_ratings: bool

    def flow(self, app: EbbtideApp) -> SessionFlow[TimerEvent]:
        run = TimerRun(self.spec, clock=app.clock, wall_clock=app.now)
        return SessionFlow(run, start_delay=self.spec.start_delay,
                           ask_ratings=self.ask_ratings, clock=app.clock, log=app.practice_log)

    @property
    def title(self) -> str:
        return f"Bell timer · {self.preset or self.spec.describe()}"


class TimerScreen(FlowScreen):
    HELP_TEXT = (
        "Sit with the timer. Bells ring where you set them, on time even after a pause. "
        "Space pauses and resumes. Esc asks before stopping; the time you sat is kept."
    )
    BINDINGS: ClassVar[list[BindingType]] = FLOW_BINDINGS
    COUNTDOWN_HINT = "Settle in. The first bell marks the start."

    def __init__(self, plan: TimerPlan) -> None:
        self.plan = plan
        super().__init__(plan.title)
        self.sub_title = "Meditate · Bell timer"

    def make_flow(self) -> SessionFlow[TimerEvent]:
        return self.plan.flow(self.ebbtide)

    @property
    def run(self) -> TimerRun:
        run = self.flow.run
        assert isinstance(run, TimerRun)
        return run

    def compose_running(self) -> ComposeResult:
        with Center():
            yield Digits("", id="timer-digits")
        yield Static("", id="timer-caption", markup=False)
        yield Static("", id="timer-next", markup=False)
        with Center():
            yield ProgressBar(total=1.0, show_eta=False, show_percentage=False,
                              id="progress")

    def running_wake(self) -> float | None:
        state = self.run.state()
        elapsed = state.elapsed
        delays = [1.0 - (elapsed - math.floor(elapsed)) or 1.0]
        if state.next_bell_in is not None:
            delays.append(state.next_bell_in)
        if state.remaining is not None:
            delays += [state.remaining, to_next_whole(state.remaining)]
        return max(0.0, min(delays))

    def on_run_event(self, event: Any) -> None:
        if isinstance(event, TimerEvent) and event.kind == "bell":
            self.bell(event.planned)

    def draw_running(self) -> None:
        state = self.run.state()
        open_ended = state.remaining is None
        if state.remaining is None:
            big = clock_text(math.floor(state.elapsed + 1e-9))
            caption = "elapsed"
        else:
            big = clock_text(state.remaining)
            caption = f"left · {clock_text(math.floor(state.elapsed + 1e-9))} sat"
        if state.paused:
            caption = "paused · space resumes"
        self.query_one("#timer-digits", Digits).update(big)
        set_text(self.query_one("#timer-caption", Static), caption)
        rung = f"{state.bells_rung} bell{'s' if state.bells_rung != 1 else ''} rung"
        upcoming = ("no more bells" if state.next_bell_in is None else
                    f"next bell in {clock_text(state.next_bell_in)}")
        set_text(self.query_one("#timer-next", Static), f"{upcoming} · {rung}")
        bar = self.query_one("#progress", ProgressBar)
        bar.display = not open_ended
        if state.progress is not None:
            bar.update(progress=state.progress)
        if self.plan.preset:  # the title names the preset, so say what it does here
            set_text(self.query_one("#session-status", Static), self.plan.spec.describe())

    def stop_question(self) -> str:
        if self.plan.spec.open_ended:
            return "End the timer now? The time you sat is saved."
        return "Stop the timer? The time you sat is kept as a partial session."

    def summary_lines(self, record: PracticeRecord) -> list[str]:
        bells = self.run.state().bells_rung
        rung = f"{bells} bell{'s' if bells != 1 else ''}"
        if self.plan.spec.open_ended:
            return [f"Bell timer: {duration_text(record.actual_seconds)}, open-ended · {rung}"]
        return [f"Bell timer: {duration_text(record.actual_seconds)} of "
                f"{duration_text(record.planned_seconds)} · {rung}"]

    def again(self) -> FlowScreen:
        return TimerScreen(self.plan)


def start_timer(app: EbbtideApp, spec: TimerSpec, *, preset: str | None = None,
                ask_ratings: bool = True) -> TimerScreen:
    """Open the running timer in the meditate section. `spec` must be valid."""
    plan = TimerPlan(spec.validated(), preset, ask_ratings)
    screen = TimerScreen(plan)
    if app.current_mode != "meditate":
        app.switch_mode("meditate")
    app.push_screen(screen)
    return screen


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
