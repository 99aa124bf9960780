"""What every Ebbtide TOML file shares: the id rule, a cited source, reading a file with
friendly errors, and messages that point a person at the file and the line.

Used by the content validators (breathing patterns, meditation scripts, reader articles and
glossary) and settings; bell-timer presets use `toml_problem`. A base module: it imports
nothing from Ebbtide.

Python 3.11's tomllib puts the position of a syntax error only in the message text
("... (at line 3, column 7)" or "(at end of document)"), so `toml_problem` reads it from
there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import tomllib

# The strictest rule every shipped file and test fixture passes: lowercase letters and
# digits in words joined by single hyphens ("box", "4-7-8", "gaba-b-receptor"); no
# leading, trailing or doubled hyphen.
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_valid_id(text: str) -> bool:
    """True for a kebab-case id: the one rule for pattern, script, article and term ids."""
    return bool(ID_RE.match(text))


@dataclass(frozen=True)
class Source:
    """Where a piece of content comes from: a name and, usually, an http(s) address."""

    name: str
    url: str = ""


# --------------------------------------------------------------------------- messages


def at_line(path: Path | str, line: int | None, problem: str, *, joiner: str = ": ") -> str:
    """ "FILE: line N: problem", or "FILE: problem" when the line is unknown.

    `joiner` goes between the file and "line N"; meditation scripts write
    "FILE, line N: ..." (their tests pin that form)."""
    if line is None:
        return f"{path}: {problem}"
    return f"{path}{joiner}line {line}: {problem}"


# --------------------------------------------------------------------------- reading

_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)")
_END = re.compile(r"\s*\(at end of document\)")


@dataclass(frozen=True)
class TomlProblem:
    """Where a TOML syntax error is, and why."""

    line: int
    column: int | None
    reason: str

    def describe(self, line_offset: int = 0) -> str:
        where = f"line {self.line + line_offset}"
        if self.column is not None:
            where += f", column {self.column}"
        return f"{where}: {self.reason}"


def toml_problem(exc: tomllib.TOMLDecodeError, text: str) -> TomlProblem:
    message = str(exc)
    match = _POSITION.search(message)
    if match:
        return TomlProblem(int(match.group(1)), int(match.group(2)),
                           message[: match.start()].strip())
    if _END.search(message):
        return TomlProblem(max(1, len(text.splitlines())), None,
                           _END.sub("", message).strip() + " (at the end of the file)")
    return TomlProblem(1, None, message.strip())


class TomlFileError(Exception):
    """A TOML file that could not be read: missing, unreadable, not UTF-8 or bad syntax.

    `str()` is the reason without the file name ("not UTF-8 text", "line 3, column 7:
    ..."), so each caller can add the file and its own ending ("; using defaults.")."""

    def __init__(self, reason: str, *, missing: bool = False,
                 problem: TomlProblem | None = None) -> None:
        super().__init__(reason)
        self.missing = missing
        self.problem = problem

    @property
    def is_syntax(self) -> bool:
        return self.problem is not None


MAX_DEPTH = 32  # the deepest shipped file nests 4 levels
TOO_DEEP = "lists or tables are nested too deeply to read"


def parse_toml(text: str) -> dict[str, Any]:
    """`tomllib.loads`, raising `TomlFileError` (with `.problem`) for a syntax error."""
    import tomllib  # here, not at import: most starts have no settings file to parse

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problem = toml_problem(exc, text)
        raise TomlFileError(problem.describe(), problem=problem) from None
    except RecursionError:  # tomllib recurses once per level of [[[...]]] or {a={b=...}}
        problem = TomlProblem(1, None, TOO_DEEP)
        raise TomlFileError(problem.describe(), problem=problem) from None
    if _too_deep(data):  # dotted keys (a.b.c... = 1) nest without recursing in tomllib
        problem = TomlProblem(1, None, TOO_DEEP)
        raise TomlFileError(problem.describe(), problem=problem)
    return data


def _too_deep(data: dict[str, Any]) -> bool:
    """True when tables or lists nest deeper than any Ebbtide file needs (walked without
    recursion, so the check itself cannot overflow)."""
    waiting: list[tuple[object, int]] = [(data, 1)]
    while waiting:
        value, depth = waiting.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(value, dict):
            waiting.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            waiting.extend((v, depth + 1) for v in value)
    return False


def read_utf8(path: Path) -> str:
    """The file's text. Raises `TomlFileError` when it is missing, unreadable or not UTF-8."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise TomlFileError(f"cannot read ({exc.strerror or exc})", missing=True) from None
    except OSError as exc:
        raise TomlFileError(f"cannot read ({exc.strerror or exc})") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise TomlFileError("not UTF-8 text") from None


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """The parsed file and its text. Raises `TomlFileError` saying what went wrong."""
    text = read_utf8(path)
    return parse_toml(text), text


# --------------------------------------------------------------------------- key lines

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=")


def _dotted(name: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in name.split("."))


class KeyLines:
    """Best-effort line numbers for keys and tables, enough to point a person at a line.

    Keys are dotted paths: "name" (top level), "source" (a table or inline table),
    "source.url", "terms.taper" (the `[terms.taper]` header), and for arrays of tables
    "phases[2]" (the second `[[phases]]` header, counted from 1) and "phases[2].seconds".
    The first occurrence wins."""

    def __init__(self, text: str | Iterable[str]) -> None:
        lines = text.splitlines() if isinstance(text, str) else text
        self.lines: dict[str, int] = {}
        table = ""
        arrays: dict[str, int] = {}
        for number, line in enumerate(lines, start=1):
            header = _HEADER.match(line)
            if header:
                name = _dotted(header.group(2))
                if header.group(1) == "[[":
                    arrays[name] = arrays.get(name, 0) + 1
                    table = f"{name}[{arrays[name]}]"
                else:
                    table = name
                    parts = name.split(".")
                    for end in range(1, len(parts)):
                        self.lines.setdefault(".".join(parts[:end]), number)
                self.lines.setdefault(table, number)
                continue
            key = _KEY.match(line)
            if key:
                name = key.group(1).strip('"')
                self.lines.setdefault(f"{table}.{name}" if table else name, number)

    def exact(self, key: str) -> int | None:
        """The line of exactly this key or table header, or None."""
        return self.lines.get(key)

    def line(self, key: str) -> int | None:
        """The line of `key`, else of the nearest table holding it ("phases[2].kind" falls
        back to the `[[phases]]` header), else None."""
        while True:
            found = self.lines.get(key)
            if found is not None or "." not in key:
                return found
            key = key.rsplit(".", 1)[0]
