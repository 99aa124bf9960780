"""The PDF report: one or two pages for 30 and 90 days on A4 and Letter, the HTML report's
sections, accented and Cyrillic names and notes printed (read back with pypdf), typed text
inert (escapes, "{nb}", markup), a clear mark for characters the font lacks, medication
changes and score changes, and the 'since the last report' section."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from benchmarks.report_pdf import ACCENTED_MED, ACCENTED_NOTE, NOW, diary_report
from ebbtide.core.health.insights import load_snapshot
from ebbtide.core.journal.models import DoseInput
from ebbtide.core.journal.store import Journal
from ebbtide.core.report.changes import medication_changes
from ebbtide.core.report.model import Report, build_report
from ebbtide.core.report.pdf import MISSING_GLYPH, render_pdf
from ebbtide.core.report.render import render_file
from ebbtide.core.report.since import (
    STATE_KEY,
    SavedReport,
    earlier_report,
    remember_saved,
    saved_record,
)
from ebbtide.core.state import AppState

SECTIONS = ("Ebbtide report: mood, anxiety and medication diary", "Self-reported data.",
            "Medications and logged doses", "Mood and anxiety", "Side effects by week",
            "Self-checks (PHQ-9, GAD-7)", "Breathing and meditation",
            "Safety notes raised in this period", "Notes flagged for the doctor",
            "Prepared with Ebbtide.")


def read(data: bytes) -> tuple[int, str, list[tuple[float, float]]]:
    """Page count, the text of every page (whitespace runs made one space), page sizes."""
    pdf = PdfReader(BytesIO(data))
    text = " ".join(page.extract_text() for page in pdf.pages)
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in pdf.pages]
    return len(pdf.pages), re.sub(r"\s+", " ", text), sizes


@pytest.fixture(scope="module")
def report90() -> Report:
    return diary_report(90, name="Zoë Dupont-Łukasiewicz")


@pytest.mark.parametrize(("days", "paper", "size"), [(30, "a4", (595.3, 841.9)),
                                                     (90, "a4", (595.3, 841.9)),
                                                     (90, "letter", (612.0, 792.0))])
def test_one_or_two_pages_with_every_section(days: int, paper: str,
                                             size: tuple[float, float]) -> None:
    pages, text, sizes = read(render_pdf(diary_report(days), paper))
    assert 1 <= pages <= 2
    assert all(w == pytest.approx(size[0], abs=0.2) and h == pytest.approx(size[1], abs=0.2)
               for w, h in sizes)
    for section in SECTIONS:
        assert section in text, section
    assert f"({days} days)" in text


def test_accented_and_cyrillic_names_and_notes_print(report90: Report) -> None:
    _pages, text, _sizes = read(render_pdf(report90))
    assert "Zoë Dupont-Łukasiewicz" in text
    assert ACCENTED_MED in text
    assert f"“{ACCENTED_NOTE}”" in text
    assert MISSING_GLYPH not in text


def test_medication_changes_and_score_changes_are_shown(report90: Report) -> None:
    _pages, text, _sizes = read(render_pdf(report90))
    assert "Medication changes (numbered dashed lines):" in text
    assert "baclofen 10 → 7.5 mg per dose" in text and "baclofen 7.5 → 5 mg per dose" in text
    assert "Change since the previous" in text
    assert re.search(r"[+−]\d+ since \w{3} \d+ \w{3}", text)
    assert "first recorded" in text


def test_medication_changes_rule(tmp_path: Path) -> None:
    zone = NOW.tzinfo
    j = Journal(tmp_path / "j.sqlite3", clock=lambda: NOW - timedelta(days=30))
    med = j.add_medication("baclofen", dose_mg=10)
    start = NOW.date() - timedelta(days=9)
    for i, amounts in enumerate(([10, 10], [10, 10], [5, 10, 10], [5, 5, 10], [5, 5])):
        day = start + timedelta(days=2 * i)
        for hour, amount in enumerate(amounts, start=8):
            j.add_dose(med.id, amount_mg=amount,
                       at=datetime(day.year, day.month, day.day, hour, tzinfo=zone))
    snap = load_snapshot(j, start - timedelta(days=60), NOW.date())
    found = medication_changes(snap, start, NOW.date(), zone)
    assert [(c.day - start).days for c in found] == [6]  # the most common amount changes
    assert found[0].what == "10 → 5 mg per dose"


def test_typed_text_is_printed_verbatim_but_inert(tmp_path: Path) -> None:
    hostile = ("**bold** <b>x</b> {nb} \x1b[31mred\x1b[0m \u202eevil\x00 "
               "line one\r\nline two")
    j = Journal(tmp_path / "j.sqlite3", clock=lambda: NOW)
    med = j.add_medication("{nb} **med**", times=["08:00"])
    j.add_checkin(mood=4, anxiety=6, at=NOW - timedelta(hours=2), note=hostile,
                  tags=["{nb}"], flagged_for_doctor=True,
                  doses=[DoseInput(med.id, 10.0)])
    snap = load_snapshot(j, NOW.date() - timedelta(days=90), NOW.date())
    report = build_report(snap, NOW.date() - timedelta(days=6), NOW.date(), NOW,
                          name="<i>{nb}</i>")
    data = render_pdf(report)
    _pages, text, _sizes = read(data)
    assert "**bold** <b>x</b> {nb} \\x1b[31mred\\x1b[0m \\u202eevil\\x00 line one line two" \
        in text
    assert "{nb} **med**" in text and "Name: <i>{nb}</i>" in text
    assert "Tags: {nb}." in text
    assert not any(ch in text for ch in "\x1b\x00\u202e")
    assert b"/JavaScript" not in data and b"/URI" not in data  # nothing acts on opening


def test_a_character_the_font_lacks_prints_as_a_clear_mark(report90: Report) -> None:
    report = replace(report90, name="王秀英 Wang")
    _pages, text, _sizes = read(render_pdf(report))
    assert f"Name: {MISSING_GLYPH * 3} Wang" in text
    assert "3 character(s) that the embedded font (DejaVu Sans) cannot print" in text


def test_many_long_flagged_notes_still_fit_two_pages(report90: Report) -> None:
    many = tuple(replace(report90.flagged[0], id=1000 + i, note="A long worry. " * 60)
                 for i in range(80))
    pages, text, _sizes = read(render_pdf(replace(report90, flagged=many)))
    assert pages <= 2
    assert re.search(r"… and \d+ more flagged notes \(all are in the HTML report\)", text)


def test_bad_paper_is_a_clear_error(report90: Report) -> None:
    from ebbtide.core.errors import EbbtideError

    with pytest.raises(EbbtideError, match="paper must be one of a4, letter"):
        render_pdf(report90, "a5")


def test_since_the_last_report(tmp_path: Path, report90: Report) -> None:
    assert "Since the last report" not in read(render_pdf(report90))[1]
    state = AppState(tmp_path / "state.json")
    earlier_day = NOW - timedelta(days=30)
    remember_saved(state, SavedReport(earlier_day, date(2026, 9, 23), earlier_day.date(),
                                      "pdf", 40, 4.5, 6.0, {"phq9": 12}))
    remember_saved(state, saved_record(report90, "html", NOW))  # today: same appointment
    earlier = earlier_report(AppState.load(state.path), NOW.date())
    assert earlier is not None and earlier.checkins == 40
    _pages, text, _sizes = read(render_file(report90, "pdf", earlier=earlier))
    assert "Since the last report" in text
    assert "The last report was saved Thu 22 Oct 2026 at 18:30" in text
    assert re.search(r"Check-ins logged 40 115 \d+ on later days", text)
    assert "Mood mean (1–10, higher is better) 4.5" in text
    assert re.search(r"PHQ-9, latest score 12 \(moderate\) \d+ \(\w+\) [+−]\d+", text)


def test_saved_report_records_survive_bad_state(tmp_path: Path, report90: Report) -> None:
    state = AppState(tmp_path / "state.json", {STATE_KEY: ["junk", {"saved_at": "x"}, 3]})
    assert earlier_report(state, NOW.date()) is None
    for i in range(12):
        remember_saved(state, saved_record(report90, "pdf", NOW - timedelta(days=20 - i)))
    kept = state.get(STATE_KEY)
    assert len(kept) == 10 and all(isinstance(entry, dict) for entry in kept)
    found = earlier_report(state, NOW.date())
    assert found is not None and found.saved_at == NOW - timedelta(days=9)
    assert state.get("other", "unchanged") == "unchanged"


def test_without_fpdf2_asking_for_a_pdf_says_how_to_install_it(
        report90: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from ebbtide.core.errors import EbbtideError

    monkeypatch.setitem(sys.modules, "fpdf", None)  # None: importing it fails
    for name in ("ebbtide.core.report.pdf", "ebbtide.core.report.pdf_charts",
                 "ebbtide.core.report.pdf_layout"):
        monkeypatch.delitem(sys.modules, name, raising=False)  # imported again
    with pytest.raises(EbbtideError, match=r"pip install 'ebbtide\[pdf\]'"):
        render_file(report90, "pdf")
    assert render_file(report90, "html").startswith(b"<!DOCTYPE html>")


def test_plan_steps_are_marked_on_the_charts(tmp_path: Path) -> None:
    """A step of the prescriber's plan inside the period gets a numbered mark, listed with
    the daily total the person entered; a step before the period does not."""
    zone = NOW.tzinfo
    start = NOW.date() - timedelta(days=13)
    j = Journal(tmp_path / "j.sqlite3", clock=lambda: NOW - timedelta(days=30))
    med = j.add_medication("baclofen", dose_mg=10)
    plan = j.add_plan(med.id, title="taper")
    j.add_plan_step(plan.id, start - timedelta(days=20), 30)
    j.add_plan_step(plan.id, start + timedelta(days=4), 20)
    for offset in range(14):
        day = start + timedelta(days=offset)
        j.add_dose(med.id, amount_mg=10,
                   at=datetime(day.year, day.month, day.day, 9, tzinfo=zone))
    snap = load_snapshot(j, start - timedelta(days=60), NOW.date())
    _pages, text, _sizes = read(render_pdf(build_report(snap, start, NOW.date(), NOW)))
    step_day = start + timedelta(days=4)
    assert f"{step_day:%a} {step_day.day} {step_day:%b}: baclofen plan step, 20 mg a day" \
        in " ".join(text.split())
    assert "plan step, 30 mg a day" not in text
