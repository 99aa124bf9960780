"""How journal rows become records: the SELECT for each record kind and the converters.

Shared by the read queries and the store."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from ebbtide.core.content.questionnaires import SelfCheck
from ebbtide.core.journal.models import (
    CheckIn,
    Dose,
    Medication,
    Plan,
    PlanStep,
    Practice,
    Record,
    RecordKind,
    SideEffect,
    from_stamp,
    from_utc,
)

TABLES: dict[RecordKind, str] = {
    "checkin": "checkins",
    "medication": "medications",
    "dose": "doses",
    "side_effect": "side_effects",
    "practice": "practices",
}

CHECKIN_COLS = ("c.id, c.uid, c.at_utc, c.utc_offset_min, c.local_date, c.mood, c.anxiety, "
                 "c.sleep_hours, c.sleep_quality, c.energy, c.tags, c.note, "
                 "c.flagged_for_doctor, c.created_utc, c.updated_utc, c.deleted_utc")
MED_COLS = ("m.id, m.uid, m.name, m.strength, m.schedule, m.times, m.dose_mg, m.active, "
             "m.created_utc, m.updated_utc, m.deleted_utc")
DOSE_COLS = ("d.id, d.uid, d.medication_id, m.name, d.at_utc, d.utc_offset_min, d.local_date, "
              "d.status, d.amount_mg, d.scheduled_time, d.note, d.checkin_id, "
              "d.created_utc, d.updated_utc, d.deleted_utc")
SE_COLS = ("s.id, s.uid, s.name, s.severity, s.at_utc, s.utc_offset_min, s.local_date, "
            "s.note, s.checkin_id, s.created_utc, s.updated_utc, s.deleted_utc")
SELFCHECK_COLS = ("id, uid, at_utc, utc_offset_min, local_date, kind, answers, score, "
                   "created_utc, updated_utc, deleted_utc, difficulty")
PLAN_COLS = "id, uid, medication_id, title, created_utc, updated_utc, deleted_utc"
PLAN_STEP_COLS = ("id, uid, plan_id, start_date, daily_total_mg, per_dose, note, created_utc, "
                  "updated_utc, deleted_utc")
PRACTICE_COLS = ("p.id, p.uid, p.kind, p.content_id, p.at_utc, p.utc_offset_min, "
                  "p.local_date, p.planned_seconds, p.actual_seconds, p.completed, "
                  "p.anxiety_before, p.anxiety_after, p.created_utc, p.updated_utc, "
                  "p.deleted_utc")

SELECT: dict[RecordKind, str] = {
    "checkin": f"SELECT {CHECKIN_COLS} FROM checkins c",
    "medication": f"SELECT {MED_COLS} FROM medications m",
    "dose": f"SELECT {DOSE_COLS} FROM doses d JOIN medications m ON m.id = d.medication_id",
    "side_effect": f"SELECT {SE_COLS} FROM side_effects s",
    "practice": f"SELECT {PRACTICE_COLS} FROM practices p",
}
ALIAS: dict[RecordKind, str] = {"checkin": "c", "medication": "m", "dose": "d",
                                 "side_effect": "s", "practice": "p"}
KIND_ORDER: dict[str, int] = {"checkin": 0, "dose": 1, "side_effect": 2, "practice": 3,
                               "medication": 4}


def load_list(text: str) -> tuple[str, ...]:
    return tuple(json.loads(text)) if text and text != "[]" else ()



def to_date(text: str) -> date:
    return date.fromisoformat(text)


def row_checkin(r: Sequence[Any]) -> CheckIn:
    return CheckIn(id=r[0], uid=r[1], at=from_stamp(r[2], r[3]), local_date=to_date(r[4]),
                   mood=r[5], anxiety=r[6], sleep_hours=r[7], sleep_quality=r[8],
                   energy=r[9], tags=load_list(r[10]), note=r[11],
                   flagged_for_doctor=bool(r[12]), created_at=from_utc(r[13]),
                   updated_at=from_utc(r[14]), deleted_at=from_utc(r[15]))


def row_medication(r: Sequence[Any]) -> Medication:
    return Medication(id=r[0], uid=r[1], name=r[2], strength=r[3], schedule=r[4],
                      times=load_list(r[5]), dose_mg=r[6], active=bool(r[7]),
                      created_at=from_utc(r[8]), updated_at=from_utc(r[9]),
                      deleted_at=from_utc(r[10]))


def row_dose(r: Sequence[Any]) -> Dose:
    return Dose(id=r[0], uid=r[1], medication_id=r[2], medication=r[3],
                at=from_stamp(r[4], r[5]), local_date=to_date(r[6]), status=r[7],
                amount_mg=r[8], scheduled_time=r[9], note=r[10], checkin_id=r[11],
                created_at=from_utc(r[12]), updated_at=from_utc(r[13]),
                deleted_at=from_utc(r[14]))


def row_side_effect(r: Sequence[Any]) -> SideEffect:
    return SideEffect(id=r[0], uid=r[1], name=r[2], severity=r[3], at=from_stamp(r[4], r[5]),
                      local_date=to_date(r[6]), note=r[7], checkin_id=r[8],
                      created_at=from_utc(r[9]), updated_at=from_utc(r[10]),
                      deleted_at=from_utc(r[11]))


def row_practice(r: Sequence[Any]) -> Practice:
    return Practice(id=r[0], uid=r[1], practice_kind=r[2], content_id=r[3],
                    at=from_stamp(r[4], r[5]), local_date=to_date(r[6]), planned_seconds=r[7],
                    actual_seconds=r[8], completed=bool(r[9]), anxiety_before=r[10],
                    anxiety_after=r[11], created_at=from_utc(r[12]),
                    updated_at=from_utc(r[13]), deleted_at=from_utc(r[14]))


def row_selfcheck(r: Sequence[Any]) -> SelfCheck:
    return SelfCheck(id=r[0], uid=r[1], at=from_stamp(r[2], r[3]), local_date=to_date(r[4]),
                     kind=r[5], answers=tuple(json.loads(r[6])), score=r[7],
                     created_at=from_utc(r[8]), updated_at=from_utc(r[9]),
                     deleted_at=from_utc(r[10]), difficulty=r[11])


def row_plan_step(r: Sequence[Any]) -> PlanStep:
    return PlanStep(id=r[0], uid=r[1], plan_id=r[2], start_date=to_date(r[3]),
                    daily_total_mg=r[4], per_dose=r[5], note=r[6], created_at=from_utc(r[7]),
                    updated_at=from_utc(r[8]), deleted_at=from_utc(r[9]))


def row_plan(r: Sequence[Any], steps: Sequence[PlanStep] = ()) -> Plan:
    return Plan(id=r[0], uid=r[1], medication_id=r[2], title=r[3], steps=tuple(steps),
                created_at=from_utc(r[4]), updated_at=from_utc(r[5]),
                deleted_at=from_utc(r[6]))


CONVERT: dict[RecordKind, Callable[[Sequence[Any]], Record]] = {
    "checkin": row_checkin,
    "medication": row_medication,
    "dose": row_dose,
    "side_effect": row_side_effect,
    "practice": row_practice,
}
