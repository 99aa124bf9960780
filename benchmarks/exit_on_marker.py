"""Run the app (or the bare baseline) and exit the moment a marker is drawn, so a tool
wrapped around the process (callgrind) measures exactly the work up to the first frame.

    python benchmarks/exit_on_marker.py ebbtide|bare"""

from __future__ import annotations

import os
import re
import runpy
import sys
from pathlib import Path

from textual.drivers import linux_driver

WHICH = sys.argv[1]
MARKER = "Journal" if WHICH == "ebbtide" else "Bare baseline ready"
_write = linux_driver.LinuxDriver.write
# Escape sequences (colours, cursor moves) can fall inside the marker's text; the raw check
# comes first so a frame that holds the marker as is costs nothing more.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]P_^X][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b.")


def _write_then_exit_on_marker(self: linux_driver.LinuxDriver, data: str) -> None:
    _write(self, data)
    if MARKER in data or (MARKER[0] in data and MARKER in _ESCAPES.sub("", data)):
        os._exit(0)


linux_driver.LinuxDriver.write = _write_then_exit_on_marker  # type: ignore[method-assign]
if WHICH == "ebbtide":
    from ebbtide.cli import main

    sys.exit(main([]))
runpy.run_path(str(Path(__file__).with_name("bare_app.py")), run_name="__main__")
