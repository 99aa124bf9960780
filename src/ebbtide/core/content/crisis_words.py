"""Crisis language in typed text (content/safety/crisis-language.toml), kept in a light
module of its own so `ebbtide log` can check a note without importing the safety rules."""

from __future__ import annotations

from ebbtide.core.content.phrases import family_file
from ebbtide.core.content.resources import CRISIS_LANGUAGE


def is_crisis_text(text: str) -> bool:
    """Typed text that says the person wants to die or to harm themselves (by meaning)."""
    return bool(family_file(CRISIS_LANGUAGE).matching(text))
