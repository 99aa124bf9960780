"""An article as plain text for a pipe, or as Markdown for a terminal renderer without the
app's links (`ebbtide read --print`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ebbtide.core.content.library.markdown import (
    EXTERNAL_SCHEMES,
    FENCE_RE,
    LINK_RE,
    inline_plain,
)
from ebbtide.core.content.library.model import DISCLAIMER

if TYPE_CHECKING:
    from ebbtide.core.content.library.model import Article


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
        if FENCE_RE.match(line):
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

    body = LINK_RE.sub(link, article.body).rstrip()
    sources = "\n".join(f"- {s.name}: {s.url}" for s in article.sources)
    return (
        f"{body}\n\n## Sources\n\n{sources}\n\n"
        f"*Reviewed {article.reviewed.isoformat()}. {DISCLAIMER}*\n"
    )
