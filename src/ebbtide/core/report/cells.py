"""How numbers, dates and rows read in the report, shared by the Markdown and the HTML
page (and the SVG charts): one wording, two formats."""

from __future__ import annotations

import html
from collections.abc import Iterable

from ebbtide.core.content.questionnaires import QUESTIONNAIRES, SelfCheck, difficulty_label
from ebbtide.core.health.insights import Adherence, PracticeStat, SideEffectDays, WeekEffects
from ebbtide.core.report.model import Report, day_label

SELF_REPORTED = ("Self-reported data. Everything in this report was entered by the person "
                 "in Ebbtide, a private diary app. It has not been checked by a clinician, "
                 "and Ebbtide gives no dosing advice.")


def number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def mg_text(value: float | None) -> str:
    return "–" if value is None else f"{number(value)} mg"


def mean_text(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def change_text(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:+.1f}".replace("-", "−")


def adherence_text(a: Adherence | None) -> str:
    if a is None:
        return "no schedule times entered"
    if not a.scheduled:
        return "no scheduled times yet"
    pct = round(100 * a.taken / a.scheduled)
    return (f"{a.taken} of {a.scheduled} taken ({pct}%), {a.skipped} skipped, "
            f"{a.not_logged} not logged")


def week_label(w: WeekEffects) -> str:
    if w.start == w.end:
        return day_label(w.start)
    return f"{day_label(w.start)} – {day_label(w.end)}"


_KIND_WORDS = {"breathe": "breathing", "meditate": "meditation", "timer": "timer"}


def practice_label(r: Report, s: PracticeStat) -> tuple[str, str]:
    return r.practice_title(s), _KIND_WORDS.get(s.kind, s.kind)


def effect_text(e: SideEffectDays) -> tuple[str, str]:
    days = f"{e.days} day" + ("" if e.days == 1 else "s")
    return e.name, f"{days}, worst {e.worst}" + (" (urgent symptom)" if e.urgent else "")


DIFFICULTY_MEANING = ("After a PHQ-9 band, in words: the answer to its closing question, how "
                      "difficult the problems have made it to work, take care of things at "
                      "home or get along with other people (not scored).")


def selfcheck_row(c: SelfCheck) -> tuple[str, str, str, str, str]:
    """Date, check, score, band (with PHQ-9's "how difficult" answer when given: "mild;
    somewhat difficult"), item 9."""
    form = QUESTIONNAIRES[c.kind]
    item9 = "–"
    if form.crisis_item is not None:
        answer = c.answers[form.crisis_item]
        item9 = "no (0)" if answer == 0 else f"YES ({answer})"
    difficulty = difficulty_label(c.difficulty)
    band = c.band.label if difficulty is None else f"{c.band.label}; {difficulty.lower()}"
    return (day_label(c.local_date, year=True), form.name, f"{c.score} / {form.max_score}",
            band, item9)


def difficulty_meaning(checks: Iterable[SelfCheck]) -> str | None:
    """The line under the self-check table that says what the words after a band mean,
    when any check has them."""
    return DIFFICULTY_MEANING if any(c.difficulty is not None for c in checks) else None


def h(text: object) -> str:
    """Text made safe inside HTML and SVG, quotes included."""
    return html.escape(str(text), quote=True)


PLAN_HEADER = ("Medication", "From", "To", "Planned daily total", "Per dose (as written)",
               "Note", "Logged as planned")
PLAN_MEANING = ("Entered by the person from their prescriber's instructions; Ebbtide never "
                "sets or suggests a dose. Days whose logged total differs from the plan are "
                "listed among the safety notes.")


def plan_rows(r: Report) -> list[tuple[str, list[str]]]:
    """(user text, the other cells) per plan step: the medication's name, the step's words
    and note stay raw for the caller to escape; the rest is ready to show."""
    rows = []
    for summary in r.plans:
        for s in summary.steps:
            step = s.step
            planned = f"{number(step.daily_total_mg)} mg" + (
                " (stop)" if step.daily_total_mg == 0 else "")
            logged = (f"{s.days_as_planned} of {s.days_logged} days with a logged total"
                      if s.days_logged else "–" if not s.days_in_period else "nothing logged")
            rows.append((summary.medication.name,
                         [day_label(step.start_date, True),
                          day_label(s.until, True) if s.until else "–", planned,
                          step.per_dose, step.note, logged]))
    return rows
