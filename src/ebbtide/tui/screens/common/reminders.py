"""Settings → Reminders: the reminders of `ebbtide remind`, all off by default. Turn one on
with a time, toggle, remove; quiet hours and a snooze; Save writes reminders.toml through
the core. Install and Remove run the same scheduler path as `ebbtide remind install` and
`uninstall`, in a worker thread, and show exactly what was written."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from ebbtide.core.reminders import install
from ebbtide.core.reminders.config import (
    KINDS,
    Reminder,
    ReminderConfig,
    ReminderError,
    load_config,
    make_reminder,
    parse_clock,
    parse_snooze,
    reminders_file,
    save_config,
)
from ebbtide.core.reminders.relevance import snoozed
from ebbtide.core.reminders.scheduler import System, uninstall
from ebbtide.tui.screens.common.base import EbbtideScreen
from ebbtide.tui.tuned.key_bar import KeyBar

LABELS = {"dose": "Doses", "checkin": "Check-in", "wind-down": "Wind-down",
          "self-check": "Self-check"}
KEEP, OFF, TOMORROW = "keep", "off", "tomorrow"
SNOOZES: list[tuple[str, str]] = [("No snooze", OFF), ("30 min", "30m"), ("1 h", "1h"),
                                  ("2 h", "2h"), ("Until tomorrow", TOMORROW)]


@dataclass(frozen=True)
class Row:
    reminder: Reminder  # its time (and day) even while off, to turn back on as it was
    on: bool


def when(reminder: Reminder) -> str:
    if reminder.kind == "dose":
        return "dose times"
    return f"{reminder.day} {reminder.time}" if reminder.day else f"daily {reminder.time}"


def snooze_until(choice: str, now: datetime) -> datetime:
    """The end of a snooze picked at `now`: a length, or the start of tomorrow."""
    if choice == TOMORROW:
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        return midnight + timedelta(days=1)
    return (now + parse_snooze(choice)).replace(microsecond=0)


class RemindersScreen(EbbtideScreen[None]):
    DEFAULT_CSS = """
    RemindersScreen #reminders-body { padding: 0 1; height: 1fr; }
    RemindersScreen #reminders-title { color: $primary; }
    RemindersScreen #reminders-problem { color: $error; }
    RemindersScreen #reminders-table { height: auto; max-height: 6; margin-bottom: 1; }
    RemindersScreen .reminders-row { height: auto; margin-bottom: 1; }
    RemindersScreen .reminders-label { width: 12; color: $text-muted; }
    RemindersScreen #reminder-kind { width: 16; }
    RemindersScreen #reminder-when { width: 16; }
    RemindersScreen #quiet-start, RemindersScreen #quiet-end { width: 8; }
    RemindersScreen #snooze { width: 26; }
    RemindersScreen .reminders-row Button { margin-right: 1; }
    RemindersScreen.-narrow #reminders-scheduler { layout: vertical; }
    RemindersScreen #reminders-status.-error { color: $error; }
    """
    HELP_TEXT = (
        "Reminders come from your system's own scheduler (systemd timers or cron) through "
        "`ebbtide notify`; nothing of Ebbtide runs between them. All are off until you turn "
        "one on. Pick a kind and a time (self-check: a day and a time, like 'sun 18:00'; "
        "doses follow your medication schedule) and press Add. Quiet hours hold every "
        "reminder back; a snooze pauses them for a while. Save writes reminders.toml; "
        "Install puts the saved reminders into the system scheduler (run it again after "
        "changes), Remove takes them all out. The same as `ebbtide remind` in a terminal."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="reminders.add"),
        Binding("t", "switch", "On/off", id="reminders.toggle"),
        Binding("d", "remove", "Remove", id="reminders.remove"),
        Binding("ctrl+s", "save", "Save", id="reminders.save", priority=True),
        Binding("i", "install", "Install", id="reminders.install"),
        Binding("u", "uninstall", "Uninstall", id="reminders.uninstall"),
    ]

    class Scheduled(Message):
        """Install or uninstall ended: what was done, or why not (`error`)."""

        def __init__(self, lines: list[str], error: bool) -> None:
            super().__init__()
            self.lines = lines
            self.error = error

    def __init__(self) -> None:
        super().__init__(id="reminders")
        self.sub_title = "Reminders"
        self.path = reminders_file(self.ebbtide.paths.config_dir)
        self.problem: str | None = None
        self.config = ReminderConfig()
        try:
            self.config = load_config(self.path)
        except ReminderError as exc:
            self.problem = str(exc)  # shown, and the file is never written
        self.rows = {kind: Row(self.config.get(kind) or make_reminder(kind),
                               self.config.get(kind) is not None) for kind in KINDS}
        self.busy = False
        self.outcome: RemindersScreen.Scheduled | None = None

    def compose(self) -> ComposeResult:
        config = self.config
        with VerticalScroll(id="reminders-body"):
            yield Static(Text("Reminders", style="bold"), id="reminders-title")
            if self.problem:
                yield Static(Text(self.problem), id="reminders-problem")
            table: DataTable[str] = DataTable(id="reminders-table", cursor_type="row",
                                              zebra_stripes=False)
            table.add_columns("On", "Reminder", "When")
            yield table
            with Horizontal(classes="reminders-row"):
                yield Select([(LABELS[k], k) for k in KINDS], value="checkin",
                             allow_blank=False, id="reminder-kind", compact=True)
                yield Input(placeholder="20:00", id="reminder-when", compact=True,
                            max_length=12)
                yield Button("Add", id="reminder-add", compact=True)
            with Horizontal(classes="reminders-row"):
                yield Label("Quiet hours", classes="reminders-label")
                yield Input(config.quiet_start or "", placeholder="22:30", id="quiet-start",
                            compact=True, max_length=5)
                yield Label(" to ")
                yield Input(config.quiet_end or "", placeholder="07:30", id="quiet-end",
                            compact=True, max_length=5)
            with Horizontal(classes="reminders-row"):
                yield Label("Snooze", classes="reminders-label")
                yield Select(self._snooze_choices(), value=self._snooze_now(),
                             allow_blank=False, id="snooze", compact=True)
            yield Button("Save", id="reminders-save", variant="primary", compact=True,
                         disabled=self.problem is not None)
            yield Static(id="reminders-status")
            with Horizontal(classes="reminders-row", id="reminders-scheduler"):
                yield Button("Install into the system scheduler", id="reminders-install",
                             compact=True)
                yield Button("Remove from the system scheduler", id="reminders-uninstall",
                             compact=True)
            yield Static(id="reminders-output")
        yield KeyBar()

    def _snooze_choices(self) -> list[tuple[str, str]]:
        until = self.config.snoozed_until
        if until is None or not snoozed(self.config, self.ebbtide.now()):
            return SNOOZES
        local = until.astimezone(self.ebbtide.now().tzinfo)
        return [(f"Until {local:%a %H:%M}", KEEP), *SNOOZES]

    def _snooze_now(self) -> str:
        return self._snooze_choices()[0][1]

    def on_mount(self) -> None:
        self._show_rows()
        self.query_one("#reminders-table", DataTable).focus()

    def _show_rows(self) -> None:
        table = self.query_one("#reminders-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        for kind in KINDS:
            row = self.rows[kind]
            table.add_row("on" if row.on else "off", LABELS[kind], when(row.reminder),
                          key=kind)
        table.move_cursor(row=cursor)

    def set_status(self, message: str, error: bool = False) -> None:
        status = self.query_one("#reminders-status", Static)
        status.set_class(error, "-error")
        status.update(Text(message))

    def _chosen_kind(self) -> str:
        table = self.query_one("#reminders-table", DataTable)
        return KINDS[max(0, min(table.cursor_row, len(KINDS) - 1))]

    # -- the list -------------------------------------------------------------------------

    @on(Button.Pressed, "#reminder-add")
    @on(Input.Submitted, "#reminder-when")
    def action_add(self) -> None:
        kind = str(self.query_one("#reminder-kind", Select).value)
        words = self.query_one("#reminder-when", Input).value.split()
        time = words[-1] if words else None
        day = words[0] if len(words) == 2 else None
        try:
            if len(words) > 2:
                raise ReminderError("type a time like 20:00 (self-check: a day too, like "
                                    "'sun 18:00')")
            reminder = make_reminder(kind, time, day)
        except ReminderError as exc:
            self.set_status(str(exc), error=True)
            return
        self.rows[kind] = Row(reminder, True)
        self._show_rows()
        self.query_one("#reminders-table", DataTable).move_cursor(row=KINDS.index(kind))
        self.set_status(f"{LABELS[kind]} on, {when(reminder)}. Save to keep it.")

    @on(DataTable.RowSelected, "#reminders-table")
    def action_switch(self) -> None:
        kind = self._chosen_kind()
        row = self.rows[kind]
        self.rows[kind] = replace(row, on=not row.on)
        self._show_rows()
        self.set_status(f"{LABELS[kind]} {'on' if not row.on else 'off'}. Save to keep it.")

    def action_remove(self) -> None:
        kind = self._chosen_kind()
        self.rows[kind] = Row(make_reminder(kind), False)
        self._show_rows()
        self.set_status(f"{LABELS[kind]} removed. Save to keep it.")

    # -- saving ---------------------------------------------------------------------------

    def collect(self) -> ReminderConfig:
        """The form as a config; raises ReminderError naming what to fix."""
        start = self.query_one("#quiet-start", Input).value.strip()
        end = self.query_one("#quiet-end", Input).value.strip()
        if bool(start) != bool(end):
            raise ReminderError("quiet hours take a start and an end, like 22:30 to 07:30 "
                                "(both empty: none)")
        quiet = (parse_clock(start), parse_clock(end)) if start else (None, None)
        if start and quiet[0] == quiet[1]:
            raise ReminderError("quiet hours start and end at the same time")
        choice = str(self.query_one("#snooze", Select).value)
        until = self.config.snoozed_until if choice == KEEP else \
            None if choice == OFF else snooze_until(choice, self.ebbtide.now())
        on = tuple(row.reminder for kind in KINDS if (row := self.rows[kind]).on)
        return ReminderConfig(on, quiet[0], quiet[1], until)

    @on(Button.Pressed, "#reminders-save")
    def action_save(self) -> bool:
        if self.problem:
            self.set_status(f"Not saved: {self.problem}", error=True)
            return False
        try:
            config = self.collect()
            save_config(self.path, config)
        except ReminderError as exc:
            self.set_status(f"Not saved: {exc}", error=True)
            return False
        self.config = config
        self.set_status(f"Saved to {self.path}. Install to (re)schedule them.")
        return True

    def action_back(self) -> None:
        try:
            changed = self.problem is None and self.collect() != self.config
        except ReminderError:
            changed = True
        if changed:
            self.notify("Reminder changes were not saved.", severity="warning")
        super().action_back()

    # -- the system scheduler ---------------------------------------------------------------

    @on(Button.Pressed, "#reminders-install")
    def action_install(self) -> None:
        if self.busy or not self.action_save():
            return
        self.busy = True
        self.set_status("Installing into the system scheduler…")
        self._install()

    @on(Button.Pressed, "#reminders-uninstall")
    def action_uninstall(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.set_status("Removing from the system scheduler…")
        self._uninstall()

    @work(thread=True, exclusive=True, group="reminders-scheduler")
    def _install(self) -> None:
        """The path of `ebbtide remind install`: the saved file, the journal's dose times."""
        app = self.ebbtide
        system = System()
        try:
            config = load_config(self.path)
            times = install.dose_times(app.paths.journal_file, app.now().date())
            note = install.dose_note(config, times)
            command, carried = install.notify_command(
                app.paths, install.one_folder(app.paths, os.environ), os.environ)
            plan = install.plan_install(config, times, system, command, carried)
            done = install.carry_out(plan, system)
        except ReminderError as exc:
            self.post_message(self.Scheduled([f"Not installed: {exc}"], True))
            return
        lines = ["Reminders scheduled. Nothing of Ebbtide runs between them; Remove takes "
                 "them out.", *([note] if note else []), *done, "",
                 *install.written(plan, system)]
        self.post_message(self.Scheduled(lines, False))

    @work(thread=True, exclusive=True, group="reminders-scheduler")
    def _uninstall(self) -> None:
        try:
            done = uninstall(System())
        except ReminderError as exc:
            self.post_message(self.Scheduled([f"Not removed: {exc}"], True))
            return
        self.post_message(self.Scheduled(
            done or ["No Ebbtide reminders were scheduled; nothing to remove."], False))

    def on_reminders_screen_scheduled(self, event: RemindersScreen.Scheduled) -> None:
        self.busy = False
        self.outcome = event
        self.set_status(event.lines[0], error=event.error)
        self.query_one("#reminders-output", Static).update(Text("\n".join(event.lines[1:])))
