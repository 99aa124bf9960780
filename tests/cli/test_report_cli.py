"""`ebbtide report`: Markdown to the screen by default (last 30 days), HTML or Markdown to a
private file, clear one-line errors for bad dates, no name unless given."""

from __future__ import annotations

import stat
from datetime import timedelta
from pathlib import Path

import pytest

from ebbtide.cli import main
from ebbtide.core.journal.models import local_now
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import resolve_paths


def _fill(home: Path) -> None:
    now = local_now()
    with Journal.open(resolve_paths(home)) as j:
        bac = j.add_medication("baclofen", times=["08:00"])
        for days_ago in range(40):
            j.add_checkin(mood=5, anxiety=4, at=now - timedelta(days=days_ago),
                          note="<script>x</script>" if days_ago == 1 else "",
                          flagged_for_doctor=days_ago == 1)
            j.add_dose(bac.id, amount_mg=10, at=now - timedelta(days=days_ago))


def test_default_is_markdown_for_the_last_30_days(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _fill(tmp_path)
    assert main(["--data-dir", str(tmp_path), "report"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Ebbtide report")
    assert "(30 days)" in out and "Check-ins logged:** 30" in out
    assert "Self-reported data." in out and "Name:" not in out
    assert r"\<script\>x\</script\>" in out


def test_html_file_is_private_and_escaped(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    _fill(tmp_path)
    target = tmp_path / "report.html"
    assert main(["--data-dir", str(tmp_path), "report", "-o", str(target),
                 "--name", "Sam <O'Neil>"]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>" not in page
    assert "Sam &lt;O&#x27;Neil&gt;" in page
    assert "Wrote the HTML report" in capsys.readouterr().err


def test_format_and_period_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fill(tmp_path)
    target = tmp_path / "r.txt"
    today = local_now().date()
    since = (today - timedelta(days=6)).isoformat()
    assert main(["--data-dir", str(tmp_path), "report", "--format", "md", "--since", since,
                 "-o", str(target)]) == 0
    assert "(7 days)" in target.read_text(encoding="utf-8")
    assert main(["--data-dir", str(tmp_path), "report", "--format", "html"]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(("args", "message"), [
    (["--since", "2026-05-10", "--until", "2026-05-01"], "is after --until"),
    (["--since", "yesterday"], "cannot read the date 'yesterday'"),
    (["--name", "   "], "--name must be 1 to 200 characters"),
])
def test_bad_options_are_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        args: list[str], message: str) -> None:
    assert main(["--data-dir", str(tmp_path), "report", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_insights_command_prints_the_practice_table(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    _fill(tmp_path)
    assert main(["--data-dir", str(tmp_path), "insights"]) == 0
    out = capsys.readouterr().out
    assert "No sessions yet." in out
    assert "baclofen at 08:00:" in out and "not logged" in out


def _pdf_text(path: Path) -> tuple[int, str, float]:
    import re
    from io import BytesIO

    from pypdf import PdfReader

    pdf = PdfReader(BytesIO(path.read_bytes()))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))
    return len(pdf.pages), text, float(pdf.pages[0].mediabox.width)


def test_pdf_file_is_private_and_has_the_report(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    _fill(tmp_path)
    target = tmp_path / "for-dr.pdf"
    assert main(["--data-dir", str(tmp_path), "report", "-o", str(target),
                 "--name", "Zoë Łukasz"]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    pages, text, width = _pdf_text(target)
    assert 1 <= pages <= 2 and width == pytest.approx(595.28)  # A4 by default
    assert "Medications and logged doses" in text and "Name: Zoë Łukasz" in text
    assert "<script>x</script>" in text  # printed as typed, nothing acts on it
    assert "Wrote the PDF report" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path), "report", "--format", "pdf", "--paper",
                 "letter", "-o", str(tmp_path / "letter.pdf")]) == 0
    assert _pdf_text(tmp_path / "letter.pdf")[2] == pytest.approx(612.0)


def test_an_existing_file_is_replaced_only_with_force(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fill(tmp_path)
    target = tmp_path / "report.pdf"
    target.write_text("my old notes")
    assert main(["--data-dir", str(tmp_path), "report", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "already exists: add --force to replace it" in err and err.count("\n") == 1
    assert target.read_text() == "my old notes"
    assert main(["--data-dir", str(tmp_path), "report", "-o", str(target), "--force"]) == 0
    assert target.read_bytes().startswith(b"%PDF-")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_pdf_needs_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "report", "--format", "pdf"]) == 2
    assert "a PDF report goes to a file: add -o FILE" in capsys.readouterr().err


def test_the_next_report_says_what_changed_since_the_last(tmp_path: Path) -> None:
    from ebbtide.core.state import AppState

    _fill(tmp_path)
    paths = resolve_paths(tmp_path)
    first = tmp_path / "first.pdf"
    assert main(["--data-dir", str(tmp_path), "report", "-o", str(first)]) == 0
    assert "Since the last report" not in _pdf_text(first)[1]
    state = AppState.load(paths.state_file)
    [record] = state.get("reports_saved")
    assert record["format"] == "pdf" and record["checkins"] == 30
    # Saved again today: the same appointment, so no section yet; a report saved ten days
    # ago is the one to compare with.
    earlier = (local_now() - timedelta(days=10)).isoformat()
    state.set("reports_saved", [{**record, "saved_at": earlier, "checkins": 12}])
    second = tmp_path / "second.pdf"
    assert main(["--data-dir", str(tmp_path), "report", "-o", str(second)]) == 0
    text = _pdf_text(second)[1]
    assert "Since the last report" in text and "Check-ins logged 12 30 " in text
    assert len(AppState.load(paths.state_file).get("reports_saved")) == 2
