"""On Python 3.11 the command line makes `datetime` the C module, as Python 3.12 does (the
pure-Python classes 3.11 defines first are thrown away anyway). Everything Ebbtide and its
libraries do with dates must work the same, in a fresh process as a person starts it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import sys
import ebbtide.cli
import datetime, _datetime, pickle, sqlite3, zoneinfo
from datetime import UTC, date, datetime as dt, timedelta, timezone
at = dt(2024, 5, 1, 8, 30, tzinfo=timezone(timedelta(hours=2)))
print(sys.modules["datetime"] is _datetime, dt is _datetime.datetime)
print(pickle.loads(pickle.dumps(at)) == at, at.astimezone(UTC).isoformat())
print(dt.strptime("2024-05-01 08:30", "%Y-%m-%d %H:%M").isoformat(),
      date.fromisoformat("2024-05-01"))
print(dt(2024, 5, 1, tzinfo=zoneinfo.ZoneInfo("UTC")).utcoffset())
"""


def test_dates_work_as_before_in_a_fresh_command_line_process() -> None:
    lines = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    c_module = sys.version_info < (3, 12)
    assert lines[0] == f"{c_module} True"
    assert lines[1] == "True 2024-05-01T06:30:00+00:00"
    assert lines[2] == "2024-05-01T08:30:00 2024-05-01"
    assert lines[3] == "0:00:00"


def test_a_check_in_logged_from_a_fresh_process_keeps_its_time(tmp_path: Path) -> None:
    home = {"EBBTIDE_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    logged = subprocess.run(
        [sys.executable, "-m", "ebbtide", "log", "--mood", "6", "--anxiety", "3",
         "--at", "2024-05-01 08:30+02:00"], capture_output=True, text=True, env=home)
    assert logged.returncode == 0, logged.stderr
    assert "Saved check-in for Wed 01 May 2024 08:30 (UTC+02:00)" in logged.stdout
    history = subprocess.run([sys.executable, "-m", "ebbtide", "history", "--all", "--entries"],
                             capture_output=True, text=True, env=home)
    assert history.returncode == 0, history.stderr
    assert history.stdout.splitlines()[:2] == [
        "2024-05-01 Wed", "  08:30  check-in  mood 6 · anxiety 3"], history.stdout


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="3.12+ has no pure-Python detour")
def test_the_pure_python_classes_are_never_built() -> None:
    code = "import sys, ebbtide.cli, datetime; print(hasattr(datetime, '_ymd2ord'))"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout
    assert shown.strip() == "False"
