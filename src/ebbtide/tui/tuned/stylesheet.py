"""A Textual stylesheet that re-parses only what changed.

Textual calls `reparse()` whenever a mode's first screen appears or a screen brings its
own CSS file, and `set_variables()` just before, which empties the parse cache even when
the theme variables are the same as before. Every section's first open then re-parsed
all the CSS in the app two or three times. Here, unchanged variables keep the cache, so
only new sources are parsed; a real change of variables (a new theme) still re-parses
everything.

Why: start-up (`python -m benchmarks startup_instructions`, callgrind) takes 1077 M
instructions with this stylesheet and 1133 M with Textual's own (+5 %; ratio against the
bare app 1.22 instead of 1.29), and more again at each section's first open.
Relies on: `Stylesheet._parse_cache` (an LRUCache with `grow`), `set_variables` emptying
that cache, `reparse` and `parse` (tests/tui/test_tuned.py)."""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet

# Textual keeps 64 parsed sources; the whole app has more than that (each widget class
# brings its own DEFAULT_CSS), and a cyclic walk through an LRU that small misses every time.
PARSE_CACHE_SIZE = 512


class IncrementalStylesheet(Stylesheet):
    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._parse_cache.grow(PARSE_CACHE_SIZE)
        self._variables_in_use: dict[str, str] = dict(variables or {})
        self._variables_changed = False

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables == self._variables_in_use:
            return
        super().set_variables(variables)
        self._variables_in_use = dict(variables)
        self._variables_changed = True

    def reparse(self) -> None:
        if self._variables_changed:
            super().reparse()
            self._variables_changed = False
        else:
            self.parse()  # sources seen before come from the cache
