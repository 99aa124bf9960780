"""`ebbtide meditate`: lists the scripts, opens straight into a session, one clear line for
every mistake."""

from __future__ import annotations

import pytest

from ebbtide.cli import main
from ebbtide.cli.context import CommandContext
from ebbtide.launch import StartRoute


@pytest.fixture
def routes(monkeypatch: pytest.MonkeyPatch) -> list[StartRoute]:
    captured: list[StartRoute] = []

    def fake_run_app(self: CommandContext, route: StartRoute | None = None) -> int:
        assert route is not None
        captured.append(route)
        return 0

    monkeypatch.setattr(CommandContext, "run_app", fake_run_app)
    return captured


def test_list_prints_id_minutes_name_and_purpose(capsys: pytest.CaptureFixture[str],
                                                 routes: list[StartRoute]) -> None:
    assert main(["meditate", "--list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["ID", "MIN", "NAME", "PURPOSE"]
    row = next(line for line in out if line.startswith("grounding-5-4-3-2-1 "))
    assert " 4  5-4-3-2-1 grounding " in row and "five senses" in row
    assert any(line.startswith("pmr-release-only ") for line in out)
    assert routes == []


def test_a_script_opens_the_meditate_screen(routes: list[StartRoute]) -> None:
    assert main(["meditate", "body-scan-10", "--minutes", "7.5", "--skip-ratings"]) == 0
    assert routes == [StartRoute(screen="meditate", exit_after=True, args={
        "script": "body-scan-10", "minutes": 7.5, "skip_ratings": True})]


def test_no_script_opens_the_picker(routes: list[StartRoute]) -> None:
    assert main(["meditate"]) == 0
    assert routes[0].args == {"script": None, "minutes": None, "skip_ratings": False}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["meditate", "body-scam-10"], "unknown meditation 'body-scam-10'. Did you mean: "
                                       "body-scan-10"),
        (["meditate", "pmr", "--minutes", "0"], "--minutes must be a number from 1 to 120"),
        (["meditate", "pmr", "--minutes", "ten"], "--minutes must be a number from 1 to 120"),
        (["meditate", "body-scan-20", "--minutes", "3"],
         "'body-scan-20' has 20 steps and cannot be shorter than 4 minutes"),
    ],
)
def test_mistakes_give_one_line(args: list[str], expected: str,
                                capsys: pytest.CaptureFixture[str],
                                routes: list[StartRoute]) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("ebbtide: ") and expected in err
    assert len(err.strip().splitlines()) == 1
    assert routes == []
