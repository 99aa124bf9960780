"""Delete to the trash with one step of undo (u), shared by the journal's screens."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from textual.app import App

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.models import Record, RecordKind
from ebbtide.tui.notices import withdraw
from ebbtide.tui.screens.journal.text import KIND_NAMES

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp

DELETED_TITLE = "Deleted"
_last_deleted: weakref.WeakKeyDictionary[App[Any], tuple[RecordKind, int]] = \
    weakref.WeakKeyDictionary()


def delete_with_undo(app: EbbtideApp, record: Record) -> bool:
    """Move `record` to the trash and say how to undo it. False when it failed."""
    try:
        moved = app.journal().delete(record.kind, record.id)
    except EbbtideError as exc:
        app.notify(f"Not deleted: {exc}", severity="error", markup=False)
        return False
    _last_deleted[app] = (record.kind, record.id)
    what = KIND_NAMES.get(record.kind, record.kind)
    at = getattr(record, "at", None)
    when = f" from {at:%H:%M}" if at is not None else ""
    extra = f" (and {moved - 1} linked entr{'y' if moved == 2 else 'ies'})" if moved > 1 else ""
    app.notify(f"The {what}{when}{extra} is in the trash. Press u to undo.",
               title=DELETED_TITLE, timeout=10, markup=False)
    return True


def undo_last_delete(app: EbbtideApp) -> bool:
    last = _last_deleted.pop(app, None)
    withdraw(app, DELETED_TITLE)  # "press u to undo" no longer holds, whatever follows
    if last is None:
        app.notify("Nothing to undo.", markup=False)
        return False
    try:
        restored = app.journal().undo_delete(*last)
    except EbbtideError as exc:
        app.notify(f"Could not undo: {exc}", severity="error", markup=False)
        return False
    app.notify("Brought back from the trash." if restored else "It was no longer in the trash.",
               markup=False)
    return bool(restored)
