"""The report screen: the period and the preview, saving HTML and Markdown (private files,
hostile text escaped), never replacing a file without asking, and clear messages for bad
dates or a place that cannot be written."""

from __future__ import annotations

import stat
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.widgets import Input, Markdown, Static

from ebbtide.core.errors import InvalidEntry
from ebbtide.core.journal.store import Journal
from ebbtide.launch import StartRoute
from ebbtide.tui.screens.common.confirm import ConfirmScreen
from ebbtide.tui.screens.tools import report as report_screen
from ebbtide.tui.screens.tools.report import ReportScreen, target_path
from tests.conftest import FIXED_NOW, click_again, settle_until, timer_fired

MakeApp = Callable[..., Any]
SIZE = (80, 24)
HOSTILE = "<script>alert('x')</script> [bold]B[/bold] **star**"


def _text(widget: Static) -> str:
    content = widget.render()
    return content.plain if isinstance(content, Text) else str(content)


def _top(app: Any) -> Any:
    return app.screen


def _seed(app: Any) -> None:
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
        med = journal.add_medication("Baclofen", times=["08:00"], dose_mg=10)
        for days_ago in range(1, 8):
            at = FIXED_NOW - timedelta(days=days_ago)
            journal.add_dose(med.id, amount_mg=10, at=at.replace(hour=8),
                             scheduled_time="08:00")
            journal.add_checkin(mood=5, anxiety=4, at=at, note=HOSTILE,
                                flagged_for_doctor=days_ago == 2)
        journal.add_selfcheck("gad7", [2, 2, 2, 2, 2, 2, 3], at=FIXED_NOW - timedelta(days=3))


def _preview_settled(screen: ReportScreen) -> bool:
    """No rebuild of the preview is waiting for the typing to stop, and the preview shown
    is for the period and name in the form (or the form holds an error)."""
    if screen._preview_timer is not None:
        return False
    try:
        return screen.request == screen._read()
    except InvalidEntry:
        return True


async def _settled(pilot: Any, screen: ReportScreen) -> None:
    await settle_until(pilot, lambda: _preview_settled(screen), "the preview is rebuilt")


async def _ready(app: Any, pilot: Any) -> ReportScreen:
    # The inputs' first Changed events schedule one more preview: wait that out too, so
    # it cannot overwrite a status the test is about to read.
    await settle_until(pilot, lambda: isinstance(app.screen, ReportScreen),
                       "the report screen is shown")
    screen = app.screen
    assert isinstance(screen, ReportScreen)
    await _settled(pilot, screen)
    return screen


def _set(screen: ReportScreen, widget_id: str, value: str) -> None:
    screen.query_one(f"#{widget_id}", Input).value = value


async def test_preview_shows_the_last_30_days_by_default(make_app: MakeApp) -> None:
    app = make_app(route=StartRoute("report", {}))
    _seed(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(app, pilot)
        assert app.current_mode == "journal"
        status = _text(screen.query_one("#report-status", Static))
        assert "Fri 23 Oct 2026 to Sat 21 Nov 2026 (30 days)" in status
        preview = screen.query_one("#report-preview", Markdown).source
        assert "Period:** Fri 23 Oct 2026 to Sat 21 Nov 2026" in preview
        assert "Self-reported data" in preview
        assert "GAD-7" in preview
        assert screen.query_one("#report-path", Input).value == \
            "~/ebbtide-report-2026-11-21.html"
        # A shorter period: the preview follows.
        _set(screen, "report-since", "2026-11-15")
        await _settled(pilot, screen)
        assert "(7 days)" in _text(screen.query_one("#report-status", Static))
        assert "Sun 15 Nov 2026" in screen.query_one("#report-preview", Markdown).source


async def test_opening_the_report_builds_the_preview_once(
        make_app: MakeApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fields' first Changed events, as the screen opens, ask for the period already
    being previewed: no second build (nor a second Markdown layout of the same text)."""
    built: list[object] = []
    real_build = report_screen.build

    def counting_build(app: Any, request: Any) -> Any:
        built.append(request)
        return real_build(app, request)

    monkeypatch.setattr(report_screen, "build", counting_build)
    app = make_app(route=StartRoute("report", {}))
    _seed(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(app, pilot)
        await settle_until(pilot, lambda: timer_fired(screen._preview_timer),
                           "the typing delay has passed")
        assert len(built) == 1
        assert "(30 days)" in _text(screen.query_one("#report-status", Static))
        _set(screen, "report-name", "Sam")
        await _settled(pilot, screen)
        assert len(built) == 2 and "Sam" in screen.query_one("#report-preview", Markdown).source


async def test_saves_private_html_with_hostile_text_escaped(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app(route=StartRoute("report", {}))
    _seed(app)
    target = tmp_path / "out" / "for-dr.html"
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(app, pilot)
        _set(screen, "report-name", "<b>Ann</b> & [red]co[/red]")
        _set(screen, "report-path", str(target))
        await pilot.press("ctrl+s")
        await pilot.pause()
        status = _text(screen.query_one("#report-status", Static))
        assert f"to {target}" in status and "Only you can read" in status
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    html = target.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "&lt;b&gt;Ann&lt;/b&gt; &amp; [red]co[/red]" in html
    assert "Fri 23 Oct 2026" in html


async def test_saved_message_outlasts_a_preview_asked_for_just_before(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app(route=StartRoute("report", {}))
    target = tmp_path / "report.html"
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(app, pilot)
        _set(screen, "report-name", "Ann")  # rebuilds the preview PREVIEW_DELAY from now
        _set(screen, "report-path", str(target))
        await pilot.press("ctrl+s")
        await _settled(pilot, screen)
        status = _text(screen.query_one("#report-status", Static))
        assert f"to {target}" in status
        assert "Ann" in screen.report.name  # type: ignore[union-attr]
        _set(screen, "report-name", "Ann B")  # an edit brings preview news back
        await _settled(pilot, screen)
        assert _text(screen.query_one("#report-status", Static)).startswith("Period:")


async def test_markdown_button_switches_the_suffix(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app(route=StartRoute("report", {}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(app, pilot)
        _set(screen, "report-path", str(tmp_path / "report.html"))
        await pilot.click("#save-md")
        await pilot.pause()
        assert screen.query_one("#report-path", Input).value == str(tmp_path / "report.md")
    written = tmp_path / "report.md"
    assert written.read_text(encoding="utf-8").startswith("# Ebbtide report")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert not (tmp_path / "report.html").exists()


async def test_an_existing_file_is_replaced_only_after_asking(
    make_app: MakeApp, tmp_path: Path
) -> None:
    target = tmp_path / "report.html"
    target.write_text("my old notes")
    app = make_app(route=StartRoute("report", {}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(app, pilot)
        _set(screen, "report-path", str(target))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert target.read_text() == "my old notes"
        assert "already exists" in _text(screen.query_one("#report-status", Static))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert _top(app) is screen
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


async def test_bad_dates_and_unwritable_places_are_explained(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app(route=StartRoute("report", {}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(app, pilot)
        _set(screen, "report-since", "2026-12-01")
        _set(screen, "report-path", str(tmp_path / "r.html"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        status = screen.query_one("#report-status", Static)
        assert "after the last day" in _text(status) and status.has_class("-error")
        _set(screen, "report-since", "yesterday")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "use YYYY-MM-DD" in _text(status)
        assert not (tmp_path / "r.html").exists()
        _set(screen, "report-since", "2026-11-01")
        blocker = tmp_path / "a-file"
        blocker.write_text("")
        _set(screen, "report-path", str(blocker / "r.html"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Not saved: cannot write" in _text(status)
        assert app.screen is screen


def test_target_path_expands_home_and_matches_the_format(tmp_path: Path) -> None:
    today = FIXED_NOW.date()
    home = Path.home()
    assert target_path("", "html", today) == home / "ebbtide-report-2026-11-21.html"
    assert target_path("~/r.html", "md", today) == home / "r.md"
    assert target_path("notes/r", "html", today) == home / "notes" / "r.html"
    assert target_path(str(tmp_path / "r.htm"), "html", today) == tmp_path / "r.htm"
    assert target_path(str(tmp_path / "r.txt"), "md", today) == tmp_path / "r.txt"


async def test_the_palette_opens_the_report_and_the_other_journal_tools(
    make_app: MakeApp
) -> None:
    from ebbtide.tui.screens.tools.insights import InsightsScreen
    from ebbtide.tui.screens.tools.selfcheck import SelfCheckScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for query, screen_type in (("report for my", ReportScreen),
                                   ("what helps me", InsightsScreen),
                                   ("self-check gad", SelfCheckScreen)):
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*query)
            await app.workers.wait_for_complete()  # the palette's search is a worker
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            await app.workers.wait_for_complete()
            assert isinstance(_top(app), screen_type)
            assert app.current_mode == "journal"
            await pilot.press("escape")
            await pilot.pause()


def _pdf_text(path: Path) -> str:
    import re
    from io import BytesIO

    from pypdf import PdfReader

    pdf = PdfReader(BytesIO(path.read_bytes()))
    assert 1 <= len(pdf.pages) <= 2
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))


async def test_the_pdf_is_made_in_a_worker_while_the_screen_answers(
    make_app: MakeApp, tmp_path: Path, monkeypatch: Any
) -> None:
    import threading

    from ebbtide.tui.screens.tools import report as report_screen

    release = threading.Event()
    real_render = report_screen.render_file

    def held_render(*args: Any, **kwargs: Any) -> bytes:
        assert threading.current_thread() is not threading.main_thread()
        release.wait(10)
        return real_render(*args, **kwargs)

    monkeypatch.setattr(report_screen, "render_file", held_render)
    app = make_app(route=StartRoute("report", {}))
    _seed(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(app, pilot)
        _set(screen, "report-name", "Zoë Łukasz")
        _set(screen, "report-path", str(tmp_path / "for-dr"))
        await pilot.press("ctrl+r")
        await pilot.pause()
        status = screen.query_one("#report-status", Static)
        assert "Making the PDF report" in _text(status)
        assert screen.query_one("#report-path", Input).value == str(tmp_path / "for-dr.pdf")
        await pilot.press("f1")  # the screen still answers while the PDF is made
        await pilot.pause()
        assert app.screen is not screen
        await pilot.press("escape")
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert f"Saved the PDF report for Fri 23 Oct 2026 to Sat 21 Nov 2026 (30 days) to " \
               f"{tmp_path / 'for-dr.pdf'}" in _text(status)
        [record] = app.state.get("reports_saved")
        assert record["format"] == "pdf"
    target = tmp_path / "for-dr.pdf"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = _pdf_text(target)
    assert "Name: Zoë Łukasz" in text and "Notes flagged for the doctor" in text
    assert "<script>alert('x')</script> [bold]B[/bold] **star**" in text


async def test_an_existing_pdf_is_replaced_only_after_asking(
    make_app: MakeApp, tmp_path: Path
) -> None:
    target = tmp_path / "report.pdf"
    target.write_text("my old notes")
    app = make_app(route=StartRoute("report", {}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(app, pilot)
        _set(screen, "report-path", str(target))
        await pilot.click("#save-pdf")
        await settle_until(pilot, lambda: isinstance(app.screen, ConfirmScreen),
                           "the question is asked")
        await pilot.press("n")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert target.read_text() == "my old notes"
        assert "already exists" in _text(screen.query_one("#report-status", Static))
        await click_again(pilot, "#save-pdf")
        await settle_until(pilot, lambda: isinstance(app.screen, ConfirmScreen),
                           "the question is asked")
        await pilot.press("y")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Saved the PDF report" in _text(screen.query_one("#report-status", Static))
    assert target.read_bytes().startswith(b"%PDF-")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_target_path_switches_to_pdf_and_back(tmp_path: Path) -> None:
    today = FIXED_NOW.date()
    assert target_path(str(tmp_path / "r.html"), "pdf", today) == tmp_path / "r.pdf"
    assert target_path(str(tmp_path / "r.md"), "pdf", today) == tmp_path / "r.pdf"
    assert target_path(str(tmp_path / "r.pdf"), "md", today) == tmp_path / "r.md"
    assert target_path("", "pdf", today) == Path.home() / "ebbtide-report-2026-11-21.pdf"
