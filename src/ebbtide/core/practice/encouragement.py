"""Short, honest lines for the home screen. No promises, no pressure."""

from __future__ import annotations

LINES: tuple[str, ...] = (
    "Breathe out a little longer than you breathe in.",
    "Five slow minutes count. So does one.",
    "You don't have to feel calm to practise calm.",
    "Notice your shoulders. Let them drop a little.",
    "Small steps, repeated, add up.",
    "A missed day is just a day. Start again whenever you like.",
    "Your notes help your prescriber help you.",
    "Feelings rise and fall, like the tide.",
    "Be as kind to yourself as you would be to a friend.",
    "Rest is part of the work.",
)


def line_for(index: int) -> str:
    return LINES[index % len(LINES)]
