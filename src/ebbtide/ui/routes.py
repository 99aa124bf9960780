"""Section screens and CLI start routes, imported lazily so start-up stays fast."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from ebbtide.commands.context import StartRoute

if TYPE_CHECKING:
    from ebbtide.ui.app import EbbtideApp


def section_screen(name: str) -> Screen[None]:
    from ebbtide.ui.screens.coming_soon import ComingSoonScreen

    return ComingSoonScreen(name)


def open_route(app: EbbtideApp, route: StartRoute) -> None:
    if route.screen in app.MODES:
        app.go(route.screen)
        return
    app.notify(f"Nothing to open for '{route.screen}'.", severity="warning")
