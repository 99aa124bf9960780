"""`ebbtide read`: open the reader, or list, search and print articles without the TUI."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from ebbtide.cli.context import CommandContext
from ebbtide.core.errors import EbbtideError
from ebbtide.core.text import inert
from ebbtide.launch import StartRoute

if TYPE_CHECKING:
    from ebbtide.core.content.library.model import Library

MAX_LINES_PER_ARTICLE = 4
"""`--search` shows at most this many matching lines per article (plus a count)."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "read",
        help="read the library about baclofen, anxiety and mood",
        description=(
            "Open the reader, or with a flag list, search or print articles. "
            "Educational information only; it never replaces your prescriber."
        ),
    )
    parser.add_argument("article", nargs="?", metavar="ARTICLE",
                        help="open the reader at this article (see --list)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--list", action="store_true", help="list the articles and exit")
    mode.add_argument("--search", metavar="TERM",
                      help="print articles and lines that contain every word of TERM")
    mode.add_argument("--print", dest="print_article", metavar="ARTICLE",
                      help="print one article (plain text when piped)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from ebbtide.core.content.library.parse import load_library

    library = load_library()
    if args.list:
        if args.article:
            raise EbbtideError("--list takes no ARTICLE")
        return _list(library, ctx.out)
    if args.search is not None:
        if args.article:
            raise EbbtideError("--search takes no ARTICLE; put several words in quotes")
        return _search(library, args.search, ctx)
    if args.print_article is not None:
        if args.article:
            raise EbbtideError("give the article once: 'ebbtide read --print ARTICLE'")
        return _print(library, args.print_article, ctx)
    if args.article:
        _resolve(library, args.article)
    # With an article named, leaving it quits, like `ebbtide breathe PATTERN`.
    return ctx.run_app(StartRoute(screen="read", args={"article": args.article or None},
                                  exit_after=bool(args.article)))


def _resolve(library: Library, name: str) -> str:
    article = library.get(name.strip())
    if article is not None:
        return article.id
    matches = library.close_matches(name)
    hint = f" Did you mean: {', '.join(matches)}?" if matches else ""
    raise EbbtideError(f"unknown article '{name}'.{hint} (see 'ebbtide read --list')")


def _list(library: Library, out: TextIO) -> int:
    width = max((len(article.id) for article in library.articles), default=2)
    for article in library.articles:
        print(
            f"{article.id:<{width}}  {article.minutes:>2} min  "
            f"{article.reviewed.isoformat()}  {inert(article.title)}",
            file=out,
        )
    return 0


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # closed stream
        return False


def _search(library: Library, query: str, ctx: CommandContext) -> int:
    from ebbtide.core.content.library.search import query_words

    if not query_words(query):
        raise EbbtideError("--search needs at least one word")
    matches = library.search_articles(query)
    glossary = library.search_glossary(query)
    if not matches and not glossary:
        print(f"No articles contain all of: {query}", file=ctx.err)
        return 1
    lines: list[tuple[str, tuple[tuple[int, int], ...]]] = []
    for match in matches:
        article = match.article
        lines.append((f"{article.id}  {article.title}", ()))
        body_hits = [hit for hit in match.hits if hit.field == "body"]
        shown = body_hits[:MAX_LINES_PER_ARTICLE] or list(match.hits[:1])
        for hit in shown:
            prefix = f"  {hit.line:>4}: "
            spans = tuple((s + len(prefix), e + len(prefix)) for s, e in hit.spans)
            lines.append((prefix + hit.text, spans))
        more = len(body_hits) - len(shown)
        if more > 0:
            lines.append((f"        … {more} more line{'s' if more != 1 else ''}", ()))
    if glossary:
        lines.append(("glossary", ()))
        for hit in glossary:
            prefix = "        "
            spans = tuple((s + len(prefix), e + len(prefix)) for s, e in hit.spans)
            lines.append((prefix + hit.text, spans))
    if _is_terminal(ctx.out):
        from rich.console import Console
        from rich.text import Text

        console = Console(file=ctx.out, highlight=False, soft_wrap=True)
        for text, spans in lines:
            styled = Text(text)
            if not spans and not text.startswith(" "):
                styled.stylize("bold")
            for start, end in spans:
                styled.stylize("bold reverse", start, end)
            console.print(styled)
    else:
        for text, _ in lines:
            print(text, file=ctx.out)
    return 0


def _print(library: Library, name: str, ctx: CommandContext) -> int:
    from ebbtide.core.content.library.render import markdown_for_terminal, plain_text

    article = library.get(_resolve(library, name))
    assert article is not None
    if _is_terminal(ctx.out):
        from rich.console import Console
        from rich.markdown import Markdown

        console = Console(file=ctx.out)
        width = min(console.width, 88)
        console.print(Markdown(markdown_for_terminal(article), hyperlinks=False), width=width)
    else:
        ctx.out.write(plain_text(article))
    return 0
