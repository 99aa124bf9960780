"""The Markdown the reader's articles use, read with a few regular expressions: links,
ATX headings and their slugs, fenced code, and inline markup reduced to reading text.

Why not markdown-it-py (installed with Textual)? Measured on the shipped articles: finding
links and headings with it takes about 15 ms per pass with only those rules enabled (50 ms
with CommonMark) plus about 65 ms to import, against 1.6 ms here, and the library is read
when the Read section opens. The expressions below cover what `content/reader` writes."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from string import punctuation
from typing import NamedTuple
from urllib.parse import quote

INTERNAL_SCHEMES: frozenset[str] = frozenset({"article", "glossary", "action"})
EXTERNAL_SCHEMES: frozenset[str] = frozenset({"http", "https"})

# [text](target) or [text](target "title"); text may not contain brackets.
LINK_RE = re.compile(r"(?<!!)\[([^\[\]]*)\]\(\s*([^()\s]+)(?:\s+\"[^\"]*\")?\s*\)")
FENCE_RE = re.compile(r"^ {0,3}(```|~~~)")
_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|`)")


class Heading(NamedTuple):
    level: int
    text: str
    slug: str


class Link(NamedTuple):
    scheme: str  # "article", "glossary", "action", "http" or "https"
    target: str  # e.g. "withdrawal#oral-baclofen", "taper", "breathe/box", "https://..."
    line: int  # 1-based line number in the article's .md file


def body_lines_outside_code(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(file line number, text) for body lines that are not inside fenced code blocks."""
    fence: str | None = None
    for offset, line in enumerate(body.splitlines()):
        match = FENCE_RE.match(line)
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


def find_headings(body: str, first_line: int) -> list[Heading]:
    """ATX headings in document order, with GitHub/Textual-style unique slugs."""
    slugs = _TrackedSlugs()
    found: list[Heading] = []
    for _, line in body_lines_outside_code(body, first_line):
        match = _HEADING_RE.match(line)
        if match is None:
            continue
        text = inline_plain(match.group(2) or "")
        found.append(Heading(len(match.group(1)), text, slugs.slug(text)))
    return found


def find_links(body: str, first_line: int) -> list[Link]:
    """Every Markdown link outside code: (scheme, target, file line)."""
    found: list[Link] = []
    for number, line in body_lines_outside_code(body, first_line):
        for match in LINK_RE.finditer(line):
            target = match.group(2)
            scheme, _, rest = target.partition(":")
            scheme = scheme.lower()
            if scheme in EXTERNAL_SCHEMES:
                found.append(Link(scheme, target, number))
            else:
                found.append(Link(scheme if rest else "", rest or target, number))
    return found


def labelled_links(body: str) -> list[tuple[str, str]]:
    """(text, target) of every link in the body, in order, as the reader lists them."""
    return [(match.group(1), match.group(2)) for match in LINK_RE.finditer(body)]


def inline_plain(text: str, show_urls: bool = False) -> str:
    """Inline Markdown to reading text: `[t](article:x)` -> `t`; `[t](https://u)` -> `t`
    (or `t (https://u)` with `show_urls`); emphasis and code markers removed."""

    def link(match: re.Match[str]) -> str:
        label, target = match.group(1), match.group(2)
        scheme = target.partition(":")[0].lower()
        if show_urls and scheme in EXTERNAL_SCHEMES:
            return f"{label} ({target})"
        return label

    text = LINK_RE.sub(link, text)
    return _EMPHASIS_RE.sub("", text)




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


