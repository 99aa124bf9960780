"""Searching the journal: check-in notes, check-in tags and side effects (name and note).

The index is the `search_index` table that schema's search migration creates and its
triggers keep in step with `checkins` and `side_effects` (rowid = record id * 4 + kind).
What a person types never reaches FTS5's query syntax: it is cut into words (letters and
digits; everything else separates them, as the index's tokenizer does), each word quoted
and matched as a prefix, a "quoted phrase" matched as those words in a row. So `(`, `*`,
`AND`, stray quotes are only ever searched for, never parsed.

Where this SQLite has no FTS5 the same search runs as a LIKE scan of the journal's tables
(`like_search`), which is also the benchmark's baseline."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.values import from_stamp

MatchKind = Literal["note", "tag", "side_effect"]
KINDS: tuple[MatchKind, ...] = ("note", "tag", "side_effect")  # index: rowid & 3
DEFAULT_LIMIT = 50
SNIPPET_WORDS = 16
SNIPPET_CHARS = 100  # the LIKE fallback's window around the first match
# snippet() wraps each match in these; stored text holding them only misplaces a mark.
_OPEN, _CLOSE = "\x02", "\x03"
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
    where, params = _day_range(start, end)
    rows = conn.execute(
        "WITH hits (r) AS (SELECT rowid FROM search_index WHERE search_index MATCH ?) "
        "SELECT r, c.id, c.at_utc, c.utc_offset_min, c.local_date FROM hits "
        "JOIN checkins c ON c.id = r >> 2 WHERE r & 3 < 2 AND c.deleted_utc IS NULL"
        f"{where.format(t='c')} UNION ALL "
        "SELECT r, s.checkin_id, s.at_utc, s.utc_offset_min, s.local_date FROM hits "
        "JOIN side_effects s ON s.id = r >> 2 WHERE r & 3 = 2 AND s.deleted_utc IS NULL"
        f"{where.format(t='s')} ORDER BY 3 DESC, 1 DESC LIMIT ?",
        [query, *params, *params, max(limit, 0)]).fetchall()
    if not rows:
        return []
    marks = ", ".join("?" for _ in rows)
    snippets = dict(conn.execute(
        f"SELECT rowid, snippet(search_index, 0, '{_OPEN}', '{_CLOSE}', '…', "
        f"{SNIPPET_WORDS}) FROM search_index WHERE search_index MATCH ? AND rowid IN "
        f"({marks})", [query, *(r[0] for r in rows)]).fetchall())
    return [_hit(r, _pieces(snippets.get(r[0], ""))) for r in rows]


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
    rows = conn.execute(" UNION ALL ".join(selects) + " ORDER BY 3 DESC, 1 DESC LIMIT ?",
                        [*args, max(limit, 0)]).fetchall()
    hits = []
    for r in rows:
        body = " ".join(json.loads(r[5])) if r[0] & 3 == 1 else str(r[5])
        hits.append(_hit(r, _marked_window(body, terms)))
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


def _hit(row: Sequence[Any], pieces: tuple[tuple[str, bool], ...]) -> SearchHit:
    rowid = int(row[0])
    return SearchHit(kind=KINDS[rowid & 3], record_id=rowid >> 2, checkin_id=row[1],
                     at=from_stamp(row[2], row[3]), local_date=date.fromisoformat(row[4]),
                     pieces=pieces)


def _pieces(snippet: str) -> tuple[tuple[str, bool], ...]:
    """FTS5's snippet, marks removed, as (text, is a match) pieces."""
    pieces: list[tuple[str, bool]] = []
    for i, part in enumerate(snippet.split(_OPEN)):
        matched, _, rest = part.partition(_CLOSE) if i else ("", "", part)
        pieces += [(p, m) for p, m in ((matched, True), (rest, False)) if p]
    return tuple(pieces)


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _marked_window(body: str, terms: Sequence[Term]) -> tuple[tuple[str, bool], ...]:
    """A window of `body` around the first match, every match in it marked."""
    pattern = re.compile("|".join(re.escape(" ".join(t.words)) for t in terms),
                         re.IGNORECASE)
    first = pattern.search(body)
    begin = max(0, (first.start() if first else 0) - SNIPPET_CHARS // 3)
    window = body[begin:begin + SNIPPET_CHARS]
    pieces: list[tuple[str, bool]] = [("…", False)] if begin else []
    at = 0
    for found in pattern.finditer(window):
        if found.start() > at:
            pieces.append((window[at:found.start()], False))
        pieces.append((found.group(), True))
        at = found.end()
    if at < len(window):
        pieces.append((window[at:], False))
    if begin + SNIPPET_CHARS < len(body):
        pieces.append(("…", False))
    return tuple(pieces)
