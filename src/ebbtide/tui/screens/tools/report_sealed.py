"""Saving the clinician report encrypted in the age format (the "Encrypted (age)" box on the
report screen): the passphrase or age key asked in `SealDialog`, then, in a worker thread
(scrypt takes a second or two), the report made, encrypted in memory and written through
the same private atomic write as a plain report, to the file name with `.age` added. The
worker ends by posting `ReportSealed`; the screen says where the file is and how to open
it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.age_file import Sealing, how_to_open

if TYPE_CHECKING:
    from ebbtide.core.report.model import Report
    from ebbtide.core.report.render import ReportFormat
    from ebbtide.core.report.since import SavedReport
    from ebbtide.tui.screens.tools.report import ReportRequest, ReportScreen


@dataclass(frozen=True)
class SealedSave:
    """One encrypted save: where (the name with .age), which format, for which period."""

    path: Path
    kind: ReportFormat
    request: ReportRequest
    paper: str = "a4"
    earlier: SavedReport | None = None


class ReportSealed(Message):
    """From the worker: the report was written (`report`), or `error` says why not."""

    def __init__(self, save: SealedSave, sealing: Sealing, report: Report | None,
                 error: str | None) -> None:
        super().__init__()
        self.save = save
        self.sealing = sealing
        self.report = report
        self.error = error


def save_sealed(screen: ReportScreen, path: Path, kind: ReportFormat,
                request: ReportRequest) -> None:
    """Save the report encrypted to `path` with .age added, asking first before replacing
    a file there and then how to encrypt."""
    from ebbtide.core.journal.age_file import sealed_path
    from ebbtide.core.report.since import earlier_report

    if any(worker.group == "report-sealed" and worker.is_running
           for worker in screen.workers):
        screen.save_outcome("Still encrypting the last report: save again when it is done.")
        return
    app = screen.ebbtide
    save = SealedSave(sealed_path(path), kind, request, app.settings.paper,
                      earlier_report(app.state, app.now().date()))
    screen.ask_before_replacing(save.path, lambda: ask_and_save(screen, save))


def ask_and_save(screen: ReportScreen, save: SealedSave) -> None:
    """Ask how to encrypt, then encrypt and write in a worker (nothing on Cancel). Without
    pyrage, say what to install instead."""
    from ebbtide.tui.screens.common.seal import SealDialog, age_missing

    missing = age_missing()
    if missing is not None:
        screen.save_outcome(f"Not saved: {missing}", error=True)
        return

    def answered(sealing: Sealing | None) -> None:
        if sealing is None:
            screen.save_outcome("Not saved: encryption cancelled.")
            return
        screen.save_outcome(f"Encrypting the report for {save.request.period}… (a second "
                            "or two)")
        screen.run_worker(lambda: seal_and_write(screen, save, sealing), thread=True,
                          exclusive=True, group="report-sealed", name="report-sealed")

    screen.app.push_screen(SealDialog("the report"), answered)


def seal_and_write(screen: ReportScreen, save: SealedSave, sealing: Sealing) -> None:
    """Make, encrypt and write the report (worker thread); post ReportSealed."""
    from ebbtide.core.report.render import render_file
    from ebbtide.tui.screens.tools.report import build, shown_path, write_report

    def failed(error: str) -> None:
        screen.post_message(ReportSealed(save, sealing, None, error))

    try:
        report = build(screen.ebbtide, save.request)
        data = render_file(report, save.kind, paper=save.paper, earlier=save.earlier)
        write_report(save.path, sealing.seal(data))
    except EbbtideError as exc:
        failed(f"Not saved: {exc}")
        return
    except OSError as exc:
        failed(f"Not saved: cannot write {shown_path(save.path)}: "
               f"{exc.strerror or exc}. Try another place under 'Save to'.")
        return
    screen.post_message(ReportSealed(save, sealing, report, None))


def sealed_words(path: Path, sealing: Sealing) -> tuple[str, str]:
    """What the saved message adds: how it was encrypted, and how to open it."""
    from ebbtide.tui.screens.tools.report import shown_path

    how = "your passphrase" if sealing.passphrase is not None else "the age key given"
    return (f", encrypted with {how}",
            f" Open it with: {how_to_open(path, shown_path(path))}")
