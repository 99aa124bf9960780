"""The small TOML file that says how another app's values become Ebbtide's: mood labels
(or a numeric scale) onto 1–10, anxiety onto 0–10 (or the value the person chose when the
app records none), which columns hold what, tags added to every imported check-in, and
date/time patterns. Ebbtide writes one with its guesses, clearly marked, the first time a
file is previewed, for the person to check and edit."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ebbtide.core.journal.imports.formats import (
    ROLES,
    BadCell,
    SourceFormat,
    find_column,
)
from ebbtide.core.journal.imports.source import ForeignFileError
from ebbtide.core.text import inert
from ebbtide.core.toml_schema import TomlFileError, read_toml

MAPPING_FOLDER = "imports"  # inside the config folder


def default_mapping_path(config_dir: Path, fmt: SourceFormat) -> Path:
    return config_dir / MAPPING_FOLDER / f"{fmt.name}-mapping.toml"


@dataclass(frozen=True)
class ValueMap:
    """How one column's cells become an Ebbtide number: a label table, a numeric scale
    stretched onto Ebbtide's, and a default for empty cells."""

    name: str  # "mood" / "anxiety"
    low: int
    high: int
    labels: dict[str, int] = field(default_factory=dict)  # casefolded label -> value
    scale: tuple[float, float] | None = None
    default: int | None = None

    def value(self, raw: str) -> int | None:
        """The number for a cell (the default, maybe None, for an empty one). BadCell for
        a label the mapping lacks or a number off the scale."""
        text = raw.strip()
        if not text:
            return self.default
        known = self.labels.get(text.casefold())
        if known is not None:
            return known
        if self.scale is not None:
            low, high = self.scale
            try:
                number = float(text)
            except ValueError:
                number = float("nan")
            if low <= number <= high:
                return round(self.low + (number - low) * (self.high - self.low) / (high - low))
            raise BadCell(f"{self.name} '{inert(text, 40)}' is not a number from {low:g} to "
                          f"{high:g} (the scale in the mapping)")
        raise BadCell(f"{self.name} '{inert(text, 40)}' is not in the mapping: give it a "
                      f"number from {self.low} to {self.high} under [{self.name}.labels]")


@dataclass(frozen=True)
class ImportMapping:
    path: Path
    mood: ValueMap
    anxiety: ValueMap
    anxiety_by_activity: dict[str, int] = field(default_factory=dict)  # casefolded
    columns: dict[str, str] = field(default_factory=dict)  # role -> header name
    tag_all: str = ""
    date_format: str | None = None
    time_format: str | None = None
    delimiter: str = ","
    activity_separator: str | None = None


def _table(data: dict[str, Any], key: str, path: Path) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ForeignFileError(f"{path}: '{key}' must be a table ([{key}])")
    return value


def _whole(value: object, where: str, low: int, high: int, path: Path) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ForeignFileError(f"{path}: {where} must be a whole number from {low} to {high} "
                               f"(got {inert(str(value), 40)})")
    return value


def _value_map(data: dict[str, Any], name: str, low: int, high: int,
               path: Path) -> ValueMap:
    table = _table(data, name, path)
    labels = {str(k).strip().casefold(): _whole(v, f"[{name}.labels] '{inert(str(k), 40)}'",
                                                low, high, path)
              for k, v in _table(table, "labels", path).items()}
    scale = table.get("scale")
    if scale is not None:
        if (not isinstance(scale, list) or len(scale) != 2
                or not all(isinstance(x, int | float) and not isinstance(x, bool)
                           for x in scale) or scale[0] >= scale[1]):
            raise ForeignFileError(f"{path}: [{name}] scale must be [lowest, highest], e.g. "
                                   "[1, 5]")
        scale = (float(scale[0]), float(scale[1]))
    default = table.get("default")
    if default is not None:
        default = _whole(default, f"[{name}] default", low, high, path)
    return ValueMap(name, low, high, labels, scale, default)


def _text(table: dict[str, Any], key: str, where: str, path: Path) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise ForeignFileError(f"{path}: {where} {key} must be text in quotes")
    return value or None


def load_mapping(path: Path) -> ImportMapping:
    """Read and check a mapping file. ForeignFileError names the file, line and problem."""
    try:
        data, _ = read_toml(path)
    except TomlFileError as exc:
        raise ForeignFileError(f"{path}: {exc}") from None
    anxiety_table = _table(data, "anxiety", path)
    by_activity = {str(k).strip().casefold(): _whole(v, f"[anxiety.activities] "
                                                        f"'{inert(str(k), 40)}'", 0, 10, path)
                   for k, v in _table(anxiety_table, "activities", path).items()}
    columns = _table(data, "columns", path)
    for role, header in columns.items():
        if role not in ROLES:
            raise ForeignFileError(f"{path}: [columns] {inert(role, 40)} is not one Ebbtide "
                                   f"reads (it reads {', '.join(ROLES)})")
        if not isinstance(header, str):
            raise ForeignFileError(f"{path}: [columns] {role} must be a column name in quotes")
    fmt = _table(data, "format", path)
    delimiter = _text(fmt, "delimiter", "[format]", path) or ","
    if len(delimiter) != 1:
        raise ForeignFileError(f"{path}: [format] delimiter must be one character")
    tag_all = _text(_table(data, "tags", path), "all", "[tags]", path) or ""
    return ImportMapping(
        path=path, mood=_value_map(data, "mood", 1, 10, path),
        anxiety=_value_map(data, "anxiety", 0, 10, path), anxiety_by_activity=by_activity,
        columns={k: v for k, v in columns.items() if v}, tag_all=tag_all.strip(),
        date_format=_text(fmt, "date", "[format]", path),
        time_format=_text(fmt, "time", "[format]", path), delimiter=delimiter,
        activity_separator=_text(fmt, "activity_separator", "[format]", path))


# ---------------------------------------------------------------- the first file


def _q(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's too, DEL aside)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


_GUESS_NAMES: dict[str, tuple[str, ...]] = {
    "date": ("date", "day", "full_date"), "time": ("time",), "mood": ("mood", "rating"),
    "anxiety": ("anxiety", "anxious"), "note": ("note", "notes", "text", "entry"),
    "note_title": ("title", "note_title"), "activities": ("tags", "activities", "activity"),
    "sleep_hours": ("sleep", "sleep_hours", "hours of sleep")}


def _guess_columns(header: list[str]) -> dict[str, str]:
    guessed = {}
    for role, names in _GUESS_NAMES.items():
        index = find_column(header, names)
        if index is not None:
            guessed[role] = header[index].strip()
    return guessed


def _found(header: list[str], rows: list[list[str]], names: tuple[str, ...]) -> Counter[str]:
    """The distinct values of a column (first of `names` present), with their counts."""
    at = find_column(header, names)
    if at is None:
        return Counter()
    return Counter(row[at].strip() for row in rows if at < len(row) and row[at].strip())


def _scale_guess(found: Counter[str], low: int, high: int) -> tuple[float, float] | None:
    """For a column of numbers: Ebbtide's own range when they fit it, else 1-5, else the
    smallest and largest found. None when some values are not numbers."""
    try:
        numbers = [float(v) for v in found]
    except ValueError:
        return None
    if not numbers:
        return None
    lo, hi = min(numbers), max(numbers)
    for a, b in ((1, 5), (low, high)):
        if a <= lo and hi <= b:
            return float(a), float(b)
    return (lo, hi) if lo < hi else None


def _value_block(name: str, defaults: dict[str, int], found: Counter[str],
                 numeric: bool, low: int, high: int) -> list[str]:
    """[name] with a scale (numbers found) or [name.labels]: the guesses that apply, and
    the labels found with no number yet, commented out for the person to fill in."""
    scale = _scale_guess(found, low, high) if numeric else None
    if scale is not None:
        return [f"[{name}]", f"# A GUESS TO CHECK: the lowest and highest {name} your file "
                f"uses, stretched onto {low}-{high}.", f"scale = [{scale[0]:g}, {scale[1]:g}]"]
    folded = {f.casefold() for f in found}
    out = [f"[{name}.labels]",
           f"# A GUESS TO CHECK: what each of your values means from {low} to {high}."]
    out += [f"{_q(label)} = {value}" for label, value in defaults.items()
            if label.isdigit() or label in folded or not any(k.isdigit() for k in defaults)]
    missing = [label for label in found if label.casefold() not in defaults]
    if missing:
        out += ["# Found in your file with no number yet: rows with these are not imported",
                "# until you remove the # and write a number."]
        out += [f"# {_q(label)} = ?   # {found[label]} rows" for label in missing[:200]]
    return out


def template(fmt: SourceFormat, header: list[str], rows: list[list[str]],
             delimiter: str = ",") -> str:
    """The mapping Ebbtide writes the first time: its guesses, marked as guesses, plus the
    labels found in the file that it has no number for."""
    columns = _guess_columns(header) if fmt.name == "csv" else {}

    def found(role: str) -> Counter[str]:
        names = (columns[role],) if role in columns else fmt.columns.get(role, ())
        return _found(header, rows, names)

    out = [f"# How Ebbtide reads an export from {fmt.title}. Ebbtide wrote this file with",
           "# its GUESSES: check every number before importing; change what does not fit you.",
           "# Mood becomes Ebbtide's 1 (lowest) to 10 (best); anxiety 0 (none) to 10.", ""]
    if fmt.name == "csv":
        out += ["[columns]", "# Which column holds what (the names in your file's first line;",
                "# remove a line if your file has no such column).",
                *(f"{role} = {_q(columns.get(role, ''))}" for role in _GUESS_NAMES), ""]
    numeric = fmt.name == "csv"
    out += [*_value_block("mood", fmt.mood_labels, found("mood"), numeric, 1, 10), ""]
    if fmt.records_anxiety and (fmt.name != "csv" or "anxiety" in columns):
        block = _value_block("anxiety", fmt.anxiety_labels, found("anxiety"), numeric, 0, 10)
        if block[0] == "[anxiety]":
            block = block[1:]
        out += ["[anxiety]", "# For rows with no anxiety, the value you choose (Ebbtide will "
                "not guess):", "# default = ?", *block]
    else:
        out += ["[anxiety]", "# This file records no anxiety, but every Ebbtide check-in has "
                "one (0-10).", "# Ebbtide will not make it up: remove the # below and write "
                "the value to store", "# for each imported check-in.", "# default = ?", "",
                "# Optional: activities that set that check-in's anxiety instead (the "
                "highest wins).", "# [anxiety.activities]", '# "anxious" = 7']
    out += ["", "[tags]", "# Added to every imported check-in so you can find them later "
            '("" for none).', f"all = {_q(fmt.name if fmt.name != 'csv' else 'imported')}",
            "", "[format]", "# Only if your dates or times are written another way:",
            '# date = "%d/%m/%Y"', '# time = "%H:%M"']
    if fmt.name == "csv":
        out += [f"delimiter = {_q(delimiter)}",
                f"activity_separator = {_q(',' if delimiter != ',' else '|')}"]
    return "\n".join(out) + "\n"


def write_template(path: Path, text: str) -> None:
    from ebbtide.core.atomic import write_private

    try:
        write_private(path, text.encode("utf-8"))
    except OSError as exc:
        raise ForeignFileError(f"cannot write the mapping {path}: {exc.strerror or exc}"
                               ) from None
