"""`-o` writes under signals: SIGINT, SIGTERM and SIGHUP remove the write's temporary file
and end the process at once; the command's own handlers come back afterwards. (The real
export under real signals: tests/tui/test_fault_table.py.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from ebbtide.cli.files import signals_end_cleanly

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="needs POSIX signals")


WRITER = """
import os, signal, sys
from pathlib import Path
from ebbtide.cli.files import signals_end_cleanly
from ebbtide.core.atomic import private_text_file
with signals_end_cleanly(), private_text_file(Path(sys.argv[1])) as handle:
    handle.write("half of it")
    handle.flush()
    os.kill(os.getpid(), int(sys.argv[2]))  # handled before the next bytecode runs
    handle.write("never written")
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP],
                         ids=["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_signal_mid_write_removes_the_temp_and_keeps_the_old_file(
        tmp_path: Path, signum: int) -> None:
    target = tmp_path / "out.csv"
    target.write_text("before\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", WRITER, str(target), str(int(signum))],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 128 + signum, done.stderr
    assert "Traceback" not in done.stderr
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
