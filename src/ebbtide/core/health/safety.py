"""Safety notes: where a person's own log touches a fact from the label or the reader, say
the fact calmly, name the source, link the article that explains it, and point back to the
prescriber. Facts only, never dosing advice.

Each rule (core.health.dose_rules, core.health.mind_rules) is a pure function of a
`Snapshot` (core.health.insights) and `now` (aware local time) returning the notes it
raises. A note's `id` ("rule:key") names one occurrence (one day, one stop, one episode
of low mood), so a dismissed note stays dismissed and the same occurrence is never raised
twice; a new occurrence gets a new id. The journal remembers which notes were shown and
dismissed (`Journal.mark_notes_shown`, `Journal.dismiss_note`, `Journal.note_states`).

A person whose prescriber set a daily total above the label maximum can say so once:
`journal.dismiss_note(higher_dose_ack_id(note))` stores that acknowledgement in the same
table (rule "higher-dose-ack", key "oral-baclofen:<mg>"). Daily-total notes up to that
total then stop being shown (`visible`, `to_announce`), but the report still lists them
(`notes_in_period`) and can say when the person acknowledged it (`acknowledgements`)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from ebbtide.core.health import dose_rules, mind_rules, plan_rules
from ebbtide.core.health.insights import Snapshot, days_in, load_snapshot
from ebbtide.core.health.medicines import (
    LABEL_MAX_SOURCE,
    ORAL_BACLOFEN,
    ORAL_BACLOFEN_MAX_MG_PER_DAY,
    is_alcohol_tag,
    is_baclofen,
    label_max_mg,
)
from ebbtide.core.health.mind_rules import is_crisis_text
from ebbtide.core.health.notes import (
    HISTORY_DAYS,
    LABEL,
    LABEL_INTERACTIONS,
    LABEL_WITHDRAWAL,
    SEVERITY_ORDER,
    NoteSeverity,
    Rule,
    SafetyNote,
    fmt_mg,
)

if TYPE_CHECKING:
    from ebbtide.core.journal.models import NoteState
    from ebbtide.core.journal.store import Journal

__all__ = [
    "HISTORY_DAYS",
    "ORAL_BACLOFEN_MAX_MG_PER_DAY",
    "RULES",
    "RULES_BY_ID",
    "Acknowledgement",
    "NoteSeverity",
    "Rule",
    "SafetyNote",
    "acknowledgements",
    "current_notes",
    "evaluate",
    "higher_dose_ack_id",
    "is_alcohol_tag",
    "is_baclofen",
    "is_crisis_text",
    "label_max_mg",
    "notes_in_period",
    "to_announce",
    "visible",
]

RULES: tuple[Rule, ...] = (
    Rule("crisis", "Please reach out now", "urgent", "article:depression-mood",
         mind_rules.crisis,
         "PHQ-9 item 9 above 0, or words about wanting to die or self-harm in a side "
         "effect, note or tag (content/safety/crisis-language.toml); stays until dismissed",
         mind_rules.CRISIS_SOURCE),
    Rule("urgent-side-effect", "Seek medical help now", "urgent", "article:side-effects",
         mind_rules.urgent_sign,
         "an urgent sign in a side effect, note or tag today or yesterday "
         "(content/safety/urgent-signs.toml); confusion logged as severe", LABEL),
    Rule("sudden-stop", "A sudden stop?", "caution", "article:withdrawal",
         dose_rules.sudden_stop,
         "baclofen marked stopped, or fewer doses than the person's own 14-day pattern "
         "(from the first missed day), or a missed dose noted", LABEL_WITHDRAWAL),
    Rule("dose-drop", "A big drop in logged doses", "caution", "article:withdrawal",
         dose_rules.dose_drop,
         "a full day's total at half or less of the usual (median of the 7 days before)",
         LABEL_WITHDRAWAL),
    Rule("off-plan", "Logged doses differ from your plan", "caution", "article:withdrawal",
         plan_rules.off_plan,
         "a day's logged total of a medicine with a plan differs from the plan's daily total "
         "(past days; today once its last scheduled time is 2 hours past)",
         plan_rules.PLAN_SOURCE),
    Rule("plan-step", "A step in your plan starts today", "info", "article:withdrawal",
         plan_rules.step_day,
         "a step of a plan entered from the prescriber starts today: offers a short check-in",
         plan_rules.PLAN_SOURCE),
    Rule("above-label-max", "Daily total above the label maximum", "caution",
         "article:approved-uses", dose_rules.above_label_max,
         "all oral baclofen taken in a day, across entries and brands, above 80 mg",
         LABEL_MAX_SOURCE),
    Rule("sedative-combination", "Baclofen with another sedating medicine", "caution",
         "article:interactions", dose_rules.sedative_combination,
         "baclofen and an opioid, benzodiazepine, gabapentinoid, Z-drug or sedating "
         "antihistamine on the same day (content/safety/medicines.toml)", LABEL_INTERACTIONS),
    Rule("alcohol-dose-day", "Alcohol on a day with baclofen", "caution",
         "article:interactions", dose_rules.alcohol_dose_day,
         "baclofen and any usual word for drinks in a tag, note or medication name on the "
         "same day (content/safety/drinks.toml)", LABEL_INTERACTIONS),
    Rule("selfcheck-score", "A self-check score worth talking about", "caution",
         "article:depression-mood", mind_rules.selfcheck_score,
         "latest PHQ-9 10+ (20+: soon) or GAD-7 10+, under 14 days old",
         "Kroenke 2001 (PHQ-9); Spitzer 2006 (GAD-7)"),
    Rule("low-mood-days", "Low mood on most days this week", "caution",
         "article:depression-mood", mind_rules.low_mood_days,
         "mean mood 3/10 or lower on 4 of the last 7 days", mind_rules.MOOD_SOURCE),
    Rule("low-mood-effect", "Low mood logged as a side effect", "caution",
         "article:depression-mood", mind_rules.low_mood_effect,
         "\"low mood\" logged as a side effect in the last 7 days", mind_rules.MOOD_SOURCE),
)
RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}


# ---------------------------------------------------------------- acknowledged higher dose

ACK_RULE = "higher-dose-ack"


@dataclass(frozen=True)
class Acknowledgement:
    """The person said their prescriber set a daily total up to `mg` (above the label)."""

    group: str
    mg: float
    at: datetime | None  # when they said so (UTC)


def higher_dose_ack_id(note: SafetyNote) -> str:
    """The note-state id that records "my prescriber set this dose" for a daily-total note:
    store it with `journal.dismiss_note(id)`."""
    if note.rule != "above-label-max" or note.total_mg is None:
        raise ValueError("only a daily-total note can be acknowledged as prescribed")
    return f"{ACK_RULE}:{ORAL_BACLOFEN}:{fmt_mg(note.total_mg)}"


def _ack_ids(states: Mapping[str, NoteState] | Collection[str]) -> list[tuple[str, str]]:
    ids = [i for i, s in states.items() if s.dismissed_at is not None] \
        if isinstance(states, Mapping) else list(states)
    return [(i, i.split(":", 2)[2]) for i in ids
            if i.startswith(f"{ACK_RULE}:{ORAL_BACLOFEN}:") and i.count(":") == 2]


def acknowledgements(states: Mapping[str, NoteState] | Collection[str]) -> list[Acknowledgement]:
    """Every stored "my prescriber set this dose", oldest first (for the report)."""
    found = []
    for note_id, mg_text in _ack_ids(states):
        try:
            mg = float(mg_text)
        except ValueError:
            continue
        at = states[note_id].dismissed_at if isinstance(states, Mapping) else None
        found.append(Acknowledgement(ORAL_BACLOFEN, mg, at))
    return sorted(found, key=lambda a: (a.at is None, a.at or datetime.min, a.mg))


def _acknowledged(note: SafetyNote, acked_mg: float | None) -> bool:
    return (note.rule == "above-label-max" and acked_mg is not None
            and note.total_mg is not None and note.total_mg <= acked_mg)


def _acked_mg(states: Mapping[str, NoteState] | Collection[str]) -> float | None:
    return max((a.mg for a in acknowledgements(states)), default=None)


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
    """Notes not dismissed, and daily totals not acknowledged as prescribed.
    `states`: `Journal.note_states()` or a set of dismissed ids."""
    acked = _acked_mg(states)
    if isinstance(states, Mapping):
        shown = [n for n in notes
                 if n.id not in states or states[n.id].dismissed_at is None]
    else:
        shown = [n for n in notes if n.id not in states]
    return [n for n in shown if not _acknowledged(n, acked)]


def to_announce(notes: Iterable[SafetyNote],
                states: Mapping[str, NoteState]) -> list[SafetyNote]:
    """Notes never shown before (pop them up once; afterwards they wait quietly in the
    list until dismissed). Crisis notes are always announced until dismissed."""
    acked = _acked_mg(states)
    return [n for n in notes if not _acknowledged(n, acked) and (
        n.id not in states or (n.crisis and states[n.id].dismissed_at is None))]


def notes_in_period(snap: Snapshot, start: date, end: date,
                    rules: Iterable[Rule] = RULES) -> list[SafetyNote]:
    """Every note raised on a day in [start, end], as if the rules had run at the end of
    each day (the report lists these, dismissed or acknowledged or not), oldest first."""
    rule_list = list(rules)
    found: dict[str, SafetyNote] = {}
    for day in days_in(start, end):
        at = datetime.combine(day, time(23, 59, 59))
        for rule in rule_list:
            for note in rule.check(snap, at):
                found.setdefault(note.id, note)
    return sorted(found.values(), key=lambda n: (n.day, SEVERITY_ORDER[n.severity], n.id))


def current_notes(journal: Journal, now: datetime | None = None) -> list[SafetyNote]:
    """Convenience for screens: evaluate over the last HISTORY_DAYS and drop dismissed and
    acknowledged notes. Mark the ones you display with `journal.mark_notes_shown(...)`."""
    moment = now or journal.now()
    today = moment.date()
    snap = load_snapshot(journal, today - timedelta(days=HISTORY_DAYS), today)
    return visible(evaluate(snap, moment), journal.note_states())
