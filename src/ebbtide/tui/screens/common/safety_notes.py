"""Safety notes in the app, and the home screen's "what has helped you" suggestion.

`show_safety_notes(app)` announces each note from `core.safety` once: a calm dialog with
the fact, a link to the reader article that explains it, and two ways out (close, or
"don't show again", which dismisses it for good). A note about a daily total above the
label maximum has a third: "my prescriber set a higher dose" (after a confirm, stored as
`higher_dose_ack_id(note)`, so daily totals up to it stop being announced; the report
still lists them). A crisis note opens the crisis resources at once instead. A note that
was shown is never popped up again; a crisis note comes back until the crisis dialog has
been closed once.

`home_suggestion(app)` is the practice that lowered this person's anxiety most over at
least 3 rated sessions (`core.insights.best_practice`), or None (home keeps its default).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from ebbtide.core.errors import EbbtideError
from ebbtide.core.health.safety import SafetyNote
from ebbtide.core.practice.summary import Suggestion
from ebbtide.tui.screens.common.base import EbbtideModal
from ebbtide.tui.styles import style

if TYPE_CHECKING:
    from ebbtide.core.journal.store import Journal
    from ebbtide.tui.app import EbbtideApp

SUGGESTION_DAYS = 180  # how far back the home suggestion looks at rated sessions

# Note ids queued or on screen, per app, so a second call (home resumed, another check-in)
# never stacks the same note twice.
_queued: weakref.WeakKeyDictionary[App[Any], set[str]] = weakref.WeakKeyDictionary()
# Notes waiting for their turn, per app.
_pending: weakref.WeakKeyDictionary[App[Any], list[SafetyNote]] = \
    weakref.WeakKeyDictionary()


def article_title(href: str) -> str:
    """The reader article's title for an `article:ID` link ('Read more' if unknown)."""
    from ebbtide.core.errors import ContentError
    from ebbtide.tui.screens.read.library import get_library

    _, _, article_id = href.partition(":")
    try:
        article = get_library().get(article_id.partition("#")[0])
    except ContentError:
        return "Read more"
    return article.title if article is not None else "Read more"


PRESCRIBED_LABEL = "My prescriber set a higher dose (p)"


def can_ack_higher_dose(note: SafetyNote) -> bool:
    return note.rule == "above-label-max" and note.total_mg is not None


class SafetyNoteScreen(EbbtideModal[str]):
    """One safety note. Dismissed with "read", "hide" (don't show again), "close", or for a
    daily total above the label maximum "prescribed"."""

    CSS_PATH = style("safety_notes.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('read')", "Read more", id="note.read"),
        Binding("d", "choose('hide')", "Don't show again", id="note.hide"),
        Binding("p", "choose('prescribed')", "My prescriber set a higher dose",
                id="note.prescribed"),
        Binding("escape,q", "choose('close')", "Close", id="note.close"),
    ]

    def __init__(self, note: SafetyNote, position: str = "") -> None:
        super().__init__()
        self.note = note
        self.position = position

    def compose(self) -> ComposeResult:
        note = self.note
        classes = f"safety-note -{note.severity}"
        with Vertical(id="safety-note", classes=classes):
            title = Text(note.title, style="bold")
            if self.position:
                title.append(f"  {self.position}", style="dim")
            yield Static(title, id="safety-note-title")
            yield Static(Text(note.message), id="safety-note-message")
            yield Static(Text.assemble(("More in the reader: ", "bold"),
                                       article_title(note.article)),
                         id="safety-note-article")
            yield Static(Text("Ebbtide states facts from your own log; it never gives dosing "
                              "advice. Your prescriber knows your situation.", style="dim"),
                         id="safety-note-footnote")
            with Horizontal(id="safety-note-buttons"):
                yield Button("Read more (r)", id="read", compact=True, variant="primary")
                yield Button("Don't show again (d)", id="hide", compact=True)
                if can_ack_higher_dose(note):
                    yield Button(PRESCRIBED_LABEL, id="prescribed", compact=True)
                yield Button("Close (Esc)", id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    @on(Button.Pressed, "#read, #hide, #close, #prescribed")
    def _choose(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "close")  # the button's id is the choice

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and parameters == ("prescribed",):
            return can_ack_higher_dose(self.note)
        return True

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


def pending_safety_notes(app: EbbtideApp) -> list[SafetyNote]:
    """The notes to announce now: raised by today's rules, not dismissed, never shown
    (crisis notes: until dismissed). Reads the journal; safe in a worker thread. Returns
    [] when the journal cannot be read (the screens say so themselves)."""
    from ebbtide.core.health.safety import current_notes, to_announce

    try:
        journal = app.journal()
        return to_announce(current_notes(journal, app.now()), journal.note_states())
    except EbbtideError:
        return []


def show_safety_notes(app: EbbtideApp, notes: Sequence[SafetyNote] | None = None) -> int:
    """Announce safety notes, each once, one dialog after another (crisis first). Call on
    the UI thread (from a worker: `app.call_from_thread(show_safety_notes, app, notes)`).
    `notes`: from `pending_safety_notes(app)` (computed here when None); whatever was
    shown or dismissed meanwhile is filtered out again. Returns how many were queued."""
    from ebbtide.core.health.safety import to_announce

    try:
        journal = app.journal()
        fresh = pending_safety_notes(app) if notes is None else list(notes)
        states = journal.note_states()
    except EbbtideError:
        return 0
    queued = _queued.setdefault(app, set())
    todo = [n for n in to_announce(fresh, states) if n.id not in queued]
    if not todo:
        return 0
    was_idle = not queued
    queued.update(n.id for n in todo)
    pending = _pending.setdefault(app, [])
    pending.extend(todo)
    if was_idle:
        _show_next(app)
    return len(todo)


def announced(app: EbbtideApp) -> int:
    """Notes shown or waiting to be shown in this run (0 once all were closed)."""
    return len(_queued.get(app, ()))


def _show_next(app: EbbtideApp) -> None:
    pending = _pending.get(app, [])
    if not pending:
        _queued.pop(app, None)
        _pending.pop(app, None)
        return
    note = pending.pop(0)
    total = len(pending)

    def done() -> None:
        _queued.get(app, set()).discard(note.id)
        _show_next(app)

    _mark(app, lambda j: j.mark_notes_shown([note.id]))
    if note.crisis:
        from ebbtide.tui.screens.common.crisis import CrisisScreen

        def after_crisis(_: None) -> None:
            # The crisis resources were seen: do not open them again for this note.
            _mark(app, lambda j: j.dismiss_note(note.id))
            done()

        app.push_screen(CrisisScreen(), after_crisis)
        return

    def after_note(choice: str | None) -> None:
        if choice == "hide":
            _mark(app, lambda j: j.dismiss_note(note.id))
        if choice == "prescribed":
            _confirm_higher_dose(app, note, done)
            return
        if choice == "read":
            from ebbtide.tui.screens.read.links import follow_link

            # Reading comes first: notes not shown yet wait for the next call (they were
            # never marked shown, so they are announced then).
            _queued.pop(app, None)
            _pending.pop(app, None)
            follow_link(app, note.article)
            return
        done()

    position = f"(1 of {total + 1})" if total else ""
    app.push_screen(SafetyNoteScreen(note, position), after_note)


def _confirm_higher_dose(app: EbbtideApp, note: SafetyNote, done: Callable[[], None]) -> None:
    """Ask once; on yes, store "my prescriber set a daily total up to this" (the note
    stops repeating; the report lists it with the date)."""
    from ebbtide.core.health.notes import fmt_mg
    from ebbtide.core.health.safety import higher_dose_ack_id
    from ebbtide.tui.screens.common.confirm import ConfirmScreen

    total = fmt_mg(note.total_mg or 0)

    def answered(yes: bool | None) -> None:
        if yes:
            _mark(app, lambda j: j.dismiss_note(higher_dose_ack_id(note)))
            app.notify(f"Noted: your prescriber set up to {total} mg a day. This note stops "
                       "repeating; your clinician report still lists it.", markup=False)
        done()

    app.push_screen(ConfirmScreen(
        f"Did your prescriber set a daily total of {total} mg of baclofen for you? Ebbtide "
        "will stop repeating this note for daily totals up to that. It never suggests a "
        "dose.", yes="Yes, my prescriber set it", no="No"), answered)


def _mark(app: EbbtideApp, write: Callable[[Journal], None]) -> None:
    try:
        write(app.journal())
    except EbbtideError as exc:
        app.notify(f"Could not remember this note: {exc}", severity="warning", markup=False)


def home_suggestion(app: EbbtideApp) -> Suggestion | None:
    """The breathing pattern or meditation that lowered this person's anxiety most, on
    average, over at least 3 rated sessions in the last SUGGESTION_DAYS days; None when
    none qualifies (or the journal cannot be read): then home keeps its default. Only
    practices that still exist are suggested. Reads the journal; safe in a worker."""
    from ebbtide.core.health.insights import best_practice, practice_stats

    now = app.now()
    try:
        records = app.journal().practices_between(now - timedelta(days=SUGGESTION_DAYS),
                                                  now + timedelta(days=1))
    except EbbtideError:
        return None
    titles = _titles(app)
    stats = [s for s in practice_stats(records) if titles(s.kind, s.content_id) is not None]
    return best_practice(stats, titles)


def _titles(app: EbbtideApp) -> Callable[[str, str], str | None]:
    """(kind, id) -> title from the pattern and meditation libraries (loaded once)."""
    scripts: dict[str, str] | None = None

    def title(kind: str, content_id: str) -> str | None:
        nonlocal scripts
        if kind == "breathe":
            try:
                pattern = app.patterns.get(content_id)
            except EbbtideError:
                return None
            return pattern.name if pattern is not None else None
        if kind == "meditate":
            if scripts is None:
                try:
                    from ebbtide.core.content.meditations import load_scripts

                    scripts = {s.id: s.name for s in load_scripts().scripts.values()}
                except EbbtideError:
                    scripts = {}
            return scripts.get(content_id)
        return None

    return title
