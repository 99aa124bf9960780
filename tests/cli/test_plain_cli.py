"""`--plain` sessions through the real command line, on a clock that sleeps instantly."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from ebbtide.cli import main, plain_session
from ebbtide.core.clock import ManualClock
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import resolve_paths
from ebbtide.core.practice.records import PracticeRecord


def saved_sessions(data_dir: Path) -> list[PracticeRecord]:
    journal = Journal.open(resolve_paths(data_dir))
    try:
        now = datetime.now().astimezone()
        return journal.practices_between(now - timedelta(days=1), now + timedelta(days=1))
    finally:
        journal.close()


def test_breathe_plain_prints_clean_lines_and_saves_the_session(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fast_clock: ManualClock) -> None:
    code = main(["--data-dir", str(tmp_path), "--no-sound", "breathe", "box", "--plain",
                 "--cycles", "1"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.splitlines() == [
        "Box breathing: 1 cycle, 16 seconds", "Cycle 1 of 1", "Breathe in, 4 seconds",
        "Hold, 4 seconds", "Breathe out, 4 seconds", "Rest, 4 seconds", "Done: 16 seconds"]
    assert "\x1b" not in out and "\r" not in out
    assert fast_clock.now() == 516.0
    [record] = saved_sessions(tmp_path)
    assert (record.kind, record.content_id, record.completed) == ("breathe", "box", True)
    assert record.actual_seconds == 16.0


def test_ctrl_c_saves_a_partial_session(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        fast_clock: ManualClock) -> None:
    def sleep(seconds: float) -> None:
        if fast_clock.now() + seconds > 506.0:
            fast_clock.set(506.0)
            raise KeyboardInterrupt
        fast_clock.advance(seconds)

    monkeypatch.setattr(plain_session, "sleep", sleep)
    code = main(["--data-dir", str(tmp_path), "--no-sound", "breathe", "box", "--plain"])
    out, _ = capsys.readouterr()
    assert code == 130
    assert out.splitlines()[-1] == "Stopped after 6 seconds; saved as partial."
    [record] = saved_sessions(tmp_path)
    assert (record.completed, record.actual_seconds) == (False, 6.0)


def test_meditate_and_timer_run_plain_too(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fast_clock: ManualClock) -> None:
    assert main(["--data-dir", str(tmp_path), "--no-sound", "--plain", "timer",
                 "--minutes", "1", "--start-delay", "0"]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines()[-3:] == ["Bell", "Bell", "Done: 1 minute"]
    assert main(["--data-dir", str(tmp_path), "--no-sound", "meditate", "body-scan-10",
                 "--plain"]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines()[1].startswith("Step 1 of ")
    assert out.splitlines()[-1] == "Done: 10 minutes"
    assert sorted(r.kind for r in saved_sessions(tmp_path)) == ["meditate", "timer"]


def test_sos_plain_says_the_crisis_line_first(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fast_clock: ManualClock) -> None:
    settings = tmp_path / "config" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text('region = "uk"\n')
    assert main(["--data-dir", str(tmp_path), "--no-sound", "sos", "--plain"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("If you are in danger now: call 999.")
    assert "Samaritans" in lines[0]
    assert lines[1] == "Cyclic sighing: 5 cycles, 1 minute"
    assert lines[-1] == "Done: 1 minute"
    [record] = saved_sessions(tmp_path)
    assert record.content_id == "cyclic-sighing" and record.completed


class TimedLines:
    """A stdout that notes the clock's time of every line written."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.lines: list[tuple[float, str]] = []
        self._partial = ""

    def write(self, text: str) -> int:
        self._partial += text
        *done, self._partial = self._partial.split("\n")
        self.lines.extend((self.clock.now(), line) for line in done)
        return len(text)

    def flush(self) -> None:
        pass


def test_sos_plain_says_the_minutes_words_every_ten_seconds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_clock: ManualClock) -> None:
    from ebbtide.core.content.sos_words import load_sos_words

    out = TimedLines(fast_clock)
    monkeypatch.setattr("sys.stdout", out)
    assert main(["--data-dir", str(tmp_path), "--no-sound", "sos", "--plain"]) == 0
    start = next(at for at, line in out.lines if line == "Cycle 1 of 5")
    said = {line: at - start for at, line in out.lines}
    words = load_sos_words().texts
    assert [said[text] for text in words] == pytest.approx([0, 10, 20, 30, 40, 50])
    lines = [line for _, line in out.lines]
    # The words open the minute, before its first breath; the ending is still last.
    assert lines.index(words[0]) < lines.index("Cycle 1 of 5")
    assert lines[-1] == "Done: 1 minute"
    ordered = [at for at, _ in out.lines]
    assert ordered == sorted(ordered)


def test_bare_plain_lists_the_plain_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--plain"]) == 0
    out = capsys.readouterr().out
    assert "ebbtide breathe PATTERN --plain" in out and "ebbtide sos --plain" in out


def test_plain_without_a_pattern_says_what_to_give(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "breathe", "--plain"]) == 2
    assert "plain mode needs a pattern" in capsys.readouterr().err
