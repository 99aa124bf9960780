"""Rules about a taper or titration plan the person entered from their prescriber. Ebbtide
never proposes a dose: it compares what was logged with what the person typed in, and
points back to the prescriber.

Definitions (the messages say them too):
- logged total: every taken dose of that medication entry on the day; a dose without an
  amount counts as the per-dose mg recorded for the medication; when neither is known the
  day's total is unknown and nothing is said.
- a day is compared once it is over: any day before today, and today once its last
  scheduled time is 2 hours past (no times entered: today waits until tomorrow). Only
  today and the 2 days before are looked at.
- a day with no taken dose logged is left to the sudden-stop rule (core.health.dose_rules),
  which knows the person's pattern; a plan only quiets that rule where the plan itself has
  reached 0 mg (a planned stop), never for a stop earlier than the plan.
- step day: a step of the plan starts today; an information note offers a short check-in."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ebbtide.core.health.insights import Snapshot, days_in
from ebbtide.core.health.notes import (
    RECENT_DAYS,
    SCHEDULE_GRACE,
    SafetyNote,
    day_text,
    fmt_mg,
    note,
    when,
)
from ebbtide.core.journal.models import Medication, Plan

PLAN_SOURCE = "the plan from your prescriber, as you entered it in Ebbtide"
CHECK_IN_ACTION = "action:journal/check-in"
SAME_MG = 0.001  # totals closer than this are the same (float sums of typed amounts)
URGENT_SIGNS = ("Get urgent medical help (your local emergency number) for hallucinations, "
                "confusion, seizures, a high fever, or stiffness or spasms that suddenly "
                "get worse.")


def logged_total(snap: Snapshot, med: Medication, day: date) -> float | None:
    """Every taken dose of `med` on `day`, in mg; None when none was logged or an amount
    is unknown."""
    amounts = [d.amount_mg if d.amount_mg is not None else med.dose_mg
               for d in snap.doses
               if d.medication_id == med.id and d.status == "taken" and d.local_date == day]
    if not amounts or any(a is None for a in amounts):
        return None
    return sum(a for a in amounts if a is not None)


def day_is_over(med: Medication, day: date, now: datetime) -> bool:
    """Before today, or today once the last scheduled time is `SCHEDULE_GRACE` past."""
    today = now.date()
    if day != today:
        return day < today
    if not med.times:
        return False
    hour, minute = (int(x) for x in max(med.times).split(":"))
    return now >= now.replace(hour=hour, minute=minute, second=0,
                              microsecond=0) + SCHEDULE_GRACE


def stop_is_planned(plan: Plan | None, first_missed: date, today: date) -> bool:
    """The plan has 0 mg a day on every day from `first_missed` to `today`."""
    if plan is None or first_missed > today:
        return False
    return all(plan.planned_mg(day) == 0 for day in days_in(first_missed, today))


def _plans_with_meds(snap: Snapshot) -> list[tuple[Plan, Medication]]:
    meds = {m.id: m for m in snap.medications}
    current = {p.medication_id: p for p in snap.plans}  # the newest plan of each
    return [(p, meds[p.medication_id]) for p in current.values() if p.medication_id in meds]


def off_plan(snap: Snapshot, now: datetime) -> list[SafetyNote]:
    today = now.date()
    notes = []
    for plan, med in _plans_with_meds(snap):
        for day in days_in(today - timedelta(days=RECENT_DAYS - 1), today):
            step = plan.step_on(day)
            total = logged_total(snap, med, day)
            if step is None or total is None or not day_is_over(med, day, now):
                continue
            planned = step.daily_total_mg
            if abs(total - planned) < SAME_MG:
                continue
            counted = (f" Today is counted once your last scheduled time ({max(med.times)}) "
                       "is 2 hours past." if med.times and day == today else "")
            notes.append(note(
                "off-plan", f"{plan.uid}:{day.isoformat()}", "caution",
                f"{med.name}: logged doses differ from your plan",
                f"{when(day, today).capitalize()} you logged {fmt_mg(total)} mg of {med.name} "
                f"in all; the plan you entered from your prescriber says "
                f"{fmt_mg(planned)} mg a day from {day_text(step.start_date)}. It may be a "
                "logging slip, or the plan may have changed. Otherwise: this differs from "
                "the plan you entered, so talk to your prescriber before changing how you "
                f"take it. (Counted: every taken dose of {med.name} logged that day.{counted})",
                "article:withdrawal", day, source=PLAN_SOURCE, total_mg=total,
                summary=f"{med.name}: {fmt_mg(total)} mg logged in the day; the plan entered "
                        f"from the prescriber says {fmt_mg(planned)} mg a day from "
                        f"{step.start_date.isoformat()}."))
    return notes


def step_day(snap: Snapshot, now: datetime) -> list[SafetyNote]:
    today = now.date()
    notes = []
    for plan, med in _plans_with_meds(snap):
        step = plan.step_starting(today)
        if step is None:
            continue
        before = plan.planned_mg(today - timedelta(days=1))
        new = f"{fmt_mg(step.daily_total_mg)} mg a day" + (
            " (a planned stop)" if step.daily_total_mg == 0 else "")
        change = f"to {new}" if before is None else f"from {fmt_mg(before)} mg to {new}"
        lower = before is not None and step.daily_total_mg < before
        notes.append(note(
            "plan-step", step.uid, "info", f"A step in your {med.name} plan starts today",
            f"Your plan for {med.name}, as you entered it from your prescriber, changes "
            f"today {change}. A short check-in today (mood, anxiety, any side effects) "
            "helps you and your prescriber see how the change feels."
            + (f" {URGENT_SIGNS}" if lower else "")
            + " If anything worries you, talk to your prescriber.",
            CHECK_IN_ACTION, today, source=PLAN_SOURCE,
            summary=f"Plan step for {med.name}: {change}, from {today.isoformat()} (as "
                    "entered from the prescriber)."))
    return notes
