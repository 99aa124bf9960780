"""The pattern form's problems in plain words.

`pattern_from_mapping` speaks about TOML keys ("'seconds' should be a number, not 'abc'"),
right for a file; a person at the form sees "Seconds must be a number" under the field."""

from __future__ import annotations

import re

_RULES: tuple[tuple[str, str, str], ...] = (
    # (key starts with, message matches, plain words)
    ("name", r"", "Give the pattern a name"),
    ("purpose", r"", "Say in a line what it is for"),
    ("default_minutes", r"should be a number", "Minutes must be a number"),
    ("default_minutes", r"", "Minutes must be from 1 to 120"),
    ("phases[", r"should be a number", "Seconds must be a number"),
    ("phases[", r"negative", "Seconds cannot be below 0"),
    ("phases[", r"at most (\d+)", "At most {0} seconds"),
    ("phases[", r"must be an 'inhale'", "Breathe in needs some seconds"),
    ("phases[", r"must be (?:more than|at least) ([\d.]+)", "At least {0} seconds"),
    ("phases", r"empty", "Give breathing in and out some seconds"),
)


def plain_problem(key: str, message: str) -> str:
    """Plain words for one (key, message) problem of `pattern_from_mapping`."""
    for prefix, pattern, words in _RULES:
        if key.startswith(prefix):
            found = re.search(pattern, message)
            if found is not None:
                return words.format(*found.groups())
    text = re.sub(r"^phase \d+:? ", "", message).replace("'", "")
    return text[:1].upper() + text[1:]
