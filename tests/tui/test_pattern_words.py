"""The pattern form's problems in plain words."""

from __future__ import annotations

import pytest

from ebbtide.core.content.patterns import pattern_from_mapping
from ebbtide.tui.screens.breathe.pattern_words import plain_problem


def _words(data: dict[str, object]) -> list[str]:
    base: dict[str, object] = {"name": "Calm", "purpose": "x", "default_minutes": 5.0,
                               "phases": [{"kind": "inhale", "seconds": 4.0},
                                          {"kind": "exhale", "seconds": 6.0}]}
    _, problems = pattern_from_mapping({**base, **data}, "calm")
    return [plain_problem(key, message) for key, message in problems]


@pytest.mark.parametrize(("data", "words"), [
    ({"name": ""}, "Give the pattern a name"),
    ({"default_minutes": "x"}, "Minutes must be a number"),
    ({"default_minutes": 500.0}, "Minutes must be from 1 to 120"),
    ({"phases": [{"kind": "inhale", "seconds": "abc"}, {"kind": "exhale", "seconds": 6.0}]},
     "Seconds must be a number"),
    ({"phases": [{"kind": "inhale", "seconds": -1.0}, {"kind": "exhale", "seconds": 6.0}]},
     "Seconds cannot be below 0"),
    ({"phases": [{"kind": "inhale", "seconds": 4.0}, {"kind": "exhale", "seconds": 90.0}]},
     "At most 60 seconds"),
    ({"phases": [{"kind": "exhale", "seconds": 6.0}]}, "Breathe in needs some seconds"),
    ({"phases": []}, "Give breathing in and out some seconds"),
])
def test_problems_read_plainly(data: dict[str, object], words: str) -> None:
    said = _words(data)
    assert words in said
    assert not any("'" in s or "phases" in s or "_" in s for s in said)
