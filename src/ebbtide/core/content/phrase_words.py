"""Words as the phrase families see them, for typed text and phrases alike: lower case,
curly quotes and apostrophes folded and then dropped ("can't" and "cant" are one word),
each word lightly stemmed.

Apart from `phrases` so that `ebbtide log` can tell from the openers alone (the words that
can begin a phrase) that a tag or note names nothing, without loading the phrases."""

from __future__ import annotations

import re

FOLD = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def stem(word: str) -> str:
    """A light, predictable stem: 'seizures'->'seizure', 'fainted'->'faint',
    'hallucinating'->'hallucinat'. Phrase lists spell out other forms ('die', 'dying')."""
    if len(word) > 3 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    return word


def raw_words(text: str) -> list[str]:
    """The words of `text` (already folded and lower-cased), apostrophes dropped."""
    return [w.replace("'", "") for w in WORD.findall(text)]


class Openers:
    """The words, and word beginnings, that can start a phrase of a file. A family matches
    only where one of its phrases starts, and exceptions and negation only ever remove a
    match, so text without an opener matches nothing: it is answered without the phrases."""

    __slots__ = ("prefixes", "words")

    def __init__(self, words: frozenset[str], prefixes: tuple[str, ...]) -> None:
        self.words = words
        self.prefixes = prefixes

    def in_text(self, text: str) -> bool:
        # Clause breaks (see phrases.clauses) never fall inside a word: all words at once.
        return any(word in self.words or word.startswith(self.prefixes)
                   for word in map(stem, raw_words(text.translate(FOLD).lower())))
