"""The reader library: load, validate and search `content/reader/*.md` and `glossary.toml`.

Each article is a Markdown file that starts with TOML front matter between two `+++`
lines (see `REQUIRED_KEYS`). Inside the body, links use these schemes:

- `article:ID` or `article:ID#heading-slug` for another article,
- `glossary:KEY` for a term in `glossary.toml`,
- `action:NAME` for something the app can do (see `KNOWN_ACTIONS`),
- `https://...` (or `http://`) for an external address, which is shown, never opened.

Claims carry an evidence tag, `**[Evidence: label]**`, using `EVIDENCE_LEVELS`.

Everything here is pure: no Textual import, no network. `load_library` validates the
whole folder and raises `ContentError` ("FILE: line N: problem") for the first problem.
Search uses a lowercase index built once at load time.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from string import punctuation
from typing import Any, Literal, NamedTuple
from urllib.parse import quote

from ebbtide.core.errors import ContentError
from ebbtide.core.toml_schema import KeyLines, Source, TomlFileError, is_valid_id, parse_toml

# --------------------------------------------------------------------------------------
# Vocabulary the content may use. The lead extends KNOWN_ACTIONS as the app grows.
# --------------------------------------------------------------------------------------

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

INTERNAL_SCHEMES: frozenset[str] = frozenset({"article", "glossary", "action"})
EXTERNAL_SCHEMES: frozenset[str] = frozenset({"http", "https"})

DISCLAIMER = (
    "Educational information only, not medical advice. Never start, stop or change a "
    "medicine without your prescriber."
)
"""One line the reader shows with every article."""

FRONT_MATTER_FENCE = "+++"

# [text](target) or [text](target "title"); text may not contain brackets.
_LINK_RE = re.compile(r"(?<!!)\[([^\[\]]*)\]\(\s*([^()\s]+)(?:\s+\"[^\"]*\")?\s*\)")
_EVIDENCE_RE = re.compile(r"\[Evidence:\s*([^\]]*)\]")
_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE_RE = re.compile(r"^ {0,3}(```|~~~)")
_QUERY_RE = re.compile(r'"([^"]+)"|(\S+)')
_LEAD_MARKUP_RE = re.compile(r"^\s*(?:>\s?)*\s*(?:#{1,6}\s+)?(?:[-*+]\s+|\d+[.)]\s+)?")
_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|`)")


# --------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GlossaryTerm:
    key: str
    term: str
    definition: str


class Heading(NamedTuple):
    level: int
    text: str
    slug: str


class Link(NamedTuple):
    scheme: str  # "article", "glossary", "action", "http" or "https"
    target: str  # e.g. "withdrawal#oral-baclofen", "taper", "breathe/box", "https://..."
    line: int  # 1-based line number in the article's .md file


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
        slugs = _TrackedSlugs()
        found: list[Heading] = []
        for _, line in _body_lines_outside_code(self.body, self.body_start_line):
            match = _HEADING_RE.match(line)
            if match is None:
                continue
            text = inline_plain(match.group(2) or "")
            found.append(Heading(len(match.group(1)), text, slugs.slug(text)))
        return found

    def links(self) -> list[Link]:
        """Every Markdown link in the body: (scheme, target, file line)."""
        found: list[Link] = []
        for number, line in _body_lines_outside_code(self.body, self.body_start_line):
            for match in _LINK_RE.finditer(line):
                target = match.group(2)
                scheme, _, rest = target.partition(":")
                scheme = scheme.lower()
                if scheme in EXTERNAL_SCHEMES:
                    found.append(Link(scheme, target, number))
                else:
                    found.append(Link(scheme if rest else "", rest or target, number))
        return found

    def anchors(self) -> set[str]:
        return {heading.slug for heading in self.headings()}


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


@dataclass(frozen=True)
class Library:
    articles: tuple[Article, ...]
    glossary: dict[str, GlossaryTerm]
    folder: Path
    _by_id: dict[str, Article] = field(init=False, repr=False, compare=False)
    _index: dict[str, _ArticleIndex] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {article.id: article for article in self.articles})
        object.__setattr__(self, "_index", {a.id: _build_index(a) for a in self.articles})

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

    # ---- search ------------------------------------------------------------------------

    def search_articles(self, query: str) -> list[ArticleMatch]:
        """Articles containing every query word (case-insensitive), best first.

        Ranking: more query words in the title first, then more occurrences, then the
        library order. Quoted phrases ("dose change") count as one word.
        """
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


# --------------------------------------------------------------------------------------
# Loading and validation
# --------------------------------------------------------------------------------------


def default_reader_dir() -> Path:
    from ebbtide.core.content.resources import content_dir

    return content_dir() / "reader"


def load_library(folder: Path | None = None) -> Library:
    """Load and validate every article and the glossary in `folder`.

    Raises `ContentError` ("FILE: line N: problem") for the first problem found.
    """
    folder = default_reader_dir() if folder is None else Path(folder)
    if not folder.is_dir():
        raise ContentError(f"{folder}: reader content folder not found")
    glossary = load_glossary(folder / "glossary.toml")
    articles = [parse_article(path) for path in sorted(folder.glob("*.md"))]
    return assemble_library(articles, glossary, folder)


def assemble_library(
    articles: Sequence[Article], glossary: Mapping[str, GlossaryTerm], folder: Path
) -> Library:
    """Check ids are unique and every internal link resolves, then build the Library."""
    by_id: dict[str, Article] = {}
    for article in articles:
        other = by_id.get(article.id)
        if other is not None:
            raise ContentError(
                f"{article.path}: line {_id_line(article.path)}: duplicate article id "
                f"'{article.id}' (also in {other.path})"
            )
        by_id[article.id] = article
    ordered = sorted(articles, key=lambda a: (a.order, a.id))
    for article in ordered:
        _check_links(article, by_id, glossary)
    return Library(tuple(ordered), dict(glossary), folder)


def parse_article(path: Path) -> Article:
    """Parse one article file and check its front matter and body conventions (but not
    cross-references to other articles or the glossary; `load_library` does those)."""
    text = _read_text(path)
    lines = text.splitlines()
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise ContentError(
            f"{path}: line 1: missing front matter: the file must start with a '+++' line"
        )
    closing = next(
        (i for i in range(1, len(lines)) if lines[i].strip() == FRONT_MATTER_FENCE), None
    )
    if closing is None:
        raise ContentError(
            f"{path}: line 1: front matter is not terminated: add a closing '+++' line"
        )
    front = "\n".join(lines[1:closing])
    try:
        data = parse_toml(front)
    except TomlFileError as exc:
        assert exc.problem is not None
        raise ContentError(f"{path}: line {exc.problem.line + 1}: invalid TOML in front matter: "
                           f"{exc.problem.reason}") from None
    front_lines = KeyLines(lines[: closing + 1])
    meta = _check_front_matter(path, data, front_lines)
    body = "\n".join(lines[closing + 1 :])
    if text.endswith("\n"):
        body += "\n"
    article = Article(
        body=body,
        path=path,
        body_start_line=closing + 2,
        title_line=front_lines.exact("title") or 1,
        summary_line=front_lines.exact("summary") or 1,
        **meta,
    )
    _check_body(article)
    return article


def load_glossary(path: Path) -> dict[str, GlossaryTerm]:
    """Read `glossary.toml`: `[terms.KEY]` tables with `term` and `definition`.

    A missing file is an empty glossary (then any `glossary:` link fails validation)."""
    if not path.exists():
        return {}
    text = _read_text(path)
    try:
        data = parse_toml(text)
    except TomlFileError as exc:
        assert exc.problem is not None
        raise ContentError(
            f"{path}: line {exc.problem.line}: invalid TOML: {exc.problem.reason}"
        ) from None
    lines = KeyLines(text)
    extra = sorted(set(data) - {"terms"})
    if extra:
        raise ContentError(
            f"{path}: line {lines.exact(extra[0]) or 1}: unknown top-level key '{extra[0]}' "
            "(expected only [terms.KEY] tables)"
        )
    terms = data.get("terms", {})
    if not isinstance(terms, dict):
        raise ContentError(f"{path}: line {lines.exact('terms') or 1}: 'terms' must be tables")
    glossary: dict[str, GlossaryTerm] = {}
    for key, entry in terms.items():
        line = lines.exact(f"terms.{key}") or 1
        if not is_valid_id(key):
            raise ContentError(f"{path}: line {line}: glossary key '{key}' must be kebab-case")
        if not isinstance(entry, dict):
            raise ContentError(f"{path}: line {line}: [terms.{key}] must be a table")
        unknown = sorted(set(entry) - {"term", "definition"})
        if unknown:
            raise ContentError(
                f"{path}: line {line}: [terms.{key}] has unknown key '{unknown[0]}' "
                "(allowed: term, definition)"
            )
        for name in ("term", "definition"):
            value = entry.get(name)
            if not isinstance(value, str) or not value.strip():
                raise ContentError(
                    f"{path}: line {line}: [terms.{key}] needs a non-empty text '{name}'"
                )
        glossary[key] = GlossaryTerm(key, entry["term"].strip(), entry["definition"].strip())
    return glossary


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContentError(f"{path}: line 1: not valid UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise ContentError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _check_front_matter(path: Path, data: Mapping[str, Any], lines: KeyLines) -> dict[str, Any]:
    def line_of(key: str) -> int:
        return lines.exact(key) or 1

    def fail(key: str, problem: str, line: int | None = None) -> ContentError:
        where = line if line is not None else line_of(key)
        return ContentError(f"{path}: line {where}: front matter '{key}': {problem}")

    missing = [key for key in REQUIRED_KEYS if key not in data]
    if missing:
        raise ContentError(
            f"{path}: line 1: front matter is missing required key(s): {', '.join(missing)}"
        )
    extra = [key for key in data if key not in REQUIRED_KEYS]
    if extra:
        raise fail(extra[0], f"unknown key (allowed: {', '.join(REQUIRED_KEYS)})")

    article_id = data["id"]
    if not isinstance(article_id, str) or not is_valid_id(article_id):
        raise fail("id", "must be kebab-case text, like \"withdrawal\"")
    if article_id != path.stem:
        raise fail("id", f"'{article_id}' must equal the file name '{path.stem}'")
    for key in ("title", "summary"):
        value = data[key]
        if not isinstance(value, str) or not value.strip():
            raise fail(key, "must be non-empty text")
        if "\n" in value.strip():
            raise fail(key, "must be a single line")
    reviewed = data["reviewed"]
    if isinstance(reviewed, dt.datetime) or not isinstance(reviewed, dt.date):
        raise fail("reviewed", "must be a TOML date like 2026-11-21 (no quotes, no time)")
    for key in ("minutes", "order"):
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail(key, "must be a whole number")
    if data["minutes"] < 1:
        raise fail("minutes", "must be at least 1")
    tags = data["tags"]
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        raise fail("tags", "must be a list of non-empty text, like [\"safety\"]")

    sources_data = data["sources"]
    if not isinstance(sources_data, list) or not sources_data:
        raise fail("sources", "at least one [[sources]] entry with name and url is required")
    sources: list[Source] = []
    for number, entry in enumerate(sources_data):
        line = lines.exact(f"sources[{number + 1}]") or line_of("sources")
        if not isinstance(entry, dict):
            raise fail("sources", f"entry {number + 1} must be a table", line)
        unknown = sorted(set(entry) - {"name", "url"})
        if unknown:
            raise fail("sources", f"entry {number + 1} has unknown key '{unknown[0]}'", line)
        name, url = entry.get("name"), entry.get("url")
        if not isinstance(name, str) or not name.strip():
            raise fail("sources", f"entry {number + 1} has no name", line)
        if not isinstance(url, str) or not re.match(r"^https?://[^\s/]+\.[^\s]+$", url):
            raise fail("sources", f"entry {number + 1} needs an http(s) url", line)
        sources.append(Source(name.strip(), url))

    return {
        "id": article_id,
        "title": data["title"].strip(),
        "summary": data["summary"].strip(),
        "reviewed": reviewed,
        "minutes": data["minutes"],
        "order": data["order"],
        "tags": tuple(t.strip() for t in tags),
        "sources": tuple(sources),
    }


def _check_body(article: Article) -> None:
    path = article.path
    for number, line in _body_lines_outside_code(article.body, article.body_start_line):
        for match in _EVIDENCE_RE.finditer(line):
            level = match.group(1).strip()
            if level not in EVIDENCE_LEVELS:
                raise ContentError(
                    f"{path}: line {number}: unknown evidence level '{level}' "
                    f"(use one of: {', '.join(sorted(EVIDENCE_LEVELS))})"
                )
    for link in article.links():
        if link.scheme in EXTERNAL_SCHEMES:
            if not re.match(r"^https?://[^\s/]+\.[^\s]+$", link.target):
                raise ContentError(
                    f"{path}: line {link.line}: malformed web address '{link.target}'"
                )
        elif link.scheme not in INTERNAL_SCHEMES:
            raise ContentError(
                f"{path}: line {link.line}: link '{link.target}' needs a scheme: "
                "article:, glossary:, action: or https://"
            )
        elif link.scheme == "action" and link.target not in KNOWN_ACTIONS:
            raise ContentError(
                f"{path}: line {link.line}: unknown action 'action:{link.target}' "
                "(add it to KNOWN_ACTIONS in ebbtide.core.content.library if the app supports it)"
            )


def _check_links(
    article: Article, by_id: Mapping[str, Article], glossary: Mapping[str, GlossaryTerm]
) -> None:
    path = article.path
    for link in article.links():
        if link.scheme == "article":
            target_id, _, anchor = link.target.partition("#")
            target = by_id.get(target_id)
            if target is None:
                hint = difflib.get_close_matches(target_id, list(by_id), n=1)
                extra = f" (did you mean '{hint[0]}'?)" if hint else ""
                raise ContentError(
                    f"{path}: line {link.line}: link to unknown article '{target_id}'{extra}"
                )
            if anchor and anchor not in target.anchors():
                raise ContentError(
                    f"{path}: line {link.line}: no heading '#{anchor}' in article '{target_id}' "
                    f"(headings: {', '.join(sorted(target.anchors()))})"
                )
        elif link.scheme == "glossary" and link.target not in glossary:
            raise ContentError(
                f"{path}: line {link.line}: glossary term '{link.target}' is not in glossary.toml"
            )


def _id_line(path: Path) -> int:
    """The line of `id =` in an article already parsed once (for the duplicate-id message)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return KeyLines(lines).exact("id") or 1


def _body_lines_outside_code(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(file line number, text) for body lines that are not inside fenced code blocks."""
    fence: str | None = None
    for offset, line in enumerate(body.splitlines()):
        match = _FENCE_RE.match(line)
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker
                continue
            if marker == fence:
                fence = None
                continue
        if fence is None:
            yield first_line + offset, line


# --------------------------------------------------------------------------------------
# Text helpers shared by search, the CLI and the UI
# --------------------------------------------------------------------------------------


def inline_plain(text: str, show_urls: bool = False) -> str:
    """Inline Markdown to reading text: `[t](article:x)` -> `t`; `[t](https://u)` -> `t`
    (or `t (https://u)` with `show_urls`); emphasis and code markers removed."""

    def link(match: re.Match[str]) -> str:
        label, target = match.group(1), match.group(2)
        scheme = target.partition(":")[0].lower()
        if show_urls and scheme in EXTERNAL_SCHEMES:
            return f"{label} ({target})"
        return label

    text = _LINK_RE.sub(link, text)
    return _EMPHASIS_RE.sub("", text)


def plain_text(article: Article, width: int = 78) -> str:
    """The article as plain text for piping: internal links become their text, external
    links `text (address)`, emphasis markers dropped, paragraphs re-wrapped to `width`;
    sources and the review date follow."""
    lines = [inline_plain(line, show_urls=True).rstrip() for line in article.body.splitlines()]
    out = _reflow(lines, width)
    while out and not out[-1]:
        out.pop()
    out.append("")
    out.append("Sources")
    out.extend(f"- {source.name}: {source.url}" for source in article.sources)
    out.append("")
    out.append(f"Reviewed {article.reviewed.isoformat()}. {DISCLAIMER}")
    return "\n".join(out) + "\n"


_BLOCK_START_RE = re.compile(r"^(?P<quote>(?:>\s?)*)(?P<marker>#{1,6}\s|[-*+]\s+|\d+[.)]\s+)?")


def _reflow(lines: Sequence[str], width: int) -> list[str]:
    """Join wrapped paragraph and list-item lines, then wrap them again at `width`.
    Headings stay on their own line; blockquote markers are kept on every line."""
    import textwrap

    out: list[str] = []
    quote_prefix = ""
    first_prefix = ""
    rest_prefix = ""
    words: list[str] = []

    def flush() -> None:
        nonlocal words
        if words:
            # Keep "[Evidence: small study]" on one line: no-break spaces inside brackets.
            text = re.sub(r"\[[^\]]*\]", lambda m: m.group(0).replace(" ", "\u00a0"),
                          " ".join(words))
            wrapped = textwrap.wrap(text, width=width, initial_indent=first_prefix,
                                    subsequent_indent=rest_prefix, break_long_words=False,
                                    break_on_hyphens=False)
            out.extend(line.replace("\u00a0", " ") for line in wrapped)
        words = []

    fence = False
    for line in lines:
        if _FENCE_RE.match(line):
            flush()
            fence = not fence
            out.append(line)
            continue
        if fence:
            out.append(line)
            continue
        match = _BLOCK_START_RE.match(line)
        assert match is not None
        quote = match.group("quote").replace(" ", "")
        quote_text = "> " * len(quote)
        marker = match.group("marker") or ""
        content = line[match.end():].strip()
        if not content and not marker:
            flush()
            out.append(quote_text.rstrip())
            quote_prefix = quote_text
            continue
        if marker.startswith("#"):
            flush()
            out.append(line.strip())
            continue
        if marker or quote_text != quote_prefix or not words:
            flush()
            quote_prefix = quote_text
            first_prefix = quote_text + (marker.strip() + " " if marker else "")
            rest_prefix = quote_text + (" " * (len(marker.strip()) + 1) if marker else "")
        words.extend(content.split())
    flush()
    return out


def markdown_for_terminal(article: Article) -> str:
    """Markdown for a renderer without app links: internal links become plain text,
    external links stay; sources and review date appended as Markdown."""

    def link(match: re.Match[str]) -> str:
        scheme = match.group(2).partition(":")[0].lower()
        return match.group(0) if scheme in EXTERNAL_SCHEMES else match.group(1)

    body = _LINK_RE.sub(link, article.body).rstrip()
    sources = "\n".join(f"- {s.name}: {s.url}" for s in article.sources)
    return (
        f"{body}\n\n## Sources\n\n{sources}\n\n"
        f"*Reviewed {article.reviewed.isoformat()}. {DISCLAIMER}*\n"
    )


def slug(text: str) -> str:
    """Heading slug, matching Textual's Markdown widget (GitHub-style)."""
    result = text.strip().lower()
    result = _SLUG_STRIP_RE.sub("", result)
    result = re.sub(r"\s", "-", result)
    return quote(result)


_SLUG_REMOVABLE = re.escape(punctuation.replace("-", "").replace("_", ""))
_SLUG_NONLINGUAL = (
    "\U000024c2-\U0001f251\U00002702-\U000027b0\U0001f1e0-\U0001f1ff"
    "\U0001f300-\U0001f5ff\U0001f600-\U0001f64f\U0001f680-\U0001f6ff"
    "\U0001f900-\U0001f9ff\u200d\u2640-\u2642"
)
_SLUG_STRIP_RE = re.compile(f"[{_SLUG_REMOVABLE}{_SLUG_NONLINGUAL}]+")


class _TrackedSlugs:
    def __init__(self) -> None:
        self._used: defaultdict[str, int] = defaultdict(int)

    def slug(self, text: str) -> str:
        base = slug(text)
        used = self._used[base]
        self._used[base] += 1
        return f"{base}-{used}" if used else base


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
    for number, raw in _body_lines_outside_code(article.body, article.body_start_line):
        text = _search_line(raw)
        if text:
            lines.append(_Line(number, text, _lower(text)))
    everything = "\n".join([title.lower, summary.lower, *(line.lower for line in lines)])
    return _ArticleIndex(title, summary, tuple(lines), everything)
