"""What the diary shows over time: per-practice effect, mood and anxiety next to doses,
days with each side effect, and dose adherence against the schedule the person entered.

Everything here is a pure function of a `Snapshot` (records copied out of the journal) and
dates, so the screens, the report and the tests share one calculation. Nothing here judges
a dose: amounts are summed as logged."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from ebbtide.core.content.questionnaires import SelfCheck
from ebbtide.core.content.side_effects import SEVERITY_LEVELS, is_urgent
from ebbtide.core.content.titles import practice_title
from ebbtide.core.journal.models import (
    CheckIn,
    Dose,
    Medication,
    Plan,
    Practice,
    SeverityName,
    SideEffect,
)
from ebbtide.core.practice.records import PracticeKind, PracticeRecord
from ebbtide.core.practice.summary import Suggestion

if TYPE_CHECKING:
    from ebbtide.core.journal.store import Journal

MIN_RATED_FOR_BEST = 3


# ---------------------------------------------------------------- snapshot


@dataclass(frozen=True)
class Snapshot:
    """Records copied out of the journal (nothing in the trash), each kind oldest first."""

    medications: tuple[Medication, ...] = ()
    checkins: tuple[CheckIn, ...] = ()
    doses: tuple[Dose, ...] = ()
    side_effects: tuple[SideEffect, ...] = ()
    practices: tuple[Practice, ...] = ()
    selfchecks: tuple[SelfCheck, ...] = ()
    plans: tuple[Plan, ...] = ()  # taper/titration plans not in the trash (kept whole)

    def plan_for(self, medication_id: int) -> Plan | None:
        """The medication's current plan (the newest), or None."""
        found = [p for p in self.plans if p.medication_id == medication_id]
        return found[-1] if found else None

    def between(self, start: date | None, end: date | None) -> Snapshot:
        """Only entries on local days in [start, end] (medications and plans are always
        kept)."""
        def keep(day: date) -> bool:
            return (start is None or day >= start) and (end is None or day <= end)

        return Snapshot(
            medications=self.medications,
            checkins=tuple(c for c in self.checkins if keep(c.local_date)),
            doses=tuple(d for d in self.doses if keep(d.local_date)),
            side_effects=tuple(s for s in self.side_effects if keep(s.local_date)),
            practices=tuple(p for p in self.practices if keep(p.local_date)),
            selfchecks=tuple(s for s in self.selfchecks if keep(s.local_date)),
            plans=self.plans,
        )


def load_snapshot(journal: Journal, start: date | None = None,
                  end: date | None = None) -> Snapshot:
    """Everything logged on local days in [start, end] (None: open), plus all medications
    and their plans."""
    entries = journal.entries_between(start, end)
    return Snapshot(
        medications=tuple(journal.medications()),
        checkins=tuple(e for e in entries if isinstance(e, CheckIn)),
        doses=tuple(e for e in entries if isinstance(e, Dose)),
        side_effects=tuple(e for e in entries if isinstance(e, SideEffect)),
        practices=tuple(e for e in entries if isinstance(e, Practice)),
        selfchecks=tuple(journal.selfchecks_between(start, end)),
        plans=tuple(journal.plans()),
    )


def days_in(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def worse(a: SeverityName | None, b: SeverityName) -> SeverityName:
    return b if a is None or SEVERITY_LEVELS[b] > SEVERITY_LEVELS[a] else a


# ---------------------------------------------------------------- per-practice effect


@dataclass(frozen=True)
class PracticeStat:
    kind: PracticeKind
    content_id: str
    sessions: int
    completed: int
    minutes: float
    rated: int  # sessions with both a before and an after anxiety rating
    mean_before: float | None
    mean_after: float | None
    mean_change: float | None  # mean of (after - before); negative = calmer afterwards
    typical_minutes: int  # median planned length, rounded (at least 1)

    @property
    def key(self) -> str:
        return f"{self.kind}/{self.content_id}"


def _as_record(p: PracticeRecord | Practice) -> PracticeRecord:
    return p.record if isinstance(p, Practice) else p


def practice_stats(practices: Iterable[PracticeRecord | Practice]) -> list[PracticeStat]:
    """One line per practice (kind + pattern/script id), most sessions first."""
    groups: dict[tuple[PracticeKind, str], list[PracticeRecord]] = {}
    for item in practices:
        record = _as_record(item)
        groups.setdefault((record.kind, record.content_id), []).append(record)
    stats = []
    for (kind, content_id), records in groups.items():
        rated = [r for r in records
                 if r.anxiety_before is not None and r.anxiety_after is not None]
        before = [float(r.anxiety_before) for r in rated if r.anxiety_before is not None]
        after = [float(r.anxiety_after) for r in rated if r.anxiety_after is not None]
        changes = [a - b for a, b in zip(after, before, strict=True)]
        planned = statistics.median(r.planned_seconds for r in records) / 60
        stats.append(PracticeStat(
            kind=kind, content_id=content_id, sessions=len(records),
            completed=sum(1 for r in records if r.completed),
            minutes=sum(r.actual_seconds for r in records) / 60, rated=len(rated),
            mean_before=statistics.fmean(before) if before else None,
            mean_after=statistics.fmean(after) if after else None,
            mean_change=statistics.fmean(changes) if changes else None,
            typical_minutes=max(1, round(planned))))
    stats.sort(key=lambda s: (-s.sessions, s.kind, s.content_id))
    return stats


def best_practice(stats: Iterable[PracticeStat],
                  titles: Mapping[str, str] | Callable[[str, str], str | None] | None = None,
                  *, min_rated: int = MIN_RATED_FOR_BEST) -> Suggestion | None:
    """The breathing pattern or meditation that lowered this person's anxiety the most, on
    average, over at least `min_rated` rated sessions; None when none qualifies (then the
    home screen keeps its default suggestion). Timers are not suggested. Ties: more rated
    sessions first. `titles`: content id -> title (or a function (kind, id) -> title)."""
    candidates = [s for s in stats if s.kind in ("breathe", "meditate") and s.rated >= min_rated
                  and s.mean_change is not None and s.mean_change < 0]
    if not candidates:
        return None
    best = min(candidates, key=lambda s: (s.mean_change, -s.rated, s.content_id))
    assert best.mean_change is not None
    title: str | None
    if callable(titles):
        title = titles(best.kind, best.content_id)
    elif titles is not None:
        title = titles.get(best.content_id)
    else:
        title = None
    drop = -best.mean_change
    reason = (f"your anxiety fell by {drop:.1f} points on average over "
              f"{best.rated} rated sessions")
    return Suggestion(best.kind, best.content_id,
                      title or practice_title(best.kind, best.content_id, {}),
                      best.typical_minutes, reason)


# ---------------------------------------------------------------- days: mood, anxiety, doses


@dataclass(frozen=True)
class DayRow:
    day: date
    checkins: int = 0
    mood: float | None = None  # mean of the day's check-ins
    mood_low: int | None = None  # lowest check-in that day
    anxiety: float | None = None
    anxiety_high: int | None = None
    mg: dict[str, float] = field(default_factory=dict)  # taken mg per medication name
    taken: dict[str, int] = field(default_factory=dict)  # taken doses per medication
    skipped: dict[str, int] = field(default_factory=dict)
    side_effects: dict[str, SeverityName] = field(default_factory=dict)  # name -> worst
    tags: tuple[str, ...] = ()
    flagged: bool = False


def daily_rows(snap: Snapshot, start: date, end: date) -> list[DayRow]:
    """One row per local day in [start, end], oldest first, empty days included."""
    acc: dict[date, dict[str, object]] = {}
    moods: dict[date, list[int]] = {}
    anx: dict[date, list[int]] = {}
    for c in snap.checkins:
        if start <= c.local_date <= end:
            moods.setdefault(c.local_date, []).append(c.mood)
            anx.setdefault(c.local_date, []).append(c.anxiety)
            slot = acc.setdefault(c.local_date, {})
            tags = slot.setdefault("tags", {})
            assert isinstance(tags, dict)
            for t in c.tags:
                tags.setdefault(t, None)
            if c.flagged_for_doctor:
                slot["flagged"] = True
    mg: dict[date, dict[str, float]] = {}
    taken: dict[date, dict[str, int]] = {}
    skipped: dict[date, dict[str, int]] = {}
    for d in snap.doses:
        if not start <= d.local_date <= end:
            continue
        if d.status == "taken":
            per = taken.setdefault(d.local_date, {})
            per[d.medication] = per.get(d.medication, 0) + 1
            if d.amount_mg is not None:
                amounts = mg.setdefault(d.local_date, {})
                amounts[d.medication] = amounts.get(d.medication, 0.0) + d.amount_mg
        else:
            per = skipped.setdefault(d.local_date, {})
            per[d.medication] = per.get(d.medication, 0) + 1
    effects: dict[date, dict[str, SeverityName]] = {}
    for s in snap.side_effects:
        if start <= s.local_date <= end:
            per_day = effects.setdefault(s.local_date, {})
            per_day[s.name] = worse(per_day.get(s.name), s.severity)
    rows = []
    for day in days_in(start, end):
        m, a = moods.get(day), anx.get(day)
        slot = acc.get(day, {})
        tags = slot.get("tags", {})
        assert isinstance(tags, dict)
        rows.append(DayRow(
            day=day, checkins=len(m or ()),
            mood=statistics.fmean(m) if m else None, mood_low=min(m) if m else None,
            anxiety=statistics.fmean(a) if a else None, anxiety_high=max(a) if a else None,
            mg=mg.get(day, {}), taken=taken.get(day, {}), skipped=skipped.get(day, {}),
            side_effects=effects.get(day, {}), tags=tuple(tags),
            flagged=bool(slot.get("flagged", False))))
    return rows


@dataclass(frozen=True)
class SeriesStats:
    days: int  # days with a value
    mean: float | None
    low: float | None
    high: float | None
    first_week_mean: float | None  # first 7 days of the period with a value
    last_week_mean: float | None  # last 7 days of the period


def series_stats(values: list[float | None]) -> SeriesStats:
    """Summary of a daily series (None = nothing logged that day)."""
    present = [v for v in values if v is not None]
    first = [v for v in values[:7] if v is not None]
    last = [v for v in values[-7:] if v is not None]
    return SeriesStats(days=len(present),
                       mean=statistics.fmean(present) if present else None,
                       low=min(present) if present else None,
                       high=max(present) if present else None,
                       first_week_mean=statistics.fmean(first) if first else None,
                       last_week_mean=statistics.fmean(last) if last else None)


# ---------------------------------------------------------------- side effects


@dataclass(frozen=True)
class SideEffectDays:
    name: str
    days: int  # distinct local days it was logged
    entries: int
    worst: SeverityName
    urgent: bool
    first: date
    last: date
    by_severity: dict[SeverityName, int] = field(default_factory=dict)  # entries per level


def side_effect_days(snap: Snapshot, start: date, end: date) -> list[SideEffectDays]:
    """Each side effect logged in [start, end]: on how many days, how bad at worst; most
    days first."""
    found: dict[str, list[SideEffect]] = {}
    for s in snap.side_effects:
        if start <= s.local_date <= end:
            found.setdefault(s.name, []).append(s)
    out = []
    for name, items in found.items():
        worst: SeverityName | None = None
        counts: dict[SeverityName, int] = {}
        for s in items:
            worst = worse(worst, s.severity)
            counts[s.severity] = counts.get(s.severity, 0) + 1
        assert worst is not None
        out.append(SideEffectDays(name=name, days=len({s.local_date for s in items}),
                                  entries=len(items), worst=worst, urgent=is_urgent(name),
                                  first=min(s.local_date for s in items),
                                  last=max(s.local_date for s in items), by_severity=counts))
    out.sort(key=lambda e: (-e.days, -SEVERITY_LEVELS[e.worst], e.name))
    return out


@dataclass(frozen=True)
class WeekEffects:
    start: date  # Monday (or the period start)
    end: date  # Sunday (or the period end)
    effects: tuple[SideEffectDays, ...]  # within this week


def side_effects_by_week(snap: Snapshot, start: date, end: date) -> list[WeekEffects]:
    """Calendar weeks (Monday to Sunday) clipped to [start, end], oldest first."""
    weeks = []
    cursor = start
    while cursor <= end:
        week_end = min(end, cursor + timedelta(days=6 - cursor.weekday()))
        weeks.append(WeekEffects(cursor, week_end,
                                 tuple(side_effect_days(snap, cursor, week_end))))
        cursor = week_end + timedelta(days=1)
    return weeks


# ---------------------------------------------------------------- adherence

SlotStatus = Literal["taken", "skipped", "not logged", "upcoming"]

NOT_LOGGED_MEANING = ("\"Not logged\" means nothing was recorded for that scheduled time. "
                      "The dose may well have been taken and simply not logged.")


@dataclass(frozen=True)
class Slot:
    time: str  # "08:00", from the schedule the person entered
    status: SlotStatus
    dose_id: int | None = None


@dataclass(frozen=True)
class AdherenceDay:
    day: date
    slots: tuple[Slot, ...]
    extra_taken: int = 0  # taken doses beyond the scheduled times
    taken_total: int = 0  # every taken dose that day (with or without a schedule)


@dataclass(frozen=True)
class Adherence:
    medication_id: int
    medication: str
    times: tuple[str, ...]  # () when no schedule times were entered
    days: tuple[AdherenceDay, ...]

    def count(self, status: SlotStatus) -> int:
        return sum(1 for d in self.days for s in d.slots if s.status == status)

    @property
    def scheduled(self) -> int:
        """Scheduled times that have passed (upcoming ones today are left out)."""
        return sum(1 for d in self.days for s in d.slots if s.status != "upcoming")

    @property
    def taken(self) -> int:
        return self.count("taken")

    @property
    def skipped(self) -> int:
        return self.count("skipped")

    @property
    def not_logged(self) -> int:
        return self.count("not logged")

    @property
    def extra(self) -> int:
        return sum(d.extra_taken for d in self.days)

    @property
    def taken_total(self) -> int:
        return sum(d.taken_total for d in self.days)

    @property
    def rate(self) -> float | None:
        """Taken / scheduled (passed times only); None without a schedule."""
        return self.taken / self.scheduled if self.scheduled else None


def _minutes(clock: str) -> int:
    h, m = clock.split(":")
    return int(h) * 60 + int(m)


def _match_day(times: tuple[str, ...], doses: list[Dose], day: date,
               now: datetime, added: datetime | None = None) -> AdherenceDay:
    slots: dict[str, Dose | None] = dict.fromkeys(times)
    rest = []
    for dose in sorted(doses, key=lambda d: (d.at, d.id)):
        if dose.scheduled_time in slots and slots[dose.scheduled_time] is None:
            slots[dose.scheduled_time] = dose
        else:
            rest.append(dose)
    extra = 0
    for dose in rest:
        free = [t for t, v in slots.items() if v is None]
        if not free:
            extra += dose.status == "taken"
            continue
        at = dose.at.hour * 60 + dose.at.minute
        nearest = min(free, key=lambda t: (abs(_minutes(t) - at), t))
        slots[nearest] = dose
    out = []
    for clock in times:
        found = slots[clock]
        if found is not None:
            out.append(Slot(clock, found.status, found.id))
        elif day == now.date() and _minutes(clock) > now.hour * 60 + now.minute:
            out.append(Slot(clock, "upcoming"))
        elif added is not None and day == added.date() and \
                _minutes(clock) < added.hour * 60 + added.minute:
            continue  # before the medication was added: not counted
        else:
            out.append(Slot(clock, "not logged"))
    return AdherenceDay(day, tuple(out), extra_taken=extra,
                        taken_total=sum(1 for d in doses if d.status == "taken"))


def adherence(snap: Snapshot, start: date, end: date, now: datetime) -> list[Adherence]:
    """Per medication, per day in [start, end] (never past today): each scheduled time as
    taken, skipped, not logged or upcoming. A logged dose counts for the time it names, or
    else for the nearest free scheduled time that day. Days before the medication was
    added (or its first logged dose), and scheduled times earlier on the day it was added,
    are not counted; an inactive medication is counted
    only up to its last logged dose. Medications with no doses in the period and no
    schedule are left out."""
    today = now.date()
    last = min(end, today)
    result = []
    for med in snap.medications:
        doses = [d for d in snap.doses if d.medication_id == med.id]
        in_period = [d for d in doses if start <= d.local_date <= end]
        if not in_period and not (med.times and med.active):
            continue
        begin_candidates = [d.local_date for d in doses]
        if med.created_at is not None:
            begin_candidates.append(med.created_at.astimezone(now.tzinfo).date())
        first = max(start, min(begin_candidates)) if begin_candidates else start
        stop = last
        if not med.active:
            stop = min(last, max((d.local_date for d in doses), default=start))
        by_day: dict[date, list[Dose]] = {}
        for d in in_period:
            by_day.setdefault(d.local_date, []).append(d)
        added = med.created_at.astimezone(now.tzinfo) if med.created_at is not None else None
        if added is not None and any(d.at < added for d in doses):
            added = None  # doses logged before it was added (back-dated or imported)
        days = tuple(_match_day(med.times, by_day.get(day, []), day, now, added)
                     for day in days_in(first, stop)) if first <= stop else ()
        result.append(Adherence(med.id, med.name, med.times, days))
    return result

