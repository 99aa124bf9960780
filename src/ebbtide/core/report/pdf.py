"""The report as a PDF of one or two A4 or Letter pages, made with fpdf2 (pure Python,
LGPL-3.0, used as a library; imported only here, so only when a PDF is made). The same
sections as the HTML page, vector charts, DejaVu Sans embedded (shipped in
content/fonts/, with its licence) so accents and Greek or Cyrillic names print.

Everything the person typed is printed verbatim but inert: control characters appear as
visible escapes, nothing is read as markup, and a character the font lacks prints as □
(a closing line says so). When a long period would need a third page, the lists of
safety notes and flagged notes are shortened (saying how many more there are)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from fpdf import FPDF
from fpdf.fonts import TTFFont
from fpdf.util import Padding

from ebbtide.core.content.questionnaires import ATTRIBUTION, QUESTIONNAIRES, band
from ebbtide.core.content.resources import content_dir
from ebbtide.core.errors import EbbtideError
from ebbtide.core.health.crisis import CRISIS_LINES
from ebbtide.core.health.insights import NOT_LOGGED_MEANING
from ebbtide.core.report import pdf_charts as charts
from ebbtide.core.report.cells import (
    SELF_REPORTED,
    adherence_text,
    change_text,
    effect_text,
    mean_text,
    mg_text,
    number,
    selfcheck_row,
    week_label,
)
from ebbtide.core.report.model import Report, day_label
from ebbtide.core.report.since import SavedReport, since_last
from ebbtide.core.text import inert

Paper = Literal["a4", "letter"]
PAPERS: dict[str, str] = {"a4": "A4", "letter": "Letter"}
MAX_PAGES = 2
MISSING_GLYPH = "□"
FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
_HEADING: charts.RGB = (36, 85, 122)
_BORDER: charts.RGB = (200, 204, 208)
_HEAD_FILL: charts.RGB = (238, 242, 245)
_MUTED: charts.RGB = (68, 68, 68)
_SEVERITY: dict[str, charts.RGB] = {"urgent": (164, 22, 26), "caution": (138, 75, 0),
                                    "info": _HEADING}
_BODY_PT, _SMALL_PT, _TABLE_PT = 8.4, 7.3, 7.4
_LINE = 3.6  # mm per line of body text
_TABLE_LINE, _CELL_PAD_X, _CELL_PAD_Y = 3.2, 1.0, 0.55
_TEXT: charts.RGB = (26, 26, 26)


@dataclass(frozen=True)
class Cell:
    text: str
    bold: bool = False
    colour: charts.RGB = _TEXT


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


@dataclass(frozen=True)
class Limits:
    """How much of the long lists to print: None = all."""
    notes: int | None
    flagged: int | None
    note_chars: int
    weekly_table: bool


LEVELS = (Limits(None, None, 1500, True), Limits(14, 10, 400, True),
          Limits(6, 4, 160, False))


def render_pdf(r: Report, paper: str = "a4", earlier: SavedReport | None = None) -> bytes:
    """The PDF's bytes; at most MAX_PAGES pages unless even the shortest lists overflow."""
    if paper not in PAPERS:
        raise EbbtideError(f"paper must be one of {', '.join(PAPERS)}, not {paper!r}")
    doc = _ReportPdf(r, paper, LEVELS[0], earlier)
    for limits in LEVELS[1:]:
        if doc.page_no() <= MAX_PAGES:
            break
        doc = _ReportPdf(r, paper, limits, earlier)
    return bytes(doc.output())


class _ReportPdf(FPDF):
    def __init__(self, r: Report, paper: str, limits: Limits,
                 earlier: SavedReport | None) -> None:
        super().__init__(orientation="portrait", unit="mm", format=PAPERS[paper])
        self.alias_nb_pages("")  # off: else a "{nb}" typed in a note prints a page count
        self.report, self.limits, self.earlier = r, limits, earlier
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
        self.set_title("Ebbtide report")
        self.set_creator("Ebbtide")
        self.set_lang("en")
        self.set_creation_date(r.generated)
        self.add_page()
        self._draw()

    # -- text ------------------------------------------------------------------------------

    def clean(self, text: str, limit: int | None = None, lines: bool = False) -> str:
        """Stored text made inert and printable; with `lines`, line breaks are kept."""
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

    def footer(self) -> None:
        self.set_y(-9)
        self.set_font(FONT, "", 6.5)
        self.set_text_color(120, 120, 120)
        r = self.report
        self.cell(0, 3, f"Ebbtide report · {day_label(r.start, True)} to "
                        f"{day_label(r.end, True)} · page {self.page_no()}", align="C")

    def _font(self, size: float = _BODY_PT, bold: bool = False,
              colour: charts.RGB = (26, 26, 26)) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*colour)

    def _runs(self, runs: Sequence[tuple[str, bool] | tuple[str, bool, charts.RGB]],
              size: float = _BODY_PT, line: float = _LINE) -> None:
        """One paragraph of (text, bold[, colour]) pieces, wrapped, then a line break."""
        for run in runs:
            self._font(size, run[1], run[2] if len(run) == 3 else (26, 26, 26))
            self.write(line, run[0])
        self.ln(line)

    def _small(self, text: str) -> None:
        self._font(_SMALL_PT, colour=_MUTED)
        self.multi_cell(0, 3.1, text)
        self.ln(0.6)

    def _heading(self, title: str, need: float = 16.0) -> None:
        """A section title; a new page first if the title and `need` mm would not fit."""
        if self.will_page_break(need + 7):
            self.add_page()
        self.ln(1.6)
        self._font(9.8, True, _HEADING)
        self.cell(0, 4.6, title, new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(*_HEADING)
        self.set_line_width(0.35)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1.2)

    def _table(self, header: Sequence[str], rows: Sequence[Sequence[str | Cell]],
               widths: Sequence[float], numeric: Sequence[int] = ()) -> None:
        """A bordered table: `widths` are proportions of the text width; cells wrap at
        spaces; a row never splits across pages, and the header row is repeated on a new
        page. Drawn with plain text and lines (fpdf2's table() is several times slower)."""
        total = sum(widths)
        cols = [w * self.epw / total for w in widths]
        heading = [Cell(text, bold=True) for text in header]
        self._row(heading, cols, numeric, head=True)
        for row in rows:
            cells = [c if isinstance(c, Cell) else Cell(c) for c in row]
            if self.will_page_break(self._row_height(cells, cols)):
                self.add_page()
                self._row(heading, cols, numeric, head=True)
            self._row(cells, cols, numeric, head=False)
        self.ln(0.8)

    def _wrapped(self, cell: Cell, width: float) -> list[str]:
        self._font(_TABLE_PT, cell.bold)
        return wrap(cell.text, width - 2 * _CELL_PAD_X, self.get_string_width)

    def _row_height(self, cells: Sequence[Cell], cols: Sequence[float]) -> float:
        lines = max(len(self._wrapped(cell, w)) for cell, w in zip(cells, cols, strict=True))
        return lines * _TABLE_LINE + 2 * _CELL_PAD_Y

    def _row(self, cells: Sequence[Cell], cols: Sequence[float], numeric: Sequence[int],
             head: bool) -> None:
        wrapped = [self._wrapped(cell, w) for cell, w in zip(cells, cols, strict=True)]
        height = max(len(lines) for lines in wrapped) * _TABLE_LINE + 2 * _CELL_PAD_Y
        y, x = self.get_y(), self.l_margin
        if head:
            self.set_fill_color(*_HEAD_FILL)
            self.rect(x, y, self.epw, height, style="F")
        for i, (cell, lines) in enumerate(zip(cells, wrapped, strict=True)):
            self._font(_TABLE_PT, cell.bold, cell.colour)
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

    def _bullet(self, runs: Sequence[tuple[str, bool] | tuple[str, bool, charts.RGB]],
                note: str = "") -> None:
        left = self.l_margin
        self._font()
        self.cell(3.2, _LINE, "•")
        self.set_left_margin(left + 3.2)
        self._runs(runs)
        if note:
            self._font(colour=_MUTED)
            self.multi_cell(0, _LINE, note, new_x="LMARGIN", new_y="NEXT")
        self.set_left_margin(left)
        self.set_x(left)
        self.ln(0.5)

    # -- the page --------------------------------------------------------------------------

    def _draw(self) -> None:
        r = self.report
        self._font(13.5, True)
        self.cell(0, 6.5, "Ebbtide report: mood, anxiety and medication diary",
                  new_x="LMARGIN", new_y="NEXT")
        zone = r.generated.strftime("%z")
        meta: list[tuple[str, bool]] = [
            ("Period: ", True), (f"{day_label(r.start, True)} to {day_label(r.end, True)} "
                                 f"({r.length_days} days)     ", False)]
        if r.name:
            meta += [("Name: ", True), (self.clean(r.name, 200) + "     ", False)]
        meta += [("Prepared: ", True), (f"{day_label(r.generated.date(), True)} "
                                        f"{r.generated:%H:%M} (UTC{zone[:3]}:{zone[3:]})     ",
                                        False),
                 ("Check-ins logged: ", True), (str(r.checkin_count), False)]
        self._runs(meta)
        self.ln(1)
        lead, rest = SELF_REPORTED.split(". ", 1)
        self.set_fill_color(255, 248, 219)
        self.set_draw_color(138, 109, 0)
        self.set_line_width(0.4)
        self._font(_BODY_PT)
        self.multi_cell(0, _LINE, f"**{lead}.** {rest}", border=1, fill=True, markdown=True,
                        padding=Padding(1.2, 2.5, 1.2, 2.5), new_x="LMARGIN", new_y="NEXT")
        if self.earlier is not None:
            self._since_last(self.earlier)
        self._medications()
        self._charts()
        self._side_effects()
        self._selfchecks()
        self._practices()
        self._safety_notes()
        self._flagged()
        self.ln(2)
        self.set_draw_color(*_BORDER)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1)
        closing = ("Prepared with Ebbtide. Times are the local time at entry. Self-reported "
                   "data, not a medical record.")
        if self.missing_glyphs:
            closing += (f" {self.missing_glyphs} character(s) that the embedded font (DejaVu "
                        f"Sans) cannot print are shown as {MISSING_GLYPH}; the HTML report "
                        "shows them with the browser's fonts.")
        self._small(closing)

    def _since_last(self, saved: SavedReport) -> None:
        r = self.report
        since = since_last(r, saved)
        self._heading("Since the last report")
        self._runs([(f"The last report was saved {day_label(saved.saved_at.date(), True)} at "
                     f"{saved.saved_at:%H:%M} and covered {day_label(saved.start, True)} to "
                     f"{day_label(saved.end, True)}.", False)])
        rows: list[list[str]] = [
            ["Check-ins logged", str(saved.checkins), str(r.checkin_count),
             f"{since.new_checkins} on later days"],
            ["Mood mean (1–10, higher is better)", number(saved.mood_mean),
             number(r.mood.mean), number(since.mood_since)],
            ["Anxiety mean (0–10, lower is calmer)", number(saved.anxiety_mean),
             number(r.anxiety.mean), number(since.anxiety_since)]]
        for kind, form in QUESTIONNAIRES.items():
            then, now = saved.scores.get(kind), since.scores_now.get(kind)
            if then is None and now is None:
                continue
            rows.append([f"{form.name}, latest score", _score(kind, then), _score(kind, now),
                         _signed(None if then is None or now is None else now - then)])
        rows.append(["Medication changes marked", "–", str(len(r.medication_changes)),
                     str(since.changes_since)])
        self._table(["", "Last report", "This report", "Since it was saved"], rows,
                    (34, 18, 18, 22), numeric=(1, 2, 3))

    def _medications(self) -> None:
        r = self.report
        self._heading("Medications and logged doses")
        if not r.medications:
            self._runs([("No medications or doses logged in this period.", False)])
            return
        rows = []
        for m in r.medications:
            med = m.medication
            rows.append([self.clean(med.name, 120) + ("" if med.active else " (inactive)"),
                         self.clean(med.strength, 80) or "–",
                         self.clean(med.schedule, 160) or "–",
                         ", ".join(med.times) or "–",
                         f"{m.taken} taken, {m.skipped} skipped ({m.dosing_days} days)",
                         mg_text(m.mg_per_dosing_day), adherence_text(m.adherence)])
        self._table(["Medication", "Strength", "Schedule (own words)", "Times", "Doses logged",
                     "Mean per dosing day", "Against scheduled times"], rows,
                    (20, 12, 19, 10, 15, 10, 20))
        self._small(NOT_LOGGED_MEANING)

    def _charts(self) -> None:
        r = self.report
        doses = [m for m in r.medications if m.total_mg is not None]
        self._heading("Mood and anxiety", need=44.0)
        marks = charts.change_marks(r)
        x, w = self.l_margin, self.epw
        if r.mood.days:
            y = self.get_y()
            charts.mood_chart(self, r, x, y, w, 40.0, marks)
            self.set_y(y + 41.0)
            self._legend()
        else:
            self._runs([("No check-ins logged in this period.", False)])
        for m in doses:
            if self.will_page_break(21):
                self.add_page()
            self._runs([(self.clean(m.medication.name, 80), True),
                        (": mg taken per day (as logged)", False)], size=_SMALL_PT, line=3.2)
            y = self.get_y()
            charts.dose_chart(self, r, m.medication.name, x, y, w, 16.0, marks)
            self.set_y(y + 16.5)
        if marks:
            self._change_list(marks)

    def _legend(self) -> None:
        r = self.report
        y = self.get_y() + 1.6
        charts.swatch(self, self.l_margin, y, charts.MOOD)
        self.set_x(self.l_margin + 7)
        self._runs([(f"Mood 1–10 (higher is better): mean {number(r.mood.mean)}, low "
                     f"{number(r.mood.low)}, high {number(r.mood.high)}.", False)],
                   size=_SMALL_PT, line=3.2)
        y = self.get_y() + 1.6
        charts.swatch(self, self.l_margin, y, charts.ANXIETY, dashed=True)
        self.set_x(self.l_margin + 7)
        self._runs([(f"Anxiety 0–10 (lower is calmer): mean {number(r.anxiety.mean)}, low "
                     f"{number(r.anxiety.low)}, high {number(r.anxiety.high)}.", False)],
                   size=_SMALL_PT, line=3.2)
        self._small(f"Daily means of check-ins on {r.mood.days} of {r.length_days} days; gaps "
                    f"= nothing logged. First week vs last week: mood "
                    f"{number(r.mood.first_week_mean)} → {number(r.mood.last_week_mean)}, "
                    f"anxiety {number(r.anxiety.first_week_mean)} → "
                    f"{number(r.anxiety.last_week_mean)}.")

    def _change_list(self, marks: Sequence[charts.ChangeMark]) -> None:
        shown = 12
        runs: list[tuple[str, bool] | tuple[str, bool, charts.RGB]] = [
            ("Medication changes (numbered dashed lines): ", True)]
        for mark in marks[:shown]:
            what = "; ".join(f"{self.clean(c.medication, 60)} {c.what}" for c in mark.changes)
            runs += [(f"{mark.number} ", True, charts.CHANGE),
                     (f"{day_label(mark.changes[0].day)}: {what}"
                      f"{'.' if mark is marks[-1] else ';'} ", False)]
        if len(marks) > shown:
            runs.append((f"… and {len(marks) - shown} more days with changes.", False))
        self._runs(runs, size=_SMALL_PT, line=3.2)
        self.ln(0.6)

    def _side_effects(self) -> None:
        r = self.report
        self._heading("Side effects by week")
        if not r.side_effects:
            self._runs([("No side effects logged in this period.", False)])
            return
        if self.limits.weekly_table:
            rows = [[week_label(w), "; ".join(f"{self.clean(n, 60)}: {t}"
                                              for n, t in map(effect_text, w.effects))
                     or "none logged"] for w in r.weeks]
            self._table(["Week", "Side effects (days logged, worst severity)"], rows, (22, 78))
        whole = "; ".join(
            f"{self.clean(e.name, 60)}{' (urgent symptom)' if e.urgent else ''} on {e.days} "
            f"day{'' if e.days == 1 else 's'} ("
            + ", ".join(f"{e.by_severity[k]} {k}" for k in ("mild", "moderate", "severe")
                        if e.by_severity.get(k))
            + f"; last {day_label(e.last)})" for e in r.side_effects)
        self._small(f"Whole period: {whole}.")

    def _selfchecks(self) -> None:
        r = self.report
        self._heading("Self-checks (PHQ-9, GAD-7)")
        if not r.selfchecks:
            self._runs([("No self-checks in this period.", False)])
            return
        previous = {c.check.id: c for c in r.score_changes}
        rows: list[list[str | Cell]] = []
        for check in r.selfchecks:
            when, name, score, band, item9 = selfcheck_row(check)
            found = previous.get(check.id)
            if found is None or found.previous is None:
                change = "first recorded"
            else:
                before = found.previous.local_date
                change = (f"{_signed(found.change)} since "
                          f"{day_label(before, before.year != check.local_date.year)}")
            rows.append([when, name, score, band, change,
                         Cell(item9, True, _SEVERITY["urgent"]) if check.crisis else item9])
        self._table(["Date", "Check", "Score", "Band", "Change since the previous",
                     "Item 9 (self-harm)"], rows, (17, 10, 10, 16, 21, 14))
        self._small(f"PHQ-9 and GAD-7: {ATTRIBUTION}")

    def _practices(self) -> None:
        r = self.report
        self._heading("Breathing and meditation")
        if not r.practices:
            self._runs([("No practice sessions in this period.", False)])
            return
        self._table(["Practice", "Sessions", "Min", "Rated", "Before", "After", "Change"],
                    [[self.clean(r.practice_title(s), 80), str(s.sessions),
                      str(round(s.minutes)), str(s.rated), mean_text(s.mean_before),
                      mean_text(s.mean_after), change_text(s.mean_change)]
                     for s in r.practices], (40, 10, 8, 8, 9, 9, 9), numeric=(1, 2, 3, 4, 5, 6))
        self._small("Mean anxiety (0–10) just before and after sessions rated both times; a "
                    "negative change means calmer afterwards.")

    def _safety_notes(self) -> None:
        r = self.report
        self._heading("Safety notes raised in this period", need=10.0)
        if not r.notes:
            self._runs([("None.", False)])
            return
        shown = r.notes[:self.limits.notes] if self.limits.notes is not None else r.notes
        for n in shown:
            colour = _SEVERITY.get(n.severity, _HEADING)
            self._bullet([(f"{day_label(n.day)}, {n.severity}: ", True),
                          (f"{self.clean(n.title, 200)}. ", True, colour),
                          (self.clean(n.summary or n.message, 400), False)])
        if len(shown) < len(r.notes):
            self._small(f"… and {len(r.notes) - len(shown)} more safety notes (all are in "
                        "the HTML report).")
        if any(n.crisis for n in r.notes):
            crisis = "; ".join(f"{heading} {detail}" for heading, detail in CRISIS_LINES)
            self._small(f"Crisis resources shown to the person: {crisis}")

    def _flagged(self) -> None:
        r = self.report
        self._heading("Notes flagged for the doctor", need=10.0)
        if not r.flagged:
            self._runs([("None.", False)])
            return
        limit = self.limits.flagged
        shown = r.flagged[:limit] if limit is not None else r.flagged
        for ci in shown:
            tags = (f" Tags: {', '.join(self.clean(t, 60) for t in ci.tags)}."
                    if ci.tags else "")
            note = (f"“{self.clean(ci.note, self.limits.note_chars, lines=True)}”"
                    if ci.note.strip() else "")
            self._bullet([(f"{day_label(ci.local_date)} {ci.at:%H:%M}", True),
                          (f", mood {ci.mood}/10, anxiety {ci.anxiety}/10.{tags}", False)],
                         note)
        if len(shown) < len(r.flagged):
            self._small(f"… and {len(r.flagged) - len(shown)} more flagged notes (all are in "
                        "the HTML report).")


def _signed(value: int | None) -> str:
    return "–" if value is None else f"{value:+d}".replace("-", "−")


def _score(kind: str, value: int | None) -> str:
    return "–" if value is None else f"{value} ({band(kind, value).label})"
