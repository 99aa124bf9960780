"""Render the clinician report (HTML) for a made-up 30-day diary in headless Chromium and
save a screenshot, so a person can look at the real layout.

    python -m benchmarks.report_browser [--out /tmp/report.png] [--html /tmp/report.html]
                                        [--print-pdf /tmp/report.pdf]

Needs Debian's `chromium` (apt-get install chromium); without it, says so and exits 0.
No network: the page is a local file with no external resources, and Chromium runs with
background networking switched off."""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from ebbtide.core.health.insights import load_snapshot
from ebbtide.core.health.safety import HISTORY_DAYS
from ebbtide.core.journal.models import DoseInput, SideEffectInput
from ebbtide.core.journal.store import Journal
from ebbtide.core.practice.records import PracticeKind, PracticeRecord
from ebbtide.core.report.html import render_html
from ebbtide.core.report.model import build_report

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 21, 18, 30, tzinfo=TZ)
HOSTILE = '<script>alert("x")</script> please ask about the <b>afternoon</b> slump & sleep'
TITLES = {"cyclic-sighing": "Cyclic sighing", "box": "Box breathing",
          "4-7-8": "4-7-8 relaxing breath", "body-scan-10": "Body scan (10 minutes)"}


def fill_demo(j: Journal) -> None:
    rnd = random.Random(8)
    bac = j.add_medication("baclofen", strength="10 mg tablet",
                           schedule="10 mg three times a day", times=["08:00", "14:00", "20:00"],
                           dose_mg=10)
    mel = j.add_medication("melatonin", strength="2 mg", schedule="at night", times=["22:00"])
    start = NOW.date() - timedelta(days=29)
    for i in range(30):
        day = start + timedelta(days=i)
        if rnd.random() < 0.1:
            continue  # a day without a check-in
        mood = max(1, min(10, round(5 + 2 * (i / 29) + rnd.uniform(-2, 2))))
        anxiety = max(0, min(10, round(6 - 2 * (i / 29) + rnd.uniform(-2, 2))))
        effects = []
        if rnd.random() < 0.35:
            effects.append(SideEffectInput("drowsiness", rnd.choice(["mild", "moderate"])))
        if i in (4, 5, 11):
            effects.append(SideEffectInput("dizziness", "moderate"))
        at = datetime(day.year, day.month, day.day, 8, rnd.randint(0, 40), tzinfo=TZ)
        j.add_checkin(mood=mood, anxiety=anxiety, sleep_hours=round(rnd.uniform(5, 8.5), 1),
                      tags=["alcohol"] if i == 9 else [], at=at,
                      doses=[DoseInput(bac.id, 10, scheduled_time="08:00")],
                      note=HOSTILE if i == 12 else "",
                      flagged_for_doctor=i in (12, 20), side_effects=effects)
        for hour, med, amount in ((14, bac, 10.0), (20, bac, 10.0), (22, mel, 2.0)):
            if rnd.random() < 0.85:
                j.add_dose(med.id, amount_mg=amount,
                           at=datetime(day.year, day.month, day.day, hour, 5, tzinfo=TZ))
    for i in range(14):
        day = start + timedelta(days=2 * i)
        content = ("cyclic-sighing", "box", "4-7-8", "body-scan-10")[i % 4]
        kind: PracticeKind = "meditate" if content == "body-scan-10" else "breathe"
        before = rnd.randint(4, 8)
        j.add_practice(PracticeRecord(kind, content, datetime(day.year, day.month, day.day, 19,
                                                              tzinfo=TZ),
                                      300.0, 300.0, True, before,
                                      max(0, before - rnd.randint(0, 3))))
    j.add_selfcheck("phq9", [1, 2, 1, 2, 0, 1, 1, 0, 0],
                    at=datetime.combine(start + timedelta(days=2), datetime.min.time(), TZ))
    j.add_selfcheck("gad7", [2, 2, 2, 1, 1, 1, 1],
                    at=datetime.combine(start + timedelta(days=2), datetime.min.time(), TZ))
    j.add_selfcheck("phq9", [1, 1, 1, 1, 0, 1, 0, 0, 0],
                    at=datetime.combine(start + timedelta(days=16), datetime.min.time(), TZ))


def render_demo(html_path: Path, since: date | None = None) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        j = Journal(Path(tmp) / "journal.sqlite3", clock=lambda: NOW)
        fill_demo(j)
        end = NOW.date()
        start = since or end - timedelta(days=29)
        snap = load_snapshot(j, start - timedelta(days=HISTORY_DAYS), end)
        j.close()
    report = build_report(snap, start, end, NOW, name=None, titles=TITLES)
    html_path.write_text(render_html(report), encoding="utf-8")
    return html_path


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def run_chromium(binary: str, html_path: Path, *flags: str) -> None:
    with tempfile.TemporaryDirectory() as profile:
        cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
               *flags, html_path.resolve().as_uri()]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/report.png"))
    parser.add_argument("--html", type=Path, default=Path("/tmp/report.html"))
    parser.add_argument("--print-pdf", type=Path, default=None,
                        help="also print to PDF (A4, as a clinician would)")
    parser.add_argument("--size", default="1000,1400", help="window size, e.g. 1000,1400")
    args = parser.parse_args(argv)
    render_demo(args.html)
    print(f"report HTML: {args.html}")
    binary = chromium()
    if binary is None:
        print("SKIPPED: chromium is not installed (Debian: apt-get install chromium); the HTML "
              "was still written.")
        return 0
    run_chromium(binary, args.html, f"--screenshot={args.out}", f"--window-size={args.size}",
                 "--hide-scrollbars")
    print(f"screenshot: {args.out}")
    if args.print_pdf is not None:
        run_chromium(binary, args.html, f"--print-to-pdf={args.print_pdf}",
                     "--no-pdf-header-footer")
        print(f"pdf: {args.print_pdf}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
