"""The reader as a person uses it: library, articles, links, search, bookmarks, positions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rich.padding import Padding
from rich.text import Text
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.widgets import Input, Markdown, OptionList, Static
from textual.widgets.markdown import MarkdownBlock

from ebbtide.launch import StartRoute
from ebbtide.tui.screens.breathe.session import BreathingScreen
from ebbtide.tui.screens.common.crisis import CrisisScreen
from ebbtide.tui.screens.read.address import AddressScreen
from ebbtide.tui.screens.read.article import ArticleScreen, LinkListScreen, reader_markdown
from ebbtide.tui.screens.read.glossary import GlossaryScreen
from ebbtide.tui.screens.read.library import ReaderScreen, get_library
from ebbtide.tui.screens.read.links import action_route, parse_link
from ebbtide.tui.screens.read.search import HIGHLIGHT, ReaderSearchScreen
from tests.conftest import settle_until

MakeApp = Callable[..., Any]


def _text(widget: Static) -> str:
    return str(widget.render())


def _drawn(widget: Any) -> str:
    """The widget's text as drawn on screen."""
    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join(line.text for line in lines)


async def _open_library(pilot: Any) -> ReaderScreen:
    await pilot.press("3")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


async def _open_article(pilot: Any, article_id: str) -> ArticleScreen:
    library = await _open_library(pilot)
    options = library.query_one("#reader-list", OptionList)
    options.highlighted = options.get_option_index(article_id)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ArticleScreen)
    assert screen.article.id == article_id
    assert screen.ready
    return screen


def _click_link(screen: ArticleScreen, href: str) -> None:
    """What a mouse click on a link in the Markdown does."""
    markdown = screen.query_one("#article-body", Markdown)
    markdown.post_message(Markdown.LinkClicked(markdown, href))


def _scroll(screen: ArticleScreen) -> VerticalScroll:
    return screen.query_one("#article-scroll", VerticalScroll)


# -- pure link parsing ---------------------------------------------------------------------


def test_links_mean_what_the_content_says() -> None:
    assert parse_link("article:withdrawal#intrathecal-baclofen").anchor == "intrathecal-baclofen"
    assert parse_link("glossary:half-life").kind == "glossary"
    assert parse_link("https://www.nhs.uk/x").kind == "external"
    assert parse_link("action:crisis").kind == "action"
    assert parse_link("mailto:someone@example.org").kind == "unknown"
    assert action_route("breathe/4-7-8") == StartRoute("breathe", {"pattern": "4-7-8"})
    assert action_route("meditate/body-scan-10") == StartRoute("meditate",
                                                               {"script": "body-scan-10"})
    assert action_route("journal/side-effect") == StartRoute("journal", {"form": "side-effect"})
    assert action_route("check/phq9") == StartRoute("check", {"check": "phq9"})
    assert action_route("report") == StartRoute("report", {})


def test_every_link_in_the_library_is_understood() -> None:
    library = get_library()
    for article in library.articles:
        for link in article.links():
            href = f"{link.scheme}:{link.target}" if link.scheme not in ("http", "https") \
                else link.target
            assert parse_link(href).kind != "unknown", (article.id, href)


def test_reader_markdown_keeps_lines_and_quiets_evidence_tags() -> None:
    article = get_library().get("withdrawal")
    assert article is not None
    text = reader_markdown(article)
    assert text.count("\n") >= article.body.rstrip().count("\n")
    assert "**[Evidence" not in text
    assert "`[evidence: label]`" in text
    assert not text.lstrip().startswith("# ")  # the header line shows the title
    assert text.rstrip().endswith("## Sources")


# -- library, article, links, back -----------------------------------------------------------


async def test_library_to_article_to_link_and_back(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        library = await _open_library(pilot)
        options = library.query_one("#reader-list", OptionList)
        first = options.get_option_at_index(0).id
        assert first == "what-is-baclofen"
        assert "0 of 12 read" in _text(library.query_one("#reader-legend", Static))

        article = await _open_article(pilot, "what-is-baclofen")
        header = _text(article.query_one("#article-title", Static))
        assert "What baclofen is and how it works" in header
        assert "Reviewed 30 Nov 2026 · 5 min" in _text(article.query_one("#article-meta",
                                                                          Static))
        assert "not medical advice" in _text(article.query_one("#article-disclaimer", Static))
        sources = _drawn(article.query_one("#article-sources", Static))
        assert "MedlinePlus: Baclofen" in sources
        assert "https://medlineplus.gov/druginfo/meds/a682530.html" in sources
        article.query_one("#article-scroll").focus()

        # Keyboard: l lists the links, Enter follows one.
        await pilot.press("l")
        links = app.screen
        assert isinstance(links, LinkListScreen)
        hrefs = [href for _, href in links.links]
        choice = links.query_one("#link-options", OptionList)
        choice.highlighted = hrefs.index("article:interactions")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article.id == "interactions"

        # Mouse: a click on an article link opens it on top.
        _click_link(app.screen, "article:withdrawal")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article.id == "withdrawal"

        await pilot.press("escape")
        assert app.screen.article.id == "interactions"
        await pilot.press("escape")
        assert app.screen is article
        await pilot.press("escape")
        assert app.screen is library  # type: ignore[comparison-overlap]
        await pilot.press("escape")
        assert app.current_mode == "home"


async def test_article_link_with_anchor_scrolls_to_that_heading(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        article = await _open_article(pilot, "anxiety-agitation")
        _click_link(article, "article:withdrawal#intrathecal-baclofen")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ArticleScreen) and screen.article.id == "withdrawal"
        heading = next(block for block in screen.query(MarkdownBlock)
                       if block.name == "heading_open"
                       and "Intrathecal baclofen" in str(block.render()))
        scroll = _scroll(screen)
        assert scroll.scroll_y > 10
        top = heading.virtual_region.y - scroll.virtual_region.y
        assert scroll.scroll_y <= top < scroll.scroll_y + 5


async def test_glossary_link_shows_the_definition(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        article = await _open_article(pilot, "withdrawal")
        _click_link(article, "glossary:taper")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, GlossaryScreen)
        assert _text(dialog.query_one("#glossary-term", Static)) == "Taper"
        assert "step by step" in _text(dialog.query_one("#glossary-definition", Static)).lower()
        await pilot.press("escape")
        assert app.screen is article


async def test_breathing_link_starts_that_pattern(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        article = await _open_article(pilot, "withdrawal")
        _click_link(article, "action:breathe/4-7-8")
        await pilot.pause()
        await pilot.pause()
        assert app.current_mode == "breathe"
        assert isinstance(app.screen, BreathingScreen)
        assert app.screen.session.pattern.id == "4-7-8"


async def test_crisis_link_shows_crisis_resources(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        article = await _open_article(pilot, "depression-mood")
        _click_link(article, "action:crisis")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CrisisScreen)
        text = _text(dialog.query_one("#crisis-text", Static))
        for needed in ("emergency number", "988", "116 123", "findahelpline.com", "Today"):
            assert needed in text
        await pilot.press("escape")
        assert app.screen is article


async def test_external_link_shows_the_address_and_opens_nothing(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    opened: list[str] = []
    copied: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    url = "https://www.nhs.uk/medicines/baclofen/"
    async with app.run_test(size=(80, 24)) as pilot:
        article = await _open_article(pilot, "withdrawal")
        _click_link(article, url)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AddressScreen)
        assert url in _text(dialog.query_one("#address-url", Static))
        await pilot.press("c")
        assert copied == [url]
        await pilot.press("escape")
        assert app.screen is article
        _click_link(article, "ftp://example.org/file")
        await pilot.pause()
        assert app.screen is article
    assert opened == []


# -- search --------------------------------------------------------------------------------


async def _searched(pilot: Any, search: ReaderSearchScreen) -> None:
    """Wait out the typing pause (the search's debounce) until the results are for the
    words in the box."""
    box = search.query_one("#search-input", Input)
    await settle_until(pilot, lambda: search.query_text == box.value,
                       f"the results are for {box.value!r}")


async def test_search_highlights_matches_and_opens_the_article(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_library(pilot)
        await pilot.press("slash")
        search = app.screen
        assert isinstance(search, ReaderSearchScreen)
        await pilot.press(*"withdrawal")
        await _searched(pilot, search)
        results = search.query_one("#search-results", OptionList)
        assert results.option_count > 10
        assert "articles" in _text(search.query_one("#search-status", Static))
        prompts = [results.get_option_at_index(i).prompt for i in range(results.option_count)]
        texts = [p.renderable if isinstance(p, Padding) else p for p in prompts]
        lines = [t for t in texts if isinstance(t, Text)]
        assert str(lines[0]) == "Never stop suddenly: withdrawal and tapering"

        def marked(text: Text) -> list[str]:
            return [text.plain[s.start:s.end].lower() for s in text.spans
                    if s.style == HIGHLIGHT]

        assert marked(lines[0]) == ["withdrawal"]
        body_lines = [t for p, t in zip(prompts, texts, strict=True)
                      if isinstance(p, Padding) and isinstance(t, Text)]
        assert len(body_lines) > 10
        assert all(marked(t) and set(marked(t)) == {"withdrawal"} for t in body_lines)

        await pilot.press("enter")
        await pilot.pause()
        article = app.screen
        assert isinstance(article, ArticleScreen)
        assert article.article.id == "withdrawal"
        await pilot.press("escape")
        assert app.screen is search
        assert search.query_one("#search-input", Input).value == "withdrawal"


async def test_search_result_opens_near_the_matching_line(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_library(pilot)
        await pilot.press("s")
        search = app.screen
        assert isinstance(search, ReaderSearchScreen)
        await pilot.press(*"rhabdomyolysis")
        await _searched(pilot, search)
        targets = [t for t in search.targets if t.article_id == "withdrawal" and t.line]
        assert targets
        results = search.query_one("#search-results", OptionList)
        results.focus()
        results.highlighted = search.targets.index(targets[0])
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        article = app.screen
        assert isinstance(article, ArticleScreen)
        assert article.article.id == "withdrawal"
        scroll = _scroll(article)
        assert scroll.scroll_y > 10
        visible = article.query_one("#article-body", Markdown)
        lines = [b for b in visible.query(MarkdownBlock) if "rhabdomyolysis" in
                 str(b.render()) and b.name == "paragraph_open"]
        assert lines
        top = lines[0].virtual_region.y - scroll.virtual_region.y
        assert scroll.scroll_y <= top < scroll.scroll_y + scroll.size.height


async def test_search_with_no_match_says_so(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_library(pilot)
        await pilot.press("slash", *"zzzqqq")
        search = app.screen
        assert isinstance(search, ReaderSearchScreen)
        await _searched(pilot, search)
        assert search.query_one("#search-results", OptionList).option_count == 0
        assert "No article" in _text(search.query_one("#search-status", Static))


# -- bookmarks, read marks, positions --------------------------------------------------------


async def test_bookmark_survives_a_restart(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        article = await _open_article(pilot, "interactions")
        await pilot.press("m")
        assert "★" in _text(article.query_one("#article-meta", Static))
        await pilot.press("escape")

    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        library = await _open_library(pilot)
        await pilot.press("b")
        options = library.query_one("#reader-list", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids == ["interactions"]
        await pilot.press("b")
        assert options.option_count == 12  # all articles again
        article = await _open_article(pilot, "interactions")
        assert "★" in _text(article.query_one("#article-meta", Static))
        await pilot.press("m")
        assert "★" not in _text(article.query_one("#article-meta", Static))


async def test_scroll_position_is_restored(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        article = await _open_article(pilot, "anxiety-evidence")
        scroll = _scroll(article)
        scroll.scroll_to(y=40, animate=False, immediate=True)
        await pilot.pause()
        await pilot.press("escape")
        article = await _open_article(pilot, "anxiety-evidence")
        assert _scroll(article).scroll_y == 40
        _scroll(article).scroll_to(y=55, animate=False, immediate=True)
        await pilot.pause()

    # Quitting while reading keeps the place too.
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        article = await _open_article(pilot, "anxiety-evidence")
        assert _scroll(article).scroll_y == 55
        other = await _open_article_from_here(pilot, "]")
        assert other.article.id == "anxiety-agitation"
        assert _scroll(other).scroll_y == 0


async def _open_article_from_here(pilot: Any, key: str) -> ArticleScreen:
    await pilot.press(key)
    await pilot.pause()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ArticleScreen)
    return screen


async def test_reading_to_the_end_marks_the_article_read(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        article = await _open_article(pilot, "appointment")
        await pilot.press("escape")
        library = app.screen
        assert isinstance(library, ReaderScreen)
        assert "0 of 12 read" in _text(library.query_one("#reader-legend", Static))
        article = await _open_article(pilot, "appointment")
        await pilot.press("end")
        await pilot.pause()
        assert "✓" in _text(article.query_one("#article-meta", Static))
        await pilot.press("escape")
        assert "1 of 12 read" in _text(library.query_one("#reader-legend", Static))


async def test_previous_and_next_follow_the_library_order(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_article(pilot, "what-is-baclofen")
        second = await _open_article_from_here(pilot, "n")
        assert second.article.id == "approved-uses"
        back = await _open_article_from_here(pilot, "left_square_bracket")
        assert back.article.id == "what-is-baclofen"
        await pilot.press("p")  # already the first: stays
        assert app.screen is back
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_table_of_contents_toggles_and_jumps(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        article = await _open_article(pilot, "side-effects")
        toc = article.query_one("#article-toc", OptionList)
        assert not toc.display  # hidden under 100 columns
        await pilot.press("t")
        assert toc.display and toc.has_focus
        names = [str(toc.get_option_at_index(i).prompt) for i in range(toc.option_count)]
        assert names[-1] == "Sources"
        toc.highlighted = toc.option_count - 1
        await pilot.press("enter")
        await pilot.pause()
        assert not toc.display
        assert _scroll(article).scroll_y > 20

    wide = make_app()
    async with wide.run_test(size=(120, 30)) as pilot:
        article = await _open_article(pilot, "side-effects")
        assert article.query_one("#article-toc", OptionList).display


# -- routes and small terminals ---------------------------------------------------------------


async def test_read_route_opens_the_article_and_can_quit_on_leaving(make_app: MakeApp) -> None:
    app = make_app(route=StartRoute("read", {"article": "withdrawal"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article.id == "withdrawal"
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)

    once = make_app(route=StartRoute("read", {"article": "holistic"}, exit_after=True))
    async with once.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(once.screen, ArticleScreen)
        await pilot.press("n")  # the next article still quits on leaving
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert once.return_code == 0


async def test_small_terminal_is_still_usable(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        library = await _open_library(pilot)
        options = library.query_one("#reader-list", OptionList)
        assert options.option_count == 12  # compact: one line each, no separators
        article = await _open_article(pilot, "withdrawal")
        assert article.query_one("#article-disclaimer", Static).region.height >= 1
        assert _scroll(article).size.height >= 4
        await pilot.press("t")
        assert not _scroll(article).display  # contents take the whole width
        await pilot.press("t")
        assert _scroll(article).display


async def test_journal_and_meditation_links_open_those_sections(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        article = await _open_article(pilot, "side-effects")
        _click_link(article, "action:journal/side-effect")
        await pilot.pause()
        await pilot.pause()
        # The check-in opens over the article, and Esc comes back to it (issue 15).
        assert type(app.screen).__name__ == "CheckInFormScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is article
        _click_link(article, "action:journal/medications")
        await pilot.pause()
        await pilot.pause()
        assert app.current_mode == "journal"
        app.go("read")
        await pilot.pause()
        assert app.screen is article
        _click_link(article, "action:meditate/body-scan-10")
        await pilot.pause()
        await pilot.pause()
        assert app.current_mode == "meditate"
