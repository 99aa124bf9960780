"""The report in the format asked for."""

from __future__ import annotations

from typing import Literal

from ebbtide.core.report.html import render_html
from ebbtide.core.report.markdown import render_markdown
from ebbtide.core.report.model import Report

ReportFormat = Literal["md", "html"]


def render(r: Report, fmt: ReportFormat | str) -> str:
    return render_html(r) if fmt == "html" else render_markdown(r)
