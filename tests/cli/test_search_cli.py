"""`ebbtide search` and `ebbtide history --entries`: what was written comes back in full,
and nothing stored in a note can reach the terminal as an escape sequence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ebbtide.cli import main

HOSTILE = "Dizzy after lunch\n\x1b[31mred text\x1b]52;c;aGVsbG8=\x07 \u202eevil\x9b2J [bold]x[/]"
LONG_TAIL = " and then".join(str(n) for n in range(200)) + " THE END"


def log(home: str, *args: str) -> None:
    assert main(["--data-dir", home, "log", *args]) == 0


@pytest.fixture
def home(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    home = str(tmp_path)
    log(home, "--mood", "4", "--anxiety", "6", "--dose", "10", "--at", "2026-01-05T08:00",
        "--tag", "work", "--side-effect", "nausea:severe", "--note", HOSTILE)
    log(home, "--mood", "7", "--anxiety", "2", "--sleep", "7.5", "--at",
        "2026-01-06T21:30", "--note", "Long walk." + LONG_TAIL)
    capsys.readouterr()
    return home


def no_escapes(text: str) -> None:
    for bad in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert bad not in text


def test_search_prints_matches_newest_first_and_inert(
        home: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", home, "search", "dizz"]) == 0
    out = capsys.readouterr().out
    no_escapes(out)
    (line,) = out.splitlines()
    assert line.startswith("2026-01-05 Mon 08:00  note")
    assert "«Dizzy» after lunch⏎\\x1b[31mred text\\x1b]52;c;aGVsbG8=\\x07" in line
    assert "\\u202eevil\\x9b2J [bold]x[/]" in line
    assert main(["--data-dir", home, "search", "a"]) == 0  # "after", "and", ...
    dates = [line[:10] for line in capsys.readouterr().out.splitlines()]
    assert dates == sorted(dates, reverse=True) and len(dates) == 2


def test_search_kinds_dates_limit_and_json(home: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", home, "search", "nause"]) == 0
    assert "side effect  «nausea»" in capsys.readouterr().out
    assert main(["--data-dir", home, "search", "work", "--json"]) == 0
    (hit,) = json.loads(capsys.readouterr().out)
    assert (hit["kind"], hit["date"], hit["time"], hit["matches"]) == \
        ("tag", "2026-01-05", "08:00", ["work"])
    assert main(["--data-dir", home, "search", "lunch", "--json"]) == 0
    out = capsys.readouterr().out
    no_escapes(out)
    assert json.loads(out)[0]["snippet"].startswith(HOSTILE[:30])  # verbatim in the data
    assert main(["--data-dir", home, "search", "dizzy", "--since", "2026-01-06"]) == 0
    assert "Nothing found for “dizzy”" in capsys.readouterr().out
    assert main(["--data-dir", home, "search", "a", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2026-01-06") and "--limit N shows more" in out


@pytest.mark.parametrize("text", ["(", "*", '"', "AND", "NEAR(", "x:y", "-", "'; --"])
def test_search_hostile_text_never_fails(home: str, capsys: pytest.CaptureFixture[str],
                                         text: str) -> None:
    code = main(["--data-dir", home, "search", text])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "sqlite" not in captured.err.lower()
    assert code == 0 or (code == 2 and "type a word" in captured.err)


def test_search_bad_options_are_explained(home: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--data-dir", home, "search", "x", "--limit", "zero"])
    assert exited.value.code == 2
    assert "whole number" in capsys.readouterr().err
    assert main(["--data-dir", home, "search", "x", "--since", "5/1/2026"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_history_entries_show_everything_and_the_full_note(
        home: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", home, "history", "--all", "--entries"]) == 0
    out = capsys.readouterr().out
    no_escapes(out)
    lines = out.splitlines()
    assert lines[0] == "2026-01-06 Tue"
    assert "21:30  check-in  mood 7 · anxiety 2 · sleep 7.5 h" in lines[1]
    assert "Long walk." + LONG_TAIL in out  # the whole note, never shortened
    day = out[out.index("2026-01-05 Mon"):]
    assert "08:00  check-in  mood 4 · anxiety 6" in day
    assert "doses: baclofen 10 mg taken" in day and "side effects: nausea (severe)" in day
    assert "tags: work" in day
    assert "        Dizzy after lunch\n" in day
    assert "        \\x1b[31mred text\\x1b]52;c;aGVsbG8=\\x07 \\u202eevil\\x9b2J [bold]x[/]" \
        in day


def test_history_entries_json_keeps_text_verbatim(
        home: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", home, "history", "--since", "2026-01-05", "--until",
                 "2026-01-05", "--entries", "--json"]) == 0
    out = capsys.readouterr().out
    no_escapes(out)
    (entry,) = json.loads(out)
    assert entry["note"] == HOSTILE and entry["tags"] == ["work"]
    assert entry["doses"][0]["amount_mg"] == 10 and entry["side_effects"][0]["severity"] \
        == "severe"
    assert main(["--data-dir", home, "history", "--since", "2027-01-01", "--entries"]) == 0
    assert "Nothing logged in that period" in capsys.readouterr().out
