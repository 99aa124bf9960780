"""The report for a clinician: choose the period (the last 30 days by default) and, if you
like, a name; read the Markdown preview; save it as HTML, Markdown or PDF to a file only you
can read (0600). An existing file is never replaced without asking. The PDF is made in a
worker thread (fpdf2 takes a moment), so the screen keeps answering meanwhile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Markdown, Static

from ebbtide.core.errors import EbbtideError, InvalidEntry
from ebbtide.core.journal.models import parse_day
from ebbtide.core.report.model import DEFAULT_DAYS, Report, day_label
from ebbtide.core.report.render import ReportFormat, render, render_file
from ebbtide.core.report.since import earlier_report, remember_saved, saved_record
from ebbtide.tui.screens.common.base import EbbtideScreen
from ebbtide.tui.styles import style
from ebbtide.tui.tuned.key_bar import KeyBar

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.timer import Timer

    from ebbtide.core.journal.age_file import Sealing
    from ebbtide.core.report.since import SavedReport
    from ebbtide.tui.app import EbbtideApp
    from ebbtide.tui.screens.tools.report_sealed import ReportSealed

MAX_DAYS = 3660  # about 10 years, as on the command line
MAX_NAME = 200
PREVIEW_DELAY = 0.4  # seconds after the last keystroke before the preview is rebuilt
SUFFIXES: dict[ReportFormat, str] = {"html": ".html", "md": ".md", "pdf": ".pdf"}
KNOWN_SUFFIXES: dict[ReportFormat, tuple[str, ...]] = {"html": (".html", ".htm"),
                                                     "md": (".md", ".markdown"),
                                                     "pdf": (".pdf",)}
FORMAT_NAMES: dict[ReportFormat, str] = {"html": "HTML", "md": "Markdown", "pdf": "PDF"}


@dataclass(frozen=True)
class ReportRequest:
    start: date
    end: date
    name: str | None

    @property
    def period(self) -> str:
        days = (self.end - self.start).days + 1
        return (f"{day_label(self.start, True)} to {day_label(self.end, True)} "
                f"({days} day{'s' if days != 1 else ''})")


def read_request(since: str, until: str, name: str) -> ReportRequest:
    """The period and name typed in the form; InvalidEntry names the field at fault."""
    start = parse_day(since, "since")
    end = parse_day(until, "until")
    if start > end:
        raise InvalidEntry("since", f"the first day ({start}) is after the last day ({end})")
    if (end - start).days >= MAX_DAYS:
        raise InvalidEntry("since", "the report covers at most 10 years: choose a later "
                                    "first day")
    clean = name.strip()
    if len(clean) > MAX_NAME:
        raise InvalidEntry("name", f"the name can be at most {MAX_NAME} characters")
    return ReportRequest(start, end, clean or None)


def default_path(today: date, fmt: ReportFormat = "html") -> str:
    """'~/ebbtide-report-2026-11-21.html' (shown with ~, expanded when saving)."""
    return f"~/ebbtide-report-{today.isoformat()}{SUFFIXES[fmt]}"


def target_path(text: str, fmt: ReportFormat, today: date) -> Path:
    """The file to write: ~ expanded, a relative path taken from the home folder, and the
    suffix switched to the format when it names another one (.html, .md, .pdf) or is
    missing."""
    path = Path(text.strip() or default_path(today, fmt)).expanduser()
    if not path.is_absolute():
        path = Path.home() / path
    suffix = path.suffix.lower()
    others = (s for kind, known in KNOWN_SUFFIXES.items() if kind != fmt for s in known)
    if not suffix or suffix in others:
        path = path.with_suffix(SUFFIXES[fmt])
    return path


def shown_path(path: Path) -> str:
    """The path with the home folder written as ~."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def build(app: EbbtideApp, request: ReportRequest) -> Report:
    """Read the journal and gather the report (any thread). Raises EbbtideError."""
    from ebbtide.core.content.titles import practice_titles
    from ebbtide.core.health.insights import load_snapshot
    from ebbtide.core.health.safety import HISTORY_DAYS
    from ebbtide.core.report.model import build_report

    journal = app.journal()
    snap = load_snapshot(journal, request.start - timedelta(days=HISTORY_DAYS), request.end)
    return build_report(snap, request.start, request.end, app.now(), name=request.name,
                        titles=practice_titles(app.paths), region=app.settings.region,
                        note_states=journal.note_states())


def write_report(path: Path, content: str | bytes) -> None:
    """Write atomically, readable by the owner only (0600). Raises OSError."""
    from ebbtide.core.atomic import write_private

    if path.is_dir():
        raise IsADirectoryError(21, "that is a folder: add a file name", str(path))
    write_private(path, content.encode("utf-8") if isinstance(content, str) else content)


def format_for(path_text: str) -> ReportFormat:
    """The format a typed file name asks for (HTML unless it ends .md or .pdf)."""
    suffix = Path(path_text.strip()).suffix.lower()
    return next((kind for kind, known in KNOWN_SUFFIXES.items() if suffix in known), "html")


class ReportScreen(EbbtideScreen[None]):
    CSS_PATH = style("report.tcss")
    HELP_TEXT = (
        "A one-page report of your diary to take to an appointment: medications and doses, "
        "mood and anxiety, side effects, self-checks, practices, the safety notes raised "
        "and the notes you flagged for your doctor. Type the first and last day "
        "(YYYY-MM-DD; the last 30 days at first) and, if you like, a name to print on it: "
        "the preview follows. Ctrl+S saves it as HTML (print it from a browser), Ctrl+T as "
        "Markdown, Ctrl+R as a PDF (A4 or Letter: the 'paper' setting) to the file named "
        "under 'Save to' (a relative path starts in your home folder). Tick 'Encrypted "
        "(age)' to encrypt it with a passphrase or an age key (.age is added; 'age -d' "
        "opens it; a forgotten passphrase cannot be recovered). Files are private "
        "(only you can read them) and an existing file is never replaced without asking. "
        "Nothing leaves this computer unless you send the file."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save('html')", "Save HTML", id="report.save_html"),
        Binding("ctrl+t", "save('md')", "Save Markdown", id="report.save_md"),
        Binding("ctrl+r", "save('pdf')", "Save PDF", id="report.save_pdf"),
    ]

    def __init__(self, start: date | None = None, end: date | None = None) -> None:
        super().__init__()
        self._start = start
        self._end = end
        self.report: Report | None = None
        self.request: ReportRequest | None = None
        self._previewing: ReportRequest | None = None  # shown, or being built
        self.written: Path | None = None
        self._preview_timer: Timer | None = None
        self.save_outcome_shown = False

    def compose(self) -> ComposeResult:
        today = self.ebbtide.now().date()
        end = self._end or today
        start = self._start or end - timedelta(days=DEFAULT_DAYS - 1)
        with VerticalScroll(id="report-body"):
            yield Static(Text("Report for my clinician", style="bold"), id="report-title")
            with Horizontal(id="report-period", classes="report-row"):
                yield Label("From", classes="report-label")
                yield Input(start.isoformat(), placeholder="YYYY-MM-DD", id="report-since",
                            max_length=10, compact=True)
                yield Label("to", classes="report-label")
                yield Input(end.isoformat(), placeholder="YYYY-MM-DD", id="report-until",
                            max_length=10, compact=True)
                yield Label("Name", classes="report-label")
                yield Input(placeholder="optional, none by default", id="report-name",
                            max_length=MAX_NAME, compact=True)
            with Horizontal(id="report-save", classes="report-row"):
                yield Label("Save to", classes="report-label")
                yield Input(default_path(today), id="report-path", compact=True)
                yield Button("HTML", id="save-html", compact=True, variant="primary")
                yield Button("Markdown", id="save-md", compact=True)
                yield Button("PDF", id="save-pdf", compact=True)
                yield Checkbox("Encrypted (age)", id="report-encrypt", compact=True)
            yield Static(id="report-status")
            with VerticalScroll(id="report-preview-box"):
                yield Markdown(id="report-preview", open_links=False)
        yield KeyBar()

    def on_mount(self) -> None:
        preview = self.query_one("#report-preview-box")
        preview.border_title = "Preview"
        preview.focus()  # arrows read the preview; Tab reaches the period, name and file
        self.refresh_preview()

    # -- preview --------------------------------------------------------------------------

    @on(Input.Changed, "#report-since, #report-until, #report-name")
    def _report_changed(self) -> None:
        self.save_outcome_shown = False
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(PREVIEW_DELAY, self._preview_if_changed)

    @on(Input.Submitted, "#report-path")
    def _save_to_path(self, event: Input.Submitted) -> None:
        self.action_save(format_for(event.value))

    @on(Input.Submitted, "#report-since, #report-until, #report-name")
    def _preview_now(self) -> None:
        self.refresh_preview()

    def _read(self) -> ReportRequest:
        return read_request(self.query_one("#report-since", Input).value,
                            self.query_one("#report-until", Input).value,
                            self.query_one("#report-name", Input).value)

    def _preview_if_changed(self) -> None:
        """After typing stops: rebuild, unless the form asks for the preview already shown
        or being built (as the fields' first Changed events do while the screen opens)."""
        try:
            request = self._read()
        except InvalidEntry:
            request = None
        if request is None or request != self._previewing:
            self.refresh_preview()
            return
        self._preview_timer = None
        if request == self.request:
            self._preview_status(f"Period: {request.period}.")

    def refresh_preview(self) -> None:
        self._preview_timer = None
        try:
            request = self._read()
        except InvalidEntry as exc:
            self.set_status(f"{exc} (the preview shows the last period that worked).",
                            error=True)
            return
        self._preview_status(f"Period: {request.period}. Building the preview…")
        self._previewing = request
        self._build_preview(request)

    @work(thread=True, exclusive=True, group="report-preview")
    def _build_preview(self, request: ReportRequest) -> None:
        app = self.ebbtide
        try:
            report = build(app, request)
            text = render(report, "md")
        except EbbtideError as exc:
            self._previewing = None  # typing the same period again tries again
            app.call_from_thread(self.set_status, f"Cannot read the journal: {exc}", True)
            return
        app.call_from_thread(self._show_preview, request, report, text)

    def _show_preview(self, request: ReportRequest, report: Report, text: str) -> None:
        self.request = request
        self.report = report
        self.query_one("#report-preview", Markdown).update(text)
        self._preview_status(f"Period: {request.period}.")

    def _preview_status(self, message: str) -> None:
        # A preview finishing after a save (one asked for by typing just before saving)
        # must not wipe out what the save said; the next edit shows preview news again.
        if not self.save_outcome_shown:
            self.set_status(message)

    def save_outcome(self, message: str, error: bool = False) -> None:
        self.save_outcome_shown = True
        self.set_status(message, error)

    def set_status(self, message: str, error: bool = False) -> None:
        status = self.query_one("#report-status", Static)
        status.set_class(error, "-error")
        status.update(Text(message))

    # -- saving ---------------------------------------------------------------------------

    @on(Button.Pressed, "#save-md")
    def _save_markdown(self) -> None:
        self.action_save("md")

    @on(Button.Pressed, "#save-html")
    def _save_html(self) -> None:
        self.action_save("html")

    @on(Button.Pressed, "#save-pdf")
    def _save_pdf(self) -> None:
        self.action_save("pdf")

    def action_save(self, fmt: str) -> None:
        kind: ReportFormat = "md" if fmt == "md" else "pdf" if fmt == "pdf" else "html"
        path_input = self.query_one("#report-path", Input)
        try:
            request = self._read()
        except InvalidEntry as exc:
            self.save_outcome(f"Not saved: {exc}.", error=True)
            return
        encrypted = self.query_one("#report-encrypt", Checkbox).value
        typed = path_input.value.strip().removesuffix(".age") if encrypted else path_input.value
        path = target_path(typed, kind, self.ebbtide.now().date())
        path_input.value = shown_path(path)
        if encrypted:
            from ebbtide.tui.screens.tools.report_sealed import save_sealed

            save_sealed(self, path, kind, request)
            return
        if kind == "pdf":
            self.ask_before_replacing(path, lambda: self._start_pdf(path, request))
            return
        try:
            report = build(self.ebbtide, request)
        except EbbtideError as exc:
            self.save_outcome(f"Not saved: cannot read the journal: {exc}", error=True)
            return
        text = render(report, kind)
        self.ask_before_replacing(path, lambda: self._write(path, text, kind, request, report))

    def ask_before_replacing(self, path: Path, save: Callable[[], None]) -> None:
        """Save, unless the path is a folder or, for an existing file, the answer is no."""
        path_input = self.query_one("#report-path", Input)
        if path.is_dir():
            self.save_outcome(f"Not saved: {shown_path(path)} is a folder. Add a file name.",
                               error=True)
            return
        if path.exists():
            from ebbtide.tui.screens.common.confirm import ConfirmScreen

            def answered(replace: bool | None) -> None:
                if replace:
                    save()
                else:
                    self.save_outcome(f"Not saved: {shown_path(path)} already exists. Change "
                                       "the file name under 'Save to'.")
                    path_input.focus()

            self.app.push_screen(ConfirmScreen(f"{shown_path(path)} already exists. "
                                               "Replace it with this report?",
                                               yes="Replace", no="Keep it"), answered)
            return
        save()

    def on_report_sealed(self, sealed: ReportSealed) -> None:
        if sealed.report is None:
            self.save_outcome(sealed.error or "Not saved.", error=True)
            return
        save = sealed.save
        self._written(save.path, save.kind, save.request, sealed.report, sealed.sealing)

    def _start_pdf(self, path: Path, request: ReportRequest) -> None:
        app = self.ebbtide
        earlier = earlier_report(app.state, app.now().date())
        self.save_outcome(f"Making the PDF report for {request.period}…")
        self._make_pdf(path, request, app.settings.paper, earlier)

    @work(thread=True, exclusive=True, group="report-pdf")
    def _make_pdf(self, path: Path, request: ReportRequest, paper: str,
                  earlier: SavedReport | None) -> None:
        app = self.ebbtide
        try:
            report = build(app, request)
            data = render_file(report, "pdf", paper=paper, earlier=earlier)
        except EbbtideError as exc:
            app.call_from_thread(self.save_outcome, f"Not saved: {exc}", True)
            return
        try:
            write_report(path, data)
        except OSError as exc:
            app.call_from_thread(self._not_written, path, exc)
            return
        app.call_from_thread(self._written, path, "pdf", request, report)

    def _write(self, path: Path, text: str, kind: ReportFormat, request: ReportRequest,
               report: Report) -> None:
        try:
            write_report(path, text)
        except OSError as exc:
            self._not_written(path, exc)
            return
        self._written(path, kind, request, report)

    def _not_written(self, path: Path, exc: OSError) -> None:
        reason = exc.strerror or str(exc)
        self.save_outcome(f"Not saved: cannot write {shown_path(path)}: {reason}. Try "
                           "another place under 'Save to'.", error=True)

    def _written(self, path: Path, kind: ReportFormat, request: ReportRequest,
                 report: Report, sealing: Sealing | None = None) -> None:
        from ebbtide.tui.screens.tools.report_sealed import sealed_words

        remember_saved(self.ebbtide.state, saved_record(report, kind, self.ebbtide.now()))
        self.written = path
        encrypted, opening = ("", "") if sealing is None else sealed_words(path, sealing)
        message = (f"Saved the {FORMAT_NAMES[kind]} report for {request.period} to "
                   f"{path}{encrypted}. Only you can read the file.{opening}")
        self.save_outcome(message)
        self.notify(message, title="Report saved", markup=False, timeout=10)


def open_route(app: EbbtideApp, args: dict[str, object]) -> None:
    """`{}` (or `{"since": "YYYY-MM-DD", "until": "YYYY-MM-DD"}`): the report screen,
    inside the journal section."""
    start = end = None
    try:
        if args.get("since"):
            start = parse_day(str(args["since"]), "since")
        if args.get("until"):
            end = parse_day(str(args["until"]), "until")
    except InvalidEntry as exc:
        app.notify(str(exc), severity="warning", markup=False)
    if app.current_mode != "journal":
        app.go("journal")
    if not isinstance(app.screen, ReportScreen):
        app.push_screen(ReportScreen(start, end))
