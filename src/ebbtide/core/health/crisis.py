"""Crisis resources: the one source of truth for every place that shows them (the crisis
screen, the PHQ-9 item-9 answer, a "suicidal thoughts" side effect, safety notes, the
report). Numbers match the reader's depression article (content/reader/depression-mood.md):
local emergency number; US 988 (call or text); UK and Ireland Samaritans 116 123;
findahelpline.com for other countries; and contact a clinician today."""

from __future__ import annotations

CRISIS_HEADLINE = ("If you are thinking about suicide or self-harm, or feel unsafe, you "
                   "deserve help right now.")

CRISIS_LINES: tuple[tuple[str, str], ...] = (
    ("If you are in immediate danger, call your local emergency number now.",
     "For example 911 in the US and Canada, 999 in the UK, 112 across the EU (including "
     "Ireland), or go to the nearest emergency department."),
    ("US: 988 Suicide & Crisis Lifeline",
     "Call or text 988, free, any time, day or night."),
    ("UK and Ireland: Samaritans",
     "Call 116 123, free, any time, day or night."),
    ("Other countries",
     "findahelpline.com lists free, confidential helplines by country."),
    ("Today",
     "Contact a clinician today (your prescriber, GP or another clinician) and tell them "
     "how you feel. If you can, tell someone you trust and ask them to stay with you."),
)
"""(heading, detail) for each resource, in the order shown."""

CRISIS_ACTION = "action:crisis"  # the reader link that opens the crisis screen
