"""What the clinician report holds: `build_report` gathers everything for a period (pure: a
Snapshot, the period and `now`), and `day_label` writes a date the way every page shows it.
The renderers live beside this module: markdown.py, html.py (with svg.py for its charts) and
pdf.py; changes.py finds what changed in the period, since.py what changed since the last
saved report.
No name appears unless the person gives one."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ebbtide.core.content.questionnaires import SelfCheck
from ebbtide.core.content.titles import practice_title
from ebbtide.core.health.insights import (
    Adherence,
    DayRow,
    PracticeStat,
    SeriesStats,
    SideEffectDays,
    Snapshot,
    WeekEffects,
    adherence,
    daily_rows,
    days_in,
    practice_stats,
    series_stats,
    side_effect_days,
    side_effects_by_week,
)
from ebbtide.core.health.plan_rules import SAME_MG, logged_total
from ebbtide.core.health.safety import (
    Acknowledgement,
    SafetyNote,
    acknowledgements,
    notes_in_period,
)
from ebbtide.core.journal.models import CheckIn, Medication, NoteState, Plan, PlanStep
from ebbtide.core.report.changes import (
    MedicationChange,
    ScoreChange,
    medication_changes,
    score_changes,
)

DEFAULT_DAYS = 30

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_label(day: date, year: bool = False) -> str:
    """'Tue 3 Nov' (English, independent of the machine's locale)."""
    text = f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


# The medication watch at a glance: (heading, the rules it gathers). Every line is also in
# the full list of safety notes; here a clinician sees the dates side by side.
WATCH_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Possible withdrawal risk (sudden stop, missed doses or a large cut in the daily "
     "total)", ("sudden-stop", "dose-drop")),
    ("Baclofen with alcohol or another sedating medicine", ("alcohol-dose-day",
                                                            "sedative-combination")),
    ("Daily total above the label maximum", ("above-label-max",)),
)


@dataclass(frozen=True)
class WatchLine:
    heading: str
    days: tuple[date, ...]


@dataclass(frozen=True)
class MedicationSummary:
    medication: Medication
    taken: int
    skipped: int
    dosing_days: int  # days with a taken dose
    total_mg: float | None  # None when no taken dose had an amount
    mg_per_dosing_day: float | None
    adherence: Adherence | None


@dataclass(frozen=True)
class PlanStepSummary:
    step: PlanStep
    until: date | None  # the day before the next step (None: no later step)
    days_in_period: int  # days of this step inside the report's period
    days_logged: int  # of those, days with a known logged total
    days_as_planned: int  # of those, days whose logged total equals the plan's


@dataclass(frozen=True)
class PlanSummary:
    """A plan the person entered from their prescriber, step by step against the log."""

    medication: Medication
    plan: Plan
    steps: tuple[PlanStepSummary, ...]


def plan_summaries(snap: Snapshot, start: date, end: date) -> tuple[PlanSummary, ...]:
    """Each medication's current plan with a step starting on or before `end`."""
    meds = {m.id: m for m in snap.medications}
    current = {p.medication_id: p for p in snap.plans}
    found = []
    for med_id, plan in current.items():
        med = meds.get(med_id)
        if med is None or not plan.steps or plan.steps[0].start_date > end:
            continue
        rows = []
        for n, step in enumerate(plan.steps):
            later = plan.steps[n + 1].start_date if n + 1 < len(plan.steps) else None
            until = later - timedelta(days=1) if later is not None else None
            first, last = max(step.start_date, start), min(until or end, end)
            logged = [t for t in (logged_total(snap, med, d) for d in days_in(first, last))
                      if t is not None] if first <= last else []
            rows.append(PlanStepSummary(
                step, until, max((last - first).days + 1, 0), len(logged),
                sum(1 for t in logged if abs(t - step.daily_total_mg) < SAME_MG)))
        found.append(PlanSummary(med, plan, tuple(rows)))
    return tuple(found)


@dataclass(frozen=True)
class Report:
    start: date
    end: date  # inclusive
    generated: datetime
    name: str | None
    days: tuple[DayRow, ...]
    mood: SeriesStats
    anxiety: SeriesStats
    medications: tuple[MedicationSummary, ...]
    side_effects: tuple[SideEffectDays, ...]
    weeks: tuple[WeekEffects, ...]
    selfchecks: tuple[SelfCheck, ...]
    practices: tuple[PracticeStat, ...]
    practice_titles: dict[str, str]
    notes: tuple[SafetyNote, ...]
    flagged: tuple[CheckIn, ...]
    checkin_count: int
    medication_changes: tuple[MedicationChange, ...] = ()
    score_changes: tuple[ScoreChange, ...] = ()  # one per self-check in the period
    plans: tuple[PlanSummary, ...] = ()  # only medications with a plan entered
    region: str = ""  # the crisis lines shown to the person (the `region` setting)
    acknowledged: tuple[Acknowledgement, ...] = ()  # "my prescriber set a higher dose"

    @property
    def length_days(self) -> int:
        return (self.end - self.start).days + 1

    def practice_title(self, stat: PracticeStat) -> str:
        return practice_title(stat.kind, stat.content_id, self.practice_titles)

    @property
    def watch(self) -> tuple[WatchLine, ...]:
        """The groups of WATCH_GROUPS raised in the period, each with its days."""
        lines = []
        for heading, rules in WATCH_GROUPS:
            days = sorted({n.day for n in self.notes if n.rule in rules})
            if days:
                lines.append(WatchLine(heading, tuple(days)))
        return tuple(lines)

    @property
    def crisis_shown(self) -> bool:
        return any(n.crisis for n in self.notes)

    def acknowledged_text(self, ack: Acknowledgement) -> str:
        """'Up to 100 mg a day, said on Mon 30 Nov 2026.' (the day in the report's zone)."""
        said = "" if ack.at is None else \
            f", said on {day_label(ack.at.astimezone(self.generated.tzinfo).date(), True)}"
        return (f"The person said their prescriber set a daily total of up to {ack.mg:g} mg "
                f"of oral baclofen{said}. Daily-total notes up to that are no longer shown "
                "to them; they stay listed here.")


def build_report(snap: Snapshot, start: date, end: date, now: datetime, *,
                 name: str | None = None,
                 titles: dict[str, str] | Callable[[str, str], str | None] | None = None,
                 region: str = "", note_states: Mapping[str, NoteState] | None = None,
                 ) -> Report:
    """Everything the report shows for local days [start, end]. `snap` should reach back
    core.safety.HISTORY_DAYS before `start` so the safety notes see the earlier doses.
    `region`: the crisis lines to list; `note_states`: `Journal.note_states()`, for the
    higher doses the person said their prescriber set."""
    period = snap.between(start, end)
    rows = tuple(daily_rows(period, start, end))
    adh = {a.medication_id: a for a in adherence(period, start, end, now)}
    meds = []
    for med in snap.medications:
        doses = [d for d in period.doses if d.medication_id == med.id]
        a = adh.get(med.id)
        if not doses and a is None:
            continue
        taken = [d for d in doses if d.status == "taken"]
        amounts = [d.amount_mg for d in taken if d.amount_mg is not None]
        dosing_days = len({d.local_date for d in taken})
        total = sum(amounts) if amounts else None
        meds.append(MedicationSummary(
            med, len(taken), len(doses) - len(taken), dosing_days, total,
            total / dosing_days if total is not None and dosing_days else None,
            a if a is not None and a.times else None))
    stats = tuple(practice_stats(period.practices))
    names: dict[str, str] = {}
    for s in stats:
        found = titles(s.kind, s.content_id) if callable(titles) else (
            titles.get(s.content_id) if titles else None)
        if found:
            names[s.content_id] = found
    return Report(
        start=start, end=end, generated=now, name=name.strip() if name else None,
        days=rows, mood=series_stats([r.mood for r in rows]),
        anxiety=series_stats([r.anxiety for r in rows]), medications=tuple(meds),
        side_effects=tuple(side_effect_days(period, start, end)),
        weeks=tuple(side_effects_by_week(period, start, end)),
        selfchecks=period.selfchecks, practices=stats, practice_titles=names,
        notes=tuple(notes_in_period(snap, start, end)),
        flagged=tuple(c for c in period.checkins if c.flagged_for_doctor),
        checkin_count=len(period.checkins),
        medication_changes=tuple(medication_changes(snap, start, end, now.tzinfo)),
        score_changes=tuple(score_changes(snap, start, end)),
        plans=plan_summaries(snap, start, end), region=region,
        acknowledged=tuple(acknowledgements(note_states or {})))
