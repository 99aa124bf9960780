"""The encrypted-save dialog: how to encrypt a file in the age format before it is written,
with a new passphrase typed twice or to the age public key (age1…) of whoever should open
it. It returns a `Sealing` (core.journal.age_file), or None when cancelled; the caller
encrypts and writes. Shown only when pyrage is installed (`age_missing` says otherwise)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Static

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.age_file import Sealing
from ebbtide.tui.screens.common.base import EbbtideModal
from ebbtide.tui.screens.common.new_passphrase import (
    new_passphrase_inputs,
    typed_new_passphrase,
)
from ebbtide.tui.styles import styles

EXPLAINED = ("Type a new passphrase twice, or paste the age public key (age1…) of whoever "
             "should open the file. A forgotten passphrase cannot be recovered.")


def age_missing() -> str | None:
    """What to install when encrypted files cannot be written here, else None."""
    from ebbtide.core.journal.age_file import AgeUnavailable, require_age

    try:
        require_age()
    except AgeUnavailable as exc:
        text = str(exc)
        return text[:1].upper() + text[1:] + "."
    return None


class SealDialog(EbbtideModal[Sealing | None]):
    CSS_PATH = styles("shared.tcss", "seal.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="seal.cancel"),
    ]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="seal"):
            yield Static(EXPLAINED, id="seal-explained", markup=False)
            yield from new_passphrase_inputs(compact=True)
            yield Input(id="recipient", placeholder="or an age public key: age1…",
                        compact=True)
            yield Static("", id="seal-message", classes="field-error", markup=False)
            with Horizontal(id="seal-buttons"):
                yield Button("Encrypt and save", variant="primary", id="seal-apply",
                             compact=True)
                yield Button("Cancel (Esc)", id="seal-cancel", compact=True)

    def on_mount(self) -> None:
        box = self.query_one("#seal")
        box.border_title = f"Save {self.what} encrypted (age)"
        self.query_one("#new", Input).focus()

    @on(Button.Pressed, "#seal-apply")
    @on(Input.Submitted)
    def apply(self) -> None:
        try:
            sealing = self.sealing()
        except EbbtideError as exc:
            text = str(exc)
            message = self.query_one("#seal-message", Static)
            message.update(text[:1].upper() + text[1:])
            self.call_after_refresh(message.scroll_visible, animate=False)
            return
        self.dismiss(sealing)

    def sealing(self) -> Sealing:
        """What the fields ask for; EbbtideError says what is wrong."""
        from ebbtide.core.journal.age_file import check_passphrase, parse_recipients

        key = self.query_one("#recipient", Input).value.strip()
        typed = self.query_one("#new", Input).value or self.query_one("#repeat", Input).value
        if key and typed:
            raise EbbtideError("Type a passphrase or an age public key, not both: nothing "
                               "was saved.")
        if key:
            return Sealing(False, recipients=parse_recipients([key]))
        return Sealing(False, passphrase=typed_new_passphrase(self, check_passphrase,
                                                              "nothing was saved"))

    @on(Button.Pressed, "#seal-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
