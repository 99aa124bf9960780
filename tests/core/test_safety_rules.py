"""The watch of issue 14: sudden stops scaled to the person's own pattern, daily totals
across entries and brands (and a prescriber-set dose acknowledged once), sedative and
alcohol combinations, urgent signs and crisis words in notes, self-check scores, crisis
numbers by region. Every note names its source and the prescriber; none suggests a dose."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from ebbtide.core.content.questionnaires import (
    DIFFICULTY_OPTIONS,
    DIFFICULTY_QUESTION,
    PHQ9,
    SelfCheck,
    check_difficulty,
    talk_prompt,
)
from ebbtide.core.errors import InvalidEntry
from ebbtide.core.health.crisis import (
    CRISIS_LINES,
    crisis_lines,
    crisis_markdown,
    crisis_plain,
    emergency_number,
    regions,
    resources,
)
from ebbtide.core.health.medicines import parse_amount_mg
from ebbtide.core.health.safety import (
    RULES,
    acknowledgements,
    current_notes,
    evaluate,
    higher_dose_ack_id,
    notes_in_period,
    to_announce,
    visible,
)
from ebbtide.core.journal.models import CheckIn, Medication, Plan, PlanStep
from ebbtide.core.journal.store import Journal
from ebbtide.core.settings import CHOICES, Settings, load_settings, validate_setting
from tests.core.test_safety import (
    BAC,
    NOW,
    TODAY,
    at,
    checkin,
    daily,
    day,
    dose,
    effect,
    fired,
    phq9,
    snap,
)

OTHER_BAC = Medication(id=2, uid="med-lio", name="Lioresal 25 mg")


def note_checkin(offset: int, note: str, tags: tuple[str, ...] = (), mood: int = 6) -> CheckIn:
    return replace(checkin(offset, mood, tags=tags), note=note)


# ---------------------------------------------------------------- sudden stop


def test_daily_taker_with_a_schedule_is_noted_the_same_evening() -> None:
    med = replace(BAC, times=("08:00", "20:00"))
    doses = daily(range(1, 15), med=med)
    evening = NOW.replace(hour=21, minute=59)
    assert fired("sudden-stop", snap(meds=(med,), doses=doses), evening) == []  # 20:00+2h
    (note,) = fired("sudden-stop", snap(meds=(med,), doses=doses), evening.replace(hour=22))
    assert note.day == TODAY and "no dose logged for 1 day" in note.message
    assert "14 of the 14 days" in note.message


def test_an_every_other_day_pattern_waits_for_its_own_break() -> None:
    doses = daily([2, 4, 6, 8, 10, 12])
    assert fired("sudden-stop", snap(doses=doses)) == []  # one day off: as usual
    (note,) = fired("sudden-stop", snap(doses=doses), NOW + timedelta(days=1))
    assert "never more than 1 day apart" in note.message


def test_a_missed_dose_tag_or_note_counts_today() -> None:
    doses = daily(range(1, 10))
    for entry in (checkin(0, tags=("missed dose",)), note_checkin(0, "forgot my baclofen")):
        (note,) = fired("sudden-stop", snap(doses=doses, checkins=[entry]))
        assert "a missed dose noted today" in note.message
    assert fired("sudden-stop", snap(doses=doses,
                                     checkins=[note_checkin(0, "never missed a dose")])) == []


def test_stopped_medication_names_what_was_seen_and_the_urgent_signs() -> None:
    stopped = replace(BAC, active=False)
    (note,) = fired("sudden-stop", snap(meds=(stopped,), doses=daily(range(1, 10))))
    for needed in ("marked Baclofen as no longer taken", "hallucinations", "confusion",
                   "seizures", "high fever", "suddenly get worse", "planned with your "
                   "prescriber", "Source:"):
        assert needed in note.message, needed
    assert "withdrawal" in note.summary
    old = daily(range(16, 30))  # last dose more than 14 days ago: past the acute window
    assert fired("sudden-stop", snap(meds=(stopped,), doses=old)) == []


def test_a_large_drop_fires_even_when_unticked() -> None:
    stopped = replace(BAC, active=False)
    usual = daily(range(2, 9), 30.0)
    (note,) = fired("dose-drop", snap(meds=(stopped,), doses=[*usual, dose(1, 10.0)]))
    assert "seizures" in note.message and "prescriber" in note.message


# ---------------------------------------------------------------- daily totals


def test_two_entries_of_the_same_medicine_add_up() -> None:
    doses = [dose(0, 50.0), dose(0, 50.0, med=OTHER_BAC, hour=20)]
    (note,) = fired("above-label-max", snap(meds=(BAC, OTHER_BAC), doses=doses))
    assert "add up to 100 mg" in note.message and "Baclofen and Lioresal 25 mg" in note.message
    assert note.total_mg == 100 and note.id == f"above-label-max:med-bac:{TODAY}"


def test_names_with_notes_are_still_baclofen_and_pumps_are_excluded() -> None:
    food = Medication(id=3, uid="m3", name="Baclofen (take it with food)")
    assert len(fired("above-label-max", snap(meds=(food,), doses=[dose(0, 90.0, med=food)]))) == 1
    pump = Medication(id=4, uid="m4", name="Gablofen")
    assert fired("above-label-max", snap(meds=(pump,), doses=[dose(0, 900.0, med=pump)])) == []


def test_a_dose_without_an_amount_counts_the_recorded_per_dose_amount() -> None:
    med = replace(BAC, dose_mg=30.0)
    doses = [dose(0, None, med=med, hour=h) for h in (8, 14, 20)]
    (note,) = fired("above-label-max", snap(meds=(med,), doses=doses))
    assert "90 mg" in note.message


def test_a_prescribed_higher_dose_is_acknowledged_once(tmp_path: Path) -> None:
    j = Journal(tmp_path / "j.sqlite3", clock=lambda: NOW)
    bac = j.add_medication("Baclofen")
    j.add_dose(bac.id, amount_mg=100, at=NOW - timedelta(hours=2))
    (note,) = current_notes(j, NOW)
    j.mark_notes_shown([note.id])
    j.dismiss_note(higher_dose_ack_id(note))
    assert current_notes(j, NOW) == []  # not repeated...
    j.add_dose(bac.id, amount_mg=100, at=NOW + timedelta(days=1))
    assert current_notes(j, NOW + timedelta(days=1, hours=1)) == []  # ...on later days
    (ack,) = acknowledgements(j.note_states())
    assert ack.mg == 100 and ack.at is not None
    j.add_dose(bac.id, amount_mg=20, at=NOW + timedelta(days=1, minutes=5))
    (higher,) = current_notes(j, NOW + timedelta(days=1, hours=1))  # 120 mg: new fact
    assert higher.total_mg == 120 and to_announce([higher], j.note_states()) == [higher]
    from ebbtide.core.health.insights import load_snapshot

    raised = notes_in_period(load_snapshot(j), TODAY, TODAY + timedelta(days=1))
    assert len(raised) == 2  # the report still lists every day
    with pytest.raises(ValueError):
        higher_dose_ack_id(fired("sudden-stop", snap(meds=(replace(BAC, active=False),),
                                                     doses=daily(range(1, 10))))[0])


def test_amounts_written_with_units() -> None:
    assert parse_amount_mg("10") == 10 and parse_amount_mg("10 mg") == 10
    assert parse_amount_mg("2,5mg") == 2.5 and parse_amount_mg("0.02 g") == 20
    assert parse_amount_mg("500 mcg") == 0.5 and parse_amount_mg("10 milligrams") == 10
    for bad in ("5 ml", "ten", "10 mg twice", "0 mg", "3 tablets"):
        with pytest.raises(ValueError):
            parse_amount_mg(bad)


# ---------------------------------------------------------------- combinations


def test_sedating_medicines_on_a_baclofen_day() -> None:
    oxy = Medication(id=5, uid="m5", name="Oxycodone 5 mg")
    (note,) = fired("sedative-combination",
                    snap(meds=(BAC, oxy), doses=[dose(0), dose(0, 5.0, med=oxy)]))
    assert "an opioid" in note.message and "slow breathing" in note.message
    assert "prescriber or pharmacist" in note.message and "Source: US prescribing" in note.message
    typed = note_checkin(1, "took a Nytol and a diazepam to sleep")
    (note,) = fired("sedative-combination", snap(doses=[dose(1)], checkins=[typed]))
    assert "a benzodiazepine and a sedating antihistamine" in note.message
    assert fired("sedative-combination", snap(meds=(BAC, oxy),
                                              doses=[dose(1), dose(0, 5.0, med=oxy)])) == []


def test_alcohol_in_notes_and_any_usual_word() -> None:
    (note,) = fired("alcohol-dose-day",
                    snap(doses=[dose(0)], checkins=[note_checkin(0, "3 pints at the pub")]))
    assert "You mentioned alcohol today" in note.message
    (note,) = fired("alcohol-dose-day",
                    snap(doses=[dose(0)], checkins=[checkin(0, tags=("wine",))]))
    assert "You tagged alcohol today" in note.message
    assert fired("alcohol-dose-day", snap(doses=[dose(0)], checkins=[
        note_checkin(0, "no alcohol, drinking water")])) == []


# ---------------------------------------------------------------- urgent signs, crisis


def test_urgent_signs_in_typed_side_effects_and_notes() -> None:
    (typed,) = fired("urgent-side-effect", snap(effects=[effect(0, "had a fit")]))
    assert "a seizure" in typed.message and typed.severity == "urgent"
    assert "emergency" in typed.message and "prescriber" in typed.message
    (noted,) = fired("urgent-side-effect",
                     snap(checkins=[note_checkin(1, "fever and stiff, hard to wake")]))
    assert noted.message.startswith("Your check-in yesterday mentions being very hard to "
                                    "wake and a high fever or fever with stiff muscles.")
    (severe,) = fired("urgent-side-effect", snap(effects=[effect(0, "confusion", "severe")]))
    assert "severe" in severe.message
    assert fired("urgent-side-effect", snap(effects=[effect(0, "confusion", "moderate")])) == []
    assert fired("urgent-side-effect",
                 snap(checkins=[note_checkin(0, "seizure-free for a year!")])) == []


def test_crisis_words_in_a_note_open_the_resources() -> None:
    (note,) = fired("crisis", snap(checkins=[note_checkin(0, "I just want to die")]))
    assert note.crisis and note.severity == "urgent" and "clinician today" in note.message
    assert "want to die" not in note.summary  # the report does not quote the note
    assert fired("crisis", snap(checkins=[note_checkin(0, "killing time, dying to see "
                                                          "the kids")])) == []


def test_a_crisis_note_stays_until_dismissed() -> None:
    history = snap(checks=[phq9(10, (0, 0, 0, 0, 0, 0, 0, 0, 1))])
    (note,) = fired("crisis", history)  # ten days later, never dismissed: still there
    assert visible([note], {}) == [note]
    assert visible([note], {note.id}) == []


# ---------------------------------------------------------------- self-checks


def gad7(offset: int, answers: tuple[int, ...]) -> SelfCheck:
    base = phq9(offset, (0,) * 9)
    return replace(base, kind="gad7", answers=answers, score=sum(answers))


def test_phq9_and_gad7_scores_of_10_prompt_a_clinician_without_item_9() -> None:
    assert talk_prompt("phq9", 9) is None and talk_prompt("phq9", 10) == "talk"
    assert talk_prompt("phq9", 20) == "talk-soon" and talk_prompt("gad7", 10) == "talk"
    assert talk_prompt("gad7", 21) == "talk"
    (phq,) = fired("selfcheck-score", snap(checks=[phq9(1, (2, 2, 2, 2, 2, 0, 0, 0, 0))]))
    assert "PHQ-9 10/27" in phq.message and "clinician" in phq.message
    assert "Kroenke" in phq.message
    (soon,) = fired("selfcheck-score", snap(checks=[phq9(0, (3, 3, 3, 3, 3, 3, 2, 0, 0))]))
    assert "soon" in soon.message and "severe range" in soon.message
    (gad,) = fired("selfcheck-score", snap(checks=[gad7(0, (2, 2, 2, 2, 1, 1, 0))]))
    assert "GAD-7 10/21" in gad.message and "Spitzer" in gad.message
    assert fired("selfcheck-score", snap(checks=[gad7(0, (2, 2, 2, 2, 1, 0, 0))])) == []


def test_only_the_latest_recent_check_of_a_kind_counts() -> None:
    high, low = phq9(5, (3,) * 4 + (0,) * 5), phq9(1, (0,) * 9)
    assert fired("selfcheck-score", snap(checks=[high, low])) == []
    assert fired("selfcheck-score", snap(checks=[phq9(14, (3,) * 4 + (0,) * 5)])) == []


def test_phq9_difficulty_question_word_for_word() -> None:
    assert PHQ9.difficulty_question and DIFFICULTY_QUESTION.startswith("If you checked off")
    assert [label for label, _ in DIFFICULTY_OPTIONS][::3] == ["Not difficult at all",
                                                                "Extremely difficult"]
    assert check_difficulty(None) is None and check_difficulty(2) == 2
    with pytest.raises(InvalidEntry):
        check_difficulty(4)


# ---------------------------------------------------------------- crisis resources


def test_crisis_numbers_by_region_with_a_dated_source() -> None:
    expected = {"us": ("911", "988"), "uk": ("999", "116 123"), "ie": ("112 or 999", "116 123"),
                "ca": ("911", "9-8-8"), "au": ("000", "13 11 14")}
    assert set(regions()) == set(expected)
    for region, (emergency, line) in expected.items():
        text = crisis_plain(region=region)
        assert emergency_number(region) == emergency
        assert f"call {emergency} now" in text and line in text, region
        assert resources().regions[region].sources
    assert "111" in crisis_plain(region="uk")
    assert resources().checked.isoformat() >= "2026-11-30"
    assert "Numbers checked" in crisis_markdown("au")


def test_without_a_region_the_local_emergency_number_comes_first() -> None:
    assert crisis_lines("") == crisis_lines(None) == crisis_lines("mars") == CRISIS_LINES
    assert "local emergency number" in CRISIS_LINES[0][0]
    assert emergency_number(None) == "your local emergency number"
    assert [h for h, _ in CRISIS_LINES][-2:] == ["Other countries", "Today"]


def test_region_setting_is_validated_and_matches_the_resources(tmp_path: Path) -> None:
    assert Settings().region == ""
    assert set(CHOICES["region"]) == {"", *regions()}
    assert validate_setting("region", "uk") is None
    assert validate_setting("region", "xx") is not None
    path = tmp_path / "settings.toml"
    path.write_text('region = "zz"\n')
    loaded = load_settings(path)
    assert loaded.settings.region == "" and "region" in loaded.problems[0]
    path.write_text('region = "au"\n')
    assert load_settings(path).settings.region == "au"


# ---------------------------------------------------------------- every note


def test_every_note_names_its_source_and_the_prescriber_and_no_dose() -> None:
    oxy = Medication(id=5, uid="m5", name="tramadol")
    history = snap(
        meds=(replace(BAC, active=False), oxy),
        doses=[*daily(range(3, 10), 30.0), dose(2, 10.0), dose(1, 90.0), dose(1, 50.0, med=oxy)],
        checkins=[note_checkin(o, "wine, want to die, had a fit", ("missed dose",), mood=2)
                  for o in range(7)],
        effects=[effect(0, "low mood"), effect(0, "confusion", "severe")],
        checks=[phq9(0, (3, 3, 3, 3, 3, 3, 2, 0, 1))])
    history = replace(history, plans=(Plan(id=1, uid="plan-1", medication_id=BAC.id, steps=(
        PlanStep(id=1, uid="step-1", plan_id=1, start_date=day(5), daily_total_mg=30.0),
        PlanStep(id=2, uid="step-2", plan_id=1, start_date=TODAY, daily_total_mg=20.0))),))
    notes = evaluate(history, NOW) + notes_in_period(history, day(10), TODAY)
    assert {n.rule for n in notes} == {r.id for r in RULES}
    for note in notes:
        assert note.source and f"(Source: {note.source}.)" in note.message, note.rule
        low = note.message.lower()
        assert "prescriber" in low or "clinician" in low, note.rule
        for advice in ("take more", "take less", "increase your dose", "reduce your dose",
                       "lower your dose", "skip your", "double", " mg a day instead"):
            assert advice not in low, (note.rule, advice)
    for rule in RULES:
        assert rule.trigger and rule.source, rule.id
    assert at(0).date() == TODAY
