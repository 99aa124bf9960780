"""What a terminal shows, rebuilt from the bytes an app writes to it, so a benchmark can
wait for text to be *drawn* rather than for bytes to be *sent*.

Textual writes a frame as styled segments placed with cursor moves; only the cells that
changed are written again, and a style change can fall inside a word. So the text a
benchmark waits for ("  anxiety ") is rarely one run of bytes. This keeps a grid of
characters: text goes where the cursor is, escape sequences move the cursor or are skipped
(colours and modes change nothing a benchmark looks for). Rows written since `mark()` are
the ones "drawn since then". Enough of a VT100 for Textual and plain line output, not a
general emulator; it works on whole runs of text with compiled regexes, so following a
frame costs far less than drawing it."""

from __future__ import annotations

import codecs
import re
import unicodedata

# One token: a CSI sequence (ESC [ params final), an OSC/DCS/APC/PM/SOS string (up to BEL
# or ESC \), another escape (ESC and one byte, or a charset choice ESC ( B), a run of
# printable text, or one control character.
_TOKEN = re.compile(
    r"\x1b\[(?P<params>[0-?]*)[ -/]*(?P<final>[@-~])"
    r"|\x1b[\]P_^X][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[()*+][0-~]"
    r"|\x1b[ -~]"
    r"|(?P<text>[^\x00-\x1f\x7f]+)"
    r"|(?P<control>[\x00-\x1a\x1c-\x1f\x7f])",
)
# An escape sequence cut off at the end of what has arrived so far: kept for the next feed.
_INCOMPLETE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*|[\]P_^X][^\x07\x1b]*\x1b?|[()*+])?\Z")


def _width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


class Screen:
    def __init__(self, columns: int, rows: int) -> None:
        self.columns = columns
        self.rows = rows
        self._grid = [[" "] * columns for _ in range(rows)]
        self._x = 0
        self._y = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._carry = ""
        self._written: set[int] = set()

    # -- reading ------------------------------------------------------------------------

    def line(self, row: int) -> str:
        return "".join(self._grid[row])

    @property
    def text(self) -> str:
        return "\n".join(self.line(row) for row in range(self.rows))

    def mark(self) -> None:
        """From now on, `shows(..., since_mark=True)` looks only at rows written later."""
        self._written.clear()

    def shows(self, marker: str, since_mark: bool = False) -> bool:
        """True when `marker` is on one row of the screen (written since `mark()`)."""
        rows = sorted(self._written) if since_mark else range(self.rows)
        return any(marker in self.line(row) for row in rows)

    # -- writing ------------------------------------------------------------------------

    def feed(self, data: bytes) -> None:
        text = self._carry + self._decoder.decode(data)
        incomplete = _INCOMPLETE.search(text)
        if incomplete:
            text, self._carry = text[:incomplete.start()], incomplete.group()
        else:
            self._carry = ""
        for token in _TOKEN.finditer(text):
            if token.group("text") is not None:
                self._put(token.group("text"))
            elif token.group("control") is not None:
                self._control(token.group("control"))
            elif token.group("final") is not None:
                self._csi(token.group("params"), token.group("final"))

    def _put(self, run: str) -> None:
        row = self._grid[self._y]
        self._written.add(self._y)
        for char in run:
            width = 1 if char.isascii() else _width(char)
            if width == 0:
                continue
            if self._x + width > self.columns:  # autowrap
                self._x = 0
                self._line_feed()
                row = self._grid[self._y]
                self._written.add(self._y)
            row[self._x] = char
            if width == 2:
                row[self._x + 1] = ""  # the right half of a wide character
            self._x += width

    def _line_feed(self) -> None:
        if self._y + 1 < self.rows:
            self._y += 1
            return
        self._grid.pop(0)
        self._grid.append([" "] * self.columns)
        self._written = {row - 1 for row in self._written if row > 0} | {self._y}

    def _control(self, char: str) -> None:
        if char == "\r":
            self._x = 0
        elif char in "\n\x0b\x0c":
            self._line_feed()
        elif char == "\b":
            self._x = max(0, self._x - 1)
        elif char == "\t":
            self._x = min(self.columns - 1, (self._x // 8 + 1) * 8)

    def _csi(self, params: str, final: str) -> None:
        if params.startswith(("?", ">", "<", "=")):
            return  # private modes (cursor, mouse, synchronised output...)
        numbers = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []

        def arg(index: int, default: int = 1) -> int:
            value = numbers[index] if index < len(numbers) else 0
            return value or default

        if final in "Hf":
            self._y = min(self.rows, arg(0)) - 1
            self._x = min(self.columns, arg(1)) - 1
        elif final == "A":
            self._y = max(0, self._y - arg(0))
        elif final in "Be":
            self._y = min(self.rows - 1, self._y + arg(0))
        elif final in "Ca":
            self._x = min(self.columns - 1, self._x + arg(0))
        elif final == "D":
            self._x = max(0, self._x - arg(0))
        elif final in "G`":
            self._x = min(self.columns, arg(0)) - 1
        elif final == "d":
            self._y = min(self.rows, arg(0)) - 1
        elif final == "K":
            self._erase_line(arg(0, 0))
        elif final == "J":
            self._erase_screen(arg(0, 0))

    def _erase_line(self, how: int) -> None:
        row = self._grid[self._y]
        start, end = {0: (self._x, self.columns), 1: (0, self._x + 1)}.get(how,
                                                                          (0, self.columns))
        row[start:end] = [" "] * (end - start)
        self._written.add(self._y)

    def _erase_screen(self, how: int) -> None:
        if how == 0:
            self._erase_line(0)
            rows = range(self._y + 1, self.rows)
        elif how == 1:
            self._erase_line(1)
            rows = range(self._y)
        else:
            rows = range(self.rows)
        for row in rows:
            self._grid[row] = [" "] * self.columns
