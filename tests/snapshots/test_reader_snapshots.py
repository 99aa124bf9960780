"""Snapshots of the reader at 80x24 (and 40x12) with animation off."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from ebbtide.launch import Overrides, StartRoute
from ebbtide.tui.screens.read.article import ArticleScreen
from ebbtide.tui.screens.read.search import ReaderSearchScreen
from tests.conftest import settle_until

SIZE = (80, 24)


def _reader(make_app: Callable[..., Any], article: str | None = None) -> Any:
    return make_app(route=StartRoute("read", {"article": article}),
                    overrides=Overrides(reduced_motion=True))


async def _settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.pause()


def test_library_list(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    assert snap_compare(_reader(make_app), run_before=_settle, terminal_size=SIZE)


def test_library_list_small(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    assert snap_compare(_reader(make_app), run_before=_settle, terminal_size=(40, 12))


def test_article(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    assert snap_compare(_reader(make_app, "withdrawal"), run_before=_settle,
                        terminal_size=SIZE)


def test_article_small(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    assert snap_compare(_reader(make_app, "withdrawal"), run_before=_settle,
                        terminal_size=(40, 12))


def test_article_with_contents(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    assert snap_compare(_reader(make_app, "anxiety-evidence"), run_before=_settle,
                        terminal_size=(110, 30))


# Drawn frame by frame: the list scrolls its highlight into view as it draws (tests/frames.py).
@pytest.mark.every_frame
def test_search_results(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    async def search(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        await pilot.press("slash", *"withdrawal")
        screen = pilot.app.screen
        assert isinstance(screen, ReaderSearchScreen)
        await settle_until(pilot, lambda: screen.query_text == "withdrawal",
                           "the results are for 'withdrawal'")

    assert snap_compare(_reader(make_app), run_before=search, terminal_size=SIZE)


def test_crisis_dialog(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    async def crisis(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ArticleScreen)
        screen.follow("action:crisis")
        await pilot.pause()

    assert snap_compare(_reader(make_app, "depression-mood"), run_before=crisis,
                        terminal_size=SIZE)
