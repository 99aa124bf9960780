"""`ebbtide check phq9|gad7` opens the self-check screen; a wrong kind is one clear line;
with no kind it lists recent scores with their bands."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from ebbtide.cli import main
from ebbtide.cli.context import CommandContext
from ebbtide.core.journal.models import local_now
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import resolve_paths
from ebbtide.launch import StartRoute


@pytest.fixture
def routes(monkeypatch: pytest.MonkeyPatch) -> list[StartRoute]:
    seen: list[StartRoute] = []

    def fake_run_app(self: CommandContext, route: StartRoute | None = None) -> int:
        seen.append(route or StartRoute())
        return 0

    monkeypatch.setattr(CommandContext, "run_app", fake_run_app)
    return seen


@pytest.mark.parametrize(("word", "kind"), [("phq9", "phq9"), ("GAD-7", "gad7")])
def test_check_opens_the_form(tmp_path: Path, routes: list[StartRoute], word: str,
                              kind: str) -> None:
    assert main(["--data-dir", str(tmp_path), "check", word]) == 0
    assert routes == [StartRoute(screen="check", args={"kind": kind}, exit_after=True)]


def test_unknown_kind_is_one_clear_line(tmp_path: Path, routes: list[StartRoute],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "check", "beck"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "ebbtide: unknown self-check 'beck': use phq9 or gad7"
    assert routes == []


def test_no_kind_lists_scores_with_bands(tmp_path: Path, routes: list[StartRoute],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "check"]) == 0
    assert "No self-checks yet" in capsys.readouterr().out
    with Journal.open(resolve_paths(tmp_path)) as j:
        j.add_selfcheck("phq9", [2, 2, 2, 2, 2, 2, 1, 1, 1],
                        at=local_now() - timedelta(days=20))
        j.add_selfcheck("gad7", [1, 1, 1, 1, 1, 0, 0])
    assert main(["--data-dir", str(tmp_path), "check", "--list"]) == 0
    out = capsys.readouterr().out
    assert "PHQ-9 15/27 (moderately severe)  (item 9 above 0)" in out
    assert "GAD-7 5/21 (mild)" in out
    assert out.index("GAD-7 5/21") < out.index("PHQ-9 15/27")  # newest first
    assert "Suggested (optional, every two weeks): PHQ-9." in out
    assert "Pfizer" in out and "not a diagnosis" in out
    assert routes == []


def test_list_shows_how_difficult_in_words(tmp_path: Path, routes: list[StartRoute],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    with Journal.open(resolve_paths(tmp_path)) as j:
        j.add_selfcheck("phq9", [1, 1, 0, 0, 0, 0, 0, 0, 0],
                        at=local_now() - timedelta(days=3), difficulty=3)
        j.add_selfcheck("phq9", [1, 0, 0, 0, 0, 0, 0, 0, 1], difficulty=0)
        j.add_selfcheck("phq9", [0] * 9)
    assert main(["--data-dir", str(tmp_path), "check", "--list"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if " PHQ-9 " in line]
    assert lines[0].endswith("PHQ-9 0/27 (minimal)")  # not asked: nothing added
    assert lines[1].endswith("PHQ-9 2/27 (minimal), not difficult at all  (item 9 above 0)")
    assert lines[2].endswith("PHQ-9 2/27 (minimal), extremely difficult")
    assert routes == []
