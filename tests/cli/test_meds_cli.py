"""`ebbtide meds`: list, add, stop, resume and the prescriber's plan, with clear messages
(exit 2, no traceback) for bad input, names matched ignoring case and by brand."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from ebbtide.cli import main


def meds(home: Path, *words: str) -> int:
    return main(["--data-dir", str(home), "meds", *words])


def test_add_list_stop_resume(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert meds(tmp_path) == 0
    assert "No medicines yet" in capsys.readouterr().out
    assert meds(tmp_path, "add", "Baclofen", "--strength", "10 mg tablets", "--times",
                "08:00,20:00", "--dose-mg", "15 mg") == 0
    assert "never suggests a dose" in capsys.readouterr().out
    assert meds(tmp_path, "add", "sertraline") == 0
    assert meds(tmp_path, "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2] == "Baclofen · 10 mg tablets · 15 mg a dose · at 08:00, 20:00"
    assert lines[-1] == "sertraline"
    assert meds(tmp_path, "stop", "OZOBAX") == 0  # a brand finds the baclofen entry
    out = capsys.readouterr().out
    assert "Marked Baclofen as not taken now." in out and "prescriber" in out
    assert meds(tmp_path, "stop", "baclofen") == 0
    assert "already marked as not taken now" in capsys.readouterr().out
    assert meds(tmp_path) == 0
    assert "Baclofen · 10 mg tablets · 15 mg a dose · at 08:00, 20:00 · not taking now" \
        in capsys.readouterr().out
    assert meds(tmp_path, "resume", "BACLOFEN") == 0
    assert "Marked Baclofen as taken now." in capsys.readouterr().out


def test_plan_steps_as_written_show_and_clear(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    today = date.today()
    later = today + timedelta(days=7)
    assert meds(tmp_path, "add", "Lioresal", "--times", "08:00,20:00") == 0
    assert meds(tmp_path, "plan", "lioresal") == 0
    assert "has no plan" in capsys.readouterr().out
    assert meds(tmp_path, "plan", "LIORESAL", "--step", f"{today}=30", "--step",
                f"{later}=20 mg", "--step", f"{later + timedelta(days=7)}=0",
                "--note", "from Dr Lee's letter", "--title", "taper") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Saved 3 steps for Lioresal, as your prescriber wrote them."
    assert out[1] == "Plan for Lioresal — taper (as entered from your prescriber):"
    assert out[2] == f"→ from {today}: 30 mg a day · from Dr Lee's letter"
    assert out[3] == f"  from {later}: 20 mg a day · from Dr Lee's letter"
    assert out[4].endswith("0 mg a day (stop, as planned) · from Dr Lee's letter")
    assert out[5] == f"plan: 30 mg a day today (step from {today}); logged today: nothing " \
                     "logged"
    assert main(["--data-dir", str(tmp_path), "log", "--mood", "6", "--anxiety", "3",
                 "--dose", "15", "--medication", "lioresal"]) == 0
    capsys.readouterr()
    assert meds(tmp_path, "list") == 0
    assert f"plan: 30 mg a day today (step from {today}); logged today: 15 mg" in \
        capsys.readouterr().out
    assert meds(tmp_path, "plan", "lioresal", "--clear") == 0
    assert "Moved the plan for Lioresal to the trash." in capsys.readouterr().out
    assert meds(tmp_path, "plan", "lioresal", "--clear") == 0
    assert "has no plan to clear" in capsys.readouterr().out


@pytest.mark.parametrize(("words", "message"), [
    (("plan", "sertraline"), "no medicine called 'sertraline' (your medicines: baclofen)"),
    (("plan", "baclofen", "--step", "2026-12-01"), "write it as DATE=MG"),
    (("plan", "baclofen", "--step", "1 Dec=30"), "YYYY-MM-DD"),
    (("plan", "baclofen", "--step", "2026-12-01=5 ml"), "write the amount in mg"),
    (("plan", "baclofen", "--step", "2026-12-01=lots"), "cannot read the amount"),
    (("plan", "baclofen", "--clear", "--step", "2026-12-01=10"), "cannot be combined"),
    (("add", "Baclofen"), "you already have a medicine called 'Baclofen'"),
    (("add", "x", "--dose-mg", "ten"), "--dose-mg: cannot read the amount"),
    (("add", "x", "--times", "25:00"), "a time of day looks like 08:00 (got '25:00')"),
    (("stop", "\x1b[31mred"), "\\x1b[31mred"),
])
def test_bad_input_exits_2_with_one_clear_line(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               words: tuple[str, ...], message: str) -> None:
    assert meds(tmp_path, "add", "baclofen") == 0
    capsys.readouterr()
    assert meds(tmp_path, *words) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err
    assert meds(tmp_path, "plan", "baclofen") == 0
    assert "has no plan" in capsys.readouterr().out  # nothing half-written
