"""The clinician report: a golden Markdown file for a fixed history and a fixed clock, the
HTML is self-contained and escapes everything the person typed, and the sections say what a
clinician needs (period, doses and adherence, charts, side effects by week, self-checks,
practices, safety notes, flagged notes, "self-reported")."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebbtide.core.health.insights import load_snapshot
from ebbtide.core.journal.models import DoseInput, SideEffectInput
from ebbtide.core.journal.store import Journal
from ebbtide.core.practice.records import PracticeRecord
from ebbtide.core.report.html import render_html
from ebbtide.core.report.markdown import md, render_markdown, sparkline
from ebbtide.core.report.model import build_report

TZ = timezone(timedelta(hours=2))
NOW = datetime(2026, 5, 4, 12, 0, tzinfo=TZ)
START, END = date(2026, 4, 21), date(2026, 5, 4)
GOLDEN = Path(__file__).parent / "golden" / "report.md"
HOSTILE = ('<script>alert("x")</script> <img src=x onerror=alert(1)> **bold** '
           '[link](https://example.com) & </td></tr> `code` # heading | pipe \x1b[31m')
MOODS = [6, 6, 5, 7, 6, 5, 4, 3, 2, 3, 3, 5, 6]  # 21 Apr .. 3 May


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def fill_history(j: Journal) -> None:
    """Two weeks of a made-up but typical diary, ending with doses stopping on 1 May."""
    bac = j.add_medication("baclofen", strength="10 mg tablet",
                           schedule="three times a day, as my doctor said",
                           times=["08:00", "14:00", "20:00"], dose_mg=10)
    for i, mood in enumerate(MOODS):
        day = START + timedelta(days=i)
        doses: list[DoseInput] = []
        if day <= date(2026, 5, 1):
            amount = 30.0 if day == date(2026, 4, 25) else 10.0
            doses = [DoseInput(bac.id, amount, scheduled_time="08:00")]
        effects = [SideEffectInput("drowsiness", "mild")] if i % 3 == 0 else []
        if day == date(2026, 4, 29):
            effects.append(SideEffectInput("low mood", "moderate"))
        tags = ["alcohol"] if day == date(2026, 4, 26) else []
        j.add_checkin(mood=mood, anxiety=10 - mood, sleep_hours=7.0, tags=tags,
                      at=at(day, 8, 5), doses=doses, side_effects=effects,
                      note=HOSTILE if day == date(2026, 4, 28) else "",
                      flagged_for_doctor=day in (date(2026, 4, 28), date(2026, 4, 30)))
        if day <= date(2026, 5, 1):
            j.add_dose(bac.id, amount_mg=30.0 if day == date(2026, 4, 25) else 10.0,
                       at=at(day, 20, 10))
            if i % 2 == 0:
                j.add_dose(bac.id, amount_mg=30.0 if day == date(2026, 4, 25) else 10.0,
                           at=at(day, 14, 30))
            elif i == 5:
                j.add_dose(bac.id, status="skipped", scheduled_time="14:00",
                           at=at(day, 14, 0))
    j.add_side_effect("nausea", "moderate", at=at(date(2026, 4, 23), 15))
    for i in range(3):
        day = START + timedelta(days=2 * i)
        j.add_practice(PracticeRecord("breathe", "cyclic-sighing", at(day, 19), 300, 300,
                                      True, 7, 4))
    j.add_practice(PracticeRecord("meditate", "body-scan-10", at(date(2026, 4, 27), 21), 600,
                                  420, False, 6, 5))
    j.add_selfcheck("phq9", [1, 1, 1, 1, 0, 1, 1, 0, 0], at=at(date(2026, 4, 22), 9),
                    difficulty=1)
    j.add_selfcheck("gad7", [2, 2, 1, 2, 1, 1, 1], at=at(date(2026, 4, 22), 9, 5))
    j.add_selfcheck("phq9", [2, 2, 2, 1, 1, 2, 1, 1, 1], at=at(date(2026, 5, 3), 9))


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    j = Journal(tmp_path / "journal.sqlite3", clock=lambda: NOW)
    fill_history(j)
    return j


TITLES = {"cyclic-sighing": "Cyclic sighing", "body-scan-10": "Body scan (10 minutes)"}


def _markdown(journal: Journal, name: str | None = None) -> str:
    snap = load_snapshot(journal, START - timedelta(days=60), END)
    return render_markdown(build_report(snap, START, END, NOW, name=name, titles=TITLES))


def _html(journal: Journal, name: str | None = None) -> str:
    snap = load_snapshot(journal, START - timedelta(days=60), END)
    return render_html(build_report(snap, START, END, NOW, name=name, titles=TITLES))


def test_markdown_report_matches_the_golden_file(journal: Journal) -> None:
    text = _markdown(journal)
    if os.environ.get("EBBTIDE_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_report_says_what_a_clinician_needs(journal: Journal) -> None:
    text = _markdown(journal)
    assert "Tue 21 Apr 2026 to Mon 4 May 2026 (14 days)" in text
    assert "**Self-reported data.**" in text
    assert "Name:" not in text  # no name unless one is given
    # adherence against 08:00 / 14:00 / 20:00 with skipped and not-logged counted apart
    assert re.search(r"\d+ of \d+ taken \(\d+%\), 1 skipped, \d+ not logged", text)
    assert "may well have been taken and simply not logged" in text
    assert "PHQ-9 | 13 / 27 | moderate | YES (1)" in text
    assert "GAD-7 | 10 / 21 | moderate" in text
    assert "Pfizer" in text
    assert "Cyclic sighing · breathing | 3 | 15 | 3 | 7.0 | 4.0 | −3.0" in text
    for title in ("Daily total above the label maximum", "Alcohol on a day with baclofen",
                  "Low mood on most days this week", "Low mood logged as a side effect",
                  "Please reach out now", "baclofen stopped or missed"):
        assert title in text, title
    assert "drowsiness: 2 days, worst mild" in text


def test_phq9_how_difficult_reads_in_words_in_every_format(journal: Journal) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    from ebbtide.core.report.cells import DIFFICULTY_MEANING, difficulty_meaning, selfcheck_row
    from ebbtide.core.report.pdf import render_pdf

    first, gad, latest = journal.selfchecks_between()
    assert selfcheck_row(first)[3] == "mild; somewhat difficult"
    assert selfcheck_row(latest)[3] == "moderate"  # not answered: the band alone
    assert selfcheck_row(gad)[3] == "moderate"
    assert difficulty_meaning([gad, latest]) is None
    assert "| 6 / 27 | mild; somewhat difficult | no (0) |" in _markdown(journal)
    page = _html(journal)
    assert "mild; somewhat difficult" in page and DIFFICULTY_MEANING in page
    snap = load_snapshot(journal, START - timedelta(days=60), END)
    pdf = PdfReader(BytesIO(render_pdf(build_report(snap, START, END, NOW, titles=TITLES))))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))
    assert "mild; somewhat difficult" in text and "(not scored)" in text
    journal.delete_selfcheck(first.id)
    assert "closing question" not in _markdown(journal)


def test_a_name_appears_only_when_given_and_escaped(journal: Journal) -> None:
    assert "Name:" not in _html(journal)
    page = _html(journal, name="<b>Sam</b>")
    assert "<li><b>Name:</b> &lt;b&gt;Sam&lt;/b&gt;</li>" in page
    assert r"**Name:** \<b\>Sam\</b\>" in _markdown(journal, name="<b>Sam</b>")


def test_hostile_note_cannot_inject_html(journal: Journal) -> None:
    page = _html(journal)
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;/td&gt;&lt;/tr&gt;" in page
    # only our own tags: no tag names the person typed survive unescaped
    tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", page))
    assert tags <= {"html", "head", "meta", "title", "style", "body", "header", "h1", "ul",
                    "li", "b", "p", "section", "h2", "table", "thead", "tr", "th", "tbody",
                    "td", "i", "svg", "line", "text", "polyline", "circle", "rect", "span",
                    "br", "footer", "div"}
    assert "\x1b" not in page or "\x1b" in HOSTILE  # terminal escapes are harmless in HTML


def test_hostile_note_is_inert_in_markdown(journal: Journal) -> None:
    text = _markdown(journal)
    assert not re.search(r"(?<!\\)<", text)  # every "<" the person typed is escaped
    assert r"\<script\>" in text and r"\*\*bold\*\*" in text and r"\[link\]" in text
    assert "\x1b" not in text and "\\x1b" in text


def test_html_is_self_contained_and_printable(journal: Journal) -> None:
    page = _html(journal)
    assert "<script" not in page and "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page.replace("https://example.com", "")
    assert "@page { size: A4" in page and "@media print" in page
    assert page.count("<svg") == 2  # mood/anxiety + baclofen mg per day
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_empty_period_still_renders(tmp_path: Path) -> None:
    j = Journal(tmp_path / "empty.sqlite3", clock=lambda: NOW)
    snap = load_snapshot(j)
    report = build_report(snap, START, END, NOW)
    text = render_markdown(report)
    assert "No check-ins logged in this period." in text
    assert "No medications or doses logged in this period." in text
    assert "<svg" not in render_html(report)


def test_markdown_escape_and_sparkline() -> None:
    assert md("a*b_c [x](y) <b> | # ! ~ & `") == \
        r"a\*b\_c \[x\](y) \<b\> \| \# \! \~ \& \`"
    assert md("line1\nline2\r\nline3") == "line1 line2  line3"
    assert sparkline([1, None, 10, 5.5], 1, 10) == "▁·█▅"
