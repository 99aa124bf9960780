"""Colours follow the theme on every screen, and opening a section parses only new CSS
(the incremental stylesheet that keeps start-up and first opens quick)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import textual.css.stylesheet as textual_stylesheet
from textual.cache import LRUCache
from textual.color import Color

import ebbtide.tui.tuned.stylesheet as tuned_stylesheet
from ebbtide.launch import Overrides
from ebbtide.tui.themes import EBBTIDE_THEMES

MakeApp = Callable[..., Any]
THEMES = {theme.name: theme for theme in EBBTIDE_THEMES}


def _background(name: str) -> Color:
    background = THEMES[name].background
    assert background is not None
    return Color.parse(background)


@pytest.mark.parametrize("theme", ["ebbtide-dusk", "ebbtide-dawn", "high-contrast"])
async def test_first_frame_is_in_the_chosen_theme(make_app: MakeApp, theme: str) -> None:
    app = make_app(overrides=Overrides(theme=theme))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.styles.background == _background(theme)


async def test_changing_theme_recolours_home_and_sections_opened_later(
        make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.styles.background == _background("ebbtide-dusk")
        app.theme = "ebbtide-dawn"
        await pilot.pause()
        assert app.screen.styles.background == _background("ebbtide-dawn")
        await pilot.press("3")
        await pilot.pause()
        assert app.current_mode == "read"
        assert app.screen.styles.background == _background("ebbtide-dawn")


@pytest.fixture
def parsed_sources(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[object]]:
    """How often each CSS source (file or widget class) is parsed, as in a fresh process
    (without the rules other tests' apps parsed)."""
    counts: Counter[object] = Counter()
    monkeypatch.setattr(tuned_stylesheet, "_SHARED_RULES",
                        LRUCache(tuned_stylesheet.SHARED_CACHE_SIZE))
    real_parse = textual_stylesheet.parse

    def counting_parse(scope: str, css: str, read_from: object, **kwargs: Any) -> Any:
        counts[read_from] += 1
        return real_parse(scope, css, read_from, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counting_parse)
    yield counts


async def test_opening_a_section_parses_only_css_not_seen_before(
        make_app: MakeApp, parsed_sources: Counter[object]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        at_home = dict(parsed_sources)
        assert at_home and all(count == 1 for count in at_home.values())
        parsed_sources.clear()
        for key in ("3", "escape", "4", "escape", "1"):
            await pilot.press(key)
            await pilot.pause()
        assert app.current_mode == "breathe"
        assert parsed_sources, "the sections bring CSS of their own"
        # Textual registers a class's CSS again, with a new priority, when the class
        # itself follows a subclass of it (Static after Door): that one source may repeat.
        reparsed = {name for _, name in set(parsed_sources) & set(at_home)}
        assert reparsed <= {"Static.DEFAULT_CSS"}
        assert ("App.DEFAULT_CSS" in {name for _, name in at_home}
                and any(str(path).endswith("ebbtide.tcss") for path, _ in at_home))
