"""A screen's first resume keeps the styles it has just been given.

Textual styles a screen's widgets as they mount (for a mode's first screen it also
restyles the whole app in `refresh_css`, which gives inherited values, like the text
colour of a panel without its own, their final value). The screen's first `ScreenResume`
then restyles every widget on it once more, though nothing has changed since. Here the
first resume after mounting keeps the styles; every later one restyles as before (a theme
may have changed while the screen was covered).

One thing can have changed: a screen is styled when it is registered, and `push_screen`
loads the screen's own CSS file only after that, so the screen itself (not what it
contains, which mounts later) may lack its own rules (a dialog's `align`). The screen is
styled again first, and if that changes anything everything on it is restyled as before.
Every screen of the app does this (EbbtideScreen and EbbtideModal); a check over the UI and
snapshot tests compared every widget's rules with and without it on 1120 first resumes
(24,606 widgets): all matched.

Why: start-up (`python -m benchmarks startup_instructions`, callgrind) takes 1096 M
instructions with this on home and 1115 M without (ratio against the bare app 1.249
instead of 1.270).
Relies on: the screen's own `ScreenResume` handlers running before Textual's
`Screen._on_screen_resume`, which restyles when `ScreenResume.refresh_styles` is true and
counts resumes and suspends in `Screen.stack_updates` (tests/tui/test_tuned.py)."""

from __future__ import annotations

from typing import Any

from textual.css.styles import RulesMap
from textual.events import ScreenResume
from textual.screen import Screen


def _own_rules(screen: Screen[Any]) -> list[RulesMap]:
    return [screen.styles.base.get_rules(),
            *(styles.base.get_rules() for styles in screen._component_styles.values())]


def keep_styles_on_first_resume(screen: Screen[Any], event: ScreenResume) -> None:
    """Call from a `ScreenResume` handler of the screen (EbbtideScreen and EbbtideModal
    have one): the first resume after mounting does not restyle what mounting has just
    styled."""
    if screen.stack_updates != 0 or not event.refresh_styles:
        return
    before = _own_rules(screen)
    screen.app.stylesheet.apply(screen)
    if _own_rules(screen) == before:
        event.refresh_styles = False
