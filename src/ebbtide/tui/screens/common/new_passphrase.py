"""A new passphrase, typed twice: the two password fields and their check, shared by
Settings > Encryption… (the journal's passphrase) and the encrypted-save dialog (an age
file's passphrase)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from textual.dom import DOMNode
from textual.widgets import Input

from ebbtide.core.errors import EbbtideError


def new_passphrase_inputs(*, compact: bool = False) -> Iterator[Input]:
    yield Input(password=True, id="new", placeholder="New passphrase", compact=compact)
    yield Input(password=True, id="repeat", placeholder="New passphrase again",
                compact=compact)


def typed_new_passphrase(node: DOMNode, check: Callable[[str], object],
                         nothing_done: str) -> str:
    """The passphrase in the two fields under `node`, once `check` accepts it (it raises
    EbbtideError) and the two agree; else EbbtideError saying why (`nothing_done` ends the
    sentence when they differ, e.g. "nothing was changed")."""
    new = node.query_one("#new", Input).value
    check(new)
    if node.query_one("#repeat", Input).value != new:
        raise EbbtideError(f"The two new passphrases differ: {nothing_done}.")
    return new
