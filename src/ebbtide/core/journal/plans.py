"""Taper and titration plans: the dates and daily totals a prescriber wrote down, entered by
the person. Ebbtide stores them verbatim and never fills in or proposes a dose: every number
here comes from the person. `JournalPlans` is one of the parts `Journal` is made of.

A plan belongs to one medication; its steps each start on a local date and hold the daily
total from then on (the step in force on a day is the latest one starting on or before it;
0 mg is a planned stop). Deletes are soft (`deleted_utc`), like every other record."""

from __future__ import annotations

import math
from datetime import date

from ebbtide.core.errors import InvalidEntry
from ebbtide.core.ids import new_uid
from ebbtide.core.journal.models import MAX_DOSE_MG, Plan, PlanStep, check_text, parse_day
from ebbtide.core.journal.queries import JournalQueries
from ebbtide.core.journal.rows import PLAN_COLS, PLAN_STEP_COLS, row_plan, row_plan_step

MAX_PER_DOSE_CHARS = 200
MAX_TITLE_CHARS = 200


# ---------------------------------------------------------------- checked values


def check_plan_mg(value: object) -> float:
    """A planned daily total as written: a number from 0 (a planned stop) upwards."""
    if isinstance(value, bool) or not isinstance(value, int | float) \
            or not math.isfinite(value):
        raise InvalidEntry("daily_total_mg", "the daily total must be a number of mg")
    if not 0 <= value <= MAX_DOSE_MG:
        raise InvalidEntry("daily_total_mg", f"the daily total must be from 0 to "
                                             f"{MAX_DOSE_MG:g} mg (got {value:g})")
    return float(value)


def check_start_date(value: object) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_day(value, "start_date")
    raise InvalidEntry("start_date", "the start date must be a date, YYYY-MM-DD")


def step_values(start_date: object, daily_total_mg: object, per_dose: object = "",
                note: object = "") -> tuple[str, float, str, str]:
    """A step's values as stored; InvalidEntry (with `.field`) for a bad one."""
    return (check_start_date(start_date).isoformat(), check_plan_mg(daily_total_mg),
            check_text("per_dose", per_dose, MAX_PER_DOSE_CHARS), check_text("note", note))


# ---------------------------------------------------------------- the journal part


class JournalPlans(JournalQueries):
    """Add, list, change and (softly) delete plans and their steps."""

    def add_plan(self, medication_id: int, *, title: str = "") -> Plan:
        clean_title = check_text("title", title, MAX_TITLE_CHARS)
        now = self._now_utc()
        with self.transaction():
            found = self._exec("SELECT 1 FROM medications WHERE id = ? AND deleted_utc IS "
                               "NULL", (medication_id,)).fetchone()
            if found is None:
                raise InvalidEntry("medication",
                                   f"there is no medication with id {medication_id}")
            cur = self._exec("INSERT INTO plans (uid, medication_id, title, created_utc, "
                             "updated_utc) VALUES (?, ?, ?, ?, ?)",
                             (new_uid(), medication_id, clean_title, now, now))
        return self._must_plan(cur.lastrowid)

    def get_plan(self, plan_id: int) -> Plan | None:
        """A plan by id (trash included) with its live steps."""
        rows = self._fetch(f"SELECT {PLAN_COLS} FROM plans WHERE id = ?", (plan_id,))
        return row_plan(rows[0], self._steps(plan_id)) if rows else None

    def plans(self, medication_id: int | None = None) -> list[Plan]:
        """Plans not in the trash (of one medication, or all), oldest first."""
        where, params = "deleted_utc IS NULL", [] if medication_id is None else [medication_id]
        if medication_id is not None:
            where += " AND medication_id = ?"
        rows = self._fetch(f"SELECT {PLAN_COLS} FROM plans WHERE {where} ORDER BY id", params)
        steps: dict[int, list[PlanStep]] = {}
        for r in self._fetch(f"SELECT {PLAN_STEP_COLS} FROM plan_steps WHERE deleted_utc IS "
                             "NULL ORDER BY start_date, id"):
            steps.setdefault(r[2], []).append(row_plan_step(r))
        return [row_plan(r, steps.get(r[0], ())) for r in rows]

    def plan_for(self, medication_id: int) -> Plan | None:
        """The medication's current plan: the newest one not in the trash."""
        found = self.plans(medication_id)
        return found[-1] if found else None

    def planned_mg(self, medication_id: int, day: date) -> float | None:
        """The planned daily total for `day` (the step in force then), None without one."""
        plan = self.plan_for(medication_id)
        return None if plan is None else plan.planned_mg(day)

    def update_plan(self, plan: Plan) -> Plan:
        """Save the plan's title (its steps are saved one by one)."""
        with self.transaction():
            self._exec("UPDATE plans SET title = ?, updated_utc = ? WHERE id = ?",
                       (check_text("title", plan.title, MAX_TITLE_CHARS), self._now_utc(),
                        plan.id))
        return self._must_plan(plan.id)

    def delete_plan(self, plan_id: int) -> int:
        """Move a plan to the trash (its steps go with it). Returns 1, or 0 if it was not
        there."""
        with self.transaction():
            return self._exec("UPDATE plans SET deleted_utc = ? WHERE id = ? AND "
                              "deleted_utc IS NULL", (self._now_utc(), plan_id)).rowcount

    def undo_delete_plan(self, plan_id: int) -> int:
        with self.transaction():
            return self._exec("UPDATE plans SET deleted_utc = NULL WHERE id = ? AND "
                              "deleted_utc IS NOT NULL", (plan_id,)).rowcount

    def add_plan_step(self, plan_id: int, start_date: date | str, daily_total_mg: float, *,
                      per_dose: str = "", note: str = "") -> PlanStep:
        """One step as the prescriber wrote it: from `start_date`, `daily_total_mg` a day."""
        values = step_values(start_date, daily_total_mg, per_dose, note)
        now = self._now_utc()
        with self.transaction():
            found = self._exec("SELECT 1 FROM plans WHERE id = ? AND deleted_utc IS NULL",
                               (plan_id,)).fetchone()
            if found is None:
                raise InvalidEntry("plan", f"there is no plan with id {plan_id}")
            cur = self._exec("INSERT INTO plan_steps (uid, plan_id, start_date, "
                             "daily_total_mg, per_dose, note, created_utc, updated_utc) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             (new_uid(), plan_id, *values, now, now))
        return self._must_step(cur.lastrowid)

    def update_plan_step(self, step: PlanStep) -> PlanStep:
        """Save start date, daily total, per-dose words and note."""
        values = step_values(step.start_date, step.daily_total_mg, step.per_dose, step.note)
        with self.transaction():
            self._exec("UPDATE plan_steps SET start_date = ?, daily_total_mg = ?, "
                       "per_dose = ?, note = ?, updated_utc = ? WHERE id = ?",
                       (*values, self._now_utc(), step.id))
        return self._must_step(step.id)

    def delete_plan_step(self, step_id: int) -> int:
        with self.transaction():
            return self._exec("UPDATE plan_steps SET deleted_utc = ? WHERE id = ? AND "
                              "deleted_utc IS NULL", (self._now_utc(), step_id)).rowcount

    # ------------------------------------------------------------ helpers

    def _steps(self, plan_id: int) -> list[PlanStep]:
        rows = self._fetch(f"SELECT {PLAN_STEP_COLS} FROM plan_steps WHERE plan_id = ? AND "
                           "deleted_utc IS NULL ORDER BY start_date, id", (plan_id,))
        return [row_plan_step(r) for r in rows]

    def _must_plan(self, plan_id: int | None) -> Plan:
        plan = self.get_plan(plan_id or 0)
        assert plan is not None
        return plan

    def _must_step(self, step_id: int | None) -> PlanStep:
        rows = self._fetch(f"SELECT {PLAN_STEP_COLS} FROM plan_steps WHERE id = ?",
                           (step_id or 0,))
        assert rows
        return row_plan_step(rows[0])
