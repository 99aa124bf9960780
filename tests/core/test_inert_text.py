"""One safe-text policy: controls never shown raw; editable text round-trips exactly."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ebbtide.core.text import conceal, inert, is_control, reveal

HOSTILE = "\x1b]52;c;SGVsbG8=\x07 \x1b[?1049l \x9b31m \u202eevil\u2066"


def test_inert_shows_every_kind_of_control_as_a_visible_escape() -> None:
    shown = inert(HOSTILE)
    assert shown == ("\\x1b]52;c;SGVsbG8=\\x07 \\x1b[?1049l \\x9b31m \\u202eevil\\u2066")
    assert not any(is_control(ch) for ch in shown)


def test_c1_controls_and_bidi_overrides_count_as_controls() -> None:
    assert all(is_control(chr(code)) for code in range(0x80, 0xA0))
    assert all(is_control(ch) for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert not any(is_control(ch) for ch in "a é ✓ 🌊 ␛")


def test_an_edited_field_shows_controls_and_keeps_them_when_saved_unchanged() -> None:
    shown = reveal(HOSTILE)
    assert not any(is_control(ch) for ch in shown)
    assert "\\x1b]52" in shown
    assert conceal(shown) == HOSTILE


def test_text_that_only_looks_like_an_escape_stays_as_typed() -> None:
    typed = r"C:\x1b\new \\u202e and \x41"
    assert conceal(reveal(typed)) == typed
    assert conceal(r"\x41") == r"\x41"  # only controls come back from an escape
    assert conceal(r"bell \x07") == "bell \x07"


def test_a_text_area_keeps_its_line_breaks_and_tabs() -> None:
    note = "line one\n\tline two \x1b[2J"
    shown = reveal(note, keep="\n\t")
    assert shown == "line one\n\tline two \\x1b[2J"
    assert conceal(shown) == note


@given(st.text(alphabet=st.sampled_from(list("\\xu01bfAe\x1b\x07\x9b\u202e\n ")) | st.characters()))
def test_reveal_then_conceal_gives_back_any_text(text: str) -> None:
    assert conceal(reveal(text)) == text
    assert not any(is_control(ch) for ch in reveal(text))
    assert conceal(reveal(text, keep="\n")) == text


def test_a_printable_note_with_line_breaks_keeps_typed_escapes_apart() -> None:
    note = "dose\\x1b at 8\n\tthen \\\\u202e\n"
    shown = reveal(note, keep="\n\t")
    assert "\n\t" in shown and shown.count("\\") == note.count("\\") * 2
    assert conceal(shown) == note
