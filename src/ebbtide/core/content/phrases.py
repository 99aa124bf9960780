"""Phrase families: match what a person typed by meaning, not exact text.

A family (content/safety/*.toml) lists phrases that say one thing ("had a fit",
"seizures", "convulsing") and exceptions that look alike but do not ("seizure-free").
Text and phrases are normalised the same way: lower case, curly quotes and apostrophes
folded ("can't" and "cant" are one word), split into clauses at . , ; ! ? and new lines,
and each word lightly stemmed (plural -s/-ies, -ing, -ed), so "seizures", "fainted" and
"hallucinating" match "seizure", "faint" and "hallucinat…". In a phrase, "..." allows up to
four words between its parts ("fever ... stiff" matches "fever and very stiff") and a
word ending in "*" matches any word it begins ("suicid*").

Families whose file sets `negation = true` ignore a match with "no", "not", "never",
"without", "didn't"... up to three words before it, or "free"/"none" right after it
("no seizures", "seizure-free for a year"). Crisis language never uses negation: there a
false alarm is far cheaper than a missed one.

Plain classes with __slots__ rather than dataclasses: `ebbtide log` imports this to check a
note or tag for crisis words, and building four dataclasses cost it 1.4 ms."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from ebbtide.core.content.phrase_words import FOLD, Openers, raw_words, stem
from ebbtide.core.content.resources import safety_file

GAP = "..."
MAX_GAP_WORDS = 4
NEGATION_WINDOW = 3
NEGATORS = frozenset({"no", "not", "never", "without", "non", "zero", "none", "nor",
                      "dont", "didnt", "doesnt", "isnt", "wasnt", "arent", "werent",
                      "havent", "hasnt", "hadnt", "wont", "wouldnt", "free"})
AFTER_NEGATORS = frozenset({"free", "none"})

_CLAUSE = re.compile(r"[.,;:!?\n()\[\]]+")


class Clause:
    """A clause's words as typed (lower case, apostrophes dropped) and their stems."""

    __slots__ = ("_positions", "raw", "stems")

    def __init__(self, raw: tuple[str, ...], stems: tuple[str, ...]) -> None:
        self.raw = raw
        self.stems = stems
        self._positions: dict[str, list[int]] | None = None

    @property
    def positions(self) -> dict[str, list[int]]:
        """Where each stem occurs: a phrase is tried only where its first word is, so a
        long note is not walked once per phrase (a 1,000,000-character note took 8 s)."""
        if self._positions is None:
            index: dict[str, list[int]] = {}
            for position, word in enumerate(self.stems):
                index.setdefault(word, []).append(position)
            self._positions = index
        return self._positions


@lru_cache(maxsize=4096)
def clauses(text: str) -> tuple[Clause, ...]:
    out = []
    for part in _CLAUSE.split(text.translate(FOLD).lower()):
        raw = tuple(raw_words(part))
        if raw:
            out.append(Clause(raw, tuple(stem(w) for w in raw)))
    return tuple(out)


Item = tuple[str, str]  # ("word", stem) | ("prefix", start) | ("gap", "")


class Phrase(NamedTuple):
    text: str
    items: tuple[Item, ...]

    @classmethod
    def parse(cls, text: str) -> Phrase:
        items: list[Item] = []
        for token in text.translate(FOLD).lower().replace(GAP, f" {GAP} ").split():
            if token == GAP:
                items.append(("gap", ""))
            elif token.endswith("*"):
                items.append(("prefix", token[:-1].replace("'", "")))
            else:
                items.extend(("word", stem(w)) for w in raw_words(token))
        if not items or items[0][0] == "gap" or items[-1][0] == "gap":
            raise ValueError(f"phrase {text!r} must start and end with a word")
        return cls(text, tuple(items))

    def spans(self, clause: Clause) -> list[tuple[int, int]]:
        """[start, end) of each place this phrase occurs in the clause."""
        found = []
        for start in self._starts(clause):
            end = _match(self.items, 0, clause.stems, start)
            if end is not None:
                found.append((start, end))
        return found


    def _starts(self, clause: Clause) -> list[int]:
        kind, value = self.items[0]  # never a gap (see parse)
        if kind == "word":
            return clause.positions.get(value, [])
        return sorted(p for word, where in clause.positions.items() if word.startswith(value)
                      for p in where)


def _fits(item: Item, word: str) -> bool:
    kind, value = item
    return word.startswith(value) if kind == "prefix" else word == value


def _match(items: tuple[Item, ...], i: int, words: tuple[str, ...], pos: int) -> int | None:
    if i == len(items):
        return pos
    if items[i][0] == "gap":
        for skip in range(MAX_GAP_WORDS + 1):
            end = _match(items, i + 1, words, pos + skip)
            if end is not None:
                return end
        return None
    if pos < len(words) and _fits(items[i], words[pos]):
        return _match(items, i + 1, words, pos + 1)
    return None


class Family:
    """Phrases that say one thing, and look-alikes that do not. Hashed by identity (a cheap
    key for the match cache)."""

    __slots__ = ("escalates_when_severe", "exceptions", "id", "label", "negation", "phrases")

    def __init__(self, id: str, label: str, phrases: tuple[Phrase, ...],
                 exceptions: tuple[Phrase, ...] = (), negation: bool = False,
                 escalates_when_severe: bool = False) -> None:
        self.id = id
        self.label = label  # how a note names it: "a seizure"
        self.phrases = phrases
        self.exceptions = exceptions
        self.negation = negation
        self.escalates_when_severe = escalates_when_severe  # confusion: urgent when severe

    def matches(self, text: str) -> bool:
        return _family_matches(self, text)

    def _in_clause(self, clause: Clause) -> bool:
        blocked = [span for p in self.exceptions for span in p.spans(clause)]
        for phrase in self.phrases:
            for start, end in phrase.spans(clause):
                if any(s <= start and end <= e for s, e in blocked):
                    continue
                if self.negation and _negated(clause, start, end):
                    continue
                return True
        return False


@lru_cache(maxsize=16384)
def _family_matches(family: Family, text: str) -> bool:
    return any(family._in_clause(c) for c in clauses(text))


def _negated(clause: Clause, start: int, end: int) -> bool:
    before = clause.raw[max(0, start - NEGATION_WINDOW):start]
    return any(w in NEGATORS for w in before) or (
        end < len(clause.raw) and clause.raw[end] in AFTER_NEGATORS)


def openers_of(families: tuple[Family, ...]) -> Openers:
    """The words and word beginnings that start the phrases of `families` (see Openers)."""
    firsts = {p.items[0] for f in families for p in f.phrases}
    return Openers(frozenset(value for kind, value in firsts if kind == "word"),
                   tuple(sorted(value for kind, value in firsts if kind == "prefix")))


class FamilyFile:
    """A parsed phrase file. From the parsed copy (phrase_cache) its families are built
    only when a text has one of its openers: most tags and notes have none."""

    __slots__ = ("_build", "_families", "checked", "name", "openers")

    def __init__(self, name: str, families: tuple[Family, ...], checked: str = "", *,
                 openers: Openers | None = None) -> None:
        self.name = name
        self._families: tuple[Family, ...] | None = families
        self._build: Callable[[], tuple[Family, ...]] | None = None
        self.checked = checked  # when the lists were last reviewed
        self.openers = openers if openers is not None else openers_of(families)

    @classmethod
    def deferred(cls, name: str, build: Callable[[], tuple[Family, ...]], openers: Openers,
                 checked: str) -> FamilyFile:
        """A file whose families `build` makes on first need; `openers` must be theirs."""
        made = cls(name, (), checked, openers=openers)
        made._families, made._build = None, build
        return made

    @property
    def families(self) -> tuple[Family, ...]:
        if self._families is None:
            assert self._build is not None
            self._families, self._build = self._build(), None
        return self._families

    def matching(self, text: str) -> list[Family]:
        """Every family the text matches, in file order."""
        if not text.strip() or not self.openers.in_text(text):
            return []
        return [f for f in self.families if f.matches(text)]

    def by_id(self, family_id: str) -> Family:
        for family in self.families:
            if family.id == family_id:
                return family
        raise KeyError(family_id)


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: expected a list of text")
    return tuple(value)


def parse_family_file(name: str, text: str) -> FamilyFile:
    import tomllib  # not needed when `ebbtide log` reads the parsed copy (phrase_cache)

    data = tomllib.loads(text)
    negation = bool(data.get("negation", False))
    families = []
    for number, raw in enumerate(data.get("family", []), 1):
        where = f"{name} family {number}"
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            raise ValueError(f"{where}: needs an id")
        families.append(Family(
            id=raw["id"], label=str(raw.get("label", raw["id"])),
            phrases=tuple(Phrase.parse(p) for p in _strings(raw.get("phrases"), where)),
            exceptions=tuple(Phrase.parse(p) for p in _strings(raw.get("except", []), where)),
            negation=bool(raw.get("negation", negation)),
            escalates_when_severe=bool(raw.get("escalates_when_severe", False))))
    if not families:
        raise ValueError(f"{name}: no [[family]] tables")
    return FamilyFile(name, tuple(families), str(data.get("checked", "")))


_kept_in: list[Path] = []


@contextmanager
def parsed_copies_in(folder: Path) -> Iterator[None]:
    """Meanwhile, read the phrase files through a parsed copy kept in `folder` (see
    phrase_cache): for short-lived commands that check typed text once."""
    _kept_in[:] = [folder]
    family_file.cache_clear()
    try:
        yield
    finally:
        _kept_in.clear()
        family_file.cache_clear()


@cache
def family_file(name: str) -> FamilyFile:
    """content/safety/<name>.toml, parsed once."""
    path = safety_file(name)
    if _kept_in:
        from ebbtide.core.content.phrase_cache import cached_family_file

        return cached_family_file(name, path, _kept_in[0])
    return parse_family_file(name, path.read_text(encoding="utf-8"))
