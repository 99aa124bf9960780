"""The quick check-in: mood and anxiety in a few key presses, everything else optional.

Keyboard first: number keys pick on the scales ("1" then "0" is 10), Tab moves on, ctrl+s
saves. A value out of range is explained under its field and nothing typed is lost; so is
a journal that cannot be written (read-only folder, full disk, damaged file). Editing an
existing check-in uses this form; a dose or a side effect has its own dialog with the same
fields (entry_edit.py).

The journal is read (the medicines) and written (the save) in worker threads, never on the
UI thread: the form draws and takes keys at once, and the outcome comes back as a message
(checkin_parts.py)."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from ebbtide.core.content.side_effects import canonical_name, is_urgent
from ebbtide.core.drafts import draft_name
from ebbtide.core.errors import EbbtideError, InvalidEntry
from ebbtide.core.journal.models import (
    CheckIn,
    DoseInput,
    DoseStatus,
    Medication,
    SavedCheckIn,
    SideEffectInput,
    check_name,
    check_severity,
    parse_at,
)
from ebbtide.tui.screens.common.drafts import DraftFormScreen
from ebbtide.tui.screens.journal.checkin_notices import (
    announce_saved,
    not_saved_message,
    urgent_message,
)
from ebbtide.tui.screens.journal.checkin_parts import (
    CheckInSaved,
    MedicationsRead,
    SaveFailed,
    clear_field_errors,
    compose_dose,
    compose_side_effects,
    error_line,
    form_row,
    parse_number,
    save_buttons,
    set_message,
    show_field_error,
    show_medications,
    show_saving,
    split_tags,
)
from ebbtide.tui.styles import style
from ebbtide.tui.tuned.focus_scroll import FocusScroll
from ebbtide.tui.tuned.key_bar import KeyBar
from ebbtide.tui.tuned.tick import Tick
from ebbtide.tui.widgets.safe_text import editable, safe, stored_from
from ebbtide.tui.widgets.scale_input import ScaleInput

COMMON_TAGS: tuple[str, ...] = ("alcohol", "exercise", "stressful day", "missed dose",
                                "good day", "poor sleep")
SCALES: tuple[tuple[str, str, int, int], ...] = (
    ("mood", "Mood 1–10", 1, 10),
    ("anxiety", "Anxiety 0–10", 0, 10),
)


class CheckInFormScreen(DraftFormScreen[SavedCheckIn | CheckIn | None]):
    CSS_PATH = style("journal.tcss")
    DRAFT_LABEL = "check-in"
    IS_CHECK_IN: ClassVar[bool] = True  # the app's `c` (check in) is off while it is open
    HELP_TEXT = (
        "Log how you are right now. Mood (1 very low – 10 very good) and anxiety (0 none – "
        "10 worst) are the only things you need: press a number on each scale (1 then 0 "
        "for 10), Tab to move on, ctrl+s to save. Sleep, energy, tags, a dose, side effects "
        "and a note are optional. A dose is what you took as your prescriber told you; "
        "Ebbtide never suggests one. Esc asks before throwing away what you typed."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="checkin.save", priority=True),
        Binding("escape", "back", "Cancel", id="screen.back"),
    ]

    def __init__(self, *, focus: str = "mood", editing: CheckIn | None = None) -> None:
        super().__init__(id="checkin-form")
        self.start_focus = focus
        self.editing = editing
        self.sub_title = "Edit check-in" if editing else "Check in"
        self.effects: list[SideEffectInput] = []
        self.medications: list[Medication] = []
        self._default_amount = ""
        self.saving = False
        self.saved: SavedCheckIn | CheckIn | None = None

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        c = self.editing
        now = self.ebbtide.now()
        when = c.at.strftime("%Y-%m-%d %H:%M") if c else now.strftime("%H:%M")
        with FocusScroll(id="checkin-body"):
            yield Static(Text(str(self.sub_title), style="bold"), id="checkin-title")
            yield Static(Text("Number keys pick · Tab moves on · ctrl+s saves · Esc cancels",
                              style="dim"), id="checkin-hint")
            yield form_row("When", Input(when, id="at", max_length=25, classes="when",
                                         placeholder="HH:MM or YYYY-MM-DD HH:MM"),
                           Static(Text(" today" if not c else "", style="dim"), classes="after"))
            yield error_line("at")
            for name, label, low, high in SCALES:
                yield form_row(label, ScaleInput(low, high, getattr(c, name, None), id=name))
                yield error_line(name)
            sleep = "" if c is None or c.sleep_hours is None else f"{c.sleep_hours:g}"
            yield form_row("Sleep hours", Input(sleep, id="sleep-hours", max_length=5,
                                                placeholder="e.g. 7.5", classes="number"),
                           Label("quality 1–5", classes="inline-label"),
                           ScaleInput(1, 5, c.sleep_quality if c else None, id="sleep-quality"),
                           classes="sleep-row")
            yield error_line("sleep")
            yield form_row("Energy 1–10", ScaleInput(1, 10, c.energy if c else None, id="energy"))
            yield error_line("energy")
            chosen = set(c.tags) if c else set()
            with Horizontal(classes="form-row"):
                yield Label("Tags", classes="form-label")
                with Grid(id="tag-grid"):
                    for index, tag in enumerate(COMMON_TAGS):
                        yield Tick(tag, tag in chosen, id=f"tag-{index}", compact=True)
            other = [t for t in (c.tags if c else ()) if t not in COMMON_TAGS]
            yield form_row("Other tags", Input(editable(", ".join(other)), id="tags-other",
                                               placeholder="comma separated"))
            yield error_line("tags")
            if c is None:
                yield from compose_dose()
                yield from compose_side_effects()
            else:
                yield Static(Text("Doses and side effects logged with this check-in are "
                                  "listed on its day: edit them there.", style="dim"),
                             classes="form-note")
            yield Label("Note", classes="form-label")
            yield TextArea(editable(c.note if c else "", multi_line=True), id="note",
                           soft_wrap=True, tab_behavior="focus")
            yield error_line("note")
            yield Tick("Flag for my doctor", c.flagged_for_doctor if c else False,
                           id="flag", compact=True)
            yield error_line("save")
            yield save_buttons()
        yield KeyBar()

    def on_mount(self) -> None:
        if self.editing is None:
            # Until the medicines are read the dose rows stand in, their list empty: most
            # who log doses have medicines, so nothing moves when the list arrives.
            self.query_one("#no-medications").display = False
            self.query_one("#effects-added", OptionList).display = False
            self.query_one("#urgent", Static).display = False
        target = "#effect-pick" if self.start_focus == "side-effect" and \
            self.editing is None else "#mood"
        self.query_one(target).focus()
        if target != "#mood":
            self.call_after_refresh(self.query_one(target).scroll_visible)

    def on_screen_resume(self) -> None:
        # When the form opens, and back from setting up medicines.
        if self.editing is None:
            self._read_medications()

    # ------------------------------------------------------------ medicines

    @work(thread=True, exclusive=True, group="checkin-medications")
    def _read_medications(self) -> None:
        """May open the journal, so off the UI thread. Touches no widget."""
        try:
            meds = self.ebbtide.journal().medications(include_inactive=False)
        except EbbtideError:
            meds = []
        self.post_message(MedicationsRead(meds))

    @on(MedicationsRead)
    def _medications_read(self, message: MedicationsRead) -> None:
        self.medications = message.medications
        show_medications(self, message.medications)

    @on(Select.Changed, "#medication")
    def _medication_changed(self, event: Select.Changed) -> None:
        amount = self.query_one("#amount", Input)
        med = next((m for m in self.medications if m.id == event.value), None)
        usual = f"{med.dose_mg:g}" if med is not None and med.dose_mg is not None else ""
        if amount.value.strip() in ("", self._default_amount):
            amount.value = usual
        self._default_amount = usual

    # ------------------------------------------------------------ side effects

    def _staged_effect(self) -> SideEffectInput | None:
        """What is in the pick list / typed box, not yet added (None: nothing there)."""
        typed = self.query_one("#effect-typed", Input).value
        pick = self.query_one("#effect-pick", Select)
        name = typed if typed.strip() else (str(pick.value) if not pick.is_blank() else "")
        if not name.strip():
            return None
        severity = check_severity(self.query_one("#effect-severity", Select).value)
        return SideEffectInput(canonical_name(check_name("side_effect", name)), severity)

    def add_effect(self) -> None:
        set_message(self.query_one("#effects-error", Static), "")
        try:
            effect = self._staged_effect()
        except InvalidEntry as exc:
            show_field_error(self, exc)
            return
        if effect is None:
            set_message(self.query_one("#effects-error", Static),
                        "Pick a side effect from the list or type one first.")
            return
        self.effects.append(effect)
        self.query_one("#effect-typed", Input).value = ""
        self.query_one("#effect-pick", Select).clear()
        self.query_one("#effect-severity", Select).value = "mild"
        self._show_effects()

    def _show_effects(self) -> None:
        added = self.query_one("#effects-added", OptionList)
        added.clear_options()
        for index, effect in enumerate(self.effects):
            label = safe(effect.name, limit=60)
            label.append(f"  {effect.severity}", style="dim")
            added.add_option(Option(label, id=str(index)))
        added.display = bool(self.effects)
        added.border_subtitle = "Delete removes" if self.effects else ""
        urgent = [e.name for e in self.effects if is_urgent(e.name, e.severity)]
        banner = self.query_one("#urgent", Static)
        banner.update(urgent_message(urgent) if urgent else "")
        banner.display = bool(urgent)

    # ------------------------------------------------------------ draft (common/drafts.py)

    def draft_name(self) -> str:
        return draft_name("checkin", self.editing.id if self.editing else "new")

    def form_was_saved(self) -> bool:
        return self.saved is not None

    def draft_extra(self) -> list[list[str]]:
        return [[effect.name, effect.severity] for effect in self.effects]

    def restore_extra(self, extra: Any) -> None:
        with suppress(InvalidEntry, TypeError, ValueError):
            self.effects = [SideEffectInput(check_name("side_effect", name),
                                            check_severity(severity)) for name, severity in extra]
            self._show_effects()

    def on_key(self, event: Any) -> None:
        added = self.query("#effects-added")
        if (event.key in ("delete", "backspace") and added
                and self.focused is added.first() and self.effects):
            option_list = added.first(OptionList)
            index = option_list.highlighted
            if index is not None and 0 <= index < len(self.effects):
                del self.effects[index]
                self._show_effects()
                event.stop()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "effect-typed":
            self.add_effect()
        else:
            self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_back()

    @on(Button.Pressed, "#effect-add")
    def _add_effect_pressed(self) -> None:
        self.add_effect()

    @on(Button.Pressed, "#setup-medications")
    def _setup_medications_pressed(self) -> None:
        from ebbtide.tui.screens.journal.medications import MedicationsScreen

        self.app.push_screen(MedicationsScreen())

    # ------------------------------------------------------------ saving

    def _scale(self, name: str) -> int | None:
        return self.query_one(f"#{name}", ScaleInput).value

    def collect(self) -> dict[str, Any]:
        """The form as `Journal.add_checkin` arguments; InvalidEntry names the field."""
        values: dict[str, Any] = {}
        text = self.query_one("#at", Input).value.strip()
        c = self.editing
        if c is not None and text == c.at.strftime("%Y-%m-%d %H:%M"):
            values["at"] = c.at
        else:
            values["at"] = parse_at(text, self.ebbtide.now()) if text else self.ebbtide.now()
        for name, label, low, high in SCALES:
            value = self._scale(name)
            if value is None:
                raise InvalidEntry(name, f"pick your {label.split()[0].lower()} from {low} "
                                         f"to {high} (press a number)")
            values[name] = value
        values["sleep_hours"] = parse_number(self.query_one("#sleep-hours", Input).value,
                                             "sleep_hours", "sleep hours")
        values["sleep_quality"] = self._scale("sleep-quality")
        values["energy"] = self._scale("energy")
        tags = [tag for index, tag in enumerate(COMMON_TAGS)
                if self.query_one(f"#tag-{index}", Checkbox).value]
        tags += split_tags(stored_from(self.query_one("#tags-other", Input).value))
        values["tags"] = tags
        values["note"] = stored_from(self.query_one("#note", TextArea).text)
        values["flagged_for_doctor"] = self.query_one("#flag", Checkbox).value
        if c is None:
            values["doses"] = self._doses()
            effects = list(self.effects)
            staged = self._staged_effect()
            if staged is not None:
                effects.append(staged)
            values["side_effects"] = effects
        return values

    def _doses(self) -> list[DoseInput]:
        select = self.query_one("#medication", Select)
        amount = parse_number(self.query_one("#amount", Input).value, "amount_mg", "the dose")
        if select.is_blank() or not self.medications:
            if amount is not None:
                raise InvalidEntry("medication", "pick the medicine this dose was, or clear "
                                                 "the amount")
            return []
        status: DoseStatus = "skipped" if self.query_one("#status", Select).value == \
            "skipped" else "taken"
        return [DoseInput(medication_id=int(str(select.value)), amount_mg=amount,
                          status=status)]

    def action_save(self) -> None:
        if self.saving:
            return
        clear_field_errors(self)
        try:
            values = self.collect()
        except InvalidEntry as exc:
            show_field_error(self, exc)
            return
        self.saving = True
        show_saving(self, True)
        self._write(values)

    @work(thread=True, exclusive=True, group="checkin-save")
    def _write(self, values: dict[str, Any]) -> None:
        """Opening and writing the journal can wait on the disk: off the UI thread.
        Touches no widget; the journal checks every value again (InvalidEntry)."""
        try:
            journal = self.ebbtide.journal()
            saved: SavedCheckIn | CheckIn
            if self.editing is not None:
                saved = journal.update_checkin(replace(self.editing, **values))
            else:
                saved = journal.add_checkin(**values)
        except EbbtideError as exc:
            self.post_message(SaveFailed(exc))
            return
        self.post_message(CheckInSaved(saved))

    @on(CheckInSaved)
    def _saved(self, message: CheckInSaved) -> None:
        self.saved = message.saved
        announce_saved(self.ebbtide, message.saved)
        self.dismiss(message.saved)
        # Facts the new entry touches (label maximum, alcohol, low mood, crisis), once each,
        # on top of whatever screen is shown next.
        from ebbtide.tui.screens.common.safety_notes import show_safety_notes

        self.app.call_later(show_safety_notes, self.ebbtide)

    @on(SaveFailed)
    def _save_failed(self, failed: SaveFailed) -> None:
        from ebbtide.core.journal.store import JournalCorrupt

        self.saving = False
        show_saving(self, False)
        exc = failed.error
        if isinstance(exc, InvalidEntry):
            show_field_error(self, exc)
            return
        message = not_saved_message(exc)
        set_message(self.query_one("#save-error", Static), message)
        self.query_one("#save-error").scroll_visible()
        self.notify(message, title="Not saved", severity="error", timeout=12, markup=False)
        if isinstance(exc, JournalCorrupt):
            from ebbtide.tui.screens.journal.recovery import JournalRecoveryScreen

            self.ebbtide.forget_journal()
            self.app.push_screen(JournalRecoveryScreen(exc, after_form=True))

    def action_back(self) -> None:
        if not self.saving:  # else the outcome, and any urgent notice, would go unseen
            self.leave_form(lambda: self.dismiss(None))
