"""The clinician report's "Plan from the prescriber" table: present only when a plan was
entered, each step with its dates and how many logged days matched it, text escaped."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from ebbtide.core.health.insights import load_snapshot
from ebbtide.core.journal.store import Journal
from ebbtide.core.report.html import render_html
from ebbtide.core.report.markdown import render_markdown
from ebbtide.core.report.model import build_report
from tests.core.test_report import END, NOW, START, fill_history


def _report(tmp_path: Path, with_plan: bool) -> tuple[str, str]:
    with Journal(tmp_path / "j.sqlite3", clock=lambda: NOW) as j:
        fill_history(j)
        if with_plan:
            med = j.medications()[0]
            plan = j.add_plan(med.id, title="letter")
            j.add_plan_step(plan.id, date(2026, 4, 1), 30, per_dose="10 mg <b>x3</b>")
            j.add_plan_step(plan.id, date(2026, 5, 2), 0, note="stop | then review")
        report = build_report(load_snapshot(j, START - timedelta(days=60), END), START, END,
                              NOW)
    return render_markdown(report), render_html(report)


def test_plan_table_shows_each_step_with_dates_and_the_log(tmp_path: Path) -> None:
    text, page = _report(tmp_path, with_plan=True)
    section = text.split("## Plan from the prescriber\n\n", 1)[1].split("\n\n", 1)[0]
    assert section.splitlines()[2:] == [
        r"| baclofen | Wed 1 Apr 2026 | Fri 1 May 2026 | 30 mg | 10 mg \<b\>x3\</b\> | – | "
        "5 of 11 days with a logged total |",
        r"| baclofen | Sat 2 May 2026 | – | 0 mg (stop) | – | stop \| then review | "
        "nothing logged |"]
    assert "Ebbtide never sets or suggests a dose" in text
    assert text.index("## Plan from the prescriber") < text.index("## Mood and anxiety")
    assert "<h2>Plan from the prescriber</h2>" in page
    assert "10 mg &lt;b&gt;x3&lt;/b&gt;" in page and "<b>x3" not in page
    # the stop on 2 May was planned: no sudden-stop note for it
    assert "stopped or missed" not in text
    assert "logged doses differ from your plan" in text


def test_no_plan_no_section(tmp_path: Path) -> None:
    text, page = _report(tmp_path, with_plan=False)
    assert "Plan from the prescriber" not in text and "Plan from the prescriber" not in page
