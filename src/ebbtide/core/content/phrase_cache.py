"""The safety phrase files kept parsed, as JSON in the cache folder, for `ebbtide log`.

A tag or note given to `ebbtide log` is checked for crisis words and urgent signs. Parsing
the two phrase files means importing tomllib (its import compiles several large regular
expressions) and stemming every phrase: about 3 ms of a 35 ms command. The parsed phrases
are kept here, keyed by each file's size and time and by Ebbtide's version and the
matching code's, so any change is parsed afresh. A missing, stale or damaged copy is simply
parsed again and rewritten; a cache folder that cannot be written only means parsing each
time.

Beside each copy, a few lines of text keep its file's openers (the words that can begin a
phrase). Most tags and notes hold none, and `nothing_to_check` says so from the openers
alone, without loading the phrases or importing `json`; a text with an opener is matched
against the phrases themselves."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ebbtide import __version__
from ebbtide.core.content.phrase_words import Openers
from ebbtide.core.content.resources import CRISIS_LANGUAGE, URGENT_SIGNS, safety_file

if TYPE_CHECKING:
    from ebbtide.core.content.phrases import Family, FamilyFile, Phrase

FORMAT = 3  # 3: the openers are kept in a text file of their own
SAFETY_FILES = (CRISIS_LANGUAGE, URGENT_SIGNS)  # what `ebbtide log` checks typed text for
_DAMAGE = (OSError, ValueError, KeyError, TypeError, IndexError)


def nothing_to_check(texts: Iterable[str], folder: Path) -> bool:
    """True when the copies in `folder` show that none of `texts` has an opener of a crisis
    or urgent-sign phrase, so neither check can find anything. False when one may, or when
    a copy is missing, stale or damaged: then the phrases must answer."""
    words = list(texts)
    for name in SAFETY_FILES:
        openers = _kept_openers(name, safety_file(name), folder)
        if openers is None or any(openers.in_text(text) for text in words):
            return False
    return True


def cached_family_file(name: str, source: Path, folder: Path) -> FamilyFile:
    """`source` parsed (see `phrases.parse_family_file`), from the copy in `folder` when it
    is still that file's. Raises OSError or ValueError only as parsing `source` would.

    From the copy the families are built only when a text has an opener (a copy found
    damaged then is parsed afresh from `source`)."""
    from ebbtide.core.content.phrases import FamilyFile, parse_family_file

    def parse_and_keep() -> FamilyFile:
        import json

        from ebbtide.core.atomic import write_private  # only when the copy is (re)written

        key = _key(source)  # before reading: a file edited meanwhile is read afresh next time
        parsed = parse_family_file(name, source.read_text(encoding="utf-8"))
        with contextlib.suppress(OSError):  # read-only or full: parsed again next time
            write_private(_copy_path(name, folder),
                          json.dumps({"key": key, **_plain(parsed)}).encode())
            openers = parsed.openers  # kept as words on a line: only when each is one word
            if all(o and o.split() == [o] for o in (*openers.words, *openers.prefixes)):
                write_private(_openers_path(name, folder), "\n".join(
                    [_key_text(key), " ".join(sorted(openers.words)),
                     " ".join(openers.prefixes), ""]).encode())
        return parsed

    kept = _current_copy(name, source, folder)
    openers = _kept_openers(name, source, folder)
    if kept is not None and openers is not None:
        with contextlib.suppress(*_DAMAGE):
            return FamilyFile.deferred(name, _builder(kept, parse_and_keep), openers,
                                       str(kept["checked"]))
    return parse_and_keep()  # no copy yet, an older one, or a damaged one


def _copy_path(name: str, folder: Path) -> Path:
    return folder / f"phrases-{name}.json"


def _openers_path(name: str, folder: Path) -> Path:
    return folder / f"phrases-{name}.openers"


def _key(source: Path) -> list[object]:
    made = source.stat()
    return [FORMAT, __version__, made.st_size, made.st_mtime_ns, *_code_key()]


@cache
def _code_key() -> tuple[int, ...]:
    """A change to the matching code invalidates every copy."""
    here = Path(__file__).parent
    return tuple((here / module).stat().st_mtime_ns for module in ("phrases.py",
                                                                   "phrase_words.py"))


def _key_text(key: list[object]) -> str:
    return " ".join(str(part) for part in key)


def _kept_openers(name: str, source: Path, folder: Path) -> Openers | None:
    """The openers kept for `source` when they are current and readable, else None. Three
    lines: the key, the words, the word beginnings (none holds a space or is empty), each
    ended by a new line, so a file cut short is never taken for one without prefixes."""
    try:
        lines = _openers_path(name, folder).read_text(encoding="utf-8").split("\n")
        if len(lines) != 4 or lines[3] or lines[0] != _key_text(_key(source)):
            return None
    except (OSError, ValueError):
        return None
    openers = Openers(frozenset(lines[1].split()), tuple(lines[2].split()))
    return openers if openers.words or openers.prefixes else None


def _current_copy(name: str, source: Path, folder: Path) -> dict[str, Any] | None:
    """The copy's content when it is the current one for `source`, else None."""
    import json

    try:
        kept = json.loads(_copy_path(name, folder).read_bytes())
        return kept if kept["key"] == _key(source) else None
    except _DAMAGE:
        return None


def _plain(parsed: FamilyFile) -> dict[str, Any]:
    return {"checked": parsed.checked, "families": [
        [f.id, f.label, [list(p) for p in f.phrases], [list(p) for p in f.exceptions],
         f.negation, f.escalates_when_severe] for f in parsed.families]}


def _builder(kept: dict[str, Any], parse: Callable[[], FamilyFile]
             ) -> Callable[[], tuple[Family, ...]]:
    def build() -> tuple[Family, ...]:
        try:
            return _families(kept["families"])
        except _DAMAGE:
            return parse().families

    return build


def _phrases(kept: list[Any]) -> tuple[Phrase, ...]:
    from ebbtide.core.content.phrases import Phrase

    made = []
    for text, items in kept:
        pairs = tuple((str(kind), str(value)) for kind, value in items)
        if not isinstance(text, str) or not pairs:
            raise ValueError("damaged phrase")
        made.append(Phrase(text, pairs))
    return tuple(made)


def _families(kept: list[Any]) -> tuple[Family, ...]:
    from ebbtide.core.content.phrases import Family

    families = tuple(
        Family(id=str(fid), label=str(label), phrases=_phrases(kept_phrases),
               exceptions=_phrases(kept_exceptions), negation=negation is True,
               escalates_when_severe=escalates is True)
        for fid, label, kept_phrases, kept_exceptions, negation, escalates in kept)
    if not families:
        raise ValueError("no families")
    return families
