"""Safe text: what a person stored, shown inert on a terminal (no escape reaches it).

One policy for every place that shows stored or file-supplied text: a character is a
*control* when it is not printable (C0 and C1 controls, DEL, bidi overrides and isolates,
zero-width and other format characters, lone surrogates from undecodable arguments). A
control is shown as a visible escape (`\\x1b`, `\\u202e`), never written raw.

`inert` is for showing; `reveal` / `conceal` are for editing: an Input or TextArea shows
`reveal(stored)`, and saving stores `conceal(shown)`, which gives back exactly the stored
text when the person changed nothing (`conceal(reveal(t)) == t` for every `t`)."""

from __future__ import annotations

import re

# Explicit, though `str.isprintable` already rejects them: the ranges the policy promises.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def is_control(ch: str) -> bool:
    """True for a character that must never reach a terminal raw."""
    if ch == " ":
        return False
    code = ord(ch)
    return (not ch.isprintable()) or 0x80 <= code <= 0x9F or ch in BIDI_CONTROLS


def visible_escape(ch: str) -> str:
    """How a control character is shown: `\\x1b` below U+0100, else `\\u202e`."""
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def inert(text: str, limit: int | None = None) -> str:
    """Text safe to print on a plain terminal: control characters (ANSI escapes, NUL, ...)
    shown as visible escapes, a line break as ⏎; optionally shortened with an ellipsis."""
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch == "\n":
            out.append("⏎")
        elif is_control(ch):
            out.append(visible_escape(ch))
        else:
            out.append(ch)
    return "".join(out)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 day', '2 days', '0 entries' (given plural_form='entries')."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def inert_lines(text: str) -> str:
    """Like `inert`, but line breaks are kept (for multi-line text on a terminal)."""
    return "\n".join(inert(line) for line in text.split("\n"))


# --------------------------------------------------------------------------- editing

# An escape body as `reveal` writes it and `conceal` reads it back. Patterns, not compiled
# here: `re` compiles them on first use and keeps them, and `ebbtide log` never edits.
_BODY = r"(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})"
_ESCAPED = r"(\\+)(" + _BODY + ")"
_BACKSLASHES_BEFORE_BODY = r"(\\+)(?=" + _BODY + ")"


def _removal(chars: str) -> dict[int, None]:
    return dict.fromkeys(map(ord, chars))


def reveal(text: str, keep: str = "") -> str:
    """Text to put in an editable field: each control character (except those in `keep`,
    e.g. "\\n\\t" for a TextArea) becomes a visible escape. A backslash that would make
    typed text look like an escape is doubled, so `conceal` can tell them apart."""
    # Most notes hold only printable text and the kept line breaks: no loop per character
    # (a million-character note took 40 ms to open for editing).
    if (text if not keep else text.translate(_removal(keep))).isprintable():
        if "\\" not in text:
            return text
        return re.sub(_BACKSLASHES_BEFORE_BODY, lambda m: m.group(1) * 2, text)
    out: list[str] = []
    body_at = re.compile(_BODY)
    run = 0  # backslashes waiting to see what follows them
    for index, ch in enumerate(text):
        if ch == "\\":
            run += 1
            continue
        control = is_control(ch) and ch not in keep
        if run:
            doubled = control or bool(body_at.match(text, index))
            out.append("\\" * (run * 2 if doubled else run))
            run = 0
        out.append(visible_escape(ch) if control else ch)
    out.append("\\" * run)
    return "".join(out)


def conceal(shown: str) -> str:
    """What to store from an edited field: the inverse of `reveal`. An odd run of
    backslashes before an escape body is a control character (only a control: `\\x41`
    stays as typed); an even run is half as many typed backslashes."""
    if "\\" not in shown:
        return shown

    def back(match: re.Match[str]) -> str:
        slashes, body = match.group(1), match.group(2)
        if len(slashes) % 2 == 0:
            return slashes[: len(slashes) // 2] + body
        ch = chr(int(body[1:], 16)) if int(body[1:], 16) <= 0x10FFFF else ""
        if ch and is_control(ch):
            return slashes[: len(slashes) // 2] + ch
        return slashes + body  # not something `reveal` writes: kept as typed

    return re.sub(_ESCAPED, back, shown)
