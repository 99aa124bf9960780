"""Whether a reminder is still worth sending at `now`, and its words. Pure: the journal
glance and the clock are given.

Silent when: the reminder is off, snoozed, in quiet hours, or no longer relevant (every
dose due by now already logged today, a check-in already made today, a self-check already
taken this week)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ebbtide.core.journal.glance import Glance
from ebbtide.core.reminders.config import ReminderConfig
from ebbtide.core.text import inert

TITLE = "Ebbtide"


@dataclass(frozen=True)
class Decision:
    send: bool
    message: str  # what the notification says, or why it stays silent

    @classmethod
    def silent(cls, why: str) -> Decision:
        return cls(False, why)


def in_quiet_hours(start: str | None, end: str | None, now: datetime) -> bool:
    """[start, end) on the local clock; a span like 22:30–07:30 runs past midnight."""
    if not start or not end:
        return False
    clock = now.strftime("%H:%M")
    if start < end:
        return start <= clock < end
    return clock >= start or clock < end


def snoozed(config: ReminderConfig, now: datetime) -> bool:
    return config.snoozed_until is not None and now < config.snoozed_until


def decide(kind: str, config: ReminderConfig, glance: Glance | None,
           now: datetime) -> Decision:
    """`glance` None: no journal yet (nothing scheduled, nothing logged)."""
    if config.get(kind) is None:
        return Decision.silent(f"the {kind} reminder is off")
    if snoozed(config, now):
        assert config.snoozed_until is not None
        until = config.snoozed_until.astimezone(now.tzinfo).strftime("%H:%M")
        return Decision.silent(f"snoozed until {until}")
    if in_quiet_hours(config.quiet_start, config.quiet_end, now):
        return Decision.silent(f"quiet hours ({config.quiet_start}–{config.quiet_end})")
    if kind == "dose":
        return _dose(glance, now)
    if kind == "checkin":
        if glance is not None and glance.checked_in_today:
            return Decision.silent("already checked in today")
        return Decision(True, "Time for today's check-in: open ebbtide, or `ebbtide log`.")
    if kind == "self-check":
        if glance is not None and glance.selfcheck_this_week:
            return Decision.silent("a self-check was already taken this week")
        return Decision(True, "Your weekly self-check: `ebbtide check phq9` (mood) or "
                              "`ebbtide check gad7` (anxiety), two minutes each.")
    return Decision(True, "Evening wind-down: a few slow breaths before bed "
                          "(`ebbtide breathe`).")


def _dose(glance: Glance | None, now: datetime) -> Decision:
    clock = now.strftime("%H:%M")
    due = [slot for slot in (glance.open_doses if glance else ()) if slot.time <= clock]
    if not due:
        return Decision.silent("no dose due now that is not logged already")
    listed = ", ".join(f"{inert(s.medication, 40)} ({s.time})" for s in due)
    return Decision(True, f"Dose time: {listed}. Once taken, log it in ebbtide.")
