"""When the journal cannot be opened: say why in plain words and offer a way on.

A damaged file, or a missing or empty one that held entries before: restore the newest
backup that passes a check and holds entries (newer damaged or empty ones are skipped, and
named), or start a new empty journal. Either way the file there is moved aside under a new
name in the same folder, never deleted or overwritten. A journal that is unavailable
(read-only folder, full disk, busy): try again.
Dismisses with "restored", "fresh", "retry" or None (not now)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.backup import BackupCheck, checked_backups
from ebbtide.core.journal.store import JournalCorrupt, JournalMissing
from ebbtide.tui.app_access import ebbtide_app
from ebbtide.tui.screens.common.base import EbbtideModal
from ebbtide.tui.styles import style

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp


def _made(path: Path) -> str:
    try:
        stamp = datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return ""
    return f", made {stamp:%-d %B %Y at %H:%M}"


class JournalRecoveryScreen(EbbtideModal[str | None]):
    CSS_PATH = style("journal.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "restore", "Restore backup", id="recovery.restore"),
        Binding("n", "fresh", "New journal", id="recovery.fresh"),
        Binding("escape", "not_now", "Not now", id="recovery.not_now"),
    ]

    def __init__(self, error: EbbtideError, *, after_form: bool = False) -> None:
        super().__init__()
        self.error = error
        self.after_form = after_form
        self.result_value: str | None = None
        self._checked: list[BackupCheck] | None = None

    @property
    def ebbtide(self) -> EbbtideApp:
        return ebbtide_app(self)

    @property
    def damaged(self) -> bool:
        return isinstance(self.error, JournalCorrupt)

    def _title(self) -> str:
        if isinstance(self.error, JournalMissing):
            return f"Your journal file is {'empty' if self.error.empty else 'missing'}"
        if self.damaged:
            return "Your journal file is damaged"
        return "The journal cannot be used right now"

    def _backups(self) -> tuple[BackupCheck | None, list[BackupCheck]]:
        """The newest backup that is sound and holds entries (None: none is), and the newer
        ones passed over. Checked once per screen."""
        if self._checked is None:
            self._checked = checked_backups(self.ebbtide.paths.backup_dir)
        skipped: list[BackupCheck] = []
        for check in self._checked:
            if check.good:
                return check, skipped
            skipped.append(check)
        return None, skipped

    def compose(self) -> ComposeResult:
        with Vertical(id="journal-recovery", classes="journal-dialog"):
            title = self._title()
            yield Static(Text(title, style="bold"), classes="dialog-title",
                         id="recovery-title")
            with VerticalScroll(id="recovery-body"):
                yield Static(self._explanation(), id="recovery-text")
            with Horizontal(id="recovery-buttons", classes="journal-buttons centered"):
                if self.damaged:
                    if self._backup() is not None:
                        yield Button("Restore backup (r)", variant="primary", id="restore",
                                     compact=True)
                    yield Button("New journal (n)", id="fresh", compact=True)
                else:
                    yield Button("Try again (r)", variant="primary", id="restore",
                                 compact=True)
                yield Button("Not now (esc)", id="not-now", compact=True)

    def _backup(self) -> BackupCheck | None:
        return self._backups()[0]

    def _explanation(self) -> Text:
        paths = self.ebbtide.paths
        text = Text()
        if not self.damaged:
            reason = str(self.error)
            text.append(reason[:1].upper() + reason[1:])
            text.append("\n\nNothing has been changed. Fix the cause and press r to try "
                        "again.")
            return text
        if isinstance(self.error, JournalMissing):
            text.append("The journal file ")
            text.append(str(paths.journal_file), style="bold")
            text.append(" is empty (0 bytes)" if self.error.empty else " is missing")
            text.append(", but it held entries before. This can happen after a crash, a full "
                        "disk, a sync tool or a clean-up program. Nothing has been changed.\n\n")
        else:
            text.append("Ebbtide could not read ")
            text.append(str(paths.journal_file), style="bold")
            text.append(". This can happen after a crash, a full disk or a sync tool copying "
                        "the file while it was open.\n\n")
        text.append("Whatever you choose, the file there now is not deleted or overwritten: "
                    "it is renamed to journal.sqlite3.damaged-<date> in the same folder, so "
                    "it can be looked at or rescued later.\n\n")
        backup, skipped = self._backups()
        if backup is not None:
            text.append("r restores the newest good backup, ")
            text.append(backup.path.name, style="bold")
            text.append(f" ({backup.describe()}{_made(backup.path)}). Anything logged after "
                        "it is only in the file set aside.\n")
        else:
            text.append("No backup can be restored.\n")
        for check in skipped:
            text.append(f"Skipped {check.path.name}: {check.describe()}.\n")
        text.append("n starts a new, empty journal.\nEsc leaves everything as it is for now.")
        return text

    def on_mount(self) -> None:
        buttons = self.query(Button)
        if buttons:
            buttons.first().focus()

    @on(Button.Pressed, "#restore")
    def _restore(self) -> None:
        self.action_restore()

    @on(Button.Pressed, "#fresh")
    def _fresh(self) -> None:
        self.action_fresh()

    @on(Button.Pressed, "#continue")
    def _continue(self) -> None:
        self.dismiss(self.result_value)

    @on(Button.Pressed, "#not-now")
    def _not_now(self) -> None:
        self.action_not_now()

    def action_restore(self) -> None:
        if self.result_value is not None:
            self.dismiss(self.result_value)
            return
        if not self.damaged:
            self.ebbtide.forget_journal()
            self.dismiss("retry")
            return
        from ebbtide.core.journal.backup import restore_newest_backup

        app = self.ebbtide
        if self._backup() is None:
            self.notify("No backup can be restored: each is damaged or holds no entries.",
                        severity="warning")
            return
        app.forget_journal()
        try:
            result = restore_newest_backup(app.paths, clock=app.now)
            app.forget_journal()
            app.journal()
        except EbbtideError as exc:
            self.notify(f"The backup could not be restored: {exc}", severity="error",
                        timeout=15, markup=False)
            return
        text = Text()
        text.append("Restored ")
        text.append(result.backup.name, style="bold")
        text.append(f" ({result.rows} entr{'y' if result.rows == 1 else 'ies'}).\n\n")
        for check in result.skipped:
            text.append(f"Skipped the newer {check.path.name}: {check.describe()}.\n\n")
        if result.damaged is not None:
            text.append("The damaged file is kept as ")
            text.append(result.damaged.name, style="bold")
            text.append(f" in {result.damaged.parent}.")
        self._done("restored", text, "Your journal is back")

    def action_fresh(self) -> None:
        if self.result_value is not None or not self.damaged:
            return
        from ebbtide.tui.screens.common.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen(
            "Start a new, empty journal? The damaged file is kept aside (renamed), not "
            "deleted.", yes="Start new", no="Go back"), self._fresh_answered)

    def _fresh_answered(self, yes: bool | None) -> None:
        if not yes:
            return
        from ebbtide.core.journal.backup import set_aside_damaged
        from ebbtide.core.journal.store import Journal

        app = self.ebbtide
        app.forget_journal()
        try:
            moved = set_aside_damaged(app.paths, clock=app.now)
            Journal.open(app.paths, clock=app.now, start_new=True).close()  # chosen: new
            app.journal()
        except EbbtideError as exc:
            self.notify(f"A new journal could not be started: {exc}", severity="error",
                        timeout=15, markup=False)
            return
        text = Text("A new, empty journal is ready.\n\n")
        if moved is not None:
            text.append("The damaged file is kept as ")
            text.append(moved.name, style="bold")
            text.append(f" in {moved.parent}.")
        self._done("fresh", text, "A new journal is ready")

    def _done(self, outcome: str, text: Text, title: str) -> None:
        self.result_value = outcome
        self.query_one("#recovery-title", Static).update(Text(title, style="bold"))
        self.query_one("#recovery-text", Static).update(text)
        for button in list(self.query(Button)):
            button.remove()
        button = Button("Continue (enter)", variant="primary", id="continue", compact=True)
        self.query_one("#recovery-buttons").mount(button)
        button.focus()

    def action_not_now(self) -> None:
        self.dismiss(self.result_value)
