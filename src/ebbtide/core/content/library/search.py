"""Reader search: a lowercase index of every article line, built once when the library
loads, and queries in which every word must appear."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ebbtide.core.content.library.markdown import body_lines_outside_code, inline_plain

if TYPE_CHECKING:
    from ebbtide.core.content.library.model import Article, GlossaryTerm

_QUERY_RE = re.compile(r'"([^"]+)"|(\S+)')
_LEAD_MARKUP_RE = re.compile(r"^\s*(?:>\s?)*\s*(?:#{1,6}\s+)?(?:[-*+]\s+|\d+[.)]\s+)?")

HitField = Literal["title", "summary", "body", "glossary"]


@dataclass(frozen=True)
class SearchHit:
    """One matching line. `spans` are (start, end) offsets into `text` for highlighting."""

    article: Article | None  # None for a glossary hit
    field: HitField
    line: int  # 1-based line in the article's file (the key's line for title/summary)
    text: str  # the line as readers see it: Markdown links reduced to their text
    spans: tuple[tuple[int, int], ...]
    term: GlossaryTerm | None = None


@dataclass(frozen=True)
class ArticleMatch:
    """An article in which every query word appears, with its matching lines."""

    article: Article
    hits: tuple[SearchHit, ...]
    title_words: int  # how many query words occur in the title
    count: int  # total occurrences of query words across title, summary and body


@dataclass(frozen=True)
class _Line:
    number: int
    text: str
    lower: str


@dataclass(frozen=True)
class _ArticleIndex:
    title: _Line
    summary: _Line
    lines: tuple[_Line, ...]
    everything: str  # lowercase title + summary + body, for the "all words" test



class SearchIndex:
    """What `Library.search*` query: each article's lines, lowercased once."""

    def __init__(
        self, articles: Sequence[Article], glossary: Mapping[str, GlossaryTerm]
    ) -> None:
        self.articles = articles
        self.glossary = glossary
        self._index = {article.id: _build_index(article) for article in articles}

    def search_articles(self, query: str) -> list[ArticleMatch]:
        """Articles containing every query word, best first (see `Library.search_articles`)."""
        words = query_words(query)
        if not words:
            return []
        results: list[ArticleMatch] = []
        for article in self.articles:
            index = self._index[article.id]
            if not all(word in index.everything for word in words):
                continue
            hits: list[SearchHit] = []
            count = 0
            head: tuple[tuple[HitField, _Line], ...] = (
                ("title", index.title), ("summary", index.summary),
            )
            for kind, indexed in head:
                spans = _spans(indexed.lower, words)
                if spans:
                    count += len(spans)
                    hits.append(SearchHit(article, kind, indexed.number, indexed.text, spans))
            for indexed in index.lines:
                spans = _spans(indexed.lower, words)
                if spans:
                    count += len(spans)
                    hits.append(SearchHit(article, "body", indexed.number, indexed.text, spans))
            title_words = sum(1 for word in words if word in index.title.lower)
            results.append(ArticleMatch(article, tuple(hits), title_words, count))
        results.sort(key=lambda m: (-m.title_words, -m.count, m.article.order, m.article.id))
        return results

    def search_glossary(self, query: str) -> list[SearchHit]:
        words = query_words(query)
        if not words:
            return []
        hits: list[SearchHit] = []
        for term in self.glossary.values():
            text = f"{term.term}: {term.definition}"
            lowered = _lower(text)
            if all(word in lowered for word in words):
                hits.append(SearchHit(None, "glossary", 0, text, _spans(lowered, words), term))
        hits.sort(key=lambda hit: (-len(hit.spans), hit.text.lower()))
        return hits

    def search(self, query: str) -> list[SearchHit]:
        """All hits, ranked: article hits grouped by article (best article first), then
        glossary hits. Every word of the query must appear in a matching article."""
        hits = [hit for match in self.search_articles(query) for hit in match.hits]
        hits.extend(self.search_glossary(query))
        return hits




def query_words(query: str) -> list[str]:
    """Lowercase search words; a "quoted phrase" is one word. Duplicates dropped."""
    words: list[str] = []
    for match in _QUERY_RE.finditer(query):
        word = _lower((match.group(1) or match.group(2) or "").strip())
        if word and word not in words:
            words.append(word)
    return words


def _lower(text: str) -> str:
    """Lowercase without changing length, so match offsets stay valid for the original."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _spans(lowered: str, words: Sequence[str]) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    for word in words:
        start = lowered.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = lowered.find(word, start + len(word))
    if not spans:
        return ()
    spans.sort()
    merged = [spans[0]]
    for start, end in spans[1:]:
        last_start, last_end = merged[-1]
        if start <= last_end:
            merged[-1] = (last_start, max(last_end, end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _search_line(line: str) -> str:
    return inline_plain(_LEAD_MARKUP_RE.sub("", line)).strip()


def _build_index(article: Article) -> _ArticleIndex:
    title = _Line(article.title_line, article.title, _lower(article.title))
    summary = _Line(article.summary_line, article.summary, _lower(article.summary))
    lines: list[_Line] = []
    for number, raw in body_lines_outside_code(article.body, article.body_start_line):
        text = _search_line(raw)
        if text:
            lines.append(_Line(number, text, _lower(text)))
    everything = "\n".join([title.lower, summary.lower, *(line.lower for line in lines)])
    return _ArticleIndex(title, summary, tuple(lines), everything)
