"""Rules about the doses logged: the daily total against the label maximum, a sudden stop
or missed doses against the person's own pattern, a large drop in the daily total, and
baclofen on the same day as alcohol or another sedating medicine.

Definitions (the messages say them too):
- daily total: every taken dose of oral baclofen that day, across all medication entries
  that name it (generic or brand); a dose logged without an amount counts as the
  per-dose amount recorded for its medication, if any.
- own pattern: the 14 days up to the last taken dose; at least 4 of them with a dose.
  "Missing" means more days without a dose than the longest break in that pattern
  (a daily taker: the first full day without a dose; someone dosing every other day:
  two days). Today counts as missed once all of today's scheduled times are 2 hours
  past, or when a check-in or note says a dose was missed ("missed dose"), or a dose
  was logged as skipped.
- stopped: the medication marked as no longer taken (inactive) within 14 days of its
  last dose, after a pattern as above. Unticking never silences the note.
- large drop: a full day (yesterday or the day before) whose total is half or less of
  the usual daily total (the median of the 7 days before it, dosed on 5 or more).
- a plan the person entered from their prescriber (core.health.plan_rules) quiets these
  only where the plan itself lowers the dose: no stop note while the plan says 0 mg on
  every day since the last dose, no drop note for a day logged at or above the plan's
  total. Stopping earlier than the plan is still a sudden stop."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from itertools import pairwise

from ebbtide.core.health.insights import Snapshot, days_in
from ebbtide.core.health.medicines import (
    LABEL_MAX_SOURCE,
    ORAL_BACLOFEN_MAX_MG_PER_DAY,
    is_baclofen,
    is_oral_baclofen,
    mentions_alcohol,
    mentions_missed_dose,
    sedative_classes,
)
from ebbtide.core.health.notes import (
    LABEL_INTERACTIONS,
    LABEL_WITHDRAWAL,
    SCHEDULE_GRACE,
    WITHDRAWAL_FACTS,
    WITHDRAWAL_SUMMARY,
    SafetyNote,
    day_text,
    fmt_mg,
    note,
    recent,
    when,
)
from ebbtide.core.health.plan_rules import SAME_MG, stop_is_planned
from ebbtide.core.journal.models import Dose, Medication
from ebbtide.core.text import plural

PATTERN_DAYS = 14
MIN_PATTERN_DAYS = 4
STOP_NOTE_DAYS = 14  # a stop is raised until this many days after the last dose
DROP_FRACTION = 0.5
DROP_USUAL_DAYS = 5


def _taken_days(snap: Snapshot, med: Medication, today: date) -> dict[date, list[Dose]]:
    days: dict[date, list[Dose]] = {}
    for d in snap.doses:
        if d.medication_id == med.id and d.status == "taken" and d.local_date <= today:
            days.setdefault(d.local_date, []).append(d)
    return days


def _amount(dose: Dose, med: Medication) -> float | None:
    return dose.amount_mg if dose.amount_mg is not None else med.dose_mg


# ---------------------------------------------------------------- label maximum


def above_label_max(snap: Snapshot, now: datetime) -> list[SafetyNote]:
    today = now.date()
    oral = {m.id: m for m in snap.medications if is_oral_baclofen(m.name)}
    by_day: dict[date, list[Dose]] = {}
    for d in snap.doses:
        if d.medication_id in oral and d.status == "taken" and recent(d.local_date, today):
            by_day.setdefault(d.local_date, []).append(d)
    notes = []
    limit = ORAL_BACLOFEN_MAX_MG_PER_DAY
    for day, doses in sorted(by_day.items()):
        total = sum(_amount(d, oral[d.medication_id]) or 0.0 for d in doses)
        if total <= limit:
            continue
        meds = sorted({oral[d.medication_id] for d in doses}, key=lambda m: m.id)
        names = " and ".join(m.name for m in meds)
        notes.append(note(
            "above-label-max", f"{meds[0].uid}:{day.isoformat()}", "caution",
            "Daily total above the label maximum",
            f"The {names} doses you logged {when(day, today)} add up to {fmt_mg(total)} mg "
            f"({plural(len(doses), 'dose')}). US labels for oral "
            f"baclofen give {fmt_mg(limit)} mg a "
            "day as the maximum. It may be a logging slip, or a dose your prescriber chose "
            "on purpose; either way, please confirm the dose with your prescriber, and do "
            "not change it on your own. If your prescriber set this dose, you can say so "
            "once and this note stops repeating.",
            "article:approved-uses", day, source=LABEL_MAX_SOURCE, total_mg=total,
            summary=f"{names}: {fmt_mg(total)} mg logged in the day (US label maximum for "
                    f"oral baclofen: {fmt_mg(limit)} mg a day)."))
    return notes


# ---------------------------------------------------------------- sudden stop


def _longest_break(dosed: list[date]) -> int:
    return max(((b - a).days - 1 for a, b in pairwise(dosed)), default=0)


def _missed_flags(snap: Snapshot, med: Medication, after: date, today: date) -> set[date]:
    """Days after the last dose when a missed dose was noted or a dose logged skipped."""
    flagged = {d.local_date for d in snap.doses if d.medication_id == med.id
               and d.status == "skipped" and after < d.local_date <= today}
    for c in snap.checkins:
        if after < c.local_date <= today and (
                any(mentions_missed_dose(t) for t in c.tags) or mentions_missed_dose(c.note)):
            flagged.add(c.local_date)
    return flagged


def _schedule_passed(med: Medication, now: datetime) -> bool:
    if not med.times:
        return False
    h, m = (int(x) for x in max(med.times).split(":"))
    return now >= now.replace(hour=h, minute=m, second=0, microsecond=0) + SCHEDULE_GRACE


def sudden_stop(snap: Snapshot, now: datetime) -> list[SafetyNote]:
    today = now.date()
    notes = []
    for med in snap.medications:
        if not is_baclofen(med.name):
            continue
        taken = _taken_days(snap, med, today)
        if not taken:
            continue
        last = max(taken)
        since = (today - last).days
        if since == 0 or since > STOP_NOTE_DAYS:
            continue
        dosed = [d for d in days_in(last - timedelta(days=PATTERN_DAYS - 1), last)
                 if d in taken]
        if len(dosed) < MIN_PATTERN_DAYS:
            continue
        usual_break = _longest_break(dosed)
        flags = _missed_flags(snap, med, last, today)
        today_missed = today in flags or _schedule_passed(med, now)
        missed = since if today_missed else since - 1
        seen = []
        if not med.active:
            seen.append(f"you marked {med.name} as no longer taken")
        if missed > usual_break:
            seen.append(f"no dose logged for {missed} day{'s' if missed != 1 else ''}")
        if flags:
            seen.append(f"a missed dose noted {when(max(flags), today)}")
        if med.active and missed <= usual_break:
            continue
        plan = snap.plan_for(med.id)
        if stop_is_planned(plan, last + timedelta(days=1), today):
            continue
        still_planned = plan.planned_mg(today) if plan is not None else None
        if still_planned:
            seen.append(f"the plan you entered from your prescriber still has "
                        f"{fmt_mg(still_planned)} mg a day")
        pattern = (f"{len(dosed)} of the {PATTERN_DAYS} days up to {day_text(last)}"
                   + (f", never more than {usual_break} day{'s' if usual_break != 1 else ''}"
                      " apart" if usual_break else ""))
        notes.append(note(
            "sudden-stop", f"{med.uid}:{last.isoformat()}", "caution",
            f"{med.name} stopped or missed: plan any stop with your prescriber",
            f"You had been logging {med.name} on {pattern}. Since then: "
            f"{'; '.join(seen)}. It may simply be a missed log. {WITHDRAWAL_FACTS}",
            "article:withdrawal", last + timedelta(days=1), source=LABEL_WITHDRAWAL,
            summary=f"{med.name} logged on {pattern}; then {'; '.join(seen)}. "
                    f"Named to the person as a {WITHDRAWAL_SUMMARY}."))
    return notes


def _day_total(doses: list[Dose]) -> float | None:
    """Total mg, or None when any dose that day has no amount (total unknown)."""
    if not doses or any(d.amount_mg is None for d in doses):
        return None
    return sum(d.amount_mg for d in doses if d.amount_mg is not None)


def dose_drop(snap: Snapshot, now: datetime) -> list[SafetyNote]:
    today = now.date()
    notes = []
    for med in snap.medications:
        if not is_baclofen(med.name):
            continue
        taken = _taken_days(snap, med, today)
        for day in (today - timedelta(days=2), today - timedelta(days=1)):
            total = _day_total(taken.get(day, []))
            if total is None:
                continue  # nothing logged (the sudden-stop rule) or an amount missing
            before = [_day_total(taken.get(d, []))
                      for d in days_in(day - timedelta(days=7), day - timedelta(days=1))]
            usual_days = [t for t in before if t is not None]
            if len(usual_days) < DROP_USUAL_DAYS:
                continue
            usual = statistics.median(usual_days)
            planned = plan.planned_mg(day) if (plan := snap.plan_for(med.id)) else None
            if planned is not None and total >= planned - SAME_MG:
                continue  # the plan lowered it; a difference from the plan is off-plan's
            if total <= usual * DROP_FRACTION:
                notes.append(note(
                    "dose-drop", f"{med.uid}:{day.isoformat()}", "caution",
                    f"A big drop in logged {med.name}",
                    f"{when(day, today).capitalize()} you logged {fmt_mg(total)} mg of "
                    f"{med.name}, half or less of your usual {fmt_mg(usual)} mg a day. It "
                    "may be a missed log, or a change your prescriber planned (then you can "
                    f"dismiss this). {WITHDRAWAL_FACTS}",
                    "article:withdrawal", day, source=LABEL_WITHDRAWAL,
                    summary=f"{med.name}: {fmt_mg(total)} mg logged in the day; usual "
                            f"{fmt_mg(usual)} mg a day over the week before. Named to the "
                            f"person as a {WITHDRAWAL_SUMMARY}."))
                break
    return notes


# ---------------------------------------------------------------- combinations


def _baclofen_days(snap: Snapshot, today: date) -> dict[date, str]:
    """Recent days with a taken baclofen dose -> the name logged."""
    ids = {m.id for m in snap.medications if is_baclofen(m.name)}
    days: dict[date, str] = {}
    for d in snap.doses:
        if d.status == "taken" and d.medication_id in ids and recent(d.local_date, today):
            days.setdefault(d.local_date, d.medication)
    return days


def _day_texts(snap: Snapshot, days: Iterable[date]) -> dict[date, list[str]]:
    """What was typed on each day: tags, notes, and the names of medicines taken."""
    wanted = set(days)
    texts: dict[date, list[str]] = {d: [] for d in wanted}
    for c in snap.checkins:
        if c.local_date in wanted:
            texts[c.local_date].extend([*c.tags, c.note])
    for d in snap.doses:
        if d.local_date in wanted and d.status == "taken":
            texts[d.local_date].extend([d.medication, d.note])
    for s in snap.side_effects:
        if s.local_date in wanted:
            texts[s.local_date].append(s.note)
    return texts


def alcohol_dose_day(snap: Snapshot, now: datetime) -> list[SafetyNote]:
    today = now.date()
    dosed = _baclofen_days(snap, today)
    texts = _day_texts(snap, dosed)
    tagged = {c.local_date for c in snap.checkins
              if c.local_date in dosed and any(mentions_alcohol(t) for t in c.tags)}
    return [note(
        "alcohol-dose-day", day.isoformat(), "caution", "Alcohol on a day with baclofen",
        f"You {'tagged' if day in tagged else 'mentioned'} alcohol {when(day, today)}, a "
        f"day you also logged {dosed[day]}. Baclofen's effects on the brain add to "
        "alcohol's: more drowsiness and unsteadiness and, at worst, dangerously slowed "
        "breathing. The NHS suggests avoiding alcohol until you know how baclofen affects "
        "you. Your prescriber can tell you what is safe for you.",
        "article:interactions", day, source=LABEL_INTERACTIONS,
        summary=f"Alcohol {'tagged' if day in tagged else 'mentioned'} on a day "
                f"{dosed[day]} was logged as taken.")
        for day in sorted(dosed)
        if day in tagged or any(mentions_alcohol(t) for t in texts[day])]


def sedative_combination(snap: Snapshot, now: datetime) -> list[SafetyNote]:
    today = now.date()
    dosed = _baclofen_days(snap, today)
    texts = _day_texts(snap, dosed)
    notes = []
    for day in sorted(dosed):
        labels: dict[str, str] = {}
        for text in texts[day]:
            if is_baclofen(text):
                continue
            for family in sedative_classes(text):
                labels.setdefault(family.id, family.label)
        if not labels:
            continue
        named = " and ".join(labels.values())
        notes.append(note(
            "sedative-combination", day.isoformat(), "caution",
            "Baclofen with another sedating medicine",
            f"{when(day, today).capitalize()} you logged {dosed[day]} and {named}. Both "
            "slow the brain down: together they add to drowsiness and can slow breathing "
            "dangerously, especially at higher doses, with alcohol, or in older people. "
            "Please check this combination with your prescriber or pharmacist; do not "
            "stop either medicine on your own.",
            "article:interactions", day, source=LABEL_INTERACTIONS,
            summary=f"{dosed[day]} logged as taken on the same day as {named}."))
    return notes
