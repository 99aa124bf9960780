"""UI and snapshot tests draw the last frame, not every frame.

In a headless test Textual still composes every frame (each widget's lines, cut and
joined) and then throws it away, since there is no terminal to write to: about a quarter
of the UI tests' CPU. Here a headless app skips that, keeping everything else a frame does
(layout, sizes, scroll positions, messages), and each test draws the screen it ends on, in
full, so a widget that cannot draw still fails its test (a snapshot test draws it for its
picture). The fault tests draw every frame in a real terminal. A test that must see every
frame drawn is marked `every_frame`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

_compose_frame = Screen._compositor_refresh
_run_test = App.run_test


def _frame_without_drawing(screen: Screen[Any]) -> None:
    app = screen.app
    if not (app.is_headless and screen is app.screen and not app.is_inline):
        _compose_frame(screen)
        return
    screen._compositor._dirty_regions.clear()
    screen._dirty_widgets.clear()
    app._update_mouse_over(screen)


def draw_in_full(app: App[Any]) -> None:
    """Compose the current screen as a terminal would show it (raises what a widget's
    drawing raises)."""
    app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)


@asynccontextmanager
async def run_test_draws_the_last_frame(app: App[Any], *args: Any,
                                        **kwargs: Any) -> AsyncIterator[Pilot[Any]]:
    async with _run_test(app, *args, **kwargs) as pilot:
        yield pilot
        if app.is_running and app._screen_stack:
            await pilot.pause()
            draw_in_full(app)


def draw_last_frame_only(request: pytest.FixtureRequest,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.get_closest_marker("every_frame") is None:
        monkeypatch.setattr(Screen, "_compositor_refresh", _frame_without_drawing)
        monkeypatch.setattr(App, "run_test", run_test_draws_the_last_frame)
