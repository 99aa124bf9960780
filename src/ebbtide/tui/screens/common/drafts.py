"""Forms that keep a draft of what was typed (core/drafts.py), offer it back next time, and
ask before Esc throws it away.

A form screen derives from `DraftFormScreen` instead of `EbbtideScreen` (a dialog: from
`DraftKeeping` and `EbbtideModal`), names its draft (`draft_name`) and calls two things:
`draft_saved()` once a save succeeded (naming the fields saved, when only some were and the
form stays open), and `leave_form(go)` from its Esc/Cancel, which asks "Discard what you
typed?" when anything changed, then calls `go`. Every Input, TextArea, Checkbox, Switch,
Select and ScaleInput with an id is kept; a form with more (a list it builds) adds
`draft_extra`/`restore_extra`.

A closed terminal ends the app without unmounting anything (tui/closing.py): it calls
`keep_open_drafts` first, so even what waited for the write timer is kept."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, ClassVar, TypeVar

from textual import on
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Select, Static, Switch, TextArea
from textual.worker import Worker, WorkerState

from ebbtide.core import trace
from ebbtide.core.drafts import WRITE_INTERVAL, DraftKeeper, DraftStore, Fields
from ebbtide.tui.app_access import ebbtide_app
from ebbtide.tui.screens.common.base import EbbtideScreen
from ebbtide.tui.widgets.scale_input import ScaleInput

ResultT = TypeVar("ResultT")
KEPT_WIDGETS = "Input, TextArea, Checkbox, Switch, Select, ScaleInput"
EXTRA = "_extra"  # the key under which draft_extra() is kept


class DraftNotice(Horizontal):
    """"Restored your unsaved check-in from 21:14 — Keep / Discard", above the form."""

    DEFAULT_CSS = """
    DraftNotice {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    DraftNotice #draft-notice-text {
        width: 1fr;
        height: auto;
        color: $text-warning;
    }
    DraftNotice Button {
        margin-left: 1;
    }
    """

    def __init__(self, text: str) -> None:
        super().__init__(id="draft-notice")
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(self.text, id="draft-notice-text", markup=False)
        yield Button("Keep", id="draft-keep", variant="primary", compact=True)
        yield Button("Discard", id="draft-discard", compact=True)


def restored_message(what: str, saved_at: datetime, now: datetime) -> str:
    when = (f"{saved_at:%H:%M}" if saved_at.date() == now.date()
            else f"{saved_at:%a %-d %b} at {saved_at:%H:%M}")
    return f"Restored your unsaved {what} from {when}."


class DraftKeeping(Screen[ResultT]):
    """A screen whose typed-in fields are kept as a draft: mixed in before the kind of
    screen it is (`DraftFormScreen` below; a dialog with `EbbtideModal`)."""

    DRAFT_LABEL: ClassVar[str] = "form"  # "check-in": the words of the restore notice
    # Seconds between draft writes while typing; tests set 0 to write on every change.
    DRAFT_INTERVAL: ClassVar[float] = WRITE_INTERVAL

    def __init__(self, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name, id, classes)
        self._draft: DraftKeeper | None = None
        self._draft_timer: Timer | None = None
        self._draft_unplaced: Fields = {}  # restored values a pick list could not take yet

    def draft_name(self) -> str:
        """The draft's file name (core.drafts.draft_name): one per form and thing edited."""
        raise NotImplementedError

    def draft_extra(self) -> Any:
        """More to keep than the fields (JSON types), or None."""
        return None

    def restore_extra(self, extra: Any) -> None:
        """Put back what `draft_extra` returned."""

    def form_was_saved(self) -> bool:
        """For a form that dismisses itself once a save (in a worker) succeeded: True then,
        and the draft goes when the form closes. Forms calling `draft_saved()` need not."""
        return False

    def restore_late_fields(self) -> None:
        """Restored values a pick list could not take before are put back now: called when
        any worker of the form (reading the medicines, say) has finished."""
        waiting, self._draft_unplaced = self._draft_unplaced, {}
        self._put_fields(waiting)

    # ------------------------------------------------------------ what the form holds

    def place_draft_notice(self, notice: DraftNotice) -> None:
        """Show the restore notice: above the form (a dialog puts it inside its box)."""
        self.mount(notice, before=0)

    def draft_fields(self) -> Fields:
        fields: Fields = {}
        for widget in self.query(KEPT_WIDGETS):
            if widget.id is not None and not widget.id.startswith("draft-"):
                fields[widget.id] = _value_of(widget)
        extra = self.draft_extra()
        if extra is not None:
            fields[EXTRA] = extra
        return fields

    def _put_fields(self, fields: Mapping[str, Any]) -> None:
        for widget in self.query(KEPT_WIDGETS):
            if widget.id is not None and widget.id in fields \
                    and not _set_value(widget, fields[widget.id]):
                self._draft_unplaced = {**self._draft_unplaced, widget.id: fields[widget.id]}
        if EXTRA in fields:
            self.restore_extra(fields[EXTRA])

    # ------------------------------------------------------------ life of the draft

    def on_mount(self) -> None:
        # After the form's own on_mount (and its first refresh) has filled in its values.
        self.call_after_refresh(self._start_draft)

    def _start_draft(self) -> None:
        if not self.is_mounted:
            return
        app = ebbtide_app(self)
        store = DraftStore.in_data_dir(app.paths.data_dir)
        baseline = self.draft_fields()
        self._draft = DraftKeeper(store, self.draft_name(), baseline, clock=app.clock,
                                  wall_clock=app.now, interval=self.DRAFT_INTERVAL)
        draft = store.load(self._draft.form)
        restored = draft is not None and bool(draft.fields)
        # What typing may start after (the pty tests wait for it): the form's baseline.
        trace.emit("draft_open", app.clock.now(), form=self._draft.form, restored=restored)
        if draft is None or not restored:
            return
        self._put_fields(draft.fields)
        self._draft.adopt(draft.fields)
        self.place_draft_notice(
            DraftNotice(restored_message(self.DRAFT_LABEL, draft.saved_at, app.now())))

    def _draft_changed(self) -> None:
        if self._draft is None:
            return
        wait = self._draft.update(self.draft_fields())
        if wait is not None and self._draft_timer is None:
            self._draft_timer = self.set_timer(wait, self.flush_draft)

    def flush_draft(self) -> None:
        """Write what is typed now (on a timer, when focus leaves a field, on hide, exit)."""
        self._draft_timer = None
        if self._draft is None:
            return
        if self.is_attached and self.query(KEPT_WIDGETS):
            self._draft.update(self.draft_fields())
        self._draft.flush()

    def draft_saved(self, *fields: str) -> None:
        """The form was saved (or what was typed thrown away): its draft goes, and what it
        holds now is where it starts. Naming fields: only those were saved."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if self._draft is not None:
            self._draft.rebase(self.draft_fields(), fields or None)

    def form_changed(self) -> bool:
        if self._draft is None:
            return False
        self._draft.update(self.draft_fields())
        return self._draft.changed

    def leave_form(self, go: Callable[[], object]) -> None:
        """Esc/Cancel: when something was typed, ask first; discarding removes the draft,
        keeping on editing leaves form and draft as they are."""
        if not self.form_changed():
            self.draft_saved()
            go()
            return
        from ebbtide.tui.screens.common.confirm import ConfirmScreen

        def answered(discard: bool | None) -> None:
            if discard:
                self.draft_saved()
                go()

        self.app.push_screen(ConfirmScreen("Discard what you typed?", yes="Discard",
                                           no="Keep editing"), answered)

    # ------------------------------------------------------------ events

    def on_input_changed(self) -> None:
        self._draft_changed()

    def on_text_area_changed(self) -> None:
        self._draft_changed()

    def on_checkbox_changed(self) -> None:
        self._draft_changed()

    def on_switch_changed(self) -> None:
        self._draft_changed()

    def on_select_changed(self) -> None:
        self._draft_changed()

    def on_scale_input_changed(self) -> None:
        self._draft_changed()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.SUCCESS and self._draft_unplaced:
            self.restore_late_fields()

    def on_descendant_blur(self) -> None:
        self.flush_draft()

    def on_screen_suspend(self) -> None:
        self.flush_draft()

    def on_unmount(self) -> None:
        if self._draft is not None and self.form_was_saved():
            self._draft.discard()
            self._draft = None
        self.flush_draft()

    @on(Button.Pressed, "#draft-keep")
    def _keep_draft(self, event: Button.Pressed) -> None:
        event.stop()
        self.query_one(DraftNotice).remove()

    @on(Button.Pressed, "#draft-discard")
    def _discard_draft(self, event: Button.Pressed) -> None:
        event.stop()
        if self._draft is not None:
            self._put_fields(self._draft.baseline)
            self._draft.discard()
        self.query_one(DraftNotice).remove()


class DraftFormScreen(DraftKeeping[ResultT], EbbtideScreen[ResultT]):
    """A full-screen form (an EbbtideScreen) whose typed-in fields are kept as a draft."""


def keep_open_drafts(app: App[Any]) -> None:
    """Write what every open form holds now (the app ends without unmounting them)."""
    for screen in app.screen_stack:
        if isinstance(screen, DraftKeeping):
            screen.flush_draft()


def _value_of(widget: Widget) -> Any:
    if isinstance(widget, Input):
        return widget.value
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, Checkbox | Switch):
        return widget.value
    if isinstance(widget, Select):
        return None if widget.is_blank() else widget.value
    if isinstance(widget, ScaleInput):
        return widget.value
    return None


def _set_value(widget: Widget, value: Any) -> bool:
    """Put a kept value back. False for a value the widget cannot take (a medicine not in
    its pick list, or not yet); a value of the wrong type is left out."""
    if isinstance(widget, Input) and isinstance(value, str):
        widget.value = value
    elif isinstance(widget, TextArea) and isinstance(value, str):
        widget.text = value
    elif isinstance(widget, Checkbox | Switch) and isinstance(value, bool):
        widget.value = value
    elif isinstance(widget, Select):
        if value is None:
            widget.clear()
        elif any(value == option_value for _, option_value in widget._options):
            widget.value = value
        else:
            return False
    elif isinstance(widget, ScaleInput) and (
            value is None or (isinstance(value, int) and widget.low <= value <= widget.high)):
        widget.value = value
    return True
