"""Safety notes: each rule fires on a scripted history when it should, stays quiet when it
should not (with the boundaries exactly where the messages say), states facts without
dosing advice, and a dismissed note stays dismissed."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from ebbtide.core.content.questionnaires import SelfCheck
from ebbtide.core.health.insights import Snapshot
from ebbtide.core.health.safety import (
    RULES,
    RULES_BY_ID,
    SafetyNote,
    current_notes,
    evaluate,
    is_alcohol_tag,
    is_crisis_text,
    label_max_mg,
    notes_in_period,
    to_announce,
    visible,
)
from ebbtide.core.journal.models import CheckIn, Dose, Medication, SideEffect
from ebbtide.core.journal.store import Journal

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=TZ)
TODAY = NOW.date()
BAC = Medication(id=1, uid="med-bac", name="Baclofen", times=("08:00", "20:00"))
_ids = itertools.count(1)


def day(offset: int) -> date:
    """`offset` days before today (0 = today)."""
    return TODAY - timedelta(days=offset)


def at(offset: int, hour: int = 8) -> datetime:
    d = day(offset)
    return datetime(d.year, d.month, d.day, hour, 0, tzinfo=TZ)


def dose(offset: int, mg: float | None = 10.0, status: str = "taken",
         med: Medication = BAC, hour: int = 8) -> Dose:
    n = next(_ids)
    return Dose(id=n, uid=f"dose-{n}", medication_id=med.id, medication=med.name,
                at=at(offset, hour), local_date=day(offset), status=status,  # type: ignore[arg-type]
                amount_mg=mg)


def daily(offsets: range | list[int], mg: float = 10.0, med: Medication = BAC) -> list[Dose]:
    return [dose(o, mg, med=med) for o in offsets]


def checkin(offset: int, mood: int = 6, tags: tuple[str, ...] = ()) -> CheckIn:
    n = next(_ids)
    return CheckIn(id=n, uid=f"ci-{n}", at=at(offset), local_date=day(offset), mood=mood,
                   anxiety=4, tags=tags)


def effect(offset: int, name: str, severity: str = "mild") -> SideEffect:
    n = next(_ids)
    return SideEffect(id=n, uid=f"se-{n}", name=name, severity=severity,  # type: ignore[arg-type]
                      at=at(offset), local_date=day(offset))


def phq9(offset: int, answers: tuple[int, ...]) -> SelfCheck:
    n = next(_ids)
    return SelfCheck(id=n, uid=f"sc-{n}", kind="phq9", at=at(offset), local_date=day(offset),
                     answers=answers, score=sum(answers))


def snap(*, meds: tuple[Medication, ...] = (BAC,), doses: list[Dose] | None = None,
         checkins: list[CheckIn] | None = None, effects: list[SideEffect] | None = None,
         checks: list[SelfCheck] | None = None) -> Snapshot:
    return Snapshot(medications=meds, doses=tuple(doses or ()),
                    checkins=tuple(checkins or ()), side_effects=tuple(effects or ()),
                    selfchecks=tuple(checks or ()))


def fired(rule: str, s: Snapshot, now: datetime = NOW) -> list[SafetyNote]:
    return RULES_BY_ID[rule].check(s, now)


def test_every_rule_links_a_reader_article_and_has_a_severity() -> None:
    articles = {p.stem for p in Path("content/reader").glob("*.md")}
    for rule in RULES:
        assert rule.article.startswith("article:")
        assert rule.article.removeprefix("article:") in articles
        assert rule.severity in ("info", "caution", "urgent")


# ---------------------------------------------------------------- label maximum


def test_label_max_boundary_80_mg_is_quiet_above_fires() -> None:
    at_max = [dose(0, 40.0), dose(0, 40.0, hour=20)]
    assert fired("above-label-max", snap(doses=at_max)) == []
    above = [dose(0, 40.0), dose(0, 40.5, hour=20)]
    (note,) = fired("above-label-max", snap(doses=above))
    assert "80.5 mg" in note.message and "80 mg a day as the maximum" in note.message
    assert "confirm the dose with your prescriber" in note.message
    assert note.article == "article:approved-uses" and note.severity == "caution"


def test_label_max_only_for_oral_baclofen_names_and_taken_doses() -> None:
    assert label_max_mg("Baclofen 10mg") == 80 and label_max_mg("Lioresal") == 80
    assert label_max_mg("baclofen intrathecal pump") is None
    assert label_max_mg("gabapentin") is None
    other = Medication(id=2, uid="m2", name="gabapentin")
    assert fired("above-label-max", snap(meds=(other,), doses=[dose(0, 900.0, med=other)])) == []
    skipped = [dose(0, 60.0), dose(0, 30.0, status="skipped", hour=20)]
    assert fired("above-label-max", snap(doses=skipped)) == []


def test_label_max_looks_at_recent_days_only_and_keeps_one_id_per_day() -> None:
    old = [dose(3, 90.0)]
    assert fired("above-label-max", snap(doses=old)) == []
    recent = [dose(2, 90.0)]
    first = fired("above-label-max", snap(doses=recent))
    later = fired("above-label-max", snap(doses=recent), NOW + timedelta(days=1))
    assert len(first) == 1 and later == []  # shown for its day, never again later
    assert first[0].id == "above-label-max:med-bac:" + day(2).isoformat()


# ---------------------------------------------------------------- sudden stop
# (was "dosing gap": it waited two whole days and went quiet when the medication was
# unticked; issue 14 asks for a note from the first missed day, whatever the tick says)


def test_regular_dosing_then_the_first_full_missed_day_fires() -> None:
    (note,) = fired("sudden-stop", snap(doses=daily(range(2, 10))))
    assert "missed log" in note.message and "prescriber" in note.message
    assert "withdrawal" in note.message and note.article == "article:withdrawal"
    assert "no dose logged for 1 day" in note.message
    assert note.day == day(1)  # the first missed day


def test_dosed_yesterday_is_quiet_until_the_day_is_over() -> None:
    assert fired("sudden-stop", snap(doses=daily(range(1, 9)))) == []


def test_the_pattern_needs_four_doses_in_fourteen_days() -> None:
    three = daily([3, 6, 9])
    assert fired("sudden-stop", snap(doses=three)) == []
    four = daily([3, 6, 9, 12])  # every third day: two days apart at most
    assert fired("sudden-stop", snap(doses=four)) == []  # 2 missed days: still the pattern
    (note,) = fired("sudden-stop", snap(doses=four), NOW + timedelta(days=1))
    assert "never more than 2 days apart" in note.message


def test_quiet_when_dosed_today_and_unticking_never_silences() -> None:
    assert fired("sudden-stop", snap(doses=[*daily(range(3, 10)), dose(0)])) == []
    stopped = Medication(id=1, uid="med-bac", name="Baclofen", active=False)
    (note,) = fired("sudden-stop", snap(meds=(stopped,), doses=daily(range(1, 10))))
    assert "marked Baclofen as no longer taken" in note.message


def test_skipped_doses_do_not_end_a_gap_and_the_id_is_stable() -> None:
    doses = [*daily(range(3, 10)), dose(1, status="skipped"), dose(2, status="skipped")]
    first = fired("sudden-stop", snap(doses=doses))
    next_day = fired("sudden-stop", snap(doses=doses), NOW + timedelta(days=1))
    assert len(first) == 1 and first[0].id == next_day[0].id  # same stop, same note


# ---------------------------------------------------------------- sudden drop


def test_drop_to_half_or_less_of_the_usual_fires() -> None:
    usual = daily(range(2, 9), 30.0)
    (note,) = fired("dose-drop", snap(doses=[*usual, dose(1, 15.0)]))
    assert "15 mg" in note.message and "usual 30 mg" in note.message
    assert "missed log" in note.message and note.article == "article:withdrawal"
    assert fired("dose-drop", snap(doses=[*usual, dose(1, 16.0)])) == []


def test_drop_ignores_today_empty_days_and_short_histories() -> None:
    usual = daily(range(1, 8), 30.0)
    assert fired("dose-drop", snap(doses=[*usual, dose(0, 10.0)])) == []  # today not over
    assert fired("dose-drop", snap(doses=daily(range(2, 9), 30.0))) == []  # nothing yesterday
    short = daily(range(2, 6), 30.0)  # only 4 usual days
    assert fired("dose-drop", snap(doses=[*short, dose(1, 5.0)])) == []


# ---------------------------------------------------------------- alcohol


def test_alcohol_on_a_dose_day_fires_with_the_interaction_fact() -> None:
    (note,) = fired("alcohol-dose-day",
                    snap(doses=[dose(0)], checkins=[checkin(0, tags=("alcohol",))]))
    assert "add to alcohol's" in note.message and note.article == "article:interactions"
    assert is_alcohol_tag("Wine with dinner")


def test_alcohol_quiet_without_a_dose_that_day_or_for_alcohol_free() -> None:
    assert not is_alcohol_tag("alcohol-free beer") and not is_alcohol_tag("no alcohol")
    assert fired("alcohol-dose-day",
                 snap(doses=[dose(1)], checkins=[checkin(0, tags=("alcohol",))])) == []
    assert fired("alcohol-dose-day", snap(doses=[dose(0, status="skipped")],
                                          checkins=[checkin(0, tags=("alcohol",))])) == []
    assert fired("alcohol-dose-day",
                 snap(doses=[dose(0)], checkins=[checkin(0, tags=("alcohol-free",))])) == []


# ---------------------------------------------------------------- low mood


def test_low_mood_on_four_of_seven_days_fires_three_does_not() -> None:
    four = [checkin(o, mood=3) for o in (0, 2, 4, 6)] + [checkin(o, 7) for o in (1, 3, 5)]
    (note,) = fired("low-mood-days", snap(checkins=four))
    assert "3 or less out of 10" in note.message and note.article == "article:depression-mood"
    three = [checkin(o, mood=3) for o in (0, 2, 4)] + [checkin(o, 7) for o in (1, 3, 5, 6)]
    assert fired("low-mood-days", snap(checkins=three)) == []


def test_low_mood_uses_the_day_mean_and_4_is_not_low() -> None:
    fours = [checkin(o, mood=4) for o in range(7)]
    assert fired("low-mood-days", snap(checkins=fours)) == []
    mixed = [c for o in range(7) for c in (checkin(o, 2), checkin(o, 5))]  # mean 3.5
    assert fired("low-mood-days", snap(checkins=mixed)) == []


def test_low_mood_is_one_note_per_episode_not_one_a_day() -> None:
    history = [checkin(o, mood=2) for o in range(-3, 10)]
    ids = {fired("low-mood-days", snap(checkins=[c for c in history if c.local_date <= d]),
                 datetime.combine(d, NOW.timetz()))[0].id
           for d in (TODAY, TODAY + timedelta(days=1), TODAY + timedelta(days=3))}
    assert len(ids) == 1


def test_low_mood_side_effect_within_7_days() -> None:
    (note,) = fired("low-mood-effect", snap(effects=[effect(6, "Low Mood")]))
    assert note.article == "article:depression-mood"
    assert fired("low-mood-effect", snap(effects=[effect(7, "low mood")])) == []


# ---------------------------------------------------------------- urgent and crisis


def test_urgent_side_effects_say_seek_help_now() -> None:
    for name in ("seizure", "Hallucinations", "trouble breathing", "severe confusion"):
        (note,) = fired("urgent-side-effect", snap(effects=[effect(1, name)]))
        assert note.severity == "urgent" and "seek medical help now" in note.message
    assert fired("urgent-side-effect", snap(effects=[effect(2, "seizure")])) == []
    assert fired("urgent-side-effect", snap(effects=[effect(0, "dizziness", "severe")])) == []


def test_suicidal_thoughts_or_phq9_item_9_show_crisis_resources() -> None:
    assert is_crisis_text("Suicidal thoughts") and is_crisis_text("thoughts of self-harm")
    (typed,) = fired("crisis", snap(effects=[effect(0, "suicidal thoughts")]))
    assert typed.crisis and typed.severity == "urgent" and "clinician today" in typed.message
    (check,) = fired("crisis", snap(checks=[phq9(0, (0, 0, 0, 0, 0, 0, 0, 0, 1))]))
    assert check.crisis
    high_but_no_item9 = phq9(0, (3, 3, 3, 3, 3, 3, 3, 3, 0))
    assert fired("crisis", snap(checks=[high_but_no_item9])) == []


def test_evaluate_puts_urgent_first_and_is_quiet_for_a_calm_history() -> None:
    calm = snap(doses=daily(range(0, 10)), checkins=[checkin(o, 7) for o in range(10)])
    assert evaluate(calm, NOW) == []
    busy = snap(doses=[dose(0, 90.0)], effects=[effect(0, "seizure")])
    notes = evaluate(busy, NOW)
    assert [n.rule for n in notes] == ["urgent-side-effect", "above-label-max"]


def test_no_rule_gives_dosing_advice() -> None:
    history = snap(doses=[*daily(range(3, 10), 30.0), dose(0, 90.0)],
                   checkins=[checkin(o, 2, ("alcohol",)) for o in range(7)],
                   effects=[effect(0, "low mood"), effect(0, "seizure"),
                            effect(0, "suicidal thoughts")])
    notes = evaluate(history, NOW) + notes_in_period(history, day(10), TODAY)
    assert len({n.rule for n in notes}) >= 6
    for note in notes:
        low = note.message.lower()
        for advice in ("take more", "take less", "increase your dose", "reduce your dose",
                       "lower your dose", "skip your", "double"):
            assert advice not in low


# ---------------------------------------------------------------- shown once, dismissed


def test_dismissed_notes_stay_dismissed_in_the_journal(tmp_path: Path) -> None:
    j = Journal(tmp_path / "j.sqlite3", clock=lambda: NOW)
    bac = j.add_medication("baclofen")
    j.add_dose(bac.id, amount_mg=90, at=NOW - timedelta(hours=1))
    (note,) = current_notes(j, NOW)
    states = j.note_states()
    assert to_announce([note], states) == [note]  # never shown: pop it up once
    j.mark_notes_shown([note.id])
    states = j.note_states()
    assert to_announce([note], states) == [] and visible([note], states) == [note]
    j.dismiss_note(note.id)
    assert current_notes(j, NOW) == []
    assert visible([note], {note.id}) == []
    # the report still lists it among the notes raised in the period
    from ebbtide.core.health.insights import load_snapshot

    raised = notes_in_period(load_snapshot(j), TODAY, TODAY)
    assert [n.id for n in raised] == [note.id]


def test_crisis_notes_are_announced_until_dismissed() -> None:
    from ebbtide.core.journal.models import NoteState

    (note,) = fired("crisis", snap(effects=[effect(0, "suicidal thoughts")]))
    shown = {note.id: NoteState(note.id, "crisis", shown_at=NOW)}
    assert to_announce([note], shown) == [note]
    gone = {note.id: NoteState(note.id, "crisis", shown_at=NOW, dismissed_at=NOW)}
    assert to_announce([note], gone) == []
