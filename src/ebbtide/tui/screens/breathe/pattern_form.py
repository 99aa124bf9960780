"""Make or edit your own breathing pattern, with a live picture of one cycle."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, Static

from ebbtide.core.content.pattern_preview import cycle_profile, describe_cycle
from ebbtide.core.content.patterns import (
    Pattern,
    new_pattern_id,
    pattern_from_mapping,
    save_user_pattern,
)
from ebbtide.core.drafts import draft_name
from ebbtide.core.errors import EbbtideError
from ebbtide.tui.screens.breathe.pattern_words import plain_problem
from ebbtide.tui.screens.common.drafts import DraftFormScreen
from ebbtide.tui.styles import style
from ebbtide.tui.tuned.focus_scroll import FocusScroll
from ebbtide.tui.tuned.key_bar import KeyBar
from ebbtide.tui.widgets.safe_text import editable, one_line, stored_from

PHASE_FIELDS = (
    ("inhale", "Breathe in, seconds"),
    ("top-up", "Top-up breath in (0 = none)"),
    ("hold", "Hold after in (0 = none)"),
    ("exhale", "Breathe out, seconds"),
    ("hold-out", "Rest after out (0 = none)"),
)


class PatternFormScreen(DraftFormScreen[str | None]):
    CSS_PATH = style("shared.tcss")
    DRAFT_LABEL = "pattern"
    HELP_TEXT = (
        "Give your pattern a name and the seconds for each part of one breath. The line "
        "below shows one cycle as it will feel. Holds are optional: leave them at 0. "
        "ctrl+s saves; Esc asks before throwing away what you typed, which is kept as a "
        "draft until you save or discard it."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="pattern_form.save", priority=True),
        Binding("escape", "back", "Cancel", id="screen.back"),
    ]

    def __init__(self, pattern: Pattern | None) -> None:
        super().__init__(id="pattern-form")
        self.editing = pattern
        self.edited: set[str] = set()
        self._opened_with: dict[str, str] = {}
        self.sub_title = "Edit pattern" if pattern else "New pattern"

    def draft_name(self) -> str:
        return draft_name("pattern", self.editing.id if self.editing else "new")

    def compose(self) -> ComposeResult:
        p = self.editing
        seconds = {kind: 0.0 for kind, _ in PHASE_FIELDS}
        if p is not None:
            for phase in p.phases:
                seconds[phase.kind] = seconds.get(phase.kind, 0.0) + phase.seconds
        else:
            seconds.update({"inhale": 4.0, "exhale": 6.0})
        with FocusScroll(id="pattern-form-body"):
            yield Static(f"[b]{self.sub_title}[/b]", id="form-title")
            yield from _field("name", "Name", p.name if p else "", "e.g. Evening calm")
            yield from _field("purpose", "What it is for", p.purpose if p else "",
                              "one line, for you")
            for kind, label in PHASE_FIELDS:
                yield from _field(kind, label, f"{seconds[kind]:g}", "0–60", number=True)
            yield from _field("default_minutes", "Usual length, minutes",
                              f"{p.default_minutes:g}" if p else "5", "1–120", number=True)
            yield Static("", id="preview-profile", markup=False)
            yield Static("", id="preview-text", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self._opened_with = {str(i.id): i.value for i in self.query(Input)}
        self.query_one("#name", Input).focus()
        self.update_preview()

    @on(Input.Changed)
    def _preview(self, event: Input.Changed) -> None:
        if event.input.id is not None and event.value != self._opened_with.get(event.input.id):
            self.edited.add(event.input.id)
        self.update_preview()

    def _touched(self, key: str) -> bool:
        field = key.split(".")[0].split("[")[0]
        if field == "phases":
            return any(kind in self.edited for kind, _ in PHASE_FIELDS)
        return field in self.edited

    def values(self) -> dict[str, Any]:
        def number(field: str) -> float | str:
            text = self.query_one(f"#{field}", Input).value.strip()
            try:
                return float(text)
            except ValueError:
                return text

        phases = []
        for kind, _ in PHASE_FIELDS:
            value = number(kind)
            if value != 0.0 and value != "":
                phases.append({"kind": kind, "seconds": value})
        data: dict[str, Any] = {
            "name": stored_from(self.query_one("#name", Input).value).strip(),
            "purpose": (stored_from(self.query_one("#purpose", Input).value).strip()
                        or "My own pattern"),
            "default_minutes": number("default_minutes"),
            "phases": phases,
        }
        return data

    def check(self) -> tuple[Pattern | None, list[tuple[str, str]]]:
        existing = {p.id for p in self.ebbtide.patterns}
        if self.editing is not None:
            pattern_id = self.editing.id
        else:
            pattern_id = new_pattern_id(self.query_one("#name", Input).value or "my pattern",
                                        existing)
        return pattern_from_mapping(self.values(), pattern_id)

    def update_preview(self) -> None:
        pattern, problems = self.check()
        # A new form opens quiet: a field's problem shows once it was typed in (or saved).
        problems = [(k, m) for k, m in problems if self._touched(k)]
        shown = bool(problems)
        for field in ("name", "purpose", "default_minutes", *(k for k, _ in PHASE_FIELDS)):
            self.query_one(f"#{field}-error", Static).update("")
        profile = self.query_one("#preview-profile", Static)
        text = self.query_one("#preview-text", Static)
        if pattern is None:
            profile.update("")
            text.update("Fix the fields marked above to see one cycle." if shown else
                        "One cycle shows here once the fields are filled in.")
            for key, message in problems:
                self._show_problem(key, plain_problem(key, message))
            return
        profile.update(cycle_profile(pattern.phases, 48))
        text.update(describe_cycle(pattern.phases))

    def _show_problem(self, key: str, message: str) -> None:
        field = key.split(".")[0]
        if field.startswith("phases"):
            kinds = [p["kind"] for p in self.values()["phases"]]
            try:
                index = int(field[field.index("[") + 1: field.index("]")]) - 1
                field = kinds[index]
            except (ValueError, IndexError):
                field = "inhale"
        widgets = self.query(f"#{field}-error")
        target = widgets.first(Static) if widgets else self.query_one("#inhale-error", Static)
        target.update(one_line(message, None))

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_back()

    def action_save(self) -> None:
        pattern, problems = self.check()
        if pattern is None:
            self.edited.update(str(i.id) for i in self.query(Input))
            self.update_preview()
            self.notify("; ".join(plain_problem(k, m) for k, m in problems),
                        title="Not saved yet", severity="warning", markup=False)
            return
        try:
            save_user_pattern(self.ebbtide.paths.patterns_dir, pattern,
                              replace=self.editing is not None)
        except EbbtideError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return
        self.draft_saved()
        self.notify(f"Saved {pattern.name}.", markup=False)
        self.dismiss(pattern.id)

    def action_back(self) -> None:
        self.leave_form(lambda: self.dismiss(None))


def _field(field_id: str, label: str, value: str, placeholder: str,
           number: bool = False) -> ComposeResult:
    with Horizontal(classes="setting"):
        yield Label(label, classes="setting-label")
        yield Input(editable(value), id=field_id, placeholder=placeholder,
                    max_length=6 if number else 80, classes="number" if number else "text")
    yield Static("", id=f"{field_id}-error", classes="field-error", markup=False)
