"""The report in the format asked for: text (Markdown, HTML) or the bytes of a file."""

from __future__ import annotations

from typing import Literal

from ebbtide.core.errors import EbbtideError
from ebbtide.core.report.html import render_html
from ebbtide.core.report.markdown import render_markdown
from ebbtide.core.report.model import Report
from ebbtide.core.report.since import SavedReport

ReportFormat = Literal["md", "html", "pdf"]
PDF_MISSING = ("PDF reports need the optional fpdf2 package: "
               "pip install 'ebbtide[pdf]' (or save as HTML and print it from a browser)")


def render(r: Report, fmt: ReportFormat | str) -> str:
    """Markdown or HTML text (any other format: Markdown)."""
    return render_html(r) if fmt == "html" else render_markdown(r)


def render_file(r: Report, fmt: ReportFormat | str, *, paper: str = "a4",
                earlier: SavedReport | None = None) -> bytes:
    """What a saved report file holds. `paper` and `earlier` (the last report saved, for
    the 'since the last report' section) matter to the PDF only."""
    if fmt != "pdf":
        return render(r, fmt).encode("utf-8")
    try:  # fpdf2 is imported here, only when a PDF is made
        from ebbtide.core.report.pdf import render_pdf
    except ImportError as exc:
        if exc.name and exc.name.split(".")[0] in ("fpdf", "fontTools", "PIL", "defusedxml"):
            raise EbbtideError(PDF_MISSING) from None
        raise
    return render_pdf(r, paper, earlier)
