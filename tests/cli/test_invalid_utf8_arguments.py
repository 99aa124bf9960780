"""An argument that is not UTF-8 (a shell's $'\\xff') gets a clear message, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("flag", ["--note", "--tag", "--side-effect", "--medication"])
def test_log_refuses_text_that_is_not_utf8(tmp_path: Path, flag: str) -> None:
    extra = [b"--dose", b"5"] if flag == "--medication" else []
    env = {k: v for k, v in os.environ.items() if k != "EBBTIDE_HOME"}
    done = subprocess.run(
        [sys.executable.encode(), b"-m", b"ebbtide", b"--data-dir", os.fsencode(tmp_path),
         b"log", b"--mood", b"5", b"--anxiety", b"3", *extra, flag.encode(), b"bad\xff"],
        capture_output=True, env=env, timeout=60, check=False)
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    assert b"is not valid UTF-8 text" in done.stderr and b"bad\\xff" in done.stderr
    assert b"Saved" not in done.stdout
