"""`ebbtide read`: list, search and print articles; open the reader; helpful errors."""

from __future__ import annotations

import io

import pytest

from ebbtide.cli import main
from ebbtide.cli.context import CommandContext
from ebbtide.core.content.library.parse import load_library
from ebbtide.launch import StartRoute


@pytest.fixture
def routes(monkeypatch: pytest.MonkeyPatch) -> list[StartRoute]:
    opened: list[StartRoute] = []

    def fake_run_app(self: CommandContext, route: StartRoute | None = None) -> int:
        assert route is not None
        opened.append(route)
        return 0

    monkeypatch.setattr(CommandContext, "run_app", fake_run_app)
    return opened


def test_list_prints_id_minutes_reviewed_and_title_in_library_order(
        capsys: pytest.CaptureFixture[str], routes: list[StartRoute]) -> None:
    assert main(["read", "--list"]) == 0
    out = capsys.readouterr().out
    library = load_library()
    lines = out.splitlines()
    assert len(lines) == len(library.articles)
    for line, article in zip(lines, library.articles, strict=True):
        assert line.split()[0] == article.id
        assert f"{article.minutes} min" in line
        assert article.reviewed.isoformat() in line
        assert line.endswith(article.title)
    assert routes == []


def test_search_prints_articles_and_matching_lines_plain_when_piped(
        capsys: pytest.CaptureFixture[str], routes: list[StartRoute]) -> None:
    assert main(["read", "--search", "taper"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("withdrawal  Never stop suddenly")
    assert any(line.strip().split(":")[0].isdigit() and "taper" in line.lower()
               for line in out.splitlines())
    assert "glossary" in out and "Taper: " in out
    assert "\x1b[" not in out  # no colour codes in a pipe
    assert "](" not in out


def test_search_needs_every_word_and_reports_no_match(
        capsys: pytest.CaptureFixture[str], routes: list[StartRoute]) -> None:
    assert main(["read", "--search", "baclofen giraffe"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "No articles contain all of: baclofen giraffe" in err


def test_search_highlights_matches_on_a_terminal(
        monkeypatch: pytest.MonkeyPatch, routes: list[StartRoute]) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    buffer = Tty()
    monkeypatch.setattr("sys.stdout", buffer)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    assert main(["read", "--search", "116 123"]) == 0
    out = buffer.getvalue()
    assert "depression-mood" in out
    assert "\x1b[1;7m116\x1b[0m \x1b[1;7m123" in out  # each match highlighted


def test_print_is_plain_text_when_piped(
        capsys: pytest.CaptureFixture[str], routes: list[StartRoute]) -> None:
    assert main(["read", "--print", "depression-mood"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Baclofen, depression and mood changes")
    assert "116 123" in out and "988" in out
    assert "](" not in out and "**" not in out
    assert "Sources\n- " in out
    assert "Reviewed 2026-11-30." in out
    assert routes == []


def test_unknown_article_lists_close_matches(
        capsys: pytest.CaptureFixture[str], routes: list[StartRoute]) -> None:
    assert main(["read", "--print", "withdrawl"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ebbtide: unknown article 'withdrawl'. Did you mean: withdrawal")
    assert "Traceback" not in err
    assert main(["read", "side-efects"]) == 2
    assert "side-effects" in capsys.readouterr().err
    assert routes == []


def test_no_flags_opens_the_reader(routes: list[StartRoute]) -> None:
    assert main(["read"]) == 0
    assert main(["read", "withdrawal"]) == 0
    assert routes == [
        StartRoute(screen="read", args={"article": None}),
        StartRoute(screen="read", args={"article": "withdrawal"}, exit_after=True),
    ]


def test_flags_cannot_be_combined(capsys: pytest.CaptureFixture[str],
                                  routes: list[StartRoute]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["read", "--list", "--search", "x"])
    assert exit_info.value.code == 2
    assert main(["read", "withdrawal", "--list"]) == 2
    assert "--list takes no ARTICLE" in capsys.readouterr().err
    assert routes == []
