"""Sleep: a wind-down, then sound that fades to silence, as one guided session.

    wind-down breathing (3 min, in 4 / out 6) → body scan for sleep (~7 min) → rest with
    the soundscape for the chosen 15/30/45/60 minutes, fading out over its last minutes

The scripts are `content/sleep/*.toml` (the meditation format, so the voice can say them);
`sleep_plan` joins them into one `Script` whose last step lasts the chosen time. It runs as
a `GuideRun` and is saved like a meditation, with the content id "sleep". During the
breathing steps `breath_word` says where in the breath the screen should be; the pacing
is the shipped "extended-exhale" pattern (4 s in, 6 s out).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ebbtide.core.content.meditations import Script, load_script
from ebbtide.core.content.resources import content_dir
from ebbtide.core.errors import EbbtideError

SLEEP_ID = "sleep"
SLEEP_NAME = "Sleep"
SOUND_MINUTES = (15, 30, 45, 60)
DEFAULT_SOUND_MINUTES = 30
BREATHING_SCRIPT = "sleep-breathing"
BODY_SCAN_SCRIPT = "sleep-body-scan"
# In 4, out 6: the shipped extended-exhale pattern's rhythm.
BREATH_IN_SECONDS = 4.0
BREATH_OUT_SECONDS = 6.0
SOUND_FADE_IN_SECONDS = 10.0
# The sound thins out over the last minutes, not seconds: no sudden silence to wake to.
SOUND_FADE_OUT_SECONDS = 180.0


def sleep_dir() -> Path:
    return content_dir() / "sleep"


@dataclass(frozen=True)
class SleepPlan:
    script: Script  # breathing + body scan + rest, ready for GuideRun
    breathing_seconds: float  # the first part, paced in 4 / out 6
    sound_minutes: int  # what was chosen for the rest at the end
    rest_seconds: float  # how long the rest lasts (the chosen minutes, or shorter in tests)

    @property
    def total_seconds(self) -> float:
        return self.script.total_seconds

    @property
    def wind_down_seconds(self) -> float:
        """Everything before the rest with the sound."""
        return self.total_seconds - self.rest_seconds

    def breath_word(self, elapsed: float) -> str | None:
        """"Breathe in" / "Breathe out" while the breathing part lasts, else None."""
        if elapsed < 0 or elapsed >= self.breathing_seconds:
            return None
        into_cycle = elapsed % (BREATH_IN_SECONDS + BREATH_OUT_SECONDS)
        return "Breathe in" if into_cycle < BREATH_IN_SECONDS else "Breathe out"

    def part(self, elapsed: float) -> str:
        """"Breathing", "Body scan" or "Resting" at `elapsed` seconds into the session."""
        if elapsed < self.breathing_seconds:
            return "Breathing"
        return "Body scan" if elapsed < self.wind_down_seconds else "Resting"


def sleep_sound(asked: str | None, default: str) -> str:
    """The soundscape for Sleep: the one asked for ("off" or "": none), else the one in
    settings, else waves (sleeping without sound is a choice, not the default)."""
    if asked is not None:
        return "" if asked == "off" else asked
    return default or "waves"


def check_sound_minutes(minutes: int) -> int:
    if minutes not in SOUND_MINUTES:
        choices = ", ".join(str(m) for m in SOUND_MINUTES)
        raise EbbtideError(f"the sound can play for {choices} minutes (got {minutes})")
    return minutes


def sleep_plan(sound_minutes: int = DEFAULT_SOUND_MINUTES, folder: Path | None = None,
               *, rest_seconds: float | None = None) -> SleepPlan:
    """The whole session. `rest_seconds` replaces the chosen minutes' length of the rest
    (tests use a short one)."""
    check_sound_minutes(sound_minutes)
    folder = sleep_dir() if folder is None else folder
    breathing = load_script(folder / f"{BREATHING_SCRIPT}.toml")
    scan = load_script(folder / f"{BODY_SCAN_SCRIPT}.toml")
    rest = rest_seconds if rest_seconds is not None else sound_minutes * 60.0
    last = replace(scan.steps[-1], seconds=float(rest))
    steps = (*breathing.steps, *scan.steps[:-1], last)
    script = replace(scan, id=SLEEP_ID, name=SLEEP_NAME,
                     purpose="Wind down, then sound that fades to silence.",
                     minutes=sum(step.seconds for step in steps) / 60.0, steps=steps,
                     notes=(), path=None)
    return SleepPlan(script, breathing.total_seconds, sound_minutes, float(rest))
