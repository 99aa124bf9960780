"""The cells of the fault table (each way out x each thing in flight) that no other test
covers, with real processes and real signals. The rest of the table is covered where the
behaviour lives (the table and its tests: issue 13's closing note):

- a practice session: completed / `s` / Esc / ctrl+q in tests/tui/test_breathing_screen.py,
  test_meditation_screens.py and test_session_quit.py; SIGTERM, SIGHUP, SIGINT and a closed
  terminal in tests/tui/test_session_signals.py; kill -9 here.
- a log write: kill -9 in tests/core/test_reliability.py; SIGTERM, SIGHUP, SIGINT there too.
- an export -o: every signal here; the temp file goes at once on SIGTERM, SIGHUP and SIGINT,
  after kill -9 with the next write (stale temps of dead writers: tests/core/test_atomic.py).
- a typed check-in form: ctrl+s and a refused save in tests/tui/test_journal_screens.py,
  Esc (asks) and exit (draft kept) in tests/tui/test_drafts.py; in a pty, ctrl+q, Esc,
  SIGTERM, SIGHUP, SIGINT, a closed terminal and kill -9 (the autosaved draft) in
  tests/tui/test_form_signals.py.
  The edit dialogs and Settings: tests/tui/test_dialog_drafts.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import resolve_paths
from tests.tui.test_session_signals import (  # noqa: F401  (pytest fixture)
    practices,
    running,
    start,
)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="needs POSIX signals and /proc")

ENTRIES = 3000  # a CSV of ~6 MB: the export is still writing when the signal lands
WAYS_OUT = {"SIGTERM": signal.SIGTERM, "SIGHUP": signal.SIGHUP, "SIGINT": signal.SIGINT,
            "kill -9": signal.SIGKILL}


@pytest.fixture(scope="module")
def big_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("big")
    paths = resolve_paths(home)
    paths.ensure()
    with Journal.open(paths) as journal, journal.transaction():
        for i in range(ENTRIES):
            journal.add_checkin(mood=1 + i % 10, anxiety=i % 11, note=f"n{i} " + "y" * 2000)
    return home


def _export(home: Path, target: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "ebbtide", "--data-dir", str(home),
                             "export", "-o", str(target)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _temps(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


@pytest.mark.parametrize("way_out", WAYS_OUT)
def test_an_export_stopped_midway_never_leaves_a_partial_file_or_a_lasting_temp(
        big_home: Path, tmp_path: Path, way_out: str) -> None:
    target = tmp_path / "journal.csv"
    signum = WAYS_OUT[way_out]
    for _attempt in range(5):
        target.write_text("the previous export\n", encoding="utf-8")
        export = _export(big_home, target)
        # Wait for the write to be under way, no fixed sleep.
        while not _temps(tmp_path) and export.poll() is None:
            pass
        if export.poll() is None:
            os.kill(export.pid, signum)
            export.wait(60)
            if target.read_text(encoding="utf-8") == "the previous export\n":
                break
        # The whole write can end between two looks for its temp file, or between seeing
        # it and the signal: then there was nothing to stop mid-write, so try again.
    else:
        pytest.fail("in five tries the export always ended before it could be stopped")
    assert target.read_text(encoding="utf-8") == "the previous export\n"  # never partial
    assert export.stderr is not None
    said = export.stderr.read().decode(errors="replace")
    assert export.returncode != 0 and "Traceback" not in said, said
    if signum == signal.SIGKILL:  # nothing can run: the temp stays until the next export
        assert len(_temps(tmp_path)) == 1
    else:  # the write ends with an exception, and its temp file goes on the way out
        assert export.returncode == 128 + signum, said
        assert _temps(tmp_path) == []
    again = _export(big_home, target)
    assert again.wait(120) == 0
    assert _temps(tmp_path) == []  # the next export removed the dead writer's temp
    with target.open(encoding="utf-8") as written:
        assert sum(1 for _ in written) == ENTRIES + 1  # header and every entry


def test_kill_9_mid_practice_keeps_the_journal_sound_and_usable(
        request: pytest.FixtureRequest) -> None:
    """Nothing can run on kill -9: the practice in progress is not recorded (every softer
    way out records it; see test_session_signals.py). What was saved before stays, the
    file passes its check, and the next process writes into it."""
    child = running(request.getfixturevalue("start"), "breathe")
    with Journal.open(child.paths) as journal:
        before = journal.add_checkin(mood=5, anxiety=4, note="saved before the kill")
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait_exit() == -signal.SIGKILL
    assert practices(child.paths) == []
    with Journal.open(child.paths) as journal:
        assert journal.integrity_check() == "ok"
        assert [e.uid for e in journal.entries_between(kinds=["checkin"])] \
            == [before.checkin.uid]
        journal.add_checkin(mood=6, anxiety=3)
