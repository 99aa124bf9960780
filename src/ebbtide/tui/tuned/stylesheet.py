"""A Textual stylesheet that re-parses only what changed.

Textual calls `reparse()` whenever a mode's first screen appears or a screen brings its
own CSS file, and `set_variables()` just before, which empties the parse cache even when
the theme variables are the same as before. Every section's first open then re-parsed
all the CSS in the app two or three times. Here, unchanged variables keep the cache, so
only new sources are parsed; a real change of variables (a new theme) still re-parses
everything.

Parsed rules are also kept for the whole process, by source and theme variables, so a
second app in the same process (the UI tests start hundreds) or a theme chosen again
parses nothing. Textual already shares parsed rules between parses of one stylesheet;
nothing changes them after parsing.

Why: start-up (`python -m benchmarks startup_instructions`, callgrind) takes 1077 M
instructions with this stylesheet and 1133 M with Textual's own (+5 %; ratio against the
bare app 1.22 instead of 1.29), and more again at each section's first open. Parsing CSS
was about 5 % of the UI tests' CPU before the process-wide cache.
Relies on: `Stylesheet._parse_cache` (an LRUCache with `grow`), `set_variables` emptying
that cache, `reparse`, `parse` and `_parse_rules` (tests/tui/test_tuned.py)."""

from __future__ import annotations

from textual.cache import LRUCache
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

# Textual keeps 64 parsed sources; the whole app has more than that (each widget class
# brings its own DEFAULT_CSS), and a cyclic walk through an LRU that small misses every time.
PARSE_CACHE_SIZE = 512
SHARED_CACHE_SIZE = 2048  # a few themes' worth of every source

_ParseKey = tuple[int, str, CSSLocation, bool, int, str]
_SHARED_RULES: LRUCache[_ParseKey, list[RuleSet]] = LRUCache(SHARED_CACHE_SIZE)
_VARIABLES_IDS: dict[tuple[tuple[str, str], ...], int] = {}


def _variables_id(variables: dict[str, str]) -> int:
    """A small number standing for one set of theme variables (cheap to hash)."""
    return _VARIABLES_IDS.setdefault(tuple(sorted(variables.items())), len(_VARIABLES_IDS))


class IncrementalStylesheet(Stylesheet):
    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._parse_cache.grow(PARSE_CACHE_SIZE)
        self._variables_in_use: dict[str, str] = dict(variables or {})
        self._variables_key = _variables_id(self._variables_in_use)
        self._variables_changed = False

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables == self._variables_in_use:
            return
        super().set_variables(variables)
        self._variables_in_use = dict(variables)
        self._variables_key = _variables_id(self._variables_in_use)
        self._variables_changed = True

    def reparse(self) -> None:
        if self._variables_changed:
            super().reparse()
            self._variables_changed = False
        else:
            self.parse()  # sources seen before come from the cache

    def _parse_rules(self, css: str, read_from: CSSLocation, is_default_rules: bool = False,
                     tie_breaker: int = 0, scope: str = "") -> list[RuleSet]:
        key = (self._variables_key, css, read_from, is_default_rules, tie_breaker, scope)
        rules = _SHARED_RULES.get(key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            _SHARED_RULES[key] = rules
        return rules
