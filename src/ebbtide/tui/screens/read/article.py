"""One article: Markdown at a comfortable width, a table of contents, the sources at the
end and the disclaimer always in view. Remembers where you stopped."""

from __future__ import annotations

import re
from typing import ClassVar

from rich.console import Group
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Markdown, OptionList, Static
from textual.widgets.markdown import MarkdownBlock
from textual.widgets.option_list import Option

from ebbtide.core.content.library.markdown import inline_plain, labelled_links
from ebbtide.core.content.library.model import DISCLAIMER, Article, Library
from ebbtide.tui.screens.common.base import EbbtideModal, EbbtideScreen
from ebbtide.tui.screens.read import library as reader_state
from ebbtide.tui.styles import style
from ebbtide.tui.tuned.focus_scroll import FocusScroll
from ebbtide.tui.tuned.key_bar import KeyBar
from ebbtide.tui.widgets.safe_text import one_line

TOC_MIN_WIDTH = 100
"""Below this many columns the table of contents starts hidden (t shows it)."""
READ_FRACTION = 0.9
"""An article counts as read once the screen has shown this much of its text."""
SAVE_DELAY = 2.0

_EVIDENCE_RE = re.compile(r"\*\*\[Evidence:\s*([^\]]*?)\s*\]\*\*")
_H1_RE = re.compile(r"^ {0,3}#(?!#)")


def reader_markdown(article: Article) -> str:
    """The body as the reader shows it, line for line with the file so search hits can be
    found: the leading `# Title` blanked (the header shows it), evidence tags turned into
    a quiet `[evidence: trial]` code span, and a Sources heading appended."""
    lines = article.body.split("\n")
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if _H1_RE.match(line):
            lines[index] = ""
        break

    def evidence(match: re.Match[str]) -> str:
        level = " ".join(match.group(1).split())
        return f"`[evidence: {level}]`" + "\n" * match.group(0).count("\n")

    body = _EVIDENCE_RE.sub(evidence, "\n".join(lines)).rstrip()
    return f"{body}\n\n## Sources\n"


def sources_table(article: Article) -> Group:
    """Numbered sources, each name with its full address on a line of its own: never
    broken mid-address (too long for the width, it ends in an ellipsis) and a terminal
    hyperlink (OSC 8) to the whole address, which the terminal can open or copy."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(ratio=1)
    for number, source in enumerate(article.sources, 1):
        grid.add_row(Text(f"{number}."), Text(source.name))
        grid.add_row(Text(""), address_line(source.url))
    note = Text("\nEbbtide never opens web addresses itself; your terminal may open or copy "
                "one (often ctrl+click or right-click). l lists them: Enter shows an address "
                f"in full and c copies it. Reviewed {article.reviewed:%-d %B %Y}.",
                style="italic")
    return Group(grid, note)


def address_line(url: str) -> Text:
    """A web address whole on one line, as a terminal hyperlink to itself."""
    shown = one_line(url, None)
    return Text(shown, style=Style(dim=True, link=url if shown == url else None),
                no_wrap=True, overflow="ellipsis")


def link_description(href: str) -> str:
    """A few words on where a link goes, for the keyboard list of links."""
    from ebbtide.tui.screens.read.links import parse_link

    link = parse_link(href)
    if link.kind == "article":
        return "article" + (f" · #{link.anchor}" if link.anchor else "")
    if link.kind == "glossary":
        return "glossary"
    if link.kind == "action":
        section, _, rest = link.target.partition("/")
        names = {"breathe": "breathing", "meditate": "meditation", "journal": "journal",
                 "check": "self-check", "report": "report", "crisis": "crisis resources"}
        name = names.get(section, section)
        return f"{name}: {rest}" if rest else name
    if link.kind == "external":
        return "web address, shown not opened"
    return "unknown link"


class ArticleScreen(EbbtideScreen[None]):
    CSS_PATH = style("reader.tcss")
    HELP_TEXT = (
        "Read with the arrows, Page Up/Down or space. t shows the contents; l lists the "
        "links in this article (you can also click them). m bookmarks the article; [ and ] "
        "(or p and n) go to the previous or next article. Ebbtide remembers where you "
        "stopped. Web addresses are shown, never opened. Educational information only: "
        "never start, stop or change a medicine without your prescriber."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="screen.back"),
        Binding("t", "toggle_toc", "Contents", id="article.toc"),
        Binding("l", "links", "Links", id="article.links"),
        Binding("m", "bookmark", "Bookmark", id="article.bookmark"),
        Binding("left_square_bracket,p", "previous", "Previous", id="article.previous",
                show=False),
        Binding("right_square_bracket,n", "next", "Next", id="article.next"),
        Binding("slash", "search", "Search", id="article.search", show=False),
        Binding("space", "page_down", "Page down", id="article.page_down", show=False),
    ]

    def __init__(self, library: Library, article_id: str, *, anchor: str | None = None,
                 line: int | None = None, exit_on_back: bool = False) -> None:
        super().__init__(classes="article-screen")
        article = library.get(article_id)
        if article is None:
            raise KeyError(article_id)
        self.library = library
        self.article = article
        self.sub_title = one_line(article.title, None)
        self.start_anchor = anchor
        self.start_line = line
        self.exit_on_back = exit_on_back
        self.ready = False
        self._last_y = 0.0
        self._save_timer: Timer | None = None
        self._toc_ids: list[str] = []

    # -- building ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="article-header"):
            yield Static(Text(one_line(self.article.title, None), style="bold", no_wrap=True,
                              overflow="ellipsis"), id="article-title")
            yield Static("", id="article-meta")
        with Horizontal(id="article-main"):
            yield OptionList(id="article-toc")
            with FocusScroll(id="article-scroll"), Vertical(id="article-column"):
                yield Markdown(id="article-body", open_links=False)
                yield Static(sources_table(self.article), id="article-sources")
        yield Static(Text(DISCLAIMER), id="article-disclaimer")
        yield KeyBar()

    async def on_mount(self) -> None:
        self.show_toc(self.app.size.width >= TOC_MIN_WIDTH, focus=False)
        self.update_meta()
        scroll = self.query_one("#article-scroll", VerticalScroll)
        scroll.focus()
        await self.query_one("#article-body", Markdown).update(reader_markdown(self.article))
        self.call_after_refresh(self._first_position)

    def update_meta(self) -> None:
        app = self.ebbtide
        compact = self.app.size.width < reader_state.COMPACT_WIDTH
        parts = [f"{self.article.minutes} min"]
        if not compact:
            parts.insert(0, f"Reviewed {self.article.reviewed:%-d %b %Y}")
        if reader_state.is_read(app, self.article.id):
            parts.append("✓")
        if reader_state.is_bookmarked(app, self.article.id):
            parts.append("★")
        self.query_one("#article-meta", Static).update(Text(" · ".join(parts), style="dim"))

    def on_markdown_table_of_contents_updated(
        self, event: Markdown.TableOfContentsUpdated
    ) -> None:
        event.stop()
        toc = self.query_one("#article-toc", OptionList)
        toc.clear_options()
        self._toc_ids = []
        for level, name, block_id in event.table_of_contents:
            if block_id is None:
                continue
            label: Text | Padding = Text(name)
            if level > 2:
                label = Padding(label, (0, 0, 0, 2 * (level - 2)))
            toc.add_option(Option(label, id=block_id))
            self._toc_ids.append(block_id)

    def _first_position(self) -> None:
        scroll = self.query_one("#article-scroll", VerticalScroll)
        if self.start_line is not None:
            self.goto_line(self.start_line)
        elif self.start_anchor:
            self.goto_anchor(self.start_anchor)
        else:
            scroll.scroll_to(y=reader_state.saved_position(self.ebbtide, self.article.id),
                             animate=False, immediate=True)
        self._last_y = scroll.scroll_y
        self.ready = True
        self.watch(scroll, "scroll_y", self._scrolled, init=False)
        self.call_after_refresh(self._check_read)

    # -- positions --------------------------------------------------------------------

    def _scroll_to_block(self, block: MarkdownBlock) -> None:
        scroll = self.query_one("#article-scroll", VerticalScroll)
        top = block.virtual_region.y - scroll.virtual_region.y
        scroll.scroll_to(y=max(0, top - 1), animate=False, immediate=True)

    def goto_anchor(self, anchor: str) -> bool:
        """Scroll to the heading with this slug (as in `article:ID#slug` links)."""
        markdown = self.query_one("#article-body", Markdown)
        headings = [h for h in self.article.headings() if h.level > 1]
        for heading, (_, _, block_id) in zip(headings, markdown.table_of_contents, strict=False):
            if heading.slug == anchor and block_id:
                self._scroll_to_block(self.query_one(f"#{block_id}", MarkdownBlock))
                return True
        return markdown.goto_anchor(anchor)

    def goto_line(self, file_line: int) -> bool:
        """Scroll to the block that holds this line of the article's file."""
        wanted = file_line - self.article.body_start_line
        best: MarkdownBlock | None = None
        for block in self.query_one("#article-body", Markdown).query(MarkdownBlock):
            start, end = block.source_range
            if start <= wanted < end and (
                best is None or end - start < best.source_range[1] - best.source_range[0]
            ):
                best = block
        if best is None:
            return False
        self._scroll_to_block(best)
        return True

    def _scrolled(self, value: float) -> None:
        self._last_y = value
        self._check_read()
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.save_position)

    def _check_read(self) -> None:
        if reader_state.is_read(self.ebbtide, self.article.id):
            return
        scroll = self.query_one("#article-scroll", VerticalScroll)
        text_height = self.query_one("#article-body", Markdown).outer_size.height
        seen = scroll.scroll_y + scroll.scrollable_content_region.height
        if text_height > 0 and seen >= READ_FRACTION * text_height:
            reader_state.mark_read(self.ebbtide, self.article.id)
            self.update_meta()

    def save_position(self) -> None:
        if self.ready:
            reader_state.save_position(self.ebbtide, self.article.id, self._last_y)

    def on_screen_suspend(self) -> None:
        self.save_position()

    def on_unmount(self) -> None:
        self.save_position()

    # -- links --------------------------------------------------------------------------

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.follow(event.href)

    def follow(self, href: str) -> None:
        from ebbtide.tui.screens.read.links import follow_link

        follow_link(self.ebbtide, href, current=self)

    def action_links(self) -> None:
        links = labelled_links(self.article.body) + [
            (source.name, source.url) for source in self.article.sources]
        if not links:
            self.notify("This article has no links.")
            return

        def chosen(href: str | None) -> None:
            if href:
                self.follow(href)

        self.app.push_screen(LinkListScreen(self.library, links), chosen)

    # -- actions ------------------------------------------------------------------------

    def on_resize(self) -> None:
        self.update_meta()

    def show_toc(self, show: bool, *, focus: bool = True) -> None:
        self.set_class(show, "-toc")
        toc = self.query_one("#article-toc", OptionList)
        toc.display = show
        if focus:
            (toc if show else self.query_one("#article-scroll")).focus()

    def action_toggle_toc(self) -> None:
        self.show_toc(not self.has_class("-toc"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        block_id = event.option.id
        if block_id:
            self._scroll_to_block(self.query_one(f"#{block_id}", MarkdownBlock))
        if self.size.width < TOC_MIN_WIDTH:
            self.show_toc(False)

    def action_bookmark(self) -> None:
        marked = reader_state.toggle_bookmark(self.ebbtide, self.article.id)
        self.update_meta()
        self.notify("Bookmarked." if marked else "Bookmark removed.", timeout=3)

    def action_page_down(self) -> None:
        self.query_one("#article-scroll", VerticalScroll).scroll_page_down()

    def _neighbour(self, step: int) -> None:
        ids = self.library.ids()
        index = ids.index(self.article.id) + step
        if not 0 <= index < len(ids):
            self.notify("This is the last article." if step > 0 else
                        "This is the first article.", timeout=3)
            return
        self.save_position()
        self.app.switch_screen(ArticleScreen(self.library, ids[index],
                                             exit_on_back=self.exit_on_back))

    def action_previous(self) -> None:
        self._neighbour(-1)

    def action_next(self) -> None:
        self._neighbour(1)

    def action_search(self) -> None:
        from ebbtide.tui.screens.read.search import ReaderSearchScreen

        self.app.push_screen(ReaderSearchScreen(self.library))

    def action_back(self) -> None:
        self.save_position()
        if self.exit_on_back:
            self.app.exit(0)
        else:
            super().action_back()


class LinkListScreen(EbbtideModal[str | None]):
    """Every link in the article, for keyboard users: Enter follows one."""
    CSS_PATH = style("reader.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,l", "close", "Close", id="links.close"),
    ]

    def __init__(self, library: Library, links: list[tuple[str, str]]) -> None:
        super().__init__()
        self.library = library
        self.links = links

    def compose(self) -> ComposeResult:
        with Vertical(id="link-list", classes="reader-dialog"):
            yield Static(Text("Links in this article", style="bold"), classes="dialog-title")
            options = []
            for index, (label, href) in enumerate(self.links):
                prompt = Text(inline_plain(label))
                prompt.append(f"  → {link_description(href)}", style="dim")
                options.append(Option(prompt, id=str(index)))
            yield OptionList(*options, id="link-options")
            yield Static(Text("Enter follows a link · Esc closes", style="dim"),
                         classes="dialog-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        assert event.option.id is not None
        self.dismiss(self.links[int(event.option.id)][1])

    def action_close(self) -> None:
        self.dismiss(None)
