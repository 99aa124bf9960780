"""Searching the journal: check-in notes, check-in tags and side effects (name and note).

The index is the `search_index` table that schema's search migration creates and its
triggers keep in step with `checkins` and `side_effects` (rowid = record id * 4 + kind).
What a person types never reaches FTS5's query syntax: it is cut into words (letters and
digits; everything else separates them, as the index's tokenizer does), each word quoted
and matched as a prefix, a "quoted phrase" matched as those words in a row. So `(`, `*`,
`AND`, stray quotes are only ever searched for, never parsed.

Where this SQLite has no FTS5 the same search runs as a LIKE scan of the journal's tables
(`like_search`), which is also the benchmark's baseline. Snippets are cut from the
stored text in Python (`highlight`), words compared as the index compares them."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.values import from_stamp

MatchKind = Literal["note", "tag", "side_effect"]
KINDS: tuple[MatchKind, ...] = ("note", "tag", "side_effect")  # index: rowid & 3
DEFAULT_LIMIT = 50
SNIPPET_WORDS = 16  # words in a snippet, the first match third or so
WORDS_BEFORE = 4
_WORD = re.compile(r"[^\W_]+")
_PART = re.compile(r'"([^"]*)"|(\S+)')


class NothingToSearch(EbbtideError):
    """The search text holds no word to look for (only punctuation or spaces)."""

    def __init__(self) -> None:
        super().__init__("type a word to search for (letters or digits; punctuation "
                         "and symbols are ignored)")


@dataclass(frozen=True)
class Term:
    """A word matched as a prefix, or a quoted phrase matched as written."""

    words: tuple[str, ...]
    prefix: bool


@dataclass(frozen=True)
class SearchHit:
    kind: MatchKind
    record_id: int  # the check-in (note, tag) or the side effect
    checkin_id: int | None  # the check-in it belongs to (a side effect may have none)
    at: datetime  # aware, in the offset of entry
    local_date: date
    pieces: tuple[tuple[str, bool], ...]  # the snippet as stored text: (text, is a match)

    @property
    def snippet(self) -> str:
        return "".join(text for text, _ in self.pieces)


def parse_terms(text: str) -> list[Term]:
    """The terms in what a person typed; NothingToSearch when there is no word."""
    terms: list[Term] = []
    for found in _PART.finditer(text):
        phrase, word = found.group(1), found.group(2)
        words = tuple(_WORD.findall(phrase if phrase is not None else word))
        if phrase is not None and len(words) > 1:
            terms.append(Term(words, prefix=False))
        else:
            terms.extend(Term((w,), prefix=True) for w in words)
    if not terms:
        raise NothingToSearch()
    return terms


def fts_query(terms: Sequence[Term]) -> str:
    """An FTS5 query matching every term. Words hold only letters and digits, and each is
    quoted, so nothing in them is FTS5 syntax (AND, NEAR, column filters)."""
    parts = []
    for term in terms:
        quoted = '"' + " ".join(w.replace('"', '""') for w in term.words) + '"'
        parts.append(quoted + "*" if term.prefix else quoted)
    return " ".join(parts)


def uses_fts5(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'search_index'").fetchone()
    return row is not None and "fts5" in str(row[0]).lower()


def search(conn: sqlite3.Connection, text: str, start: date | None = None,
           end: date | None = None, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
    """Notes, tags and side effects matching every term of `text`, newest first, at most
    `limit`; local days in [start, end] (inclusive; None: open). Records in the trash are
    left out. Raises NothingToSearch for text with no word in it."""
    terms = parse_terms(text)
    if not uses_fts5(conn):
        return like_search(conn, text, start, end, limit)
    query = fts_query(terms)
    per_kind = dict(conn.execute("SELECT rowid & 3, count(*) FROM search_index WHERE "
                                 "search_index MATCH ? GROUP BY 1", (query,)).fetchall())
    where, params = _day_range(start, end)
    rows: list[Any] = []
    for code, found in per_kind.items():
        table, checkin = ("side_effects", "t.checkin_id") if code == 2 else ("checkins", "t.id")
        hits = ("SELECT rowid >> 2 AS id FROM search_index WHERE search_index MATCH ? AND "
                "rowid & 3 = ?")
        size = conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 1
        # Many hits: walk the table newest first (its day index) until `limit` of them
        # are found; few: look each up and sort them. (`+t.id` keeps SQLite walking.)
        source = (f"{table} t WHERE +t.id IN ({hits})" if found * found > limit * size
                  else f"({hits}) h JOIN {table} t ON t.id = h.id WHERE 1")
        rows += conn.execute(
            f"SELECT t.id * 4 + {int(code)}, {checkin}, t.at_utc, t.utc_offset_min, "
            f"t.local_date FROM {source} AND t.deleted_utc IS NULL{where.format(t='t')} "
            "ORDER BY t.local_date DESC, t.at_utc DESC LIMIT ?",
            [query, code, *params, max(limit, 0)]).fetchall()
    rows.sort(key=_newest_first, reverse=True)
    del rows[max(limit, 0):]
    if not rows:
        return []
    # Snippets in Python from the stored text: FTS5's snippet() would run the match again
    # for each row (tens of ms for a common word); reading 50 rows by rowid takes 0.1 ms.
    marks = ", ".join("?" for _ in rows)
    bodies = dict(conn.execute(f"SELECT rowid, body FROM search_index WHERE rowid IN "
                               f"({marks})", [r[0] for r in rows]).fetchall())
    return [_hit(r, highlight(str(bodies.get(r[0], "")), terms)) for r in rows]


def like_search(conn: sqlite3.Connection, text: str, start: date | None = None,
                end: date | None = None, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
    """The same search as a LIKE scan of the tables (each word found anywhere in the text,
    not only at a word's start): the fallback without FTS5, and the benchmark baseline."""
    terms = parse_terms(text)
    patterns = ["%" + _like_escaped(" ".join(t.words)) + "%" for t in terms]
    where, params = _day_range(start, end)
    sources = (("c.id * 4", "c.id", "c.note", "checkins c", "c"),
               ("c.id * 4 + 1", "c.id", "c.tags", "checkins c", "c"),
               ("s.id * 4 + 2", "s.checkin_id",
                "s.name || CASE WHEN s.note != '' THEN ': ' || s.note ELSE '' END",
                "side_effects s", "s"))
    selects: list[str] = []
    args: list[Any] = []
    for rowid, checkin, body, table, t in sources:
        likes = "".join(f" AND {body} LIKE ? ESCAPE '\\'" for _ in patterns)
        selects.append(f"SELECT {rowid}, {checkin}, {t}.at_utc, {t}.utc_offset_min, "
                       f"{t}.local_date, {body} FROM {table} WHERE {t}.deleted_utc IS NULL"
                       f"{where.format(t=t)}{likes}")
        args += [*params, *patterns]
    rows = conn.execute(" UNION ALL ".join(selects) + " ORDER BY 5 DESC, 3 DESC, 1 DESC LIMIT ?",
                        [*args, max(limit, 0)]).fetchall()
    hits = []
    for r in rows:
        body = " ".join(json.loads(r[5])) if r[0] & 3 == 1 else str(r[5])
        hits.append(_hit(r, highlight(body, terms)))
    return hits


def _day_range(start: date | None, end: date | None) -> tuple[str, list[str]]:
    """A WHERE tail (with `{t}` for the table alias) and its parameters."""
    where, params = "", []
    if start is not None:
        where += " AND {t}.local_date >= ?"
        params.append(start.isoformat())
    if end is not None:
        where += " AND {t}.local_date <= ?"
        params.append(end.isoformat())
    return where, params


def _newest_first(row: Sequence[Any]) -> tuple[str, str, int]:
    """Newest first: by local day, then instant (as the history lists days)."""
    return row[4], row[2], row[0]


def _hit(row: Sequence[Any], pieces: tuple[tuple[str, bool], ...]) -> SearchHit:
    rowid = int(row[0])
    return SearchHit(kind=KINDS[rowid & 3], record_id=rowid >> 2, checkin_id=row[1],
                     at=from_stamp(row[2], row[3]), local_date=date.fromisoformat(row[4]),
                     pieces=pieces)


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def fold(word: str) -> str:
    """A word as the index compares it: case and diacritics ignored."""
    return "".join(ch for ch in unicodedata.normalize("NFD", word.casefold())
                   if not unicodedata.combining(ch))


def highlight(body: str, terms: Sequence[Term]) -> tuple[tuple[str, bool], ...]:
    """About SNIPPET_WORDS words of `body` from just before its first match, each match
    marked, as (text, is a match) pieces; words compared as the index does."""
    wanted = [(tuple(fold(w) for w in t.words), t.prefix) for t in terms]
    tokens: list[tuple[int, int, str]] = []  # start, end, folded word
    marked: list[tuple[int, int]] = []  # first and last token of each match
    more = False
    for found in _WORD.finditer(body):
        if marked and len(tokens) >= marked[0][0] + SNIPPET_WORDS:
            more = True
            break
        tokens.append((found.start(), found.end(), fold(found.group())))
        last = len(tokens) - 1
        for words, prefix in wanted:
            first = last - len(words) + 1
            if first >= 0 and (not marked or first > marked[-1][1]) and \
                    _ends_here(tokens, first, words, prefix):
                marked.append((first, last))
                break
    if not tokens:
        return ((body[:SNIPPET_WORDS * 8], False),) if body else ()
    lo = max(0, marked[0][0] - WORDS_BEFORE) if marked else 0
    hi = min(len(tokens), lo + SNIPPET_WORDS) - 1
    more = more or hi < len(tokens) - 1
    begin = tokens[lo][0] if lo else 0
    end = tokens[hi][1] if more else len(body)
    pieces: list[tuple[str, bool]] = [("…", False)] if lo else []
    at = begin
    for first, last in marked:
        if first < lo or last > hi:
            continue
        if tokens[first][0] > at:
            pieces.append((body[at:tokens[first][0]], False))
        pieces.append((body[tokens[first][0]:tokens[last][1]], True))
        at = tokens[last][1]
    if end > at:
        pieces.append((body[at:end], False))
    if more:
        pieces.append(("…", False))
    return tuple(pieces)


def _ends_here(tokens: Sequence[tuple[int, int, str]], first: int, words: Sequence[str],
               prefix: bool) -> bool:
    *whole, final = words
    found = [t[2] for t in tokens[first:first + len(words)]]
    if found[:-1] != whole:
        return False
    return found[-1].startswith(final) if prefix else found[-1] == final
