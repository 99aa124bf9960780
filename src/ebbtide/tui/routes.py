"""Section screens and CLI start routes, imported lazily so start-up stays fast.

A section registers its root screen in SECTION_SCREENS and, if the CLI can open straight
into it, a `open_route(app, args)` function in ROUTE_OPENERS ("module:function")."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from ebbtide.launch import StartRoute

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp

SECTION_SCREENS: dict[str, str] = {
    "breathe": "ebbtide.tui.screens.breathe.menu:BreatheMenuScreen",
    "read": "ebbtide.tui.screens.read.library:ReaderScreen",
    "meditate": "ebbtide.tui.screens.meditate.menu:MeditateMenuScreen",
    "journal": "ebbtide.tui.screens.journal.overview:JournalScreen",
}
ROUTE_OPENERS: dict[str, str] = {
    "breathe": "ebbtide.tui.screens.breathe.menu:open_route",
    "sos": "ebbtide.tui.screens.breathe.sos:open_route",
    "sleep": "ebbtide.tui.screens.sleep.setup:open_route",
    "read": "ebbtide.tui.screens.read.library:open_route",
    "meditate": "ebbtide.tui.screens.meditate.menu:open_route",
    "timer": "ebbtide.tui.screens.meditate.timer:open_route",
    "journal": "ebbtide.tui.screens.journal.overview:open_route",
    "check": "ebbtide.tui.screens.tools.selfcheck:open_route",
    "report": "ebbtide.tui.screens.tools.report:open_route",
    "insights": "ebbtide.tui.screens.tools.insights:open_route",
}


def _load(reference: str) -> Any:
    module_name, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def section_screen_class(name: str) -> type[Screen[None]]:
    """The root screen class of a section (importing its module)."""
    screen_class: type[Screen[None]] = _load(SECTION_SCREENS[name])
    return screen_class


def section_screen(name: str) -> Screen[None]:
    screen: Screen[None] = _load(SECTION_SCREENS[name])()
    return screen


def open_route(app: EbbtideApp, route: StartRoute) -> None:
    reference = ROUTE_OPENERS.get(route.screen)
    if reference is not None:
        opener: Callable[[EbbtideApp, dict[str, object]], None] = _load(reference)
        opener(app, route.args)
        return
    if route.screen in app.MODES:
        app.go(route.screen)
        return
    app.notify(f"Nothing to open for '{route.screen}'.", severity="warning")
