"""Start-up work counted in CPU instructions (valgrind's callgrind), up to the frame in
which home is drawn, against the bare app: the same figure on every run, whatever else
the machine is doing, where the timed start-up benchmark moves by ±0.1 on a shared VM.
Interpreter start-up and imports count for both, as they do in the timed ratio."""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks.ptyrun import spawn
from ebbtide.core.paths import resolve_paths
from ebbtide.core.state import AppState

LAUNCHER = Path(__file__).with_name("exit_on_marker.py")


def _instructions(which: str, env: dict[str, str], out: Path) -> int:
    process = spawn(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                     sys.executable, str(LAUNCHER), which], columns=100, rows=32, env=env)
    try:
        process.proc.wait(300)
    finally:
        process.stop()
    match = re.search(r"^summary: (\d+)", out.read_text(), re.MULTILINE)
    if match is None:
        raise RuntimeError(f"callgrind wrote no summary for {which}")
    return int(match.group(1))


def run() -> dict[str, float]:
    if shutil.which("valgrind") is None:
        print("startup instructions: valgrind is not installed (apt-get install valgrind)")
        return {}
    home = Path(tempfile.mkdtemp(prefix="ebbtide-bench-"))
    paths = resolve_paths(home)
    paths.ensure()
    AppState(paths.state_file, {"welcome_acknowledged": "bench"}).save()
    env = {"EBBTIDE_HOME": str(home)}
    app = _instructions("ebbtide", env, home / "callgrind.ebbtide")
    bare = _instructions("bare", env, home / "callgrind.bare")
    shutil.rmtree(home, ignore_errors=True)
    print(f"startup instructions: {app / 1e6:.0f} M vs bare {bare / 1e6:.0f} M "
          f"-> ratio {app / bare:.3f} (the timed target is <= 1.25)")
    return {"startup_instruction_ratio": app / bare}
