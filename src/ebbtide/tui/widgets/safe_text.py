"""Showing text a person typed or a file supplied (notes, tags, medicine names, pattern and
article titles, settings problems) without ever interpreting it.

The one policy is `ebbtide.core.text`: control characters (ANSI escapes, NUL, C1, bidi
overrides, ...) are shown as visible escapes. Here it is shaped for widgets: everything goes
through `rich.text.Text` or `markup=False` (never parsed as markup); notices are inert (the
app's `notify` uses `notice`); editable fields show `editable(stored)` and store
`stored_from(field)`, which is the stored text again when the person changed nothing."""

from __future__ import annotations

from rich.text import Text

from ebbtide.core.text import conceal, inert, inert_lines, reveal

PREVIEW_CHARS = 60
DETAIL_CHARS = 20_000  # beyond this the detail view says how much more there is


def one_line(text: str, limit: int | None = PREVIEW_CHARS) -> str:
    """A single inert line: line breaks become ⏎, long text ends in an ellipsis."""
    return inert(text, limit)


def multi_line(text: str, limit: int | None = DETAIL_CHARS,
               more_hint: str = "press n to show all of it") -> str:
    """Inert text that keeps its line breaks (for a detail view). Tabs become spaces.
    Beyond `limit` characters it ends with how much more there is and `more_hint`."""
    more = 0
    if limit is not None and len(text) > limit:
        more = len(text) - limit
        text = text[:limit]
    lines = [inert(line.replace("\t", "    ")) for line in text.split("\n")]
    shown = "\n".join(lines)
    if more:
        shown += f"\n… and {more:,} more characters: {more_hint}."
    return shown


def safe(text: str, style: str = "", limit: int | None = None) -> Text:
    """A Text with one inert line of user text in it."""
    return Text(inert(text, limit), style=style)


def lines(text: str) -> Text:
    """A Text with inert user text that keeps its line breaks."""
    return Text(inert_lines(text))


def notice(text: str) -> str:
    """A notification message: inert, line breaks kept (shown with markup off)."""
    return inert_lines(text)


def editable(stored: str, *, multi_line: bool = False) -> str:
    """What an Input (or a TextArea, with `multi_line`) shows for stored text: controls as
    visible escapes such as \\x1b, line breaks and tabs kept in a TextArea."""
    return reveal(stored, keep="\n\t" if multi_line else "")


def stored_from(shown: str) -> str:
    """What to store from an edited field: visible escapes back to the characters they
    stand for, so an unchanged field stores exactly what was there."""
    return conceal(shown)
