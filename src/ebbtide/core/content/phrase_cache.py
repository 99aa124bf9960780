"""The safety phrase files kept parsed, as JSON in the cache folder, for `ebbtide log`.

A tag or note given to `ebbtide log` is checked for crisis words and urgent signs. Parsing
the two phrase files means importing tomllib (its import compiles several large regular
expressions) and stemming every phrase: about 3 ms of a 35 ms command. The parsed phrases
are kept here, keyed by each file's size and time and by Ebbtide's version and this code's,
so any change is parsed afresh. A missing, stale or damaged copy is simply parsed again and
rewritten; a cache folder that cannot be written only means parsing each time."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ebbtide import __version__
from ebbtide.core.content import phrases
from ebbtide.core.content.phrases import (
    Family,
    FamilyFile,
    Openers,
    Phrase,
    parse_family_file,
)

FORMAT = 2  # 2: the openers are kept too


def cached_family_file(name: str, source: Path, folder: Path) -> FamilyFile:
    """`source` parsed (see `phrases.parse_family_file`), from the copy in `folder` when it
    is still that file's. Raises OSError or ValueError only as parsing `source` would.

    From the copy only the openers are read at once; the families are built when a text
    has an opener (a copy found damaged then is parsed afresh from `source`)."""
    key = _key(source)
    copy = folder / f"phrases-{name}.json"

    def parse_and_keep() -> FamilyFile:
        from ebbtide.core.atomic import write_private  # only when the copy is (re)written

        parsed = parse_family_file(name, source.read_text(encoding="utf-8"))
        with contextlib.suppress(OSError):  # read-only or full: parsed again next time
            write_private(copy, json.dumps({"key": key, **_plain(parsed)}).encode())
        return parsed

    try:
        kept = json.loads(copy.read_bytes())
        if kept["key"] == key:
            return _deferred(name, kept, parse_and_keep)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        pass  # no copy yet, an older one, or a damaged one: parse the source
    return parse_and_keep()


def _key(source: Path) -> list[object]:
    made = source.stat()
    code = Path(phrases.__file__).stat()  # a change to the stemming invalidates every copy
    return [FORMAT, __version__, made.st_size, made.st_mtime_ns, code.st_mtime_ns]


def _plain(parsed: FamilyFile) -> dict[str, Any]:
    return {"openers": [sorted(parsed.openers.words), list(parsed.openers.prefixes)],
            "checked": parsed.checked, "families": [
                [f.id, f.label, [list(p) for p in f.phrases], [list(p) for p in f.exceptions],
                 f.negation, f.escalates_when_severe] for f in parsed.families]}


def _texts(kept: Any) -> tuple[str, ...]:
    if not isinstance(kept, list) or not all(isinstance(t, str) for t in kept):
        raise ValueError("damaged openers")
    return tuple(kept)


def _deferred(name: str, kept: dict[str, Any], parse: Callable[[], FamilyFile]) -> FamilyFile:
    words, prefixes = kept["openers"]
    openers = Openers(frozenset(_texts(words)), _texts(prefixes))
    if not openers.words and not openers.prefixes:
        raise ValueError("no openers")

    def build() -> tuple[Family, ...]:
        try:
            return _families(kept["families"])
        except (ValueError, KeyError, TypeError, IndexError):
            return parse().families

    return FamilyFile.deferred(name, build, openers, str(kept["checked"]))


def _phrases(kept: list[Any]) -> tuple[Phrase, ...]:
    made = []
    for text, items in kept:
        pairs = tuple((str(kind), str(value)) for kind, value in items)
        if not isinstance(text, str) or not pairs:
            raise ValueError("damaged phrase")
        made.append(Phrase(text, pairs))
    return tuple(made)


def _families(kept: list[Any]) -> tuple[Family, ...]:
    families = tuple(
        Family(id=str(fid), label=str(label), phrases=_phrases(kept_phrases),
               exceptions=_phrases(kept_exceptions), negation=negation is True,
               escalates_when_severe=escalates is True)
        for fid, label, kept_phrases, kept_exceptions, negation, escalates in kept)
    if not families:
        raise ValueError("no families")
    return families
