"""The report's medication watch: the crisis lines for the person's region (Markdown and
HTML), and a higher dose the person said was prescribed, with the day they said so."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from ebbtide.core.health.insights import load_snapshot
from ebbtide.core.health.safety import current_notes, higher_dose_ack_id
from ebbtide.core.journal.store import Journal
from ebbtide.core.report.html import render_html
from ebbtide.core.report.markdown import render_markdown
from ebbtide.core.report.model import build_report

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 6, 30, 12, 0, tzinfo=TZ)
START, END = date(2026, 6, 1), date(2026, 6, 30)


def test_crisis_lines_follow_the_region_and_the_acknowledged_dose_is_listed(
        tmp_path: Path) -> None:
    j = Journal(tmp_path / "j.sqlite3", clock=lambda: NOW)
    med = j.add_medication("Baclofen", dose_mg=50)
    for hours in (1, 2):
        j.add_dose(med.id, amount_mg=50, at=NOW - timedelta(hours=hours))
    j.add_checkin(mood=2, anxiety=8, note="I want to kill myself", at=NOW - timedelta(hours=3))
    (above,) = [n for n in current_notes(j, NOW) if n.rule == "above-label-max"]
    j.dismiss_note(higher_dose_ack_id(above))
    snap = load_snapshot(j, START - timedelta(days=60), END)
    report = build_report(snap, START, END, NOW, region="uk", note_states=j.note_states())
    md, page = render_markdown(report), render_html(report)
    for text in (md, page):
        assert "United Kingdom: NHS 111" in text and "call 999 now" in text
        assert "988" not in text
        assert "Daily total above the label maximum" in text  # still listed
        assert ("The person said their prescriber set a daily total of up to 100 mg of oral "
                "baclofen, said on Tue 30 Jun 2026.") in text
    assert "Daily total above the label maximum: Tue 30 Jun." in md
    unset = render_markdown(build_report(snap, START, END, NOW))
    assert "your local emergency number" in unset and "988" in unset
    assert "said on" not in unset  # no note states given: no acknowledgement claimed
