"""Where a TOML syntax error is, for messages that name the file and line.

Python 3.11's tomllib puts the position only in the message text ("... (at line 3,
column 7)" or "(at end of document)"), so it is read from there."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)")
_END = re.compile(r"\s*\(at end of document\)")


@dataclass(frozen=True)
class TomlProblem:
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
