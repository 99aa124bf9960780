"""What the person is told when a check-in is saved: what was saved, and at once when a
side effect needs medical help; or why it was not saved."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ebbtide.core.content.side_effects import is_urgent
from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.models import CheckIn, SavedCheckIn
from ebbtide.tui.widgets.safe_text import one_line

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp


def urgent_message(names: Sequence[str]) -> str:
    """The notice for side effects that need medical help at once."""
    listed = ", ".join(one_line(n, 60) for n in names)
    return (f"Seek medical help now: {listed} can be a sign of a serious problem. Contact a "
            "doctor straight away, or call your local emergency number (for example 911, "
            "999 or 112).")


# Called after a check-in with an urgent side effect is saved. The safety part of the app
# can replace this to show more (it receives the app and the urgent names).
URGENT_HOOKS: list[Callable[[EbbtideApp, Sequence[str]], None]] = []


def notify_urgent(app: EbbtideApp, names: Sequence[str]) -> None:
    app.notify(urgent_message(names), title="Seek medical help now", severity="error",
               timeout=30, markup=False)
    for hook in URGENT_HOOKS:
        hook(app, names)


def describe_saved(saved: SavedCheckIn) -> str:
    c = saved.checkin
    parts = [f"mood {c.mood}", f"anxiety {c.anxiety}"]
    for dose in saved.doses:
        amount = f" {dose.amount_mg:g} mg" if dose.amount_mg is not None else ""
        parts.append(f"{one_line(dose.medication, 30)}{amount} {dose.status}")
    if saved.side_effects:
        parts.append(", ".join(f"{one_line(e.name, 30)} ({e.severity})"
                               for e in saved.side_effects))
    return "Saved: " + ", ".join(parts) + "."


def announce_saved(app: EbbtideApp, saved: SavedCheckIn | CheckIn) -> None:
    """Said once the journal holds the check-in (a new one, or `CheckIn` when edited)."""
    if isinstance(saved, CheckIn):
        app.notify("Your changes are saved.", title="Check-in", markup=False)
        return
    app.notify(describe_saved(saved), title="Check-in saved", markup=False)
    urgent = [e.name for e in saved.side_effects if is_urgent(e.name)]
    if urgent:
        notify_urgent(app, urgent)


def not_saved_message(error: EbbtideError) -> str:
    reason = str(error)
    return (f"Not saved: {reason[:1].lower()}{reason[1:]} Everything you typed is still "
            "here; press ctrl+s to try again.")
