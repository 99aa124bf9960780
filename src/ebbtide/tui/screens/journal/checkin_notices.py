"""What the person is told when a check-in is saved: what was saved, at once when a side
effect or the note names an urgent sign (by meaning, with the severity), and the crisis
resources at once when a side effect, tag or the note uses crisis language; or why it was
not saved.

The check-in form calls `announce_saved(app, saved)` once, on the UI thread, where it
reports a saved new check-in."""

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


def urgent_names(saved: SavedCheckIn) -> list[str]:
    """What in the saved check-in names an urgent sign: side effects (confusion counts when
    logged as severe), then tags and the note."""

    found = [e.name for e in saved.side_effects if is_urgent(e.name, e.severity)]
    found += [e.note for e in saved.side_effects if e.note.strip() and is_urgent(e.note)]
    c = saved.checkin
    found += [t for t in (*c.tags, c.note) if t.strip() and is_urgent(t)]
    return list(dict.fromkeys(found))


def has_crisis_words(saved: SavedCheckIn) -> bool:
    """A side effect, its note, a tag or the check-in's note says the person may want to die
    or harm themselves."""
    from ebbtide.core.content.crisis_words import is_crisis_text

    c = saved.checkin
    texts = [*(e.name for e in saved.side_effects), *(e.note for e in saved.side_effects),
             *c.tags, c.note]
    return any(is_crisis_text(t) for t in texts if t.strip())


def open_crisis_for(app: EbbtideApp, saved: SavedCheckIn) -> None:
    """The crisis resources for this check-in, through the safety notes' queue, so the same
    crisis note is not opened a second time by the notes announced after a save; when the
    check-in is too old for a note, the dialog alone."""
    from ebbtide.core.health.insights import Snapshot
    from ebbtide.core.health.mind_rules import crisis
    from ebbtide.tui.screens.common.safety_notes import show_safety_notes

    snap = Snapshot(checkins=(saved.checkin,), side_effects=saved.side_effects)
    notes = crisis(snap, app.now())
    if notes:
        show_safety_notes(app, notes)
        return
    from ebbtide.tui.screens.common.crisis import CrisisScreen

    app.push_screen(CrisisScreen())


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
    """Everything the person is told once the journal holds the check-in (a new one, or
    `CheckIn` when edited): what was saved, an urgent sign at once, and the crisis
    resources at once (for the `region` setting). Call on the UI thread; the crisis dialog
    opens after the current screen change."""
    if isinstance(saved, CheckIn):
        app.notify("Your changes are saved.", title="Check-in", markup=False)
        return
    app.notify(describe_saved(saved), title="Check-in saved", markup=False)
    urgent = urgent_names(saved)
    if urgent:
        notify_urgent(app, urgent)
    if has_crisis_words(saved):
        app.call_later(open_crisis_for, app, saved)


def not_saved_message(error: EbbtideError) -> str:
    reason = str(error)
    return (f"Not saved: {reason[:1].lower()}{reason[1:]} Everything you typed is still "
            "here; press ctrl+s to try again.")
