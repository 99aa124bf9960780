"""The `[keymap]` table of settings.toml: binding ids mapped to keys, e.g.

    [keymap]
    "app.check_in" = "j"
    "home.breathe" = "b,ctrl+b"

Every entry is checked before it is used; a bad one is reported with the file and line
and leaves that binding on its default key. Which ids exist and which key names are real
are told by the caller (the TUI knows its bindings and Textual's key names)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from ebbtide.core.settings import KEYMAP_TABLE as TABLE

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_NAMED_KEY = re.compile(r"[a-z][a-z0-9_]*\Z")
_HEADER = re.compile(r"\s*\[\s*([^\]]*?)\s*\]")


def plausible_key_name(name: str) -> bool:
    """A single printable character or a lower-case key name such as `f5` or `space`."""
    if len(name) == 1:
        return name.isprintable() and not name.isspace()
    return bool(_NAMED_KEY.match(name))


@dataclass
class KeymapResult:
    keymap: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def key_problem(keys: str, is_key_name: Callable[[str], bool] = plausible_key_name) -> str | None:
    """Why `keys` ("j", "ctrl+j", "f5,ctrl+f5") cannot be bound, or None when it can."""
    if not keys.strip():
        return "no key given"
    for key in keys.split(","):
        key = key.strip()
        if not key:
            return f"an empty key in '{keys}'"
        *modifiers, name = key.split("+") if key != "+" else ["+"]
        unknown = [modifier for modifier in modifiers if modifier not in MODIFIERS]
        if unknown:
            return (f"'{unknown[0]}' in '{key}' is not a modifier "
                    f"(use {', '.join(sorted(MODIFIERS))})")
        if not name or not is_key_name(name):
            return f"'{name or key}' is not a key name (examples: j, f5, ctrl+j, space)"
    return None


def check_keymap(table: object, path: Path, text: str, known_ids: Collection[str],
                 is_key_name: Callable[[str], bool] = plausible_key_name) -> KeymapResult:
    """Keep the entries of `table` (the parsed `[keymap]`, or None) that name a known
    binding and a real key; explain each one that does not."""
    result = KeymapResult()
    if table is None:
        return result
    if not isinstance(table, dict):
        where = _where(path, text, None)
        result.problems.append(f"{where}: 'keymap' should be a table of binding ids and "
                               "keys; default keys kept.")
        return result
    for binding_id, keys in table.items():
        where = _where(path, text, binding_id)
        if binding_id not in known_ids:
            import difflib

            close = difflib.get_close_matches(binding_id, sorted(known_ids), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            result.problems.append(f"{where}: [keymap] has no binding '{binding_id}'{hint}; "
                                   "ignored.")
            continue
        if not isinstance(keys, str):
            result.problems.append(f"{where}: [keymap] '{binding_id}' should be text such "
                                   f"as \"ctrl+j\", not {keys!r}; default key kept.")
            continue
        problem = key_problem(keys, is_key_name)
        if problem:
            result.problems.append(f"{where}: [keymap] '{binding_id}': {problem}; default "
                                   "key kept.")
            continue
        result.keymap[binding_id] = ",".join(key.strip() for key in keys.split(","))
    return result


def _where(path: Path, text: str, binding_id: str | None) -> str:
    line = keymap_line(text, binding_id)
    return f"{path}, line {line}" if line else str(path)


def keymap_line(text: str, binding_id: str | None) -> int | None:
    """The line that sets `binding_id` in the keymap table (or the table itself when the
    entry cannot be found, e.g. in an inline table); None when neither is there."""
    table_line: int | None = None
    in_table = False
    quoted = re.escape(binding_id) if binding_id is not None else None
    entry = re.compile(rf"\s*(?:{TABLE}\s*\.\s*)?([\"']?){quoted}\1\s*=") if quoted else None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            in_table = header.group(1) == TABLE
            if in_table and table_line is None:
                table_line = number
            continue
        if re.match(rf"\s*{TABLE}\s*[.=]", line) and not in_table:
            table_line = table_line or number
            if entry and entry.match(line):
                return number
            continue
        if in_table and entry and entry.match(line):
            return number
    return table_line
