"""Settings > Encryption…: encrypt the journal, change its passphrase or decrypt it, the
same conversion as `ebbtide encrypt`, `passphrase` and `decrypt` (`core.journal.encrypting`).

What a forgotten passphrase means is said on the screen before anything is pressed; the
new passphrase is typed twice; the current one is asked again before changing or removing
it. The conversion runs in a worker with the app's journal closed meanwhile."""

from __future__ import annotations

import sqlite3
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Static

from ebbtide.core.errors import EbbtideError
from ebbtide.tui.app_access import ebbtide_app
from ebbtide.tui.screens.common.base import EbbtideModal
from ebbtide.tui.screens.common.new_passphrase import (
    new_passphrase_inputs,
    typed_new_passphrase,
)
from ebbtide.tui.screens.common.unlock import as_sentence
from ebbtide.tui.styles import styles


class Converted(Message):
    """From the worker: `error` is None when the conversion is done."""

    def __init__(self, done: str, error: EbbtideError | None) -> None:
        super().__init__()
        self.done = done
        self.error = error


class EncryptionScreen(EbbtideModal[None]):
    CSS_PATH = styles("shared.tcss", "unlock.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="encryption.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.busy = False

    @property
    def encrypted(self) -> bool:
        from ebbtide.core.journal import cipher

        return cipher.is_encrypted(ebbtide_app(self).paths.journal_file)

    def compose(self) -> ComposeResult:
        from ebbtide.core.journal.encrypting import NO_RECOVERY

        encrypted = self.encrypted
        with Vertical(id="encryption"):
            yield Static("Journal encryption", id="unlock-title", markup=False)
            yield Static("Your journal and its backups are encrypted with a passphrase."
                         if encrypted else "Your journal is not encrypted: anyone who can "
                         "read your files can read it.", id="encryption-state", markup=False)
            yield Static(NO_RECOVERY, id="encryption-warning", markup=False)
            if encrypted:
                yield Input(password=True, id="current", placeholder="Current passphrase")
            yield from new_passphrase_inputs()
            yield Static("", id="unlock-message", classes="field-error", markup=False)
            with Horizontal(id="encryption-buttons"):
                yield Button("Change passphrase" if encrypted else "Encrypt",
                             variant="primary", id="apply", compact=True)
                if encrypted:
                    yield Button("Decrypt", id="decrypt", compact=True)
                yield Button("Close (Esc)", id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#current" if self.encrypted else "#new", Input).focus()

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    @on(Button.Pressed, "#apply")
    def _apply(self) -> None:
        from ebbtide.core.journal import cipher

        try:
            new = typed_new_passphrase(self, cipher.check_passphrase, "nothing was changed")
        except EbbtideError as exc:
            self._say(str(exc))
            return
        self._start(new)

    @on(Button.Pressed, "#decrypt")
    def _decrypt(self) -> None:
        self._start(None)

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.action_close()

    def _start(self, passphrase: str | None) -> None:
        if self.busy:
            return
        self.busy = True
        self._say("Converting… (do not close Ebbtide)")
        current = self._value("current") if self.encrypted else None
        self._convert(current, passphrase)

    @work(thread=True, exclusive=True, group="encryption")
    def _convert(self, current: str | None, passphrase: str | None) -> None:
        from ebbtide.core.journal import cipher
        from ebbtide.core.journal.encrypting import convert

        app = ebbtide_app(self)
        done = ("Your journal is decrypted." if passphrase is None else
                "The passphrase is changed." if current is not None else
                "Your journal is encrypted.")
        try:
            if current is not None:
                cipher.unlock(app.paths.journal_file, current)
            with app.journal_set_aside():
                convert(app.paths, passphrase)
        except (EbbtideError, OSError, sqlite3.Error) as exc:
            self.post_message(Converted(done, as_sentence(exc)))
            return
        self.post_message(Converted(done, None))

    @on(Converted)
    def _converted(self, converted: Converted) -> None:
        self.busy = False
        if converted.error is not None:
            text = str(converted.error)
            self._say(text[:1].upper() + text[1:])
            return
        self.notify(converted.done, title="Journal", timeout=10, markup=False)
        self.dismiss(None)

    def _say(self, text: str) -> None:
        self.query_one("#unlock-message", Static).update(text)

    def action_close(self) -> None:
        if not self.busy:
            self.dismiss(None)
