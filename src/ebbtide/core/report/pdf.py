"""The report as a PDF of one or two A4 or Letter pages, made with fpdf2 (pure Python,
LGPL-3.0, used as a library; imported only here, so only when a PDF is made): the same
sections as the HTML page, vector charts (pdf_charts.py), DejaVu Sans embedded (shipped in
content/fonts/ with its licence) so accents and Greek or Cyrillic names print.

Everything the person typed is printed verbatim but inert (pdf_layout.Page.clean): control
characters appear as visible escapes, nothing is read as markup, and a character the font
lacks prints as □ (a closing line says so). When a long period would need a third page,
the lists of safety notes and flagged notes are shortened (saying how many more there
are)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ebbtide.core.content.questionnaires import ATTRIBUTION, QUESTIONNAIRES, band
from ebbtide.core.errors import EbbtideError
from ebbtide.core.health.crisis import CRISIS_LINES
from ebbtide.core.health.insights import NOT_LOGGED_MEANING
from ebbtide.core.report import pdf_charts as charts
from ebbtide.core.report.cells import (
    SELF_REPORTED,
    adherence_text,
    change_text,
    difficulty_meaning,
    effect_text,
    mean_text,
    mg_text,
    number,
    selfcheck_row,
    week_label,
)
from ebbtide.core.report.model import Report, day_label
from ebbtide.core.report.pdf_layout import (
    HEADING,
    MISSING_GLYPH,
    SMALL_LINE,
    SMALL_PT,
    Cell,
    Page,
    Run,
)
from ebbtide.core.report.since import SavedReport, since_last

PAPERS: dict[str, str] = {"a4": "A4", "letter": "Letter"}
MAX_PAGES = 2
_SEVERITY: dict[str, tuple[int, int, int]] = {"urgent": (164, 22, 26),
                                              "caution": (138, 75, 0), "info": HEADING}
_RULE = (200, 204, 208)


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


class _ReportPdf(Page):
    def __init__(self, r: Report, paper: str, limits: Limits,
                 earlier: SavedReport | None) -> None:
        super().__init__(PAPERS[paper])
        self.report, self.limits, self.earlier = r, limits, earlier
        self.set_title("Ebbtide report")
        self.set_creator("Ebbtide")
        self.set_lang("en")
        self.set_creation_date(r.generated)
        self.add_page()
        self._draw()

    def footer(self) -> None:
        r = self.report
        self.font(6.5, colour=(120, 120, 120))
        text = (f"Ebbtide report · {day_label(r.start, True)} to {day_label(r.end, True)} · "
                f"page {self.page_no()}")
        self.text((self.w - self.get_string_width(text)) / 2, self.h - 6.5, text)

    # -- the page --------------------------------------------------------------------------

    def _draw(self) -> None:
        r = self.report
        self.font(13.5, True)
        self.text(self.l_margin, self.get_y() + 5.2, "Ebbtide report: mood, anxiety and "
                                                     "medication diary")
        self.set_y(self.get_y() + 6.8)
        zone = r.generated.strftime("%z")
        gap = "\u2003\u2003"  # two em spaces between the items

        def whole(text: str) -> str:  # a date or time is never broken across lines
            return text.replace(" ", "\u00a0")

        meta = [Run("Period: ", True),
                Run(f"{whole(day_label(r.start, True))} to {whole(day_label(r.end, True))} "
                    f"({whole(f'{r.length_days} days')}){gap}"),
                Run("Check-ins logged: ", True), Run(f"{r.checkin_count}\n"),
                Run("Prepared: ", True),
                Run(whole(f"{day_label(r.generated.date(), True)} {r.generated:%H:%M} "
                          f"(UTC{zone[:3]}:{zone[3:]})"))]
        if r.name:  # last, where a long name can wrap
            meta += [Run(gap + "Name: ", True), Run(self.clean(r.name, 200))]
        self.paragraph(meta, after=1)
        lead, rest = SELF_REPORTED.split(". ", 1)
        self.boxed([Run(f"{lead}. ", True), Run(rest)], fill=(255, 248, 219),
                   border=(138, 109, 0))
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
        self.set_draw_color(*_RULE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1)
        closing = ("Prepared with Ebbtide. Times are the local time at entry. Self-reported "
                   "data, not a medical record.")
        if self.missing_glyphs:
            closing += (f" {self.missing_glyphs} character(s) that the embedded font (DejaVu "
                        f"Sans) cannot print are shown as {MISSING_GLYPH}; the HTML report "
                        "shows them with the browser's fonts.")
        self.small(closing)

    def _since_last(self, saved: SavedReport) -> None:
        r = self.report
        since = since_last(r, saved)
        self.heading("Since the last report")
        self.paragraph([Run(f"The last report was saved {day_label(saved.saved_at.date(), True)} "
                            f"at {saved.saved_at:%H:%M} and covered "
                            f"{day_label(saved.start, True)} to {day_label(saved.end, True)}.")],
                       after=0.6)
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
        self.data_table(["", "Last report", "This report", "Since it was saved"], rows,
                    (34, 18, 18, 22), numeric=(1, 2, 3))

    def _medications(self) -> None:
        r = self.report
        self.heading("Medications and logged doses")
        if not r.medications:
            self.paragraph([Run("No medications or doses logged in this period.")])
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
        self.data_table(["Medication", "Strength", "Schedule (own words)", "Times", "Doses logged",
                     "Mean per dosing day", "Against scheduled times"], rows,
                    (20, 12, 19, 10, 15, 10, 20))
        self.small(NOT_LOGGED_MEANING)

    def _charts(self) -> None:
        r = self.report
        doses = [m for m in r.medications if m.total_mg is not None]
        self.heading("Mood and anxiety", need=44.0)
        marks = charts.change_marks(r)
        x, w = self.l_margin, self.epw
        if r.mood.days:
            y = self.get_y()
            charts.mood_chart(self, r, x, y, w, 40.0, marks)
            self.set_y(y + 41.0)
            self._legend()
        else:
            self.paragraph([Run("No check-ins logged in this period.")])
        for m in doses:
            if self.will_page_break(21):
                self.add_page()
            self.paragraph([Run(self.clean(m.medication.name, 80), True),
                            Run(": mg taken per day (as logged)")], SMALL_PT, SMALL_LINE)
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
        self.paragraph([Run(f"Mood 1–10 (higher is better): mean {number(r.mood.mean)}, low "
                            f"{number(r.mood.low)}, high {number(r.mood.high)}.")],
                       SMALL_PT, SMALL_LINE)
        y = self.get_y() + 1.6
        charts.swatch(self, self.l_margin, y, charts.ANXIETY, dashed=True)
        self.set_x(self.l_margin + 7)
        self.paragraph([Run(f"Anxiety 0–10 (lower is calmer): mean {number(r.anxiety.mean)}, "
                            f"low {number(r.anxiety.low)}, high {number(r.anxiety.high)}.")],
                       SMALL_PT, SMALL_LINE)
        self.small(f"Daily means of check-ins on {r.mood.days} of {r.length_days} days; gaps "
                    f"= nothing logged. First week vs last week: mood "
                    f"{number(r.mood.first_week_mean)} → {number(r.mood.last_week_mean)}, "
                    f"anxiety {number(r.anxiety.first_week_mean)} → "
                    f"{number(r.anxiety.last_week_mean)}.")

    def _change_list(self, marks: Sequence[charts.ChangeMark]) -> None:
        shown = 12
        runs = [Run("Medication changes (numbered dashed lines): ", True)]
        for mark in marks[:shown]:
            what = "; ".join(f"{self.clean(c.medication, 60)} {c.what}" for c in mark.changes)
            runs += [Run(f"{mark.number} ", True, charts.CHANGE),
                     Run(f"{day_label(mark.changes[0].day)}: {what}"
                         f"{'.' if mark is marks[-1] else ';'} ")]
        if len(marks) > shown:
            runs.append(Run(f"… and {len(marks) - shown} more days with changes."))
        self.paragraph(runs, SMALL_PT, SMALL_LINE, after=0.6)

    def _side_effects(self) -> None:
        r = self.report
        self.heading("Side effects by week")
        if not r.side_effects:
            self.paragraph([Run("No side effects logged in this period.")])
            return
        if self.limits.weekly_table:
            rows = [[week_label(w), "; ".join(f"{self.clean(n, 60)}: {t}"
                                              for n, t in map(effect_text, w.effects))
                     or "none logged"] for w in r.weeks]
            self.data_table(["Week", "Side effects (days logged, worst severity)"], rows, (22, 78))
        whole = "; ".join(
            f"{self.clean(e.name, 60)}{' (urgent symptom)' if e.urgent else ''} on {e.days} "
            f"day{'' if e.days == 1 else 's'} ("
            + ", ".join(f"{e.by_severity[k]} {k}" for k in ("mild", "moderate", "severe")
                        if e.by_severity.get(k))
            + f"; last {day_label(e.last)})" for e in r.side_effects)
        self.small(f"Whole period: {whole}.")

    def _selfchecks(self) -> None:
        r = self.report
        self.heading("Self-checks (PHQ-9, GAD-7)")
        if not r.selfchecks:
            self.paragraph([Run("No self-checks in this period.")])
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
        self.data_table(["Date", "Check", "Score", "Band", "Change since the previous",
                     "Item 9 (self-harm)"], rows, (17, 10, 10, 16, 21, 14))
        meaning = difficulty_meaning(r.selfchecks)
        if meaning is not None:
            self.small(meaning)
        self.small(f"PHQ-9 and GAD-7: {ATTRIBUTION}")

    def _practices(self) -> None:
        r = self.report
        self.heading("Breathing and meditation")
        if not r.practices:
            self.paragraph([Run("No practice sessions in this period.")])
            return
        self.data_table(["Practice", "Sessions", "Min", "Rated", "Before", "After", "Change"],
                    [[self.clean(r.practice_title(s), 80), str(s.sessions),
                      str(round(s.minutes)), str(s.rated), mean_text(s.mean_before),
                      mean_text(s.mean_after), change_text(s.mean_change)]
                     for s in r.practices], (40, 10, 8, 8, 9, 9, 9), numeric=(1, 2, 3, 4, 5, 6))
        self.small("Mean anxiety (0–10) just before and after sessions rated both times; a "
                    "negative change means calmer afterwards.")

    def _safety_notes(self) -> None:
        r = self.report
        self.heading("Safety notes raised in this period", need=10.0)
        if not r.notes:
            self.paragraph([Run("None.")])
            return
        shown = r.notes[:self.limits.notes] if self.limits.notes is not None else r.notes
        for n in shown:
            colour = _SEVERITY.get(n.severity, HEADING)
            self.bullet([Run(f"{day_label(n.day)}, {n.severity}: ", True),
                         Run(f"{self.clean(n.title, 200)}. ", True, colour),
                         Run(self.clean(n.summary or n.message, 400))])
        if len(shown) < len(r.notes):
            self.small(f"… and {len(r.notes) - len(shown)} more safety notes (all are in "
                        "the HTML report).")
        if any(n.crisis for n in r.notes):
            crisis = "; ".join(f"{heading} {detail}" for heading, detail in CRISIS_LINES)
            self.small(f"Crisis resources shown to the person: {crisis}")

    def _flagged(self) -> None:
        r = self.report
        self.heading("Notes flagged for the doctor", need=10.0)
        if not r.flagged:
            self.paragraph([Run("None.")])
            return
        limit = self.limits.flagged
        shown = r.flagged[:limit] if limit is not None else r.flagged
        for ci in shown:
            tags = (f" Tags: {', '.join(self.clean(t, 60) for t in ci.tags)}."
                    if ci.tags else "")
            note = (f"“{self.clean(ci.note, self.limits.note_chars, lines=True)}”"
                    if ci.note.strip() else "")
            self.bullet([Run(f"{day_label(ci.local_date)} {ci.at:%H:%M}", True),
                         Run(f", mood {ci.mood}/10, anxiety {ci.anxiety}/10.{tags}")], note)
        if len(shown) < len(r.flagged):
            self.small(f"… and {len(r.flagged) - len(shown)} more flagged notes (all are in "
                        "the HTML report).")


def _signed(value: int | None) -> str:
    return "–" if value is None else f"{value:+d}".replace("-", "−")


def _score(kind: str, value: int | None) -> str:
    return "–" if value is None else f"{value} ({band(kind, value).label})"
