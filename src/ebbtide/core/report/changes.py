"""What changed inside a report's period, for the charts and tables to mark: a medication
added, its logged amount per dose changing, or it being marked inactive; and each
self-check's score against the previous one of the same kind (which may predate the
period). Pure functions of a Snapshot."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from ebbtide.core.content.questionnaires import SelfCheck
from ebbtide.core.health.insights import Snapshot


@dataclass(frozen=True)
class MedicationChange:
    day: date
    medication: str
    what: str  # "added to the diary", "10 → 5 mg per dose", "marked inactive"


@dataclass(frozen=True)
class ScoreChange:
    check: SelfCheck
    previous: SelfCheck | None  # the one before, of the same kind, None for the first

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.check.score - self.previous.score


def _mg(value: float) -> str:
    return f"{value:g}"


def _local_day(at: datetime, zone: tzinfo | None) -> date:
    return at.astimezone(zone).date()


def medication_changes(snap: Snapshot, start: date, end: date,
                       zone: tzinfo | None = None) -> list[MedicationChange]:
    """Changes on local days in [start, end], oldest first. The amount per dose is the most
    common logged amount of a day's taken doses; a change is a day whose amount differs from
    the previous dosing day's (which may be before the period). `zone` turns the stored UTC
    times of adding and deactivating into local days."""
    found: list[MedicationChange] = []
    for med in snap.medications:
        if med.created_at is not None and start <= _local_day(med.created_at, zone) <= end:
            found.append(MedicationChange(_local_day(med.created_at, zone), med.name,
                                          "added to the diary"))
        per_day: dict[date, Counter[float]] = {}
        for dose in snap.doses:
            if (dose.medication_id == med.id and dose.status == "taken"
                    and dose.amount_mg is not None and dose.local_date <= end):
                per_day.setdefault(dose.local_date, Counter())[dose.amount_mg] += 1
        previous: float | None = None
        for day in sorted(per_day):
            amount = max(per_day[day].items(), key=lambda item: (item[1], item[0]))[0]
            if previous is not None and amount != previous and day >= start:
                found.append(MedicationChange(day, med.name,
                                              f"{_mg(previous)} → {_mg(amount)} mg per dose"))
            previous = amount
        if (not med.active and med.updated_at is not None
                and start <= _local_day(med.updated_at, zone) <= end):
            found.append(MedicationChange(_local_day(med.updated_at, zone), med.name,
                                          "marked inactive"))
    return sorted(found, key=lambda c: (c.day, c.medication))


def score_changes(snap: Snapshot, start: date, end: date) -> list[ScoreChange]:
    """Each self-check in [start, end] with the previous one of its kind, oldest first."""
    last: dict[str, SelfCheck] = {}
    out: list[ScoreChange] = []
    for check in sorted(snap.selfchecks, key=lambda c: (c.at, c.id)):
        if check.local_date > end:
            break
        if check.local_date >= start:
            out.append(ScoreChange(check, last.get(check.kind)))
        last[check.kind] = check
    return out
