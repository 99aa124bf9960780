"""Sleep's plan: the wind-down scripts joined with a rest of the chosen length, the breath
it paces, and the new scripts written to be heard (sleep, and the SOS minute)."""

from __future__ import annotations

import re

import pytest

from ebbtide.core.content.meditations import load_script
from ebbtide.core.content.resources import content_dir
from ebbtide.core.errors import EbbtideError
from ebbtide.core.practice.sleep import SOUND_MINUTES, sleep_plan


@pytest.mark.parametrize("minutes", SOUND_MINUTES)
def test_the_session_is_the_wind_down_then_the_chosen_rest(minutes: int) -> None:
    plan = sleep_plan(minutes)
    assert plan.script.id == "sleep" and plan.script.name == "Sleep"
    assert plan.breathing_seconds == 180
    assert plan.wind_down_seconds == 180 + 450
    assert plan.total_seconds == 630 + minutes * 60
    assert plan.script.steps[-1].seconds == minutes * 60
    assert plan.script.steps[0].bell and not plan.script.steps[-1].bell  # no bell to wake to


def test_a_short_rest_can_be_injected() -> None:
    plan = sleep_plan(15, rest_seconds=5)
    assert plan.total_seconds == 635 and plan.part(631) == "Resting"


def test_the_breathing_part_paces_in_for_four_and_out_for_six() -> None:
    plan = sleep_plan()
    assert [plan.breath_word(t) for t in (0, 3.9, 4, 9.9, 10, 14)] == [
        "Breathe in", "Breathe in", "Breathe out", "Breathe out", "Breathe in",
        "Breathe out"]
    assert plan.breath_word(180) is None
    assert [plan.part(t) for t in (0, 179, 180, 629, 630)] == [
        "Breathing", "Breathing", "Body scan", "Body scan", "Resting"]


def test_only_the_offered_lengths_are_accepted() -> None:
    with pytest.raises(EbbtideError, match="15, 30, 45, 60 minutes"):
        sleep_plan(20)


@pytest.mark.parametrize("path", ["sleep/sleep-breathing.toml", "sleep/sleep-body-scan.toml",
                                  "sos/sos-minute.toml"])
def test_the_new_scripts_are_written_to_be_heard(path: str) -> None:
    """Short sentences (at most 16 words), each step said well within its time."""
    script = load_script(content_dir() / path)
    for step in script.steps:
        sentences = [s for s in re.split(r"(?<=[.?!])\s+", step.text) if s]
        assert all(len(s.split()) <= 16 for s in sentences), step.text
        # About 2.5 words a second when spoken slowly, with room for pauses.
        assert len(step.text.split()) / 2.5 <= step.seconds * 0.8, step.text


def test_the_sos_minute_lasts_one_minute() -> None:
    assert load_script(content_dir() / "sos" / "sos-minute.toml").total_seconds == 60
