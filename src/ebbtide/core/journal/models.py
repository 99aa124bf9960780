"""Journal records (typed, frozen dataclasses), with the values, validators and time
stamping of `values` re-exported.

Every timestamp is kept as UTC (ISO, whole seconds, `Z`) plus the local UTC offset in
minutes at the moment of entry, and the local calendar date at that moment. `at` on a record
is an aware datetime in the offset it was entered with, so a check-in made in Tokyo at 08:00
stays "08:00 on that day" after flying home."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import ClassVar

from ebbtide.core.journal.values import (
    FUTURE_TOLERANCE,
    MAX_DOSE_MG,
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    MAX_TAG_CHARS,
    RECORD_KINDS,
    DoseInput,
    DoseStatus,
    RecordKind,
    SeverityName,
    SideEffectInput,
    WallClock,
    aware,
    check_amount_mg,
    check_anxiety,
    check_at,
    check_clock_time,
    check_energy,
    check_mood,
    check_name,
    check_severity,
    check_sleep_hours,
    check_sleep_quality,
    check_status,
    check_tags,
    check_text,
    from_stamp,
    from_utc,
    local_now,
    offset_minutes,
    parse_at,
    parse_day,
    stamp,
    utc_text,
)
from ebbtide.core.practice.records import PracticeKind, PracticeRecord

# The records below, and (re-exported) every name of `values`.
__all__ = [
    "FUTURE_TOLERANCE",
    "MAX_DOSE_MG",
    "MAX_NAME_CHARS",
    "MAX_NOTE_CHARS",
    "MAX_TAG_CHARS",
    "RECORD_KINDS",
    "CheckIn",
    "DailySeries",
    "DayPoint",
    "DaySummary",
    "Dose",
    "DoseInput",
    "DoseStatus",
    "Entry",
    "ImportReport",
    "Medication",
    "NoteState",
    "Plan",
    "PlanStep",
    "Practice",
    "Record",
    "RecordKind",
    "SavedCheckIn",
    "SeverityName",
    "SideEffect",
    "SideEffectCount",
    "SideEffectInput",
    "WallClock",
    "aware",
    "check_amount_mg",
    "check_anxiety",
    "check_at",
    "check_clock_time",
    "check_energy",
    "check_mood",
    "check_name",
    "check_severity",
    "check_sleep_hours",
    "check_sleep_quality",
    "check_status",
    "check_tags",
    "check_text",
    "from_stamp",
    "from_utc",
    "local_now",
    "offset_minutes",
    "parse_at",
    "parse_day",
    "stamp",
    "utc_text",
]


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class CheckIn:
    """One check-in: mood and anxiety, and optionally sleep, tags and a note."""
    kind: ClassVar[RecordKind] = "checkin"
    id: int
    uid: str
    at: datetime  # aware, in the offset of entry
    local_date: date
    mood: int  # 1–10
    anxiety: int  # 0–10
    sleep_hours: float | None = None  # 0–24
    sleep_quality: int | None = None  # 1–5
    energy: int | None = None  # 1–10
    tags: tuple[str, ...] = ()
    note: str = ""
    flagged_for_doctor: bool = False
    created_at: datetime | None = None  # UTC
    updated_at: datetime | None = None
    deleted_at: datetime | None = None  # set only for records in the trash


@dataclass(frozen=True)
class Medication:
    """A medication the person takes, in their own words."""
    kind: ClassVar[RecordKind] = "medication"
    id: int
    uid: str
    name: str
    strength: str = ""  # the user's words, e.g. "10 mg tablet"
    schedule: str = ""  # the user's own words for what the prescriber said
    times: tuple[str, ...] = ()  # "08:00", ... (recorded, never suggested)
    dose_mg: float | None = None  # per-dose mg as prescribed (recorded, never suggested)
    active: bool = True
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None


@dataclass(frozen=True)
class Dose:
    """A dose taken, or a skip noted, of one medication."""
    kind: ClassVar[RecordKind] = "dose"
    id: int
    uid: str
    medication_id: int
    medication: str  # the medication's name (read-only convenience)
    at: datetime  # actual time (taken) or when the skip was noted
    local_date: date
    status: DoseStatus = "taken"
    amount_mg: float | None = None
    scheduled_time: str | None = None  # "08:00" local, optional
    note: str = ""
    checkin_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None


@dataclass(frozen=True)
class SideEffect:
    """A side effect the person noticed, with how strong it was."""
    kind: ClassVar[RecordKind] = "side_effect"
    id: int
    uid: str
    name: str
    severity: SeverityName
    at: datetime
    local_date: date
    note: str = ""
    checkin_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None


@dataclass(frozen=True)
class Practice:
    """A breathing, meditation or sleep session, as practised."""
    kind: ClassVar[RecordKind] = "practice"
    id: int
    uid: str
    practice_kind: PracticeKind
    content_id: str
    at: datetime  # started_at
    local_date: date
    planned_seconds: float
    actual_seconds: float
    completed: bool
    anxiety_before: int | None = None
    anxiety_after: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None

    @property
    def record(self) -> PracticeRecord:
        return PracticeRecord(kind=self.practice_kind, content_id=self.content_id,
                              started_at=self.at, planned_seconds=self.planned_seconds,
                              actual_seconds=self.actual_seconds, completed=self.completed,
                              anxiety_before=self.anxiety_before,
                              anxiety_after=self.anxiety_after)


@dataclass(frozen=True)
class PlanStep:
    """From `start_date` on, the daily total the prescriber wrote (0: stop, as planned)."""

    id: int
    uid: str
    plan_id: int
    start_date: date  # local date
    daily_total_mg: float  # as written by the prescriber, never filled in by Ebbtide
    per_dose: str = ""  # the prescriber's words, e.g. "10 mg morning, 20 mg night"
    note: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None


@dataclass(frozen=True)
class Plan:
    """A taper or titration plan for one medication, as the person's prescriber gave it."""

    id: int
    uid: str
    medication_id: int
    title: str = ""  # the person's words, e.g. "Dr Lee's taper, letter of 3 Nov"
    steps: tuple[PlanStep, ...] = ()  # live steps, by start date
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None

    def step_on(self, day: date) -> PlanStep | None:
        """The step in force on `day`: the latest one starting on or before it."""
        current = None
        for step in self.steps:
            if step.start_date <= day:
                current = step
        return current

    def planned_mg(self, day: date) -> float | None:
        """The planned daily total on `day` (None before the first step)."""
        step = self.step_on(day)
        return None if step is None else step.daily_total_mg

    def step_starting(self, day: date) -> PlanStep | None:
        return next((s for s in self.steps if s.start_date == day), None)


Entry = CheckIn | Dose | SideEffect | Practice
Record = CheckIn | Medication | Dose | SideEffect | Practice


@dataclass(frozen=True)
class SavedCheckIn:
    """A check-in as stored, with the doses and side effects saved with it."""
    checkin: CheckIn
    doses: tuple[Dose, ...] = ()
    side_effects: tuple[SideEffect, ...] = ()


@dataclass(frozen=True)
class DaySummary:
    """One line of the history list: everything logged on one local day."""

    local_date: date
    checkins: int = 0
    mood_mean: float | None = None
    mood_min: int | None = None
    mood_max: int | None = None
    anxiety_mean: float | None = None
    anxiety_min: int | None = None
    anxiety_max: int | None = None
    sleep_hours: float | None = None  # mean of the check-ins that gave it
    energy_mean: float | None = None
    flagged_for_doctor: bool = False
    doses_taken: int = 0
    doses_skipped: int = 0
    mg_by_medication: dict[str, float] = field(default_factory=dict)  # taken doses only
    side_effects: dict[str, SeverityName] = field(default_factory=dict)  # name -> worst
    tags: tuple[str, ...] = ()
    practices: int = 0
    practice_minutes: float = 0.0


@dataclass(frozen=True)
class DayPoint:
    """One day of the trends: means of what was logged, and mg taken per medication."""
    local_date: date
    checkins: int = 0
    mood: float | None = None  # mean that day; None when nothing was logged
    anxiety: float | None = None
    sleep_hours: float | None = None
    mg: dict[str, float] = field(default_factory=dict)  # total taken mg per medication


@dataclass(frozen=True)
class DailySeries:
    """The trends over a span of days, one point per day, gaps included."""
    start: date
    end: date  # inclusive
    points: tuple[DayPoint, ...]  # one per day, oldest first, gaps included
    medications: tuple[str, ...]  # every medication name appearing in `mg`


@dataclass(frozen=True)
class SideEffectCount:
    """How often one side effect was noted, by severity."""
    name: str
    total: int
    mild: int = 0
    moderate: int = 0
    severe: int = 0
    urgent: bool = False
    last_date: date | None = None


@dataclass(frozen=True)
class NoteState:
    """What the person did with one safety note (see core.health.safety)."""

    note_id: str
    rule: str
    shown_at: datetime | None = None  # UTC; first time it was shown
    dismissed_at: datetime | None = None


@dataclass(frozen=True)
class ImportReport:
    """What an import of an export file added and skipped, by kind."""
    added: dict[str, int]
    skipped: dict[str, int]  # duplicates (same uid already in the journal or the file)

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    @property
    def total_skipped(self) -> int:
        return sum(self.skipped.values())

