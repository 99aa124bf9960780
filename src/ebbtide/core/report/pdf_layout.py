"""A page of the PDF report on fpdf2: the embedded DejaVu Sans, stored text made inert and
printable, and the few shapes the report is made of (paragraphs of bold and plain runs,
section headings, bordered tables, bullets). Text is wrapped here and drawn with fpdf2's
plain text() (its own wrapping machinery measured every glyph several times over and was
most of a render). Imported only when a PDF is made."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from fpdf import FPDF
from fpdf.fonts import TTFFont

from ebbtide.core.content.resources import content_dir
from ebbtide.core.errors import EbbtideError
from ebbtide.core.text import inert

RGB = tuple[int, int, int]
MISSING_GLYPH = "□"
FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
TEXT: RGB = (26, 26, 26)
HEADING: RGB = (36, 85, 122)
MUTED: RGB = (68, 68, 68)
_BORDER: RGB = (200, 204, 208)
_HEAD_FILL: RGB = (238, 242, 245)
BODY_PT, SMALL_PT, TABLE_PT = 8.4, 7.3, 7.4
LINE, SMALL_LINE = 3.6, 3.15  # mm per line
_TABLE_LINE, _CELL_PAD_X, _CELL_PAD_Y = 3.2, 1.0, 0.55
_BASELINE = 0.8  # mm from a line's bottom up to the text baseline


@dataclass(frozen=True)
class Run:
    """A piece of a paragraph in one style."""
    text: str
    bold: bool = False
    colour: RGB = TEXT


Cell = Run  # a table cell: one style for the whole cell


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """`text` in lines no wider than `width` (as `measure` says), broken at spaces, and
    inside a word only when the word alone is too wide."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for ch in word:
            if current and measure(current + ch) > width:
                lines.append(current)
                current = ""
            current += ch
    lines.append(current)
    return lines


class Page(FPDF):
    """An fpdf2 document with the report's font, text cleaning and layout pieces."""

    def __init__(self, paper_format: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format=paper_format)
        self.alias_nb_pages("")  # off: else a "{nb}" typed in a note prints a page count
        self.missing_glyphs = 0
        folder = content_dir() / "fonts"
        try:
            for style, name in FONT_FILES.items():
                self.add_font(FONT, style, folder / name)
        except OSError as exc:
            raise EbbtideError(f"the report's font is missing ({exc.filename}): reinstall "
                               "Ebbtide") from None
        self._glyphs = set.intersection(*(set(font.cmap) for font in self.fonts.values()
                                          if isinstance(font, TTFFont)))
        self.set_margins(12, 11, 12)
        self.set_auto_page_break(True, margin=12)

    def clean(self, text: str, limit: int | None = None, lines: bool = False) -> str:
        """Stored text made inert (control characters as visible escapes) and printable (a
        character the font lacks as MISSING_GLYPH, counted); with `lines`, line breaks are
        kept."""
        if lines:
            if limit is not None and len(text) > limit:
                text = text[:limit] + "…"
            parts = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            text = "\n".join(inert(part) for part in parts)
        else:
            text = inert(text, limit)
        if all(ord(ch) in self._glyphs or ch == "\n" for ch in text):
            return text
        out = []
        for ch in text:
            if ord(ch) in self._glyphs or ch == "\n":
                out.append(ch)
            else:
                out.append(MISSING_GLYPH)
                self.missing_glyphs += 1
        return "".join(out)

    def font(self, size: float = BODY_PT, bold: bool = False, colour: RGB = TEXT) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*colour)

    # -- paragraphs ------------------------------------------------------------------------

    def _lines(self, runs: Sequence[Run], size: float, first: float,
               width: float) -> list[list[tuple[float, Run]]]:
        """The runs placed in lines: (x offset, piece) per line; the first line is `first`
        mm wide, the others `width`. A "\\n" in a run starts a new line."""
        lines: list[list[tuple[float, Run]]] = [[]]
        x, room = 0.0, first
        for run in runs:
            self.font(size, run.bold)
            for n, part in enumerate(run.text.split("\n")):
                if n:
                    lines.append([])
                    x, room = 0.0, width
                for k, word in enumerate(part.split(" ")):
                    token = (" " if k else "") + word
                    w = self.get_string_width(token)
                    if x + w > room and x > 0:
                        lines.append([])
                        x, room = 0.0, width
                        token, w = word, self.get_string_width(word)
                    while w > room and len(token) > 1:  # a word wider than a line
                        cut = len(token) - 1
                        while cut > 1 and self.get_string_width(token[:cut]) > room - x:
                            cut -= 1
                        lines[-1].append((x, Run(token[:cut], run.bold, run.colour)))
                        lines.append([])
                        x, room = 0.0, width
                        token = token[cut:]
                        w = self.get_string_width(token)
                    if token:
                        lines[-1].append((x, Run(token, run.bold, run.colour)))
                        x += w
        return lines

    def paragraph(self, runs: Sequence[Run], size: float = BODY_PT,
                  line: float = LINE, after: float = 0.0) -> None:
        """Runs wrapped from the current x to the right margin, later lines from the left
        margin; the cursor ends at the left margin below."""
        left = self.l_margin
        start_x = self.get_x()
        right = self.w - self.r_margin
        placed = self._lines(runs, size, right - start_x, right - left)
        for n, pieces in enumerate(placed):
            if self.will_page_break(line):
                self.add_page()
            x0 = start_x if n == 0 else left
            baseline = self.get_y() + line - _BASELINE
            for x, piece in pieces:
                self.font(size, piece.bold, piece.colour)
                self.text(x0 + x, baseline, piece.text)
            self.set_y(self.get_y() + line)
            start_x = left
        self.set_x(left)
        if after:
            self.ln(after)

    def small(self, text: str) -> None:
        self.paragraph([Run(text, colour=MUTED)], SMALL_PT, SMALL_LINE, after=0.6)

    def boxed(self, runs: Sequence[Run], fill: RGB, border: RGB) -> None:
        """A paragraph in a filled, bordered box across the text width."""
        pad_x, pad_y = 2.5, 1.2
        width = self.epw - 2 * pad_x
        lines = len(self._lines(runs, BODY_PT, width, width))
        top, height = self.get_y(), lines * LINE + 2 * pad_y
        self.set_fill_color(*fill)
        self.set_draw_color(*border)
        self.set_line_width(0.4)
        self.rect(self.l_margin, top, self.epw, height, style="DF")
        self.set_left_margin(self.l_margin + pad_x)
        self.set_right_margin(self.r_margin + pad_x)
        self.set_xy(self.l_margin, top + pad_y)
        self.paragraph(runs)
        self.set_left_margin(self.l_margin - pad_x)
        self.set_right_margin(self.r_margin - pad_x)
        self.set_xy(self.l_margin, top + height)

    def heading(self, title: str, need: float = 16.0) -> None:
        """A section title; a new page first if the title and `need` mm would not fit."""
        if self.will_page_break(need + 7):
            self.add_page()
        self.ln(1.6)
        self.font(9.8, True, HEADING)
        self.text(self.l_margin, self.get_y() + 4.6 - 1.1, title)
        self.set_y(self.get_y() + 4.6)
        self.set_draw_color(*HEADING)
        self.set_line_width(0.35)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1.2)

    def bullet(self, runs: Sequence[Run], note: str = "") -> None:
        """A list item: the runs, then `note` (if any) on lines of its own, indented."""
        left = self.l_margin
        self.font()
        self.text(left + 0.4, self.get_y() + LINE - _BASELINE, "•")
        self.set_left_margin(left + 3.2)
        self.set_x(left + 3.2)
        self.paragraph(runs)
        if note:
            self.paragraph([Run(note, colour=MUTED)])
        self.set_left_margin(left)
        self.set_x(left)
        self.ln(0.5)

    # -- tables ----------------------------------------------------------------------------

    def data_table(self, header: Sequence[str], rows: Sequence[Sequence[str | Cell]],
              widths: Sequence[float], numeric: Sequence[int] = ()) -> None:
        """A bordered table: `widths` are proportions of the text width; cells wrap at
        spaces; a row never splits across pages, and the header row is repeated on a new
        page."""
        total = sum(widths)
        cols = [w * self.epw / total for w in widths]
        heading = [Cell(text, bold=True) for text in header]
        self._row(heading, cols, numeric, head=True)
        for row in rows:
            cells = [c if isinstance(c, Cell) else Cell(c) for c in row]
            wrapped = self._wrapped(cells, cols)
            if self.will_page_break(self._height(wrapped)):
                self.add_page()
                self._row(heading, cols, numeric, head=True)
            self._row(cells, cols, numeric, head=False, wrapped=wrapped)
        self.ln(0.8)

    def _wrapped(self, cells: Sequence[Cell], cols: Sequence[float]) -> list[list[str]]:
        out = []
        for cell, width in zip(cells, cols, strict=True):
            self.font(TABLE_PT, cell.bold)
            out.append(wrap(cell.text, width - 2 * _CELL_PAD_X, self.get_string_width))
        return out

    @staticmethod
    def _height(wrapped: Sequence[Sequence[str]]) -> float:
        return max(len(lines) for lines in wrapped) * _TABLE_LINE + 2 * _CELL_PAD_Y

    def _row(self, cells: Sequence[Cell], cols: Sequence[float], numeric: Sequence[int],
             head: bool, wrapped: list[list[str]] | None = None) -> None:
        wrapped = wrapped or self._wrapped(cells, cols)
        height = self._height(wrapped)
        y, x = self.get_y(), self.l_margin
        if head:
            self.set_fill_color(*_HEAD_FILL)
            self.rect(x, y, self.epw, height, style="F")
        for i, (cell, lines) in enumerate(zip(cells, wrapped, strict=True)):
            self.font(TABLE_PT, cell.bold, cell.colour)
            for k, line in enumerate(lines):
                left = (x + cols[i] - _CELL_PAD_X - self.get_string_width(line)
                        if i in numeric else x + _CELL_PAD_X)
                self.text(left, y + _CELL_PAD_Y + (k + 1) * _TABLE_LINE - 0.85, line)
            x += cols[i]
        self.set_draw_color(*_BORDER)
        self.set_line_width(0.2)
        self.rect(self.l_margin, y, self.epw, height)
        x = self.l_margin
        for width in cols[:-1]:
            x += width
            self.line(x, y, x, y + height)
        self.set_y(y + height)
