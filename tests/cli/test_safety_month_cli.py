"""End to end through the command line: a scripted month of `ebbtide log` lines produces
exactly the expected safety notes in `ebbtide report`; `ebbtide notes` lists, dismisses
and acknowledges them; the report keeps every note and names the acknowledged dose."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from ebbtide.cli import main
from ebbtide.core.report.model import day_label

TIMES = ("08:00", "14:00", "20:00")


def _cli(home: Path, *args: str) -> int:
    return main(["--data-dir", str(home), *args])


def _log(home: Path, day: date, clock: str, *args: str) -> None:
    assert _cli(home, "log", "--mood", "6", "--anxiety", "3", "--at",
                f"{day.isoformat()}T{clock}", *args) == 0


def script_month(home: Path, last: date) -> date:
    """Thirty days ending on `last`; returns the first day."""
    first = last - timedelta(days=29)
    for i in range(30):
        day = first + timedelta(days=i)
        if i <= 19:  # three doses a day, one on day 15 (a drop), then a sudden stop
            for clock in TIMES[:1] if i == 15 else TIMES:
                _log(home, day, clock, "--dose", "10", "--medication", "baclofen")
        extra: list[str] = []
        if i == 4:  # 30 + 60 mg of a brand: 90 mg, above the label maximum
            _log(home, day, "12:00", "--dose", "60", "--medication", "Lioresal 20 mg")
        if i == 7:
            extra = ["--tag", "a couple of beers"]
        if i == 9:
            _log(home, day, "22:00", "--dose", "300", "--medication", "Gabapentin")
        if i == 11:
            extra = ["--note", "had a fit in the night"]
        if i == 27:
            extra = ["--note", "I don't want to be here anymore"]
        _log(home, day, "21:00", *extra)
    return first


def _report_notes(text: str) -> list[tuple[str, str, str]]:
    section = text.split("## Safety notes raised in this period", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^- (\w{3} \d+ \w{3}), (\w+): \*\*(.+?)\.\*\*", section, re.M)


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, date]:
    home = tmp_path_factory.mktemp("month")
    # the month ends yesterday, so every scripted time (up to 22:00) is in the past
    yesterday = datetime.now().astimezone().date() - timedelta(days=1)
    return home, script_month(home, yesterday)


def test_a_scripted_month_of_log_lines_gives_exactly_the_expected_notes_in_the_report(
        month: tuple[Path, date], capsys: pytest.CaptureFixture[str]) -> None:
    home, first = month
    capsys.readouterr()
    last = first + timedelta(days=29)
    assert _cli(home, "report", "--since", first.isoformat(), "--until", last.isoformat()) == 0
    text = capsys.readouterr().out

    def on(i: int) -> str:
        return day_label(first + timedelta(days=i))

    assert _report_notes(text) == [
        (on(4), "caution", "Daily total above the label maximum"),
        (on(7), "caution", "Alcohol on a day with baclofen"),
        (on(9), "caution", "Baclofen with another sedating medicine"),
        (on(11), "urgent", "Seek medical help now"),
        (on(15), "caution", "A big drop in logged baclofen"),
        (on(20), "caution", "baclofen stopped or missed: plan any stop with your prescriber"),
        (on(27), "urgent", "Please reach out now"),
    ]
    assert "possible withdrawal risk" in text.lower()
    assert f"Possible withdrawal risk (sudden stop, missed doses or a large cut in the daily " \
           f"total): {on(15)}, {on(20)}." in text
    assert f"Baclofen with alcohol or another sedating medicine: {on(7)}, {on(9)}." in text
    assert "Crisis resources shown to the person:" in text and "116 123" in text


def test_notes_lists_dismisses_and_acknowledges_a_prescribed_higher_dose(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "h"
    today = datetime.now().astimezone().date()
    for clock in ("08:00", "09:00"):
        _log(home, today - timedelta(days=1), clock, "--dose", "50", "--tag", "wine")
    capsys.readouterr()
    assert _cli(home, "notes") == 0
    out = capsys.readouterr().out
    assert "Daily total above the label maximum" in out and "100 mg" in out
    assert "Alcohol on a day with baclofen" in out and "(Source: US prescribing" in out
    ids = re.findall(r"id: (\S+)", out)
    above = next(i for i in ids if i.startswith("above-label-max:"))
    alcohol = next(i for i in ids if i.startswith("alcohol-dose-day:"))

    assert _cli(home, "notes", "ack-higher-dose", alcohol) == 2
    assert "not a daily-total note" in capsys.readouterr().err
    assert _cli(home, "notes", "dismiss", "no-such:note") == 2
    assert "no safety note with id" in capsys.readouterr().err

    assert _cli(home, "notes", "ack-higher-dose", above) == 0
    assert "up to 100 mg" in capsys.readouterr().out
    assert _cli(home, "notes", "dismiss", alcohol) == 0
    capsys.readouterr()
    assert _cli(home, "notes") == 0
    assert "No safety notes open." in capsys.readouterr().out
    assert _cli(home, "notes", "--all") == 0
    out = capsys.readouterr().out
    assert "(prescribed: acknowledged)" in out and "(dismissed " in out
    assert "your prescriber set a daily total of up to 100 mg" in out

    assert _cli(home, "report") == 0  # the report keeps both, and names the acknowledgement
    report = capsys.readouterr().out
    assert [n[2] for n in _report_notes(report)] == [
        "Daily total above the label maximum", "Alcohol on a day with baclofen"]
    assert (f"The person said their prescriber set a daily total of up to 100 mg of oral "
            f"baclofen, said on {day_label(today, True)}.") in report


def test_log_prints_the_crisis_lines_for_the_region_after_saved(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "h"
    home.mkdir()
    from ebbtide.core.paths import resolve_paths

    paths = resolve_paths(home)
    paths.ensure()
    paths.settings_file.write_text('region = "ie"\n')
    assert _cli(home, "log", "--mood", "2", "--anxiety", "8", "--side-effect",
                "thoughts of ending it all") == 0
    out = capsys.readouterr().out
    after = out.partition("Saved check-in")[2].partition("\n\n")[2]
    assert "call 112 or 999 now" in after and "Ireland: Samaritans" in after
    assert "988" not in after and "Seek medical help" not in after


def test_log_says_urgent_signs_by_meaning_and_severity_only(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "h"
    assert _cli(home, "log", "--mood", "5", "--anxiety", "5", "--side-effect",
                "seizures:moderate", "--side-effect", "confusion:severe") == 0
    out = capsys.readouterr().out
    assert "Seek medical help now: 'seizures' and 'confusion'" in out
    assert "If you are thinking about suicide" not in out
    for quiet in (["--side-effect", "confusion:mild"], ["--note", "seizure-free for a year"],
                  ["--dose", "10"]):
        assert _cli(home, "log", "--mood", "5", "--anxiety", "5", *quiet) == 0
        out = capsys.readouterr().out
        assert "Seek medical help" not in out and "suicide" not in out, quiet


def test_check_list_prompts_a_talk_for_a_score_of_10_or_more(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ebbtide.core.journal.store import Journal
    from ebbtide.core.paths import resolve_paths

    home = tmp_path / "h"
    with Journal.open(resolve_paths(home)) as journal:
        journal.add_selfcheck("gad7", [2, 2, 2, 1, 1, 1, 1])
        journal.add_selfcheck("phq9", [1, 0, 0, 0, 0, 0, 0, 0, 0])
    assert _cli(home, "check") == 0
    out = capsys.readouterr().out
    assert "A GAD-7 score of 10 or more is worth a conversation with a clinician" in out
    assert "PHQ-9 score of" not in out and "suicide" not in out
