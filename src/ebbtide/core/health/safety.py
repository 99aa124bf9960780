"""Safety notes: where a person's own log touches a fact from the label or the reader, say
the fact calmly, link the article that explains it, and point back to the prescriber.
Facts only, never dosing advice.

Each rule is a pure function of a `Snapshot` (core.insights) and `now` (aware local time)
returning the notes it raises. A note's `id` ("rule:key") names one occurrence (one day,
one dose gap, one episode of low mood), so a dismissed note stays dismissed and the same
occurrence is never raised twice; a new occurrence gets a new id. The journal remembers
which notes were shown and dismissed (`Journal.mark_notes_shown`, `Journal.dismiss_note`,
`Journal.note_states`).

Definitions (also stated in the messages):
- label maximum: oral baclofen, 80 mg a day (US labels; reader: approved-uses). Only
  medications whose name says baclofen (and not intrathecal/pump) are checked.
- regular dosing: a taken dose logged on at least 5 of the 7 days up to the last dose.
- none logged for 2+ days: no taken dose on the two full days before today (nor today).
- sudden large drop: a full day (yesterday or the day before) whose taken total is half or
  less of the usual daily total (the median of the 7 days before it, dosed on 5+ days).
- low mood: a day whose check-ins average 3 or less out of 10; "most of the last 7 days"
  means 4 or more of them.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Literal

from ebbtide.core.content.side_effects import canonical_name, is_urgent
from ebbtide.core.health.insights import Snapshot, days_in, load_snapshot
from ebbtide.core.journal.models import Dose, Medication

if TYPE_CHECKING:
    from ebbtide.core.journal.models import NoteState
    from ebbtide.core.journal.store import Journal

NoteSeverity = Literal["info", "caution", "urgent"]
SEVERITY_ORDER: dict[NoteSeverity, int] = {"urgent": 0, "caution": 1, "info": 2}

ORAL_BACLOFEN_MAX_MG_PER_DAY = 80.0
HISTORY_DAYS = 60  # how far back the rules look (episodes, regular dosing)
REGULAR_DAYS = 5  # taken on at least this many of the 7 days before ...
GAP_DAYS = 2  # ... then no taken dose on this many full days
DROP_FRACTION = 0.5  # a full day's total at or below half the usual total
LOW_MOOD_MAX = 3  # a day's mean mood at or below this (1–10) is a low-mood day
LOW_MOOD_DAYS = 4  # "most of the last 7 days"
RECENT_DAYS = 3  # day-based notes look at today and the 2 days before

_BACLOFEN_WORDS = {"baclofen", "lioresal", "gablofen", "ozobax", "fleqsuvy", "lyvispah"}
_NOT_ORAL_WORDS = {"intrathecal", "pump", "injection", "gablofen", "it"}
_ALCOHOL_WORDS = {"alcohol", "alcoholic", "beer", "wine", "spirits", "drunk", "hangover"}
_CRISIS_PATTERNS = ("suicid", "self-harm", "self harm", "selfharm", "kill myself",
                    "end my life", "harm myself", "hurt myself", "hurting myself",
                    "better off dead")


@dataclass(frozen=True)
class SafetyNote:
    rule: str
    key: str  # the occurrence: a date, a record uid, an episode start
    severity: NoteSeverity
    title: str
    message: str
    article: str  # a reader link, e.g. "article:withdrawal"
    day: date  # the local day the note is about
    crisis: bool = False  # show the crisis resources (core.crisis) with it, at once
    summary: str = ""  # one neutral line for the clinician report (no "you", no "today")

    @property
    def id(self) -> str:
        return f"{self.rule}:{self.key}"


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: NoteSeverity
    article: str
    check: Callable[[Snapshot, datetime], list[SafetyNote]]


# ---------------------------------------------------------------- helpers


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def is_baclofen(name: str) -> bool:
    """The medication's name says baclofen (generic or a brand name)."""
    return bool(_words(name) & _BACLOFEN_WORDS)


def label_max_mg(name: str) -> float | None:
    """The labelled daily maximum for a medication we have one for, else None. Only oral
    baclofen (80 mg a day on US labels); never for intrathecal (pump) baclofen."""
    words = _words(name)
    if words & _BACLOFEN_WORDS and not words & _NOT_ORAL_WORDS:
        return ORAL_BACLOFEN_MAX_MG_PER_DAY
    return None


def is_alcohol_tag(tag: str) -> bool:
    """'alcohol', 'wine', 'Beer with friends'; not 'alcohol-free' or 'no alcohol'."""
    words = _words(tag)
    return bool(words & _ALCOHOL_WORDS) and not words & {"free", "no", "none", "zero"}


def is_crisis_text(text: str) -> bool:
    """Typed text (e.g. a side effect) that names suicidal thoughts or self-harm."""
    low = " ".join(text.lower().split())
    return any(p in low for p in _CRISIS_PATTERNS)


def _day_text(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _when(day: date, today: date) -> str:
    if day == today:
        return "today"
    if day == today - timedelta(days=1):
        return "yesterday"
    return f"on {_day_text(day)}"


def _fmt_mg(mg: float) -> str:
    return f"{mg:g}"


def _taken_by_day(doses: Iterable[Dose], med: Medication) -> dict[date, list[Dose]]:
    days: dict[date, list[Dose]] = {}
    for d in doses:
        if d.medication_id == med.id and d.status == "taken":
            days.setdefault(d.local_date, []).append(d)
    return days


def _total(doses: list[Dose]) -> float | None:
    """Total mg, or None when any dose that day has no amount (total unknown)."""
    if not doses or any(d.amount_mg is None for d in doses):
        return None
    return sum(d.amount_mg for d in doses if d.amount_mg is not None)


def _episode_start(holds: Callable[[date], bool], today: date) -> date:
    """The first day of the unbroken run of days (ending today) on which `holds` is true."""
    start = today
    for _ in range(HISTORY_DAYS):
        previous = start - timedelta(days=1)
        if not holds(previous):
            break
        start = previous
    return start


# ---------------------------------------------------------------- rules


def _above_label_max(snap: Snapshot, now: datetime) -> list[SafetyNote]:
    today = now.date()
    notes = []
    for med in snap.medications:
        limit = label_max_mg(med.name)
        if limit is None:
            continue
        for day, doses in sorted(_taken_by_day(snap.doses, med).items()):
            if not today - timedelta(days=RECENT_DAYS - 1) <= day <= today:
                continue
            total = sum(d.amount_mg or 0.0 for d in doses)
            if total > limit:
                notes.append(SafetyNote(
                    "above-label-max", f"{med.uid}:{day.isoformat()}", "caution",
                    "Daily total above the label maximum",
                    f"The {med.name} doses you logged {_when(day, today)} add up to "
                    f"{_fmt_mg(total)} mg. US labels for oral baclofen give "
                    f"{_fmt_mg(limit)} mg a day as the maximum. It may be a logging slip, or "
                    "a dose your prescriber chose on purpose; either way, please confirm "
                    "the dose with your prescriber, and do not change it on your own.",
                    "article:approved-uses", day,
                    summary=f"{med.name}: {_fmt_mg(total)} mg logged in the day (US label "
                            f"maximum for oral baclofen: {_fmt_mg(limit)} mg a day)."))
    return notes


def _dosing_gap(snap: Snapshot, now: datetime) -> list[SafetyNote]:
    today = now.date()
    notes = []
    for med in snap.medications:
        if not med.active or not is_baclofen(med.name):
            continue
        taken = _taken_by_day(snap.doses, med)
        past = [d for d in taken if d <= today]
        if not past:
            continue
        last = max(past)
        if (today - last).days <= GAP_DAYS:
            continue  # a dose on one of the last 2 full days, or today
        if (today - last).days > HISTORY_DAYS:
            continue
        window = days_in(last - timedelta(days=6), last)
        if sum(1 for d in window if d in taken) < REGULAR_DAYS:
            continue
        gap = (today - last).days - 1
        notes.append(SafetyNote(
            "dosing-gap", f"{med.uid}:{last.isoformat()}", "caution",
            f"No {med.name} logged for {gap} days",
            f"You had been logging {med.name} regularly, but no dose since "
            f"{_day_text(last)}. It may simply be a missed log. If you have stopped, run "
            "out or cannot keep doses down, please contact your prescriber: stopping "
            "baclofen suddenly can cause serious withdrawal, including hallucinations and "
            "seizures.",
            "article:withdrawal", last + timedelta(days=1),
            summary=f"{med.name} logged on {REGULAR_DAYS}+ of 7 days, then no dose logged "
                    f"after {_day_text(last)}."))
    return notes


def _dose_drop(snap: Snapshot, now: datetime) -> list[SafetyNote]:
    today = now.date()
    notes = []
    for med in snap.medications:
        if not med.active or not is_baclofen(med.name):
            continue
        taken = _taken_by_day(snap.doses, med)
        for day in (today - timedelta(days=2), today - timedelta(days=1)):
            total = _total(taken.get(day, []))
            if total is None:
                continue  # nothing logged (the gap rule) or an amount missing
            before = [_total(taken.get(d, [])) for d in days_in(day - timedelta(days=7),
                                                                 day - timedelta(days=1))]
            usual_days = [t for t in before if t is not None]
            if len(usual_days) < REGULAR_DAYS:
                continue
            usual = statistics.median(usual_days)
            if total <= usual * DROP_FRACTION:
                notes.append(SafetyNote(
                    "dose-drop", f"{med.uid}:{day.isoformat()}", "caution",
                    f"A big drop in logged {med.name}",
                    f"{_when(day, today).capitalize()} you logged {_fmt_mg(total)} mg of "
                    f"{med.name}, half or less of your usual {_fmt_mg(usual)} mg a day. It "
                    "may be a missed log, or a change your prescriber planned (then you can "
                    "dismiss this). If not, please talk to your prescriber first: cutting "
                    "baclofen sharply can cause withdrawal, just like stopping suddenly.",
                    "article:withdrawal", day,
                    summary=f"{med.name}: {_fmt_mg(total)} mg logged in the day; usual "
                            f"{_fmt_mg(usual)} mg a day over the week before."))
                break
    return notes


def _alcohol_on_dose_day(snap: Snapshot, now: datetime) -> list[SafetyNote]:
    today = now.date()
    recent = set(days_in(today - timedelta(days=RECENT_DAYS - 1), today))
    baclofen_ids = {m.id: m.name for m in snap.medications if is_baclofen(m.name)}
    dosed: dict[date, str] = {}
    for d in snap.doses:
        if d.status == "taken" and d.medication_id in baclofen_ids and d.local_date in recent:
            dosed.setdefault(d.local_date, d.medication)
    alcohol_days = sorted({c.local_date for c in snap.checkins
                           if c.local_date in dosed and any(is_alcohol_tag(t) for t in c.tags)})
    return [SafetyNote(
        "alcohol-dose-day", day.isoformat(), "caution", "Alcohol on a day with baclofen",
        f"You tagged alcohol {_when(day, today)}, a day you also logged {dosed[day]}. "
        "Baclofen's effects on the brain add to alcohol's: more drowsiness and unsteadiness "
        "and, at worst, dangerously slowed breathing. The NHS suggests avoiding alcohol "
        "until you know how baclofen affects you. Your prescriber can tell you what is safe "
        "for you.",
        "article:interactions", day,
        summary=f"Alcohol tagged on a day {dosed[day]} was logged as taken.")
        for day in alcohol_days]


def _low_mood_days(snap: Snapshot, now: datetime) -> list[SafetyNote]:
    today = now.date()
    moods: dict[date, list[int]] = {}
    for c in snap.checkins:
        moods.setdefault(c.local_date, []).append(c.mood)
    low = {day for day, values in moods.items()
           if statistics.fmean(values) <= LOW_MOOD_MAX}

    def count(end: date) -> int:
        return sum(1 for d in days_in(end - timedelta(days=6), end) if d in low)

    def holds(end: date) -> bool:
        return count(end) >= LOW_MOOD_DAYS

    if not holds(today):
        return []
    start = _episode_start(holds, today)
    return [SafetyNote(
        "low-mood-days", start.isoformat(), "caution", "Low mood on most days this week",
        f"You logged a low mood on {count(today)} of the last 7 days (we count a day as low "
        f"when your mood averaged {LOW_MOOD_MAX} or less out of 10). Low mood deserves "
        "attention, whatever its cause. The note on depression and mood lists the signs to "
        "watch for and when to seek help: talk to a doctor within a few days if it has "
        "lasted two weeks or more, and today if you have thoughts of harming yourself.",
        "article:depression-mood", today,
        summary=f"Daily mean mood {LOW_MOOD_MAX}/10 or lower on {count(today)} of the 7 days "
                "up to this day.")]


def _low_mood_effect(snap: Snapshot, now: datetime) -> list[SafetyNote]:
    today = now.date()
    logged = {s.local_date for s in snap.side_effects
              if canonical_name(s.name) == "low mood" and s.local_date <= today}

    def holds(end: date) -> bool:
        return any(d in logged for d in days_in(end - timedelta(days=6), end))

    if not holds(today):
        return []
    start = _episode_start(holds, today)
    last = max(d for d in logged if d >= today - timedelta(days=6))
    return [SafetyNote(
        "low-mood-effect", start.isoformat(), "caution", "Low mood logged as a side effect",
        f"You logged low mood as a side effect {_when(last, today)}. Mood changes can come "
        "with baclofen, with a dose change, or with other things in life; either way they "
        "deserve attention. The note on depression and mood explains the signs to watch "
        "for and when to seek help. Please do not stop baclofen on your own: talk to your "
        "prescriber.",
        "article:depression-mood", last, summary="\"low mood\" logged as a side effect.")]


def _urgent_effect(snap: Snapshot, now: datetime) -> list[SafetyNote]:
    today = now.date()
    return [SafetyNote(
        "urgent-side-effect", s.uid, "urgent", "Seek medical help now",
        f"You logged {s.name} {_when(s.local_date, today)}. This can be a sign of a serious "
        "reaction. If it is happening now or getting worse, seek medical help now: call "
        "your local emergency number or go to an emergency department.",
        "article:side-effects", s.local_date,
        summary=f"\"{s.name}\" ({s.severity}) logged as a side effect; the person was told "
                "to seek medical help now if it is happening.")
        for s in snap.side_effects
        if is_urgent(s.name) and today - timedelta(days=1) <= s.local_date <= today]


def _crisis(snap: Snapshot, now: datetime) -> list[SafetyNote]:
    today = now.date()
    since = today - timedelta(days=1)
    notes = [SafetyNote(
        "crisis", s.uid, "urgent", "Please reach out now",
        f"You logged \"{s.name}\" {_when(s.local_date, today)}. You deserve support right "
        "now. Crisis lines are free and open at any time, and please contact a clinician "
        "today.",
        "article:depression-mood", s.local_date, crisis=True,
        summary=f"\"{s.name}\" logged as a side effect; crisis resources were shown.")
        for s in snap.side_effects
        if is_crisis_text(s.name) and since <= s.local_date <= today]
    notes.extend(SafetyNote(
        "crisis", c.uid, "urgent", "Please reach out now",
        f"On your PHQ-9 {_when(c.local_date, today)} you said you had thoughts that you "
        "would be better off dead or of hurting yourself. You deserve support right now. "
        "Crisis lines are free and open at any time, and please contact a clinician today.",
        "article:depression-mood", c.local_date, crisis=True,
        summary=f"PHQ-9 item 9 (thoughts of being better off dead or of self-harm) "
                f"answered {c.answers[8]} of 3; crisis resources were shown.")
        for c in snap.selfchecks if c.crisis and since <= c.local_date <= today)
    return notes


RULES: tuple[Rule, ...] = (
    Rule("crisis", "Please reach out now", "urgent", "article:depression-mood", _crisis),
    Rule("urgent-side-effect", "Seek medical help now", "urgent", "article:side-effects",
         _urgent_effect),
    Rule("above-label-max", "Daily total above the label maximum", "caution",
         "article:approved-uses", _above_label_max),
    Rule("dosing-gap", "Regular doses, then none logged", "caution", "article:withdrawal",
         _dosing_gap),
    Rule("dose-drop", "A big drop in logged doses", "caution", "article:withdrawal",
         _dose_drop),
    Rule("alcohol-dose-day", "Alcohol on a day with baclofen", "caution",
         "article:interactions", _alcohol_on_dose_day),
    Rule("low-mood-days", "Low mood on most days this week", "caution",
         "article:depression-mood", _low_mood_days),
    Rule("low-mood-effect", "Low mood logged as a side effect", "caution",
         "article:depression-mood", _low_mood_effect),
)
RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}


# ---------------------------------------------------------------- evaluation


def _sort(notes: Iterable[SafetyNote]) -> list[SafetyNote]:
    unique = {n.id: n for n in notes}
    return sorted(unique.values(),
                  key=lambda n: (SEVERITY_ORDER[n.severity], -n.day.toordinal(), n.id))


def evaluate(snap: Snapshot, now: datetime,
             rules: Iterable[Rule] = RULES) -> list[SafetyNote]:
    """Every note the rules raise at `now` (urgent first, then newest)."""
    return _sort(note for rule in rules for note in rule.check(snap, now))


def visible(notes: Iterable[SafetyNote],
            states: Mapping[str, NoteState] | Collection[str]) -> list[SafetyNote]:
    """Notes not dismissed. `states`: `Journal.note_states()` or a set of dismissed ids."""
    if isinstance(states, Mapping):
        return [n for n in notes
                if n.id not in states or states[n.id].dismissed_at is None]
    return [n for n in notes if n.id not in states]


def to_announce(notes: Iterable[SafetyNote],
                states: Mapping[str, NoteState]) -> list[SafetyNote]:
    """Notes never shown before (pop them up once; afterwards they wait quietly in the
    list until dismissed). Crisis notes are always announced until dismissed."""
    return [n for n in notes if n.id not in states
            or (n.crisis and states[n.id].dismissed_at is None)]


def notes_in_period(snap: Snapshot, start: date, end: date,
                    rules: Iterable[Rule] = RULES) -> list[SafetyNote]:
    """Every note raised on a day in [start, end], as if the rules had run at the end of
    each day (the report lists these, dismissed or not), oldest first."""
    rule_list = list(rules)
    found: dict[str, SafetyNote] = {}
    for day in days_in(start, end):
        at = datetime.combine(day, time(23, 59, 59))
        for rule in rule_list:
            for note in rule.check(snap, at):
                found.setdefault(note.id, note)
    return sorted(found.values(), key=lambda n: (n.day, SEVERITY_ORDER[n.severity], n.id))


def current_notes(journal: Journal, now: datetime | None = None) -> list[SafetyNote]:
    """Convenience for screens: evaluate over the last HISTORY_DAYS and drop dismissed
    notes. Mark the ones you display with `journal.mark_notes_shown([n.id ...])`."""
    moment = now or journal.now()
    today = moment.date()
    snap = load_snapshot(journal, today - timedelta(days=HISTORY_DAYS), today)
    return visible(evaluate(snap, moment), journal.note_states())
