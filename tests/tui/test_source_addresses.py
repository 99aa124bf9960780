"""Issue 15: an article's source addresses are never broken mid-address. Each sits whole on
a line of its own (an ellipsis when the width is short), is a terminal hyperlink (OSC 8) to
the full address, and is in the l list, where Enter shows it in full and c copies it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import OptionList, Static

from ebbtide.launch import StartRoute
from ebbtide.tui.screens.read.address import AddressScreen
from ebbtide.tui.screens.read.article import ArticleScreen, LinkListScreen

MakeApp = Callable[..., Any]
ARTICLE = "what-is-baclofen"


async def _article(pilot: Any) -> ArticleScreen:
    await pilot.pause()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ArticleScreen)
    return screen


@pytest.mark.parametrize("size", [(80, 24), (40, 12), (200, 50)])
async def test_each_address_is_one_line_linked_to_the_whole_address(
        size: tuple[int, int], make_app: MakeApp) -> None:
    app = make_app(route=StartRoute("read", {"article": ARTICLE}))
    async with app.run_test(size=size) as pilot:
        screen = await _article(pilot)
        sources = screen.query_one("#article-sources", Static)
        lines = sources.render_lines(sources.region.reset_offset)
        for source in screen.article.sources:
            linked = [line for line in lines
                      if any(seg.style is not None and seg.style.link == source.url
                             for seg in line)]
            assert len(linked) == 1, source.url  # one line, never folded onto a second
            text = linked[0].text.strip()
            assert text == source.url or (text.endswith("…")
                                          and source.url.startswith(text[:-1]))


async def test_the_links_list_holds_the_sources_and_shows_one_in_full(
        make_app: MakeApp) -> None:
    app = make_app(route=StartRoute("read", {"article": ARTICLE}))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _article(pilot)
        last = screen.article.sources[-1]
        await pilot.press("l")
        await pilot.pause()
        links = app.screen
        assert isinstance(links, LinkListScreen)
        assert links.links[-1] == (last.name, last.url)
        options = links.query_one(OptionList)
        options.highlighted = options.option_count - 1
        await pilot.press("enter")
        await pilot.pause()
        address = app.screen
        assert isinstance(address, AddressScreen) and address.url == last.url
