"""Paths, trace, state and the home summary."""

from __future__ import annotations

import json
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from ebbtide.core import trace
from ebbtide.core.clock import ManualClock
from ebbtide.core.content.resources import content_dir
from ebbtide.core.errors import DataDirError
from ebbtide.core.paths import resolve_paths
from ebbtide.core.practice.records import PracticeRecord
from ebbtide.core.practice.stopwatch import Stopwatch
from ebbtide.core.practice.summary import default_suggestion, practice_streak, summarise
from ebbtide.core.state import AppState


def test_data_dir_puts_everything_under_one_folder(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "one")
    assert paths.settings_file == tmp_path / "one" / "config" / "settings.toml"
    assert paths.journal_file.parent == tmp_path / "one" / "data"
    paths.ensure()
    assert stat.S_IMODE(paths.data_dir.stat().st_mode) == 0o700


def test_env_var_is_used_when_no_flag(tmp_path: Path) -> None:
    paths = resolve_paths(None, {"EBBTIDE_HOME": str(tmp_path)})
    assert paths.config_dir == tmp_path / "config"
    assert resolve_paths(tmp_path / "flag", {"EBBTIDE_HOME": "/elsewhere"}).config_dir == (
        tmp_path / "flag" / "config")


def test_file_where_folder_should_be_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    with pytest.raises(DataDirError, match="is a file"):
        resolve_paths(blocker).ensure()


def test_content_folder_is_found() -> None:
    assert (content_dir() / "breathing").is_dir()


def test_trace_writes_json_lines_only_when_enabled(tmp_path: Path) -> None:
    target = tmp_path / "trace.jsonl"
    trace.configure(None)
    trace.emit("bell", 1.0, 1.001)
    assert not target.exists()
    trace.configure(str(target))
    try:
        trace.emit("phase_start", 10.0, 10.004, phase="inhale", cycle=2)
        trace.emit("session_end", 70.0)
    finally:
        trace.configure(None)
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert lines[0] == {"event": "phase_start", "planned": 10.0, "actual": 10.004,
                        "phase": "inhale", "cycle": 2}
    assert lines[1]["event"] == "session_end" and lines[1]["actual"] > 0


def test_stopwatch_subtracts_paused_time() -> None:
    clock = ManualClock(100.0)
    watch = Stopwatch(clock)
    watch.start()
    clock.advance(5)
    watch.pause()
    clock.advance(30)
    assert watch.elapsed() == 5
    watch.resume()
    clock.advance(2)
    assert watch.elapsed() == 7
    assert watch.monotonic_at(10) == 100 + 30 + 10


def test_state_survives_restart_and_unreadable_file_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    AppState.load(path).set("welcome_acknowledged", "0.1.0")
    assert AppState.load(path).get("welcome_acknowledged") == "0.1.0"
    path.write_text("{not json")
    assert AppState.load(path).get("welcome_acknowledged") is None
    assert any(p.name.startswith("state.json.unreadable-") for p in tmp_path.iterdir())


def _practice(day: date, minutes: float) -> PracticeRecord:
    start = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
    return PracticeRecord("breathe", "box", start, minutes * 60, minutes * 60, True)


def test_streak_forgives_one_missed_day_but_not_two() -> None:
    today = date(2026, 11, 21)
    days = {today, today - timedelta(days=1), today - timedelta(days=3),
            today - timedelta(days=6)}
    assert practice_streak(days, today) == 3  # 21, 20, (19 forgiven), 18; 17+16 missed
    assert practice_streak({today - timedelta(days=1)}, today) == 1  # today not over yet
    assert practice_streak({today - timedelta(days=3)}, today) == 0
    assert practice_streak(set(), today) == 0


def test_summary_counts_this_week_only() -> None:
    now = datetime(2026, 11, 21, 10, tzinfo=UTC)  # a Saturday
    records = [_practice(date(2026, 11, 16), 5), _practice(date(2026, 11, 21), 10.4),
               _practice(date(2026, 11, 15), 30)]
    summary = summarise(records, now, last_checkin=None, show_streak=False)
    assert summary.practice_minutes_week == 15
    assert summary.sessions_week == 2
    assert summary.streak_days is None


def test_default_suggestion_follows_the_time_of_day() -> None:
    assert default_suggestion(datetime(2026, 1, 1, 22)).content_id == "sleep-wind-down"
    assert default_suggestion(datetime(2026, 1, 1, 9)).kind == "breathe"
