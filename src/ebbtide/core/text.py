"""Safe text: what a person stored, shown inert on a terminal (no escape reaches it)."""

from __future__ import annotations


def inert(text: str, limit: int | None = None) -> str:
    """Text safe to print on a plain terminal: control characters (ANSI escapes, NUL, ...)
    shown as visible escapes; optionally shortened with an ellipsis."""
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable() or ch == " ":
            out.append(ch)
        elif ch == "\n":
            out.append("⏎")
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return "".join(out)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 day', '2 days', '0 entries' (given plural_form='entries')."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"
