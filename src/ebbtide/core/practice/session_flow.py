"""The stages every practice screen follows, around any run on the clock::

    rating_before ──rate/skip──▶ countdown ──delay over──▶ running ──time up──▶ summary
          │                         │ (skipped when delay is 0)  │ stop ─────▶ summary
          └──────── stop ───────────┴──────────▶ cancelled (nothing practised or saved)

- `ask_ratings=False` (``--skip-ratings``) starts in `countdown` (or `running` when the
  delay is 0). The countdown clock starts when that stage is entered.
- Call `poll()` every frame: it moves countdown → running and running → summary and
  returns the run's events (phase starts, steps, bells) crossed since the last call.
- The `PracticeRecord` goes to the log the moment the run ends (time up, `stop()`, or
  `end()` when the app is closing), before the after-rating is asked; the after-rating,
  when given, updates that same record. `save()` brings the log up to date and is
  idempotent (call it when leaving the screen in any case); a log error is kept in
  `save_error` and the record stays here for the next `save()`.
- Stopping a run early records it as partial with its real active seconds.

`StagedSession` is the shared machine; it asks its subclass to end the run and describe it
(`_end_run`). `SessionFlow` serves runs that do that themselves (`guide.GuideRun`,
`bell_timer.TimerRun`); `breathing.BreathingSession` serves the pacer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Generic, Literal, Protocol, TypeVar

from ebbtide.core.clock import SYSTEM_CLOCK, Clock
from ebbtide.core.errors import EbbtideError
from ebbtide.core.ids import new_uid
from ebbtide.core.practice.records import PracticeLog, PracticeRecord

Stage = Literal["rating_before", "countdown", "running", "summary", "cancelled"]

RATING_QUESTION = "How anxious do you feel right now?"
RATING_HINT = "0 = not at all, 10 = the most anxious you can imagine"
RATING_RANGE = (0, 10)
START_DELAY_RANGE = (0, 30)


def validate_rating(value: object) -> int:
    """A 0–10 whole number (an int, or text such as "7"). Raises EbbtideError otherwise."""
    low, high = RATING_RANGE
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not low <= number <= high:
        raise EbbtideError(f"a rating is a whole number from {low} to {high}")
    return number


E_co = TypeVar("E_co", covariant=True)
E = TypeVar("E")


class FlowRun(Protocol[E_co]):
    """What the stages need from a run: `pacer.PacerRun`, `GuideRun` and `TimerRun` fit."""

    @property
    def finished(self) -> bool: ...

    @property
    def paused(self) -> bool: ...

    def start(self) -> None: ...

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    def toggle_pause(self) -> None: ...

    def poll(self) -> Sequence[E_co]: ...


class TimedSession(FlowRun[E_co], Protocol[E_co]):
    """A run that ends itself and gives its record: `GuideRun` and `TimerRun` fit."""

    def stop(self, log: PracticeLog | None = None) -> PracticeRecord: ...


class StagedSession(Generic[E]):
    """The state machine above; subclasses say how the run ends (`_end_run`)."""

    def __init__(
        self,
        run: FlowRun[E],
        *,
        start_delay: float = 0.0,
        ask_ratings: bool = True,
        clock: Clock = SYSTEM_CLOCK,
        log: PracticeLog | None = None,
    ) -> None:
        low, high = START_DELAY_RANGE
        if not low <= start_delay <= high:
            raise ValueError(f"start delay must be between {low} and {high} seconds")
        self.run = run
        self.clock = clock
        self.log = log
        self.start_delay = float(start_delay)
        self.ask_ratings = ask_ratings
        self.anxiety_before: int | None = None
        self.anxiety_after: int | None = None
        self.save_error: str | None = None
        self._stage: Stage = "rating_before"
        self._countdown_started: float | None = None
        self._after_answered = False
        self._record: PracticeRecord | None = None
        self._written: PracticeRecord | None = None  # what the log holds, once it does
        if not ask_ratings:
            self._leave_rating_before()

    # --- what to draw ------------------------------------------------------------------

    @property
    def stage(self) -> Stage:
        return self._stage

    @property
    def paused(self) -> bool:
        return self._stage == "running" and self.run.paused

    @property
    def awaiting_after_rating(self) -> bool:
        return self._stage == "summary" and self.ask_ratings and not self._after_answered

    @property
    def saved(self) -> bool:
        """True when the log holds this session as it is now (ratings included)."""
        record = self.record()
        return record is not None and record == self._written

    def countdown_left(self) -> float:
        """Seconds before the run starts (0 outside the countdown)."""
        if self._stage != "countdown" or self._countdown_started is None:
            return 0.0
        return max(0.0, self.start_delay - (self.clock.now() - self._countdown_started))

    def record(self) -> PracticeRecord | None:
        """The session's record from the summary on (ratings as given so far), else None."""
        if self._record is None:
            return None
        return replace(self._record, anxiety_before=self.anxiety_before,
                       anxiety_after=self.anxiety_after)

    # --- per frame ---------------------------------------------------------------------

    def poll(self) -> list[E]:
        if self._stage == "countdown" and self.countdown_left() <= 0:
            self._begin_running()
        if self._stage != "running":
            return []
        events = list(self.run.poll())
        if self.run.finished:
            self._to_summary()
        return events

    # --- user actions ------------------------------------------------------------------

    def rate_before(self, value: object) -> None:
        self._require("rating_before")
        self.anxiety_before = validate_rating(value)
        self._leave_rating_before()

    def skip_rating_before(self) -> None:
        self._require("rating_before")
        self._leave_rating_before()

    def skip_countdown(self) -> None:
        if self._stage == "countdown":
            self._begin_running()

    def restart_countdown(self) -> None:
        """Count down from the start again (the countdown was out of sight for a while)."""
        if self._stage == "countdown":
            self._countdown_started = self.clock.now()

    def pause(self) -> None:
        if self._stage == "running":
            self.run.pause()

    def resume(self) -> None:
        if self._stage == "running":
            self.run.resume()

    def toggle_pause(self) -> None:
        if self._stage == "running":
            self.run.toggle_pause()

    def stop(self) -> None:
        """End now (`s`, or Esc once confirmed): the summary, partial unless time was already
        up. Before the run started there is nothing to summarise: the session is cancelled."""
        if self._stage in ("rating_before", "countdown"):
            self._stage = "cancelled"
        elif self._stage == "running":
            self._to_summary()

    skip_to_summary = stop

    def end(self) -> bool:
        """The session is over, whatever the reason (the app is closing, a signal): stop the
        run if it is still going and make sure the log holds its record. True when saved;
        False when nothing was practised (cancelled) or the log failed (`save_error`)."""
        self.stop()
        return self.save()

    def rate_after(self, value: object) -> None:
        self._require("summary")
        self.anxiety_after = validate_rating(value)
        self._after_answered = True
        self.save()

    def skip_rating_after(self) -> None:
        self._require("summary")
        self._after_answered = True
        self.save()

    def save(self) -> bool:
        """Bring the log up to date: add the record the first time, update it (same uid)
        when a rating changed it since. True when the log holds it as it is now. A log
        error is kept in `save_error` (one line) instead of being raised; the record stays
        here, so the next `save()` tries again."""
        record = self.record()
        if record is None or self.log is None:
            return False
        if record == self._written:
            return True
        try:
            if self._written is None:
                self.log.add_practice(record)
            else:
                self.log.update_practice(record)
        except EbbtideError as exc:
            self.save_error = str(exc)
            return False
        self._written = record
        self.save_error = None
        return True

    # --- internals ---------------------------------------------------------------------

    def _end_run(self) -> PracticeRecord:
        """End the run now (a no-op when it already finished) and give its record."""
        raise NotImplementedError

    def _require(self, stage: Stage) -> None:
        if self._stage != stage:
            raise RuntimeError(f"not possible in stage {self._stage!r} (needs {stage!r})")

    def _leave_rating_before(self) -> None:
        if self.start_delay > 0:
            self._stage = "countdown"
            self._countdown_started = self.clock.now()
        else:
            self._begin_running()

    def _begin_running(self) -> None:
        self._stage = "running"
        self.run.start()

    def _to_summary(self) -> None:
        self._record = replace(self._end_run(), uid=new_uid())
        self._stage = "summary"
        if not self.ask_ratings:
            self._after_answered = True
        self.save()  # at once: a session is kept however the app is left after this


class SessionFlow(StagedSession[E]):
    """The stages around a guided meditation (`GuideRun`) or a bell timer (`TimerRun`)."""

    run: TimedSession[E]

    def __init__(
        self,
        run: TimedSession[E],
        *,
        start_delay: float = 0.0,
        ask_ratings: bool = True,
        clock: Clock = SYSTEM_CLOCK,
        log: PracticeLog | None = None,
    ) -> None:
        super().__init__(run, start_delay=start_delay, ask_ratings=ask_ratings, clock=clock,
                         log=log)

    def _end_run(self) -> PracticeRecord:
        return self.run.stop()
