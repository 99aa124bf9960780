"""Journal tools: import check-ins from another app (Daylio, eMoods, any CSV with a mapping).
The same preview as `ebbtide import --from ... --dry-run` first; Import then writes it all
in one transaction in a worker thread, with a progress bar, and posts `Finished`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Select, Static

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.imports import (
    ImportPlan,
    ImportResult,
    apply_import,
    describe_plan,
    describe_result,
    plan_import,
)
from ebbtide.tui.screens.common.base import EbbtideScreen
from ebbtide.tui.tuned.key_bar import KeyBar

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp

SOURCES: list[tuple[str, str]] = [("Daylio (CSV export)", "daylio"),
                                  ("eMoods (CSV export)", "emoods"),
                                  ("Another CSV, with a mapping", "csv")]


def chosen_path(text: str) -> Path | None:
    """~ expanded; a relative path starts in the home folder (as in the report screen)."""
    if not text.strip():
        return None
    path = Path(text.strip()).expanduser()
    return path if path.is_absolute() else Path.home() / path


class ImportScreen(EbbtideScreen[None]):
    DEFAULT_CSS = """
    ImportScreen #import-body { padding: 1 2 0 2; height: 1fr; }
    ImportScreen #import-title { color: $primary; margin-bottom: 1; }
    ImportScreen .import-row { height: auto; margin-bottom: 1; }
    ImportScreen .import-label { width: 9; color: $text-muted; }
    ImportScreen .import-row Input { width: 1fr; }
    ImportScreen #import-source { width: 36; }
    ImportScreen .import-row Button { margin-left: 2; }
    ImportScreen #import-progress { display: none; margin-bottom: 1; }
    ImportScreen #import-progress.-running { display: block; }
    ImportScreen #import-status.-error { color: $error; }
    ImportScreen #import-plan { margin-top: 1; }
    """
    HELP_TEXT = (
        "Bring check-ins from another app. Choose where the file comes from, type its path "
        "(a relative path starts in your home folder) and press Preview (ctrl+r): it shows "
        "what would be imported, the first rows, the dates, and any lines that cannot be "
        "read, and writes nothing. The first preview writes a small mapping file (its path "
        "is shown) with Ebbtide's guesses for your mood labels: check and edit it, choose "
        "an anxiety value when the app records none, then preview again. Import (ctrl+s) "
        "adds everything or nothing; running it twice adds nothing twice."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "preview", "Preview", id="import.preview"),
        Binding("ctrl+s", "run_import", "Import", id="import.run"),
    ]

    class Finished(Message):
        """An import ended: `result` when it was written, else `error` says why not."""

        def __init__(self, result: ImportResult | None, message: str) -> None:
            super().__init__()
            self.result = result
            self.message = message

    def __init__(self) -> None:
        super().__init__()
        self.plan: ImportPlan | None = None
        self.running = False
        self.outcome: ImportScreen.Finished | None = None  # the last import's message

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="import-body"):
            yield Static(Text("Import from another app", style="bold"), id="import-title")
            with Horizontal(classes="import-row"):
                yield Label("From", classes="import-label")
                yield Select(SOURCES, value="daylio", allow_blank=False, id="import-source",
                             compact=True)
            with Horizontal(classes="import-row"):
                yield Label("File", classes="import-label")
                yield Input(placeholder="e.g. ~/Downloads/daylio_export.csv", id="import-path",
                            compact=True)
            with Horizontal(classes="import-row"):
                yield Label("Mapping", classes="import-label")
                yield Input(placeholder="optional (needed for another CSV)",
                            id="import-mapping", compact=True)
            with Horizontal(classes="import-row"):
                yield Checkbox("Leave out rows that cannot be read", id="import-skip",
                               compact=True)
                yield Button("Preview", id="import-preview", compact=True)
                yield Button("Import", id="import-run", variant="primary", compact=True,
                             disabled=True)
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static(id="import-status")
            yield Static(id="import-plan")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#import-path").focus()

    # -- preview --------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_preview()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._forget_plan()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._forget_plan()

    def _forget_plan(self) -> None:
        # What is imported is always what was last previewed.
        self.plan = None
        self.query_one("#import-run", Button).disabled = True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "import-preview":
            self.action_preview()
        elif event.button.id == "import-run":
            self.action_run_import()

    def action_preview(self) -> None:
        if self.running:
            return
        path = chosen_path(self.query_one("#import-path", Input).value)
        if path is None:
            self.set_status("Type the path of the exported file first.", error=True)
            return
        source = str(self.query_one("#import-source", Select).value)
        mapping = chosen_path(self.query_one("#import-mapping", Input).value)
        self._forget_plan()
        self.set_status(f"Reading {path}…")
        self._build_plan(source, path, mapping)

    @work(thread=True, exclusive=True, group="import")
    def _build_plan(self, source: str, path: Path, mapping: Path | None) -> None:
        app = self.ebbtide
        try:
            plan = plan_import(app.journal(), source, path, app.paths.config_dir, mapping)
        except EbbtideError as exc:
            app.call_from_thread(self._show_problem, str(exc))
            return
        app.call_from_thread(self._show_plan, plan)

    def _show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.query_one("#import-plan", Static).update(Text("\n".join(describe_plan(plan))))
        ready = not plan.blocking and bool(plan.rows)
        self.query_one("#import-run", Button).disabled = not ready
        if plan.blocking:
            self.set_status("Preview only: see 'Before importing' below.", error=True)
        elif not plan.rows:
            self.set_status("Nothing new to import.")
        else:
            self.set_status("Preview ready: nothing has been written yet. Import adds it all.")

    def _show_problem(self, message: str) -> None:
        self.query_one("#import-plan", Static).update("")
        self.set_status(message, error=True)

    def set_status(self, message: str, error: bool = False) -> None:
        status = self.query_one("#import-status", Static)
        status.set_class(error, "-error")
        status.update(Text(message))

    # -- import ---------------------------------------------------------------------------

    def action_run_import(self) -> None:
        plan = self.plan
        if plan is None or self.running or self.query_one("#import-run", Button).disabled:
            return
        self.running = True
        self.query_one("#import-run", Button).disabled = True
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=max(1, len(plan.rows)), progress=0)
        bar.add_class("-running")
        self.set_status(f"Importing {len(plan.rows):,} check-ins…")
        self._import(plan, self.query_one("#import-skip", Checkbox).value)

    @work(thread=True, exclusive=True, group="import")
    def _import(self, plan: ImportPlan, skip_unreadable: bool) -> None:
        app = self.ebbtide
        bar = self.query_one("#import-progress", ProgressBar)

        def progress(done: int, total: int) -> None:
            app.call_from_thread(bar.update, total=max(1, total), progress=done)

        try:
            result = apply_import(app.journal(), plan, skip_unreadable=skip_unreadable,
                                  progress=progress)
        except EbbtideError as exc:
            self.post_message(self.Finished(None, str(exc)))
            return
        self.post_message(self.Finished(result, describe_result(plan, result)))

    def on_import_screen_finished(self, event: ImportScreen.Finished) -> None:
        self.running = False
        self.outcome = event
        self.plan = None
        self.query_one("#import-progress", ProgressBar).remove_class("-running")
        self.set_status(event.message, error=event.result is None)
        if event.result is not None:
            self.notify(event.message, title="Import finished", markup=False, timeout=10)


def open_route(app: EbbtideApp, args: dict[str, object]) -> None:
    """The import screen, inside the journal section (journal key i, and the palette)."""
    if app.current_mode != "journal":
        app.go("journal")
    if not isinstance(app.screen, ImportScreen):
        app.push_screen(ImportScreen())
