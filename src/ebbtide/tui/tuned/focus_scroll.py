"""A scroll container whose focus change restyles only itself.

Textual restyles a widget and everything inside it whenever it gains or loses focus, in
case a rule such as `Select:focus > SelectCurrent` styles the inside. An article (a hundred
Markdown blocks) and the long forms each sit in one scroll container, so every focus
change there (opening the screen, a dialog coming and going) restyled all of it. Here only
the container is restyled; everything is, as in Textual, when its own styles changed or
when some rule in the stylesheet puts `:focus` on an outer part that could match it.

Why: opening an article from the library (anxiety-evidence at 80x24, CPU, best of 14
after a warm-up) took 234 ms with VerticalScroll and 205 ms with FocusScroll; in the UI
tests, focus changes restyled about 6,000 article nodes per 60 focus changes before.
Relies on: `Widget.watch_has_focus` being the watcher that restyles, `App.update_styles`,
`Stylesheet.update_nodes`, `StylesBase.get_rules`, and `RuleSet.selector_set` with
`Selector.combinator`, `pseudo_classes` and `_check` (tests/tui/test_tuned.py)."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from textual.containers import VerticalScroll
from textual.css.model import CombinatorType, RuleSet, Selector
from textual.css.stylesheet import Stylesheet
from textual.types import NoActiveAppError

# Per stylesheet: the rules list the answer was worked out for, and the outer parts.
_FOCUS_OUTER_PARTS: WeakKeyDictionary[Stylesheet, tuple[list[RuleSet], list[list[Selector]]]]
_FOCUS_OUTER_PARTS = WeakKeyDictionary()


def focus_outer_parts(rules: list[RuleSet]) -> list[list[Selector]]:
    """Each compound selector with `:focus` that is not the last part of its rule
    (`A:focus > B`: the `A:focus`): the rules that style the inside of a focused widget."""
    parts: list[list[Selector]] = []
    for rule in rules:
        for selector_set in rule.selector_set:
            compounds: list[list[Selector]] = [[]]
            for selector in selector_set.selectors:
                if compounds[-1] and selector.combinator != CombinatorType.SAME:
                    compounds.append([])
                compounds[-1].append(selector)
            parts.extend(compound for compound in compounds[:-1]
                         if any("focus" in selector.pseudo_classes for selector in compound))
    return parts


def _styles_inside_on_focus(widget: VerticalScroll, stylesheet: Stylesheet) -> bool:
    rules = stylesheet.rules
    known = _FOCUS_OUTER_PARTS.get(stylesheet)
    if known is None or known[0] is not rules:
        known = (rules, focus_outer_parts(rules))
        _FOCUS_OUTER_PARTS[stylesheet] = known
    # Type, id and classes only: the focus pseudo-class has just changed, either way.
    return any(all(selector._check(widget) for selector in compound) for compound in known[1])


class FocusScroll(VerticalScroll):
    def watch_has_focus(self, _has_focus: bool) -> None:
        try:
            app = self.app
        except NoActiveAppError:
            return
        before = self.styles.base.get_rules()
        app.stylesheet.update_nodes([self], animate=True)
        if (self.styles.base.get_rules() != before
                or _styles_inside_on_focus(self, app.stylesheet)):
            app.update_styles(self)
