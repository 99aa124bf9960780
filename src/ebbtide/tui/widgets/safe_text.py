"""Showing text a person typed (notes, tags, medicine names) without ever interpreting it.

Everything goes through `rich.text.Text` (never parsed as markup) and control characters
(ANSI escapes, NUL, ...) are shown as visible escapes, so hostile text stays inert."""

from __future__ import annotations

from rich.text import Text

from ebbtide.core.text import inert

PREVIEW_CHARS = 60
DETAIL_CHARS = 20_000  # beyond this the detail view says how much more there is


def one_line(text: str, limit: int = PREVIEW_CHARS) -> str:
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
