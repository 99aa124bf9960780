"""Section screens and CLI start routes, imported lazily so start-up stays fast."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from ebbtide.commands.context import StartRoute

if TYPE_CHECKING:
    from ebbtide.ui.app import EbbtideApp


def section_screen(name: str) -> Screen[None]:
    if name == "breathe":
        from ebbtide.ui.screens.breathe_menu import BreatheMenuScreen

        return BreatheMenuScreen()
    from ebbtide.ui.screens.coming_soon import ComingSoonScreen

    return ComingSoonScreen(name)


def open_route(app: EbbtideApp, route: StartRoute) -> None:
    if route.screen == "breathe":
        _open_breathe(app, route.args)
        return
    if route.screen in app.MODES:
        app.go(route.screen)
        return
    app.notify(f"Nothing to open for '{route.screen}'.", severity="warning")


def _open_breathe(app: EbbtideApp, args: dict[str, object]) -> None:
    from ebbtide.core.session_length import SessionLength

    app.go("breathe")
    pattern_id = args.get("pattern")
    if not isinstance(pattern_id, str):
        return
    pattern = app.patterns.find(pattern_id)
    if pattern is None:
        app.notify(f"No breathing pattern called '{pattern_id}'.", severity="warning",
                   markup=False)
        return
    minutes, cycles = args.get("minutes"), args.get("cycles")
    length = None
    if isinstance(cycles, int):
        length = SessionLength(cycles=cycles)
    elif isinstance(minutes, int | float):
        length = SessionLength(minutes=float(minutes))
    delay = args.get("start_delay")
    app.start_breathing(pattern, length,
                        start_delay=float(delay) if isinstance(delay, int | float) else None,
                        ask_ratings=not args.get("skip_ratings"))
