"""Rules about what a person says and feels: urgent signs and crisis language in side
effects and notes (matched by meaning, content/safety/*.toml), low mood, and self-check
scores worth a conversation with a clinician.

Definitions (the messages say them too):
- urgent sign: a side effect or note from today or yesterday naming a sign the label
  says needs help at once (seizures, hallucinations, trouble breathing, fainting, being
  hard to wake, a high fever or fever with stiffness, spasms suddenly worse, severe
  confusion; confusion logged as severe escalates).
- crisis: PHQ-9 item 9 above 0, or crisis language in a side effect, note or tag. The
  note stays (and is announced at every start) until the person dismisses it, for up
  to core.health.notes.HISTORY_DAYS.
- low mood: a day whose check-ins average 3 or less out of 10; "most of the last 7
  days" means 4 or more of them.
- self-check scores: PHQ-9 10+ or GAD-7 10+ (PHQ-9 20+: soon), while it is the latest
  check of its kind and less than 14 days old."""

from __future__ import annotations

import statistics
from datetime import date, datetime, timedelta

from ebbtide.core.content.crisis_words import is_crisis_text as is_crisis_text
from ebbtide.core.content.questionnaires import (
    DUE_EVERY_DAYS,
    SCORE_SOURCES,
    latest_by_kind,
    talk_prompt,
)
from ebbtide.core.content.side_effects import canonical_name, is_urgent, urgent_signs
from ebbtide.core.health.insights import Snapshot, days_in
from ebbtide.core.health.notes import (
    HISTORY_DAYS,
    LABEL,
    SafetyNote,
    episode_start,
    note,
    when,
)

LOW_MOOD_MAX = 3  # a day's mean mood at or below this (1–10) is a low-mood day
LOW_MOOD_DAYS = 4  # "most of the last 7 days"
MOOD_SOURCE = "NHS: Depression in adults, and the reader's note on depression and mood"
CRISIS_SOURCE = "PHQ-9 item 9 guidance (Kroenke 2001); NHS and Samaritans crisis advice"


def _signs_text(names: list[str]) -> str:
    return " and ".join(dict.fromkeys(names))


def urgent_sign(snap: Snapshot, now: datetime) -> list[SafetyNote]:
    today = now.date()
    since = today - timedelta(days=1)
    found: list[tuple[str, date, str, str, str]] = []  # (uid, day, intro, signs, logged)
    for s in snap.side_effects:
        if since <= s.local_date <= today:
            signs = [f.label for f in urgent_signs(s.name, s.severity)]
            signs += [f.label for f in urgent_signs(s.note, s.severity)]
            if signs or is_urgent(s.name, s.severity):
                what = f"{s.name} ({s.severity})"
                found.append((s.uid, s.local_date,
                              f"You logged {what} {when(s.local_date, today)}",
                              _signs_text(signs) or s.name, f"\"{what}\" logged"))
    for c in snap.checkins:
        if since <= c.local_date <= today:
            signs = [f.label for t in (*c.tags, c.note) for f in urgent_signs(t)]
            if signs:
                found.append((c.uid, c.local_date,
                              f"Your check-in {when(c.local_date, today)} mentions",
                              _signs_text(signs), "A check-in note mentioned"))
    return [note(
        "urgent-side-effect", uid, "urgent", "Seek medical help now",
        f"{intro}{',' if intro.startswith('You logged') else ''} "
        f"{'which can mean ' if intro.startswith('You logged') else ''}{signs}. This can be "
        "a sign of a serious reaction, an overdose or withdrawal. If it is happening now or "
        "getting worse, seek medical help now: call your local emergency number or go to "
        "an emergency department. Tell your prescriber as soon as you can.",
        "article:side-effects", day, source=LABEL,
        summary=f"{logged} ({signs}); the person was told to seek medical help now if it "
                "is happening.")
        for uid, day, intro, signs, logged in found]


def crisis(snap: Snapshot, now: datetime) -> list[SafetyNote]:
    today = now.date()
    since = today - timedelta(days=HISTORY_DAYS)
    reach = ("You deserve support right now. Crisis lines are free and open at any time, "
             "and please contact a clinician today (your prescriber, GP or another "
             "clinician).")
    notes = []
    for s in snap.side_effects:
        if since <= s.local_date <= today and (is_crisis_text(s.name)
                                               or is_crisis_text(s.note)):
            notes.append(note(
                "crisis", s.uid, "urgent", "Please reach out now",
                f"You logged \"{s.name}\" {when(s.local_date, today)}. {reach}",
                "article:depression-mood", s.local_date, crisis=True, source=CRISIS_SOURCE,
                summary=f"\"{s.name}\" logged as a side effect; crisis resources were "
                        "shown."))
    for c in snap.checkins:
        if since <= c.local_date <= today and any(is_crisis_text(t)
                                                  for t in (*c.tags, c.note)):
            notes.append(note(
                "crisis", c.uid, "urgent", "Please reach out now",
                f"What you wrote {when(c.local_date, today)} sounds like you may be "
                f"thinking of ending your life or harming yourself. {reach}",
                "article:depression-mood", c.local_date, crisis=True, source=CRISIS_SOURCE,
                summary="A check-in note used words about wanting to die or self-harm; "
                        "crisis resources were shown."))
    for check in snap.selfchecks:
        if check.crisis and since <= check.local_date <= today:
            notes.append(note(
                "crisis", check.uid, "urgent", "Please reach out now",
                f"On your PHQ-9 {when(check.local_date, today)} you said you had thoughts "
                f"that you would be better off dead or of hurting yourself. {reach}",
                "article:depression-mood", check.local_date, crisis=True,
                source=CRISIS_SOURCE,
                summary=f"PHQ-9 item 9 (thoughts of being better off dead or of self-harm) "
                        f"answered {check.answers[8]} of 3; crisis resources were shown."))
    return notes


def selfcheck_score(snap: Snapshot, now: datetime) -> list[SafetyNote]:
    today = now.date()
    notes = []
    current = [c for c in snap.selfchecks if c.local_date <= today]
    for kind, check in sorted(latest_by_kind(current).items()):
        if (today - check.local_date).days >= DUE_EVERY_DAYS:
            continue
        prompt = talk_prompt(kind, check.score)
        if prompt is None:
            continue
        form = check.questionnaire
        soon = prompt == "talk-soon"
        notes.append(note(
            "selfcheck-score", check.uid, "caution",
            f"Your {form.name} score is worth talking about",
            f"Your {check.describe()} {when(check.local_date, today)} is "
            f"{'in the severe range' if soon else 'at or above 10'}. A self-check is not a "
            "diagnosis, but a score like this is worth a conversation with a clinician "
            "(your prescriber, GP or another clinician)"
            f"{', soon: within the next few days' if soon else ''}. "
            "If you ever have thoughts of harming yourself, reach out the same day.",
            "article:depression-mood" if kind == "phq9" else "article:anxiety-agitation",
            check.local_date, source=SCORE_SOURCES[kind],
            summary=f"{check.describe()}: prompted to talk with a clinician"
                    f"{' soon' if soon else ''}."))
    return notes


def low_mood_days(snap: Snapshot, now: datetime) -> list[SafetyNote]:
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
    start = episode_start(holds, today)
    return [note(
        "low-mood-days", start.isoformat(), "caution", "Low mood on most days this week",
        f"You logged a low mood on {count(today)} of the last 7 days (we count a day as low "
        f"when your mood averaged {LOW_MOOD_MAX} or less out of 10). Low mood deserves "
        "attention, whatever its cause. The note on depression and mood lists the signs to "
        "watch for and when to seek help: talk to your prescriber or another doctor within "
        "a few days if it has lasted two weeks or more, and today if you have thoughts of "
        "harming yourself.",
        "article:depression-mood", today, source=MOOD_SOURCE,
        summary=f"Daily mean mood {LOW_MOOD_MAX}/10 or lower on {count(today)} of the 7 days "
                "up to this day.")]


def low_mood_effect(snap: Snapshot, now: datetime) -> list[SafetyNote]:
    today = now.date()
    logged = {s.local_date for s in snap.side_effects
              if canonical_name(s.name) == "low mood" and s.local_date <= today}

    def holds(end: date) -> bool:
        return any(d in logged for d in days_in(end - timedelta(days=6), end))

    if not holds(today):
        return []
    start = episode_start(holds, today)
    last = max(d for d in logged if d >= today - timedelta(days=6))
    return [note(
        "low-mood-effect", start.isoformat(), "caution", "Low mood logged as a side effect",
        f"You logged low mood as a side effect {when(last, today)}. Mood changes can come "
        "with baclofen, with a dose change, or with other things in life; either way they "
        "deserve attention. The note on depression and mood explains the signs to watch "
        "for and when to seek help. Please do not stop baclofen on your own: talk to your "
        "prescriber.",
        "article:depression-mood", last, source=MOOD_SOURCE,
        summary="\"low mood\" logged as a side effect.")]
