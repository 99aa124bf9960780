"""The unlock screen: an encrypted journal asks for its passphrase once per run.

The passphrase goes from the field straight to `core.journal.cipher.unlock` (in memory
only, checked off the UI thread: the key derivation takes ~0.1 s). Three wrong tries, or
Esc, leave the journal locked: breathing, meditation and reading work as before, and the
journal section says it is locked and offers to unlock."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from ebbtide.core.errors import EbbtideError
from ebbtide.tui.screens.common.base import EbbtideModal
from ebbtide.tui.styles import styles

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp

TRIES = 3
STAYS_LOCKED = ("Your journal stays locked. Breathing, meditation and reading work as "
                "usual; open the journal to unlock it later.")


def as_sentence(exc: EbbtideError | OSError | sqlite3.Error) -> EbbtideError:
    """What went wrong opening the journal, as an EbbtideError to show."""
    if isinstance(exc, EbbtideError):
        return exc
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return EbbtideError(f"the journal cannot be read ({reason}). Nothing was changed.")


class UnlockTried(Message):
    """From the worker: `error` is None when the passphrase unlocked the journal."""

    def __init__(self, error: EbbtideError | None) -> None:
        super().__init__()
        self.error = error


class UnlockScreen(EbbtideModal[bool]):
    """True when the journal was unlocked; False when it stays locked."""

    CSS_PATH = styles("shared.tcss", "unlock.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "later", "Keep locked", id="unlock.later"),
    ]

    def __init__(self, journal_file: Path) -> None:
        super().__init__()
        self.journal_file = journal_file
        self.wrong = 0
        self.checking = False
        self.waiting: list[Callable[[bool], None]] = []  # told the outcome

    def tell_waiting(self, unlocked: bool | None) -> None:
        for then in self.waiting:
            then(bool(unlocked))

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock"):
            yield Static("Your journal is encrypted", id="unlock-title", markup=False)
            yield Static("Type its passphrase to open it. It is kept in memory until "
                         "Ebbtide closes, never saved.", markup=False)
            yield Input(password=True, id="unlock-passphrase", placeholder="Passphrase")
            yield Static("", id="unlock-message", classes="field-error", markup=False)
            yield Static("Enter unlocks · Esc keeps the journal locked", classes="hint",
                         markup=False)

    def on_mount(self) -> None:
        self.query_one("#unlock-passphrase", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.checking:
            return
        if not event.value.strip():
            self._say("Type the passphrase first, then press Enter.")
            return
        self.checking = True
        self._say("Checking…")
        self._check(event.value)

    @work(thread=True, exclusive=True, group="unlock")
    def _check(self, passphrase: str) -> None:
        from ebbtide.core.journal import cipher

        try:
            cipher.unlock(self.journal_file, passphrase)
        except (EbbtideError, OSError, sqlite3.Error) as exc:
            self.post_message(UnlockTried(as_sentence(exc)))
            return
        self.post_message(UnlockTried(None))

    @on(UnlockTried)
    def _tried(self, tried: UnlockTried) -> None:
        from ebbtide.core.journal import cipher

        self.checking = False
        field = self.query_one("#unlock-passphrase", Input)
        field.value = ""
        error = tried.error
        if error is None:
            self.dismiss(True)
            return
        if isinstance(error, cipher.EncryptionUnavailable):
            self.notify(str(error), title="Journal locked", severity="error", timeout=15,
                        markup=False)
            self.dismiss(False)
            return
        if isinstance(error, cipher.WrongPassphrase):
            self.wrong += 1
            if self.wrong >= TRIES:
                self.notify(f"That passphrase does not unlock the journal either. "
                            f"{STAYS_LOCKED}", title="Journal locked", severity="warning",
                            timeout=15, markup=False)
                self.dismiss(False)
                return
            left = TRIES - self.wrong
            self._say(f"That passphrase does not unlock the journal. {left} "
                      f"{'try' if left == 1 else 'tries'} left.")
        else:
            self._say(str(error)[:1].upper() + str(error)[1:])
        field.focus()

    def _say(self, text: str) -> None:
        self.query_one("#unlock-message", Static).update(text)

    def action_later(self) -> None:
        self.notify(STAYS_LOCKED, title="Journal locked", timeout=10, markup=False)
        self.dismiss(False)


def unlock_journal(app: EbbtideApp, then: Callable[[bool], None] | None = None) -> None:
    """Ask for the passphrase (one unlock screen, however many parts of the app ask);
    `then` is told whether the journal was unlocked."""
    shown = next((s for s in app.screen_stack if isinstance(s, UnlockScreen)), None)
    if shown is None:
        shown = UnlockScreen(app.paths.journal_file)
        shown.waiting.append(lambda unlocked: app.forget_journal() if unlocked else None)
        app.push_screen(shown, shown.tell_waiting)
    if then is not None:
        shown.waiting.append(then)


def unlock_if_locked(app: EbbtideApp) -> None:
    """At start: an encrypted journal with no passphrase held asks for it."""
    from ebbtide.core.journal import cipher

    if cipher.is_encrypted(app.paths.journal_file) and not cipher.unlocked():
        unlock_journal(app)
