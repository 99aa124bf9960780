"""Section screens and CLI start routes, imported lazily so start-up stays fast.

A section registers its root screen in SECTION_SCREENS and, if the CLI can open straight
into it, a `open_route(app, args)` function in ROUTE_OPENERS ("module:function")."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from ebbtide.commands.context import StartRoute

if TYPE_CHECKING:
    from ebbtide.ui.app import EbbtideApp

SECTION_SCREENS: dict[str, str] = {
    "breathe": "ebbtide.ui.screens.breathe_menu:BreatheMenuScreen",
    "read": "ebbtide.ui.screens.reader:ReaderScreen",
    "meditate": "ebbtide.ui.screens.meditate_menu:MeditateMenuScreen",
    "journal": "ebbtide.ui.screens.journal:JournalScreen",
}
ROUTE_OPENERS: dict[str, str] = {
    "breathe": "ebbtide.ui.screens.breathe_menu:open_route",
    "read": "ebbtide.ui.screens.reader:open_route",
    "meditate": "ebbtide.ui.screens.meditate_menu:open_route",
    "timer": "ebbtide.ui.screens.timer:open_route",
    "journal": "ebbtide.ui.screens.journal:open_route",
    "check": "ebbtide.ui.screens.selfcheck:open_route",
    "report": "ebbtide.ui.screens.report:open_route",
    "insights": "ebbtide.ui.screens.insights:open_route",
}


def _load(reference: str) -> Any:
    module_name, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def section_screen_class(name: str) -> type[Screen[None]]:
    """The root screen class of a section (importing its module)."""
    screen_class: type[Screen[None]] = _load(SECTION_SCREENS[name])
    return screen_class


def section_screen(name: str) -> Screen[None]:
    reference = SECTION_SCREENS.get(name)
    if reference is not None:
        screen: Screen[None] = _load(reference)()
        return screen
    from ebbtide.ui.screens.coming_soon import ComingSoonScreen

    return ComingSoonScreen(name)


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
