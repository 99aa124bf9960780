"""What `ebbtide status` prints: one short line (or JSON) from a journal glance and a given
`now`. Pure: no files, no clock of its own."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.glance import DoseSlot, Glance
from ebbtide.core.text import inert

# Named fields for `--format`, with what each holds (shown by `ebbtide status --help`).
FIELDS: dict[str, str] = {
    "dose": "next dose not yet logged today, e.g. 'baclofen 20:00' ('' when none)",
    "dose_time": "its time, e.g. '20:00'",
    "dose_name": "its medication",
    "dose_due": "'due' when its time has come, else ''",
    "checkin": "'pending' when there is no check-in today, else 'done'",
    "minutes": "minutes practised this week (Monday to now)",
}
UNAVAILABLE = "journal unavailable"
NAME_LIMIT = 24


def next_dose(glance: Glance, now: datetime) -> tuple[DoseSlot | None, bool]:
    """The earliest dose still open today, and whether its time has come."""
    if not glance.open_doses:
        return None, False
    slot = glance.open_doses[0]
    return slot, slot.time <= now.strftime("%H:%M")


def status_fields(glance: Glance | None, now: datetime) -> dict[str, str]:
    """Every named field as text; all empty when there is no journal yet."""
    if glance is None:
        return dict.fromkeys(FIELDS, "")
    slot, due = next_dose(glance, now)
    name = inert(slot.medication, NAME_LIMIT) if slot else ""
    return {
        "dose": f"{name} {slot.time}" if slot else "",
        "dose_time": slot.time if slot else "",
        "dose_name": name,
        "dose_due": "due" if due else "",
        "checkin": "done" if glance.checked_in_today else "pending",
        "minutes": str(round(glance.practice_seconds_this_week / 60)),
    }


def default_line(glance: Glance | None, now: datetime) -> str:
    """'baclofen 20:00 due · check-in pending · 25 min this week'; '' with no journal."""
    if glance is None:
        return ""
    fields = status_fields(glance, now)
    parts = []
    if fields["dose"]:
        parts.append(fields["dose"] + (" due" if fields["dose_due"] else ""))
    if fields["checkin"] == "pending":
        parts.append("check-in pending")
    parts.append(f"{fields['minutes']} min this week")
    return " · ".join(parts)


def check_format(template: str) -> None:
    """Raise EbbtideError unless `template` uses only the named fields, plainly."""
    import string

    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise EbbtideError(f"--format: {exc} (write {{{{ and }}}} for literal braces)") from exc
    known = ", ".join(FIELDS)
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in FIELDS:
            shown = inert(field, 30) or "{}"
            raise EbbtideError(f"--format: unknown field '{shown}'. Fields: {known}")
        if conversion or (spec and "{" in spec):
            raise EbbtideError(f"--format: write fields plainly, like {{{field}}}")


def render(template: str, glance: Glance | None, now: datetime) -> str:
    check_format(template)
    try:
        return template.format_map(status_fields(glance, now))
    except ValueError as exc:
        raise EbbtideError(f"--format: {exc}") from exc


def status_data(glance: Glance | None, now: datetime) -> dict[str, Any]:
    """The `--json` shape. Names are the medication names as stored (JSON escapes them)."""
    if glance is None:
        return {"available": False, "reason": "no journal yet"}
    slot, due = next_dose(glance, now)
    return {
        "available": True,
        "next_dose": ({"medication": slot.medication, "time": slot.time, "due": due}
                      if slot else None),
        "open_doses": [{"medication": s.medication, "time": s.time}
                       for s in glance.open_doses],
        "checkin_pending": not glance.checked_in_today,
        "minutes_this_week": round(glance.practice_seconds_this_week / 60),
    }


def unavailable_data() -> dict[str, Any]:
    return {"available": False, "reason": UNAVAILABLE}
