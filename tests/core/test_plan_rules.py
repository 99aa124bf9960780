"""The plan rules: logged totals that leave the plan the person entered raise a caution that
points to the prescriber; step days offer a short check-in; a plan quiets the sudden-stop and
drop rules only where the plan itself lowers the dose. A scripted month gives exactly the
expected notes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from ebbtide.core.health.insights import Snapshot
from ebbtide.core.health.plan_rules import PLAN_SOURCE, logged_total
from ebbtide.core.health.safety import notes_in_period
from ebbtide.core.journal.models import Dose, Plan, PlanStep
from tests.core.test_safety import BAC, NOW, TODAY, TZ, day, dose, fired, snap

NOON = NOW  # 12:00: today's last scheduled time (20:00) is not yet past


def plan(*steps: tuple[date, float], med_id: int = BAC.id) -> Plan:
    return Plan(id=1, uid="plan-1", medication_id=med_id, steps=tuple(
        PlanStep(id=n, uid=f"step-{n}", plan_id=1, start_date=start, daily_total_mg=mg)
        for n, (start, mg) in enumerate(steps, 1)))


def with_plan(s: Snapshot, p: Plan) -> Snapshot:
    return replace(s, plans=(p,))


def twice(offset: int, total: float) -> list[Dose]:
    return [dose(offset, total / 2, hour=8), dose(offset, total / 2, hour=20)]


# ---------------------------------------------------------------- off plan


def test_a_past_day_off_the_plan_raises_a_caution_naming_the_plan_and_prescriber() -> None:
    history = with_plan(snap(doses=[*twice(2, 30), *twice(1, 40)]), plan((day(5), 30)))
    (note,) = fired("off-plan", history, NOON)
    assert note.severity == "caution" and note.day == day(1)
    assert "Yesterday you logged 40 mg of Baclofen" in note.message
    assert "says 30 mg a day from" in note.message
    assert "differs from the plan you entered" in note.message
    assert "talk to your prescriber before changing" in note.message
    assert note.source == PLAN_SOURCE and f"(Source: {PLAN_SOURCE}.)" in note.message
    assert note.total_mg == 40 and "plan entered from the prescriber" in note.summary


def test_today_counts_only_after_the_last_scheduled_time_plus_two_hours() -> None:
    history = with_plan(snap(doses=twice(0, 20)), plan((day(3), 30)))
    assert fired("off-plan", history, NOW.replace(hour=21, minute=59)) == []
    (note,) = fired("off-plan", history, NOW.replace(hour=22))
    assert note.day == TODAY and "once your last scheduled time (20:00)" in note.message
    no_times = replace(history, medications=(replace(BAC, times=()),))
    assert fired("off-plan", no_times, NOW.replace(hour=23)) == []  # waits for tomorrow
    assert len(fired("off-plan", no_times, NOW + timedelta(days=1))) == 1


def test_on_plan_days_unknown_amounts_and_days_before_the_plan_are_quiet() -> None:
    p = plan((day(2), 30), (day(1), 20))
    on_plan = snap(doses=[*twice(4, 50), *twice(2, 30), *twice(1, 20)])
    assert fired("off-plan", with_plan(on_plan, p), NOON) == []
    unknown = snap(doses=[dose(1, 10), dose(1, None)])  # an amount missing: total unknown
    assert fired("off-plan", with_plan(unknown, p), NOON) == []
    per_dose = replace(unknown, medications=(replace(BAC, dose_mg=10.0),))
    assert logged_total(per_dose, per_dose.medications[0], day(1)) == 20.0
    assert fired("off-plan", with_plan(per_dose, p), NOON) == []
    nothing = snap(doses=twice(3, 30))  # nothing logged since: the sudden-stop rule's job
    assert fired("off-plan", with_plan(nothing, p), NOON) == []


def test_doses_logged_after_a_planned_stop_differ_from_the_plan() -> None:
    history = with_plan(snap(doses=twice(1, 10)), plan((day(10), 20), (day(3), 0)))
    (note,) = fired("off-plan", history, NOON)
    assert "says 0 mg a day" in note.message


# ---------------------------------------------------------------- step days


def test_a_step_day_offers_a_short_check_in() -> None:
    p = plan((day(7), 30), (TODAY, 20))
    (note,) = fired("plan-step", with_plan(snap(), p), NOON)
    assert note.severity == "info" and note.article == "action:journal/check-in"
    assert "changes today from 30 mg to 20 mg a day" in note.message
    assert "short check-in" in note.message and "prescriber" in note.message
    assert "hallucinations" in note.message  # a step down names the urgent signs
    assert fired("plan-step", with_plan(snap(), p), NOON + timedelta(days=1)) == []
    up = plan((day(7), 10), (TODAY, 20))
    (rise,) = fired("plan-step", with_plan(snap(), up), NOON)
    assert "hallucinations" not in rise.message
    assert fired("plan-step", snap(), NOON) == []


# ---------------------------------------------------------------- sudden stop and drops


def test_a_planned_stop_is_not_a_sudden_stop_but_stopping_early_is() -> None:
    doses = [d for o in range(3, 17) for d in twice(o, 20)]
    quiet = with_plan(snap(doses=doses), plan((day(20), 20), (day(2), 0)))
    assert fired("sudden-stop", quiet, NOON) == []
    early = with_plan(snap(doses=doses), plan((day(20), 20), (day(1), 0)))
    (note,) = fired("sudden-stop", early, NOON)  # day(2) still had 20 mg planned
    still = with_plan(snap(doses=doses), plan((day(20), 20), (TODAY + timedelta(days=3), 0)))
    (note,) = fired("sudden-stop", still, NOON)
    assert "the plan you entered from your prescriber still has 20 mg a day" in note.message
    stopped = replace(quiet, medications=(replace(BAC, active=False),))
    assert fired("sudden-stop", stopped, NOON) == []


def test_a_planned_step_down_is_not_a_drop_but_going_below_the_plan_is() -> None:
    usual = [d for o in range(2, 10) for d in twice(o, 40)]
    stepped = with_plan(snap(doses=[*usual, *twice(1, 20)]), plan((day(20), 40), (day(1), 20)))
    assert fired("dose-drop", stepped, NOON) == []
    below = with_plan(snap(doses=[*usual, *twice(1, 10)]), plan((day(20), 40), (day(1), 20)))
    assert len(fired("dose-drop", below, NOON)) == 1
    assert len(fired("off-plan", below, NOON)) == 1


# ---------------------------------------------------------------- a scripted month


def _month(stop_early: bool) -> tuple[Snapshot, date, date]:
    """A 30-day taper from 30 mg: 20 mg from day 11, 10 mg from day 21, stop on day 28.
    Day 15 is logged at 30 mg (off the plan). With `stop_early`, the last dose is day 23."""
    first = date(2026, 6, 1)
    p = plan((first, 30), (first + timedelta(days=10), 20), (first + timedelta(days=20), 10),
             (first + timedelta(days=27), 0))
    doses = []
    last = 23 if stop_early else 27
    for n in range(1, last + 1):
        on = first + timedelta(days=n - 1)
        total = 30.0 if n == 15 else p.planned_mg(on)
        assert total is not None
        for hour in (8, 20):
            doses.append(Dose(id=len(doses) + 1, uid=f"d{len(doses)}", medication_id=BAC.id,
                              medication=BAC.name, at=datetime.combine(on, time(hour), TZ),
                              local_date=on, amount_mg=total / 2))
    return Snapshot(medications=(BAC,), doses=tuple(doses), plans=(p,)), first, \
        first + timedelta(days=29)


def test_a_scripted_taper_month_gives_exactly_the_expected_notes() -> None:
    history, first, end = _month(stop_early=False)
    found = [(n.rule, n.day.day) for n in notes_in_period(history, first, end)]
    assert found == [("plan-step", 1), ("plan-step", 11), ("off-plan", 15),
                     ("plan-step", 21), ("plan-step", 28)]
    early, first, end = _month(stop_early=True)
    found = [(n.rule, n.day.day) for n in notes_in_period(early, first, end)]
    assert found == [("plan-step", 1), ("plan-step", 11), ("off-plan", 15),
                     ("plan-step", 21), ("sudden-stop", 24), ("plan-step", 28)]
