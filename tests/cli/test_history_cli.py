"""`ebbtide history`: day-by-day text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ebbtide.cli import main


def test_history_text_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = str(tmp_path)
    assert main(["--data-dir", home, "history"]) == 0
    assert "Nothing logged" in capsys.readouterr().out
    for args in (["--mood", "4", "--anxiety", "6", "--dose", "10", "--at",
                  "2026-01-05T08:00", "--tag", "alcohol"],
                 ["--mood", "6", "--anxiety", "4", "--at", "2026-01-05T20:00",
                  "--side-effect", "nausea:severe"],
                 ["--mood", "8", "--anxiety", "2", "--at", "2026-01-07T09:00",
                  "--note", "\x1b[31m"]):
        assert main(["--data-dir", home, "log", *args]) == 0
    capsys.readouterr()
    assert main(["--data-dir", home, "history", "--since", "2026-01-01", "--until",
                 "2026-01-31"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("2026-01-07")
    assert "mood 5.0" in lines[1] and "(2 check-ins)" in lines[1]
    assert "baclofen 10 mg" in lines[1] and "nausea (severe)" in lines[1]
    assert "tags: alcohol" in lines[1]
    assert main(["--data-dir", home, "history", "--all", "--json"]) == 0
    days = json.loads(capsys.readouterr().out)
    assert [d["date"] for d in days] == ["2026-01-07", "2026-01-05"]
    assert days[1]["mg_by_medication"] == {"baclofen": 10.0}
    assert days[1]["side_effects"] == {"nausea": "severe"} and days[1]["mood_mean"] == 5.0
    assert main(["--data-dir", home, "history", "--all", "--tag", "alcohol", "--json"]) == 0
    assert [d["date"] for d in json.loads(capsys.readouterr().out)] == ["2026-01-05"]


def test_history_bad_dates_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "history", "--since", "01/02/2026"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path), "history", "--since", "2026-02-01",
                 "--until", "2026-01-01"]) == 2
