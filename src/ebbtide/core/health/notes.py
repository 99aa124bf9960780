"""What a safety note is (core.health.safety runs the rules) and what the rules share:
the note and rule types, the windows they look at, day wording and sources."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from ebbtide.core.health.insights import Snapshot

NoteSeverity = Literal["info", "caution", "urgent"]
SEVERITY_ORDER: dict[NoteSeverity, int] = {"urgent": 0, "caution": 1, "info": 2}

HISTORY_DAYS = 60  # how far back the rules look (episodes, patterns, open crisis notes)
RECENT_DAYS = 3  # day-based notes look at today and the 2 days before
SCHEDULE_GRACE = timedelta(hours=2)  # today's last scheduled time counts this long after

LABEL = "US prescribing information for baclofen (DailyMed)"
LABEL_WITHDRAWAL = ("US prescribing information for baclofen, warnings on abrupt "
                    "discontinuation (DailyMed)")
LABEL_INTERACTIONS = ("US prescribing information for baclofen, drug interactions: CNS "
                      "depressants and alcohol (DailyMed)")

WITHDRAWAL_FACTS = (
    "Stopping baclofen or cutting it sharply can cause withdrawal, which can begin within "
    "about a day: spasms and stiffness coming back, itching, anxiety, trouble sleeping, a "
    "fast heartbeat. Get urgent medical help (your local emergency number) for "
    "hallucinations, confusion, seizures, a high fever, or muscle stiffness or spasms that "
    "suddenly get worse. Stopping or lowering baclofen should be planned with your "
    "prescriber; do not change it on your own.")
WITHDRAWAL_SUMMARY = "possible withdrawal risk (sudden stop or large cut)"


@dataclass(frozen=True)
class SafetyNote:
    rule: str
    key: str  # the occurrence: a date, a record uid, an episode start
    severity: NoteSeverity
    title: str
    message: str  # ends with the source; always points to the prescriber or a clinician
    article: str  # a reader link, e.g. "article:withdrawal"
    day: date  # the local day the note is about
    crisis: bool = False  # show the crisis resources (core.health.crisis) with it, at once
    summary: str = ""  # one neutral line for the clinician report (no "you", no "today")
    source: str = ""
    total_mg: float | None = None  # daily-total notes: the total that raised it

    @property
    def id(self) -> str:
        return f"{self.rule}:{self.key}"


def note(rule: str, key: str, severity: NoteSeverity, title: str, message: str,
         article: str, day: date, *, source: str, summary: str = "", crisis: bool = False,
         total_mg: float | None = None) -> SafetyNote:
    """A note whose message ends by naming its source."""
    return SafetyNote(rule, key, severity, title, f"{message} (Source: {source}.)", article,
                      day, crisis=crisis, summary=summary, source=source, total_mg=total_mg)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: NoteSeverity
    article: str
    check: Callable[[Snapshot, datetime], list[SafetyNote]]
    trigger: str = ""  # one line for the rule table
    source: str = ""


def day_text(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def when(day: date, today: date) -> str:
    if day == today:
        return "today"
    if day == today - timedelta(days=1):
        return "yesterday"
    return f"on {day_text(day)}"


def fmt_mg(mg: float) -> str:
    return f"{mg:g}"


def episode_start(holds: Callable[[date], bool], today: date) -> date:
    """The first day of the unbroken run of days (ending today) on which `holds` is true."""
    start = today
    for _ in range(HISTORY_DAYS):
        previous = start - timedelta(days=1)
        if not holds(previous):
            break
        start = previous
    return start


def recent(day: date, today: date, days: int = RECENT_DAYS) -> bool:
    return today - timedelta(days=days - 1) <= day <= today
