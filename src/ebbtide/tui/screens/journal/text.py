"""How journal records read on screen: a line per day or entry, an entry in full, the
side-effect counts, and the filters in words.

Everything a person typed goes through safe_text, so it is shown inert (never parsed as
markup; control characters visible as escapes) and shortened in lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text

from ebbtide.core.content.titles import practice_title
from ebbtide.core.durations import duration_text
from ebbtide.core.journal.models import (
    CheckIn,
    DaySummary,
    Dose,
    Practice,
    Record,
    SideEffect,
    SideEffectCount,
)
from ebbtide.core.text import plural
from ebbtide.tui.widgets.safe_text import DETAIL_CHARS, multi_line, one_line

KIND_NAMES: dict[str, str] = {"checkin": "check-in", "dose": "dose",
                              "side_effect": "side effect", "practice": "practice",
                              "medication": "medicine"}
PRACTICE_NAMES = {"breathe": "breathing", "meditate": "meditation", "timer": "timer"}


def number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}".removesuffix(".0")


def day_line(s: DaySummary) -> Text:
    """One line of the history list."""
    t = Text(no_wrap=True, overflow="ellipsis")
    t.append(f"{s.local_date:%a %d %b %Y}", style="bold")
    if s.checkins:
        t.append(f"  mood {number(s.mood_mean)}  anxiety {number(s.anxiety_mean)}")
    else:
        t.append("  no check-in", style="dim")
    for name, mg in s.mg_by_medication.items():
        t.append("  ")
        t.append(one_line(name, 20))
        t.append(f" {mg:g} mg")
    if s.doses_taken and not s.mg_by_medication:
        t.append(f"  {plural(s.doses_taken, 'dose')}")
    if s.doses_skipped:
        t.append(f"  {s.doses_skipped} skipped", style="italic")
    if s.side_effects:
        t.append("  ")
        t.append(", ".join(f"{one_line(name, 24)} ({severity})"
                           for name, severity in s.side_effects.items()), style="bold")
    if s.practices:
        t.append(f"  {s.practice_minutes:.0f} min practice", style="dim")
    if s.tags:
        t.append("  " + " ".join("#" + one_line(tag, 20) for tag in s.tags), style="dim")
    if s.flagged_for_doctor:
        t.append("  ⚑ for my doctor", style="bold")
    return t


def entry_line(record: Record, *, with_date: bool = False) -> Text:
    """One line for an entry on a day (or in the trash, with its date)."""
    t = Text(no_wrap=True, overflow="ellipsis")
    at = getattr(record, "at", None)
    if at is not None:
        t.append(f"{at:%Y-%m-%d %H:%M}" if with_date else f"{at:%H:%M}", style="bold")
        t.append("  ")
    t.append(KIND_NAMES.get(record.kind, record.kind), style="dim")
    t.append("  ")
    if isinstance(record, CheckIn):
        t.append(f"mood {record.mood} · anxiety {record.anxiety}")
        if record.sleep_hours is not None:
            t.append(f" · slept {record.sleep_hours:g} h")
        if record.energy is not None:
            t.append(f" · energy {record.energy}")
        if record.tags:
            t.append("  " + " ".join("#" + one_line(tag, 20) for tag in record.tags),
                     style="dim")
        if record.flagged_for_doctor:
            t.append("  ⚑")
        if record.note:
            t.append("  ")
            t.append(one_line(record.note, 50), style="italic")
    elif isinstance(record, Dose):
        t.append(one_line(record.medication, 30))
        if record.amount_mg is not None:
            t.append(f" {record.amount_mg:g} mg")
        t.append(f" {record.status}")
    elif isinstance(record, SideEffect):
        t.append(one_line(record.name, 40))
        t.append(f" ({record.severity})")
    elif isinstance(record, Practice):
        t.append(f"{one_line(practice_title(record.practice_kind, record.content_id), 30)} · "
                 f"{duration_text(record.actual_seconds)}")
        if record.anxiety_before is not None and record.anxiety_after is not None:
            t.append(f", anxiety {record.anxiety_before}→{record.anxiety_after}")
    else:
        t.append(one_line(getattr(record, "name", ""), 40))
    return t


def entry_detail(record: Record, *, full: bool = False) -> Text:
    """Everything about one entry; the note in full when `full`, else its first
    DETAIL_CHARS characters (a huge note takes seconds to lay out)."""
    t = Text()
    at = getattr(record, "at", None)
    t.append(KIND_NAMES.get(record.kind, record.kind).capitalize(), style="bold")
    if at is not None:
        offset = at.strftime("%z")
        t.append(f" at {at:%H:%M on %A %-d %B %Y} (UTC{offset[:3]}:{offset[3:]})")
    t.append("\n")
    rows: list[tuple[str, str]] = []
    note = ""
    if isinstance(record, CheckIn):
        rows += [("Mood", f"{record.mood} of 10"), ("Anxiety", f"{record.anxiety} of 10")]
        if record.sleep_hours is not None:
            rows.append(("Sleep", f"{record.sleep_hours:g} hours"))
        if record.sleep_quality is not None:
            rows.append(("Sleep quality", f"{record.sleep_quality} of 5"))
        if record.energy is not None:
            rows.append(("Energy", f"{record.energy} of 10"))
        if record.tags:
            rows.append(("Tags", ", ".join(one_line(tag, 200) for tag in record.tags)))
        if record.flagged_for_doctor:
            rows.append(("Flagged", "for my doctor"))
        note = record.note
    elif isinstance(record, Dose):
        rows += [("Medicine", one_line(record.medication, 200)), ("Status", record.status)]
        if record.amount_mg is not None:
            rows.append(("Amount", f"{record.amount_mg:g} mg"))
        if record.scheduled_time:
            rows.append(("Scheduled", record.scheduled_time))
        note = record.note
    elif isinstance(record, SideEffect):
        rows += [("Side effect", one_line(record.name, 200)), ("Severity", record.severity)]
        note = record.note
    elif isinstance(record, Practice):
        title = practice_title(record.practice_kind, record.content_id)
        kind = PRACTICE_NAMES.get(record.practice_kind, record.practice_kind)
        rows.append(("Practice", one_line(title, 200)))
        if kind.lower() not in title.lower():
            rows.append(("Kind", kind))
        rows += [("Length", f"{duration_text(record.actual_seconds)} of "
                            f"{duration_text(record.planned_seconds)}")]
        if record.anxiety_before is not None:
            rows.append(("Anxiety before", str(record.anxiety_before)))
        if record.anxiety_after is not None:
            rows.append(("Anxiety after", str(record.anxiety_after)))
    for label, value in rows:
        t.append(f"{label}: ", style="dim")
        t.append(value)
        t.append("\n")
    if note:
        t.append("Note:\n", style="dim")
        t.append(multi_line(note, None if full else DETAIL_CHARS))
    return t


def effect_counts(counts: list[SideEffectCount]) -> Text:
    t = Text()
    t.append("Side effects in these days", style="bold")
    if not counts:
        t.append("  none logged", style="dim")
        return t
    for c in counts:
        t.append("\n  ")
        t.append(one_line(c.name, 40))
        t.append(f"  {c.total}×", style="bold")
        detail = ", ".join(f"{n} {label}" for n, label in ((c.mild, "mild"),
                                                          (c.moderate, "moderate"),
                                                          (c.severe, "severe")) if n)
        t.append(f" ({detail})", style="dim")
        if c.urgent:
            t.append("  needs medical help at once", style="bold reverse")
    return t


@dataclass(frozen=True)
class Filters:
    start: date | None = None
    end: date | None = None
    tag: str | None = None
    side_effect: str | None = None
    medication: str | None = None

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.start, self.end, self.tag, self.side_effect,
                                           self.medication))

    def describe(self) -> Text:
        if not self.active:
            return Text("All days · f filters", style="dim")
        t = Text("Showing: ")
        parts: list[str] = []
        if self.start or self.end:
            parts.append(f"{self.start or 'start'} to {self.end or 'today'}")
        if self.tag is not None:
            parts.append("tag #" + one_line(self.tag, 30))
        if self.side_effect is not None:
            parts.append("side effect " + one_line(self.side_effect, 30))
        if self.medication is not None:
            parts.append("doses of " + one_line(self.medication, 30))
        t.append(" · ".join(parts), style="bold")
        t.append("  (f change · a all days)", style="dim")
        return t
