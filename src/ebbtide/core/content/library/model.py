"""The reader's model: articles, glossary terms, the library that holds them, and the
vocabulary article files may use (actions, evidence levels, front-matter keys)."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ebbtide.core.content.library.markdown import Heading, Link, find_headings, find_links
from ebbtide.core.content.library.search import SearchIndex
from ebbtide.core.toml_schema import Source

if TYPE_CHECKING:
    from ebbtide.core.content.library.search import ArticleMatch, SearchHit

# The lead extends KNOWN_ACTIONS as the app grows.
KNOWN_ACTIONS: set[str] = {
    "breathe/4-7-8",
    "breathe/box",
    "breathe/cyclic-sighing",
    "breathe/resonance-5-5",
    "meditate/body-scan-10",
    "meditate/grounding-5-4-3-2-1",
    "meditate/pmr-release-only",
    "meditate/sleep-wind-down",
    "journal/check-in",
    "journal/side-effect",
    "journal/medications",
    "report",
    "check/phq9",
    "check/gad7",
    "crisis",
}
"""`action:` targets an article may link to. Mutable on purpose: add names as screens land."""

EVIDENCE_LEVELS: frozenset[str] = frozenset(
    {"label", "trial", "small study", "case report", "expert opinion"}
)
"""Allowed values in `**[Evidence: ...]**` tags."""

REQUIRED_KEYS: tuple[str, ...] = (
    "id", "title", "summary", "reviewed", "minutes", "order", "tags", "sources",
)
"""Every article's front matter has exactly these keys."""

DISCLAIMER = (
    "Educational information only, not medical advice. Never start, stop or change a "
    "medicine without your prescriber."
)
"""One line the reader shows with every article."""


@dataclass(frozen=True)
class GlossaryTerm:
    key: str
    term: str
    definition: str


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    summary: str
    reviewed: dt.date
    minutes: int
    order: int
    tags: tuple[str, ...]
    sources: tuple[Source, ...]
    body: str
    path: Path
    body_start_line: int = 1
    """1-based line number in the file of the first body line (after the closing `+++`)."""
    title_line: int = 1
    summary_line: int = 1

    def headings(self) -> list[Heading]:
        """ATX headings in document order, with GitHub/Textual-style unique slugs."""
        return find_headings(self.body, self.body_start_line)

    def links(self) -> list[Link]:
        """Every Markdown link in the body: (scheme, target, file line)."""
        return find_links(self.body, self.body_start_line)

    def anchors(self) -> set[str]:
        return {heading.slug for heading in self.headings()}


@dataclass(frozen=True)
class Library:
    articles: tuple[Article, ...]
    glossary: dict[str, GlossaryTerm]
    folder: Path
    _by_id: dict[str, Article] = field(init=False, repr=False, compare=False)
    _index: SearchIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {article.id: article for article in self.articles})
        object.__setattr__(self, "_index", SearchIndex(self.articles, self.glossary))

    def get(self, article_id: str) -> Article | None:
        return self._by_id.get(article_id)

    def ids(self) -> list[str]:
        return [article.id for article in self.articles]

    def close_matches(self, name: str, limit: int = 3) -> list[str]:
        """Article ids that look like `name` (typos, titles, partial words)."""
        wanted = name.strip().lower()
        ids = self.ids()
        matches = difflib.get_close_matches(wanted, ids, n=limit, cutoff=0.5)
        by_title = {a.title.lower(): a.id for a in self.articles}
        for title in difflib.get_close_matches(wanted, list(by_title), n=limit, cutoff=0.5):
            if by_title[title] not in matches:
                matches.append(by_title[title])
        for article in self.articles:
            if wanted and wanted in article.id and article.id not in matches:
                matches.append(article.id)
        return matches[:limit]

    # ---- search (see `search.SearchIndex`) ----------------------------------------------

    def search_articles(self, query: str) -> list[ArticleMatch]:
        """Articles containing every query word (case-insensitive), best first.

        Ranking: more query words in the title first, then more occurrences, then the
        library order. Quoted phrases ("dose change") count as one word.
        """
        return self._index.search_articles(query)

    def search_glossary(self, query: str) -> list[SearchHit]:
        return self._index.search_glossary(query)

    def search(self, query: str) -> list[SearchHit]:
        """All hits, ranked: article hits grouped by article (best article first), then
        glossary hits. Every word of the query must appear in a matching article."""
        return self._index.search(query)
