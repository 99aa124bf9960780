"""`ebbtide search TEXT`: notes, tags and side effects across the whole journal, newest
first, each with its day, time, what matched and a snippet with the match marked.

Each word is matched as the start of a word ("dizz" finds "dizzy"); "a quoted phrase" is
matched as written; every word must be found. The snippet is the stored text, printed
inert (see `history.dumps_inert`)."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING, TextIO

from ebbtide.cli.commands.history import day_span, dumps_inert
from ebbtide.cli.context import CommandContext

if TYPE_CHECKING:
    from ebbtide.core.journal.search import SearchHit

KIND_WORDS = {"note": "note", "tag": "tag", "side_effect": "side effect"}
MAX_LIMIT = 100_000


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "search", help="find words in your notes, tags and side effects",
        description="Search the whole journal: notes, tags and side effects, newest first. "
                    "Each word matches the start of a word (dizz finds dizzy); put words "
                    "in quotes to find them in a row; every word must be found.")
    parser.add_argument("text", nargs="+", metavar="TEXT", help="the words to look for")
    parser.add_argument("--since", metavar="DATE", help="first day, YYYY-MM-DD")
    parser.add_argument("--until", metavar="DATE", help="last day, YYYY-MM-DD")
    parser.add_argument("--limit", metavar="N", type=limit_number, default=50,
                        help="show at most N matches (default 50)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(handler=run)


def limit_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to {MAX_LIMIT:,} "
                                         f"(got {text!r})")
    return value


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from ebbtide.core.journal.store import Journal
    from ebbtide.core.text import inert

    text = " ".join(args.text)
    since, until = day_span(args)
    with Journal.open(ctx.paths, verify=False) as journal:
        hits = journal.search(text, since, until, limit=args.limit)
    out = ctx.out
    if args.json:
        print(dumps_inert([hit_json(h) for h in hits]), file=out)
        return 0
    if not hits:
        print(f"Nothing found for “{inert(text, 80)}”.", file=out)
        return 0
    for hit in hits:
        print(hit_line(hit, out), file=out)
    if len(hits) == args.limit:
        print(f"\nThe newest {args.limit} matches; --limit N shows more, --since and "
              "--until narrow the days.", file=out)
    return 0


def hit_line(hit: SearchHit, out: TextIO) -> str:
    """`2026-01-05 Mon 08:00  note  …felt «dizzy» after…`: matches in bold on a colour
    terminal, else between « and »."""
    from ebbtide.core.text import inert

    styled = out.isatty() and "NO_COLOR" not in os.environ
    start, end = ("\x1b[1;4m", "\x1b[0m") if styled else ("«", "»")
    snippet = "".join(f"{start}{inert(text)}{end}" if matched else inert(text)
                      for text, matched in hit.pieces)
    return (f"{hit.at:%Y-%m-%d %a %H:%M}  {KIND_WORDS[hit.kind]:<11}  {snippet}")


def hit_json(hit: SearchHit) -> dict[str, object]:
    return {"date": hit.local_date.isoformat(), "time": f"{hit.at:%H:%M}",
            "at": hit.at.isoformat(), "kind": hit.kind, "record_id": hit.record_id,
            "checkin_id": hit.checkin_id, "snippet": hit.snippet,
            "matches": [text for text, matched in hit.pieces if matched]}
