"""`ebbtide log`: one line saves a check-in; any bad value exits 2 with one clear line and
saves nothing."""

from __future__ import annotations

import argparse
import re
import sqlite3
import string
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ebbtide.cli import main
from ebbtide.cli.commands import log as log_cmd
from ebbtide.core.content import phrase_cache
from ebbtide.core.content.phrases import family_file, parsed_copies_in
from ebbtide.core.content.side_effects import URGENT_NAMES
from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.models import CheckIn, Dose, DoseInput, SideEffect, SideEffectInput
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import resolve_paths


def _log(home: Path, *args: str) -> int:
    return main(["--data-dir", str(home), "log", *args])


def _entries(home: Path) -> list[object]:
    paths = resolve_paths(home)
    if not paths.journal_file.exists():
        return []
    with Journal.open(paths) as j:
        return list(j.entries_between())


def test_log_saves_everything_and_says_what(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert _log(tmp_path, "--mood", "6", "--anxiety", "4", "--sleep", "7.5", "--dose", "10",
                "--side-effect", "Dizziness:moderate", "--side-effect", "dry mouth",
                "--tag", "alcohol", "--tag", "stressful day", "--note", "[bold]hi\x1b[31m",
                "--energy", "5", "--sleep-quality", "3", "--flag") == 0
    out = capsys.readouterr().out
    assert "mood 6/10" in out and "anxiety 4/10" in out and "sleep 7.5 h" in out
    assert "baclofen 10 mg, taken" in out and "Added 'baclofen'" in out
    assert "dizziness (moderate), dry mouth (mild)" in out
    assert "\x1b" not in out and "\\x1b" in out  # shown inert
    checkin, dose, *effects = _entries(tmp_path)
    assert isinstance(checkin, CheckIn) and isinstance(dose, Dose)
    assert (checkin.mood, checkin.anxiety, checkin.sleep_hours, checkin.energy,
            checkin.sleep_quality, checkin.flagged_for_doctor) == (6, 4, 7.5, 5, 3, True)
    assert checkin.tags == ("alcohol", "stressful day") and checkin.note == "[bold]hi\x1b[31m"
    assert (dose.medication, dose.amount_mg, dose.checkin_id) == ("baclofen", 10.0, checkin.id)
    assert [(e.name, e.severity) for e in effects if isinstance(e, SideEffect)] == [
        ("dizziness", "moderate"), ("dry mouth", "mild")]
    # second run: the everyday fast path (file exists, today's backup made)
    assert _log(tmp_path, "--mood", "7", "--anxiety", "2", "--dose", "5") == 0
    out = capsys.readouterr().out
    assert "Added" not in out and "baclofen 5 mg" in out
    assert (resolve_paths(tmp_path).backup_dir).is_dir()
    with Journal.open(resolve_paths(tmp_path)) as j:
        assert len(j.medications()) == 1 and j.count("dose") == 2
        assert j.integrity_check() == "ok"


def test_dose_goes_to_the_single_active_medication(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    with Journal.open(resolve_paths(tmp_path)) as j:
        j.add_medication("Gabapentin")
        j.add_medication("old", active=False)
    assert _log(tmp_path, "--mood", "5", "--anxiety", "5", "--dose", "300") == 0
    assert "Gabapentin 300 mg" in capsys.readouterr().out
    with Journal.open(resolve_paths(tmp_path)) as j:
        j.add_medication("baclofen")
    assert _log(tmp_path, "--mood", "5", "--anxiety", "5", "--dose", "5") == 2
    assert "several active medications" in capsys.readouterr().err
    assert _log(tmp_path, "--mood", "5", "--anxiety", "5", "--dose", "5", "--medication",
                "BACLOFEN") == 0
    assert _log(tmp_path, "--mood", "5", "--anxiety", "5", "--skipped", "--medication",
                "gabapentin") == 0
    with Journal.open(resolve_paths(tmp_path)) as j:
        doses = j.entries_between(kinds=["dose"])
        assert [(d.medication, d.status, d.amount_mg) for d in doses] == [  # type: ignore[union-attr]
            ("Gabapentin", "taken", 300.0), ("baclofen", "taken", 5.0),
            ("Gabapentin", "skipped", None)]


@pytest.mark.parametrize("args", [
    ["--mood", "0", "--anxiety", "4"], ["--mood", "11", "--anxiety", "4"],
    ["--mood", "5", "--anxiety", "11"], ["--mood", "5", "--anxiety", "-1"],
    ["--mood", "five", "--anxiety", "4"], ["--mood", "5", "--anxiety", "4", "--sleep", "-1"],
    ["--mood", "5", "--anxiety", "4", "--sleep", "25"],
    ["--mood", "5", "--anxiety", "4", "--sleep", "nan"],
    ["--mood", "5", "--anxiety", "4", "--dose", "0"],
    ["--mood", "5", "--anxiety", "4", "--side-effect", "nausea:awful"],
    ["--mood", "5", "--anxiety", "4", "--side-effect", ":mild"],
    ["--mood", "5", "--anxiety", "4", "--at", "yesterday-ish"],
    ["--mood", "5", "--anxiety", "4", "--at", "25:00"],
    ["--mood", "5", "--anxiety", "4", "--at", "2999-01-01T08:00"],
    ["--mood", "5", "--anxiety", "4", "--medication", "baclofen"],
    ["--anxiety", "4"],
])
def test_bad_values_exit_2_with_one_line_and_save_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    try:
        code = _log(tmp_path, *args)
    except SystemExit as exc:  # argparse errors exit from inside parse_args
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("ebbtide") and err.count("\n") == 1 and "Traceback" not in err
    assert _entries(tmp_path) == []


def test_at_accepts_past_times_and_keeps_the_offset(tmp_path: Path) -> None:
    assert _log(tmp_path, "--mood", "5", "--anxiety", "4", "--at",
                "2025-12-31T23:30+09:00") == 0
    (c,) = _entries(tmp_path)
    assert isinstance(c, CheckIn) and c.local_date.isoformat() == "2025-12-31"
    assert c.at.utcoffset() == timedelta(hours=9)


def test_at_reads_what_people_type(tmp_path: Path) -> None:
    now = datetime.now().astimezone()
    assert _log(tmp_path, "--mood", "5", "--anxiety", "4", "--at", "2 days ago") == 0
    (c,) = _entries(tmp_path)
    assert isinstance(c, CheckIn)
    assert c.local_date == (now - timedelta(days=2)).date()


def test_at_names_both_readings_instead_of_guessing(
        capsys: pytest.CaptureFixture[str]) -> None:
    evening = datetime(2026, 6, 3, 21, 10, tzinfo=timezone(timedelta(hours=2)))
    with pytest.raises(EbbtideError, match=r"^--at: .*08:30 or 20:30"):
        log_cmd.parse_at_option("yesterday 8:30", evening)
    assert log_cmd.parse_at_option("yesterday 8:30pm", evening).hour == 20


# ---------------------------------------------------------------- property tests

NOW = datetime(2026, 6, 1, 12, 0).astimezone()


@given(st.integers(min_value=-1000, max_value=1000))
def test_mood_parser_accepts_exactly_one_to_ten(value: int) -> None:
    if 1 <= value <= 10:
        assert log_cmd.parse_mood(str(value)) == value
    else:
        with pytest.raises(argparse.ArgumentTypeError, match="mood"):
            log_cmd.parse_mood(str(value))


@given(st.text(max_size=12))
def test_scale_parsers_never_crash(text: str) -> None:
    for parse in (log_cmd.parse_mood, log_cmd.parse_anxiety, log_cmd.parse_sleep,
                  log_cmd.parse_dose, log_cmd.parse_energy, log_cmd.parse_sleep_quality):
        try:
            value = parse(text)
        except argparse.ArgumentTypeError as exc:
            assert str(exc) and "\n" not in str(exc)
        else:
            assert value == value  # never NaN
            assert value != float("inf")


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_sleep_parser_range(value: float) -> None:
    try:
        hours = log_cmd.parse_sleep(repr(value))
    except argparse.ArgumentTypeError:
        assert not (0 <= value <= 24)
    else:
        assert 0 <= hours <= 24


@given(st.text(alphabet=string.ascii_letters + " :-/", min_size=0, max_size=30))
def test_side_effect_parser(text: str) -> None:
    try:
        name, severity = log_cmd.parse_side_effect(text)
    except argparse.ArgumentTypeError as exc:
        assert "\n" not in str(exc)
    else:
        assert name and name == name.strip() and severity in ("mild", "moderate", "severe")
        assert name in text


@settings(max_examples=200)
@given(st.text(max_size=40))
def test_at_parser_never_crashes_and_never_accepts_the_future(text: str) -> None:
    try:
        at = log_cmd.parse_at_option(text, NOW)
    except EbbtideError as exc:
        assert "\n" not in str(exc)
    else:
        assert at.tzinfo is not None and at <= NOW + timedelta(minutes=5)


@given(st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2030, 1, 1)))
def test_at_parser_reads_iso_times(moment: datetime) -> None:
    text = moment.replace(microsecond=0).isoformat(timespec="minutes")
    local = moment.replace(second=0, microsecond=0).astimezone()
    if local > NOW + timedelta(minutes=5):
        with pytest.raises(EbbtideError, match="future"):
            log_cmd.parse_at_option(text, NOW)
    else:
        assert log_cmd.parse_at_option(text, NOW) == local


# ---------------------------------------------------------------- one writer

_VOLATILE = {"id", "uid", "created_utc", "updated_utc", "medication_id", "checkin_id"}


def _stored(paths_home: Path) -> dict[str, list[dict[str, object]]]:
    """Every row of the check-in tables, minus what differs by nature (ids, uids, when the
    row was written), with links kept as 'is there one'."""
    conn = sqlite3.connect(str(resolve_paths(paths_home).journal_file))
    try:
        found: dict[str, list[dict[str, object]]] = {}
        for table in ("medications", "checkins", "doses", "side_effects"):
            cur = conn.execute(f"SELECT * FROM {table} ORDER BY id")
            names = [d[0] for d in cur.description]
            rows = []
            for row in cur.fetchall():
                record = dict(zip(names, row, strict=True))
                for key in ("medication_id", "checkin_id"):
                    if key in record:
                        record[key] = record[key] is not None
                for key in ("uid", "created_utc", "updated_utc"):
                    assert re.fullmatch(
                        r"[0-9a-f-]{36}" if key == "uid" else r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
                        str(record.pop(key)))
                record.pop("id")
                rows.append(record)
            found[table] = rows
        return found
    finally:
        conn.close()


def test_log_quick_path_and_journal_store_the_same_rows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = datetime(2026, 1, 2, 8, 30, tzinfo=timezone(timedelta(hours=9)))
    by_log, by_journal = tmp_path / "log", tmp_path / "journal"
    with Journal.open(resolve_paths(by_log)) as j:
        assert j.backup() is not None  # today's backup made: `log` takes its quick path
    monkeypatch.setattr(Journal, "open", None)  # the quick path never opens a Journal
    assert _log(by_log, "--mood", "6", "--anxiety", "4", "--sleep", "7.5",
                "--sleep-quality", "3", "--energy", "5", "--dose", "10",
                "--side-effect", "Dizziness:moderate", "--side-effect", " dry mouth ",
                "--tag", "alcohol", "--tag", "alcohol", "--tag", " ", "--tag", "Stressful day",
                "--note", "[bold]hi\x1b[31m\nline two", "--flag",
                "--at", at.isoformat()) == 0
    monkeypatch.undo()
    with Journal.open(resolve_paths(by_journal)) as j:
        med = j.add_medication("baclofen")
        j.add_checkin(mood=6, anxiety=4, sleep_hours=7.5, sleep_quality=3, energy=5,
                      tags=["alcohol", "alcohol", " ", "Stressful day"],
                      note="[bold]hi\x1b[31m\nline two", flagged_for_doctor=True, at=at,
                      doses=[DoseInput(med.id, 10.0)],
                      side_effects=[SideEffectInput("Dizziness", "moderate"),
                                    SideEffectInput(" dry mouth ")])
    logged, saved = _stored(by_log), _stored(by_journal)
    assert logged == saved
    assert [len(logged[t]) for t in logged] == [1, 1, 1, 2]
    assert logged["checkins"][0]["tags"] == '["alcohol","Stressful day"]'
    assert [e["name"] for e in logged["side_effects"]] == ["dizziness", "dry mouth"]


def test_the_writer_and_log_import_nothing_heavy() -> None:
    """`ebbtide log` starts fast: the writer, the schema and the command itself import
    neither Textual nor Rich, nor the store, its queries or the record classes."""
    code = ("import sys\n"
            "import ebbtide.core.journal.writer, ebbtide.core.journal.schema\n"
            "import ebbtide.core.journal.backup, ebbtide.cli.commands.log\n"
            "print('\\n'.join(sorted(sys.modules)))\n")
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                            text=True).stdout.split()
    heavy = ("textual", "rich", "ebbtide.tui", "ebbtide.core.journal.store",
             "ebbtide.core.journal.queries", "ebbtide.core.journal.models", "uuid",
             "markdown_it", "tomllib")
    assert "ebbtide.core.journal.writer" in loaded
    assert [m for m in loaded if m.split(".")[0] in heavy or m.startswith(heavy)] == []


@pytest.mark.parametrize("where", [["--tag"], ["--note"], ["--side-effect"]])
@pytest.mark.parametrize("name", sorted(URGENT_NAMES))
def test_a_listed_urgent_effect_typed_anywhere_is_flagged_even_past_the_openers(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        where: list[str], name: str) -> None:
    """The standard urgent effects count by name wherever they are typed, whatever the
    phrase files' openers say (here: as if they cleared every text)."""
    monkeypatch.setattr(phrase_cache, "nothing_to_check", lambda texts, folder: True)
    assert _log(tmp_path, "--mood", "5", "--anxiety", "3", *where, name) == 0
    assert "Seek medical help now" in capsys.readouterr().out


def test_every_listed_urgent_effect_has_an_opener_in_the_phrase_files(tmp_path: Path) -> None:
    with parsed_copies_in(tmp_path):
        for name in phrase_cache.SAFETY_FILES:
            family_file(name).matching("x")  # writes the copies
    assert [n for n in URGENT_NAMES if phrase_cache.nothing_to_check([n], tmp_path)] == []
