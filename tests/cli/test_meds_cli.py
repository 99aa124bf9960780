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
    (("plan", "baclofen", "--note", "hello"), "--note is kept with the steps"),
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


def test_a_scripted_taper_month_gives_exactly_the_expected_report(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """30 mg from 1 Jun, 20 mg from 11 Jun, 10 mg from 21 Jun, a stop on 28 Jun, entered
    with `meds plan`; 15 Jun logged at 30 mg, and the last dose on 23 Jun (early)."""
    assert meds(tmp_path, "add", "Baclofen", "--times", "08:00") == 0
    assert meds(tmp_path, "plan", "lioresal", "--step", "2026-06-01=30", "--step",
                "2026-06-11=20", "--step", "2026-06-21=10", "--step", "2026-06-28=0") == 0
    planned = {range(1, 11): 30, range(11, 21): 20, range(21, 28): 10}
    for day in range(1, 24):
        total = 30 if day == 15 else next(v for k, v in planned.items() if day in k)
        assert main(["--data-dir", str(tmp_path), "log", "--mood", "6", "--anxiety", "3",
                     "--dose", str(total), "--at", f"2026-06-{day:02d}T08:00"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "report", "--since", "2026-06-01",
                 "--until", "2026-06-30"]) == 0
    out = capsys.readouterr().out
    table = out.split("## Plan from the prescriber\n\n", 1)[1].split("\n\n", 1)[0]
    assert table.splitlines()[2:] == [
        "| Baclofen | Mon 1 Jun 2026 | Wed 10 Jun 2026 | 30 mg | – | – | "
        "10 of 10 days with a logged total |",
        "| Baclofen | Thu 11 Jun 2026 | Sat 20 Jun 2026 | 20 mg | – | – | "
        "9 of 10 days with a logged total |",
        "| Baclofen | Sun 21 Jun 2026 | Sat 27 Jun 2026 | 10 mg | – | – | "
        "3 of 3 days with a logged total |",
        "| Baclofen | Sun 28 Jun 2026 | – | 0 mg (stop) | – | – | nothing logged |"]
    notes = out.split("## Safety notes raised in this period\n\n", 1)[1].split("\n\n")[0]
    assert [line.split(".** ")[0] for line in notes.splitlines()] == [
        "- Mon 1 Jun, info: **A step in your Baclofen plan starts today",
        "- Thu 11 Jun, info: **A step in your Baclofen plan starts today",
        "- Mon 15 Jun, caution: **Baclofen: logged doses differ from your plan",
        "- Sun 21 Jun, info: **A step in your Baclofen plan starts today",
        "- Wed 24 Jun, caution: **Baclofen stopped or missed: plan any stop with your "
        "prescriber",
        "- Sun 28 Jun, info: **A step in your Baclofen plan starts today"]
