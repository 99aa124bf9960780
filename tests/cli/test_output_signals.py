"""`-o` writes under signals: SIGTERM and SIGHUP end the write with an exception, so the
temporary file goes on the way out; the command's own handlers come back afterwards. (The
real export under real signals: tests/tui/test_fault_table.py.)"""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

import pytest

from ebbtide.cli.files import signals_end_cleanly
from ebbtide.core.atomic import private_text_file

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="needs POSIX signals")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_mid_write_removes_the_temp_and_keeps_the_old_file(
        tmp_path: Path, signum: int) -> None:
    target = tmp_path / "out.csv"
    target.write_text("before\n", encoding="utf-8")
    with (pytest.raises(SystemExit) as ended, signals_end_cleanly(),
          private_text_file(target) as handle):
        handle.write("half of it")
        os.kill(os.getpid(), signum)  # delivered before the next bytecode runs
        handle.write("never written")
    assert ended.value.code == 128 + signum
    assert sorted(os.listdir(tmp_path)) == ["out.csv"]
    assert target.read_text(encoding="utf-8") == "before\n"


def test_the_previous_handlers_come_back() -> None:
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)
    with signals_end_cleanly():
        assert signal.getsignal(signal.SIGTERM) not in before
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)) == before


def test_outside_the_main_thread_nothing_changes() -> None:
    seen: list[object] = []

    def write() -> None:
        with signals_end_cleanly():
            seen.append(signal.getsignal(signal.SIGTERM))

    thread = threading.Thread(target=write)
    thread.start()
    thread.join()
    assert seen == [signal.getsignal(signal.SIGTERM)]
