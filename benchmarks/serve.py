"""`ebbtide serve` in a real headless Chromium: time from start to the home screen drawn in
the browser, and resident memory of the server (with the app it runs for one attached
browser) against the TUI alone in a pseudo-terminal. Also the helpers the browser test
uses: start a server, drive Debian's chromium through Playwright, read what the page's
terminal was sent."""

from __future__ import annotations

import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.ptyrun import spawn
from ebbtide.core.paths import resolve_paths
from ebbtide.core.state import AppState

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
# Every part of home: the four doors and the Today panel.
HOME_WORDS = ("Paced breaths", "Guided practice", "Sourced notes", "Log mood",
              "Practice this week")
_ADDRESS = re.compile(r"http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]+")
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


def welcomed_home(home: Path | None = None) -> Path:
    """A fresh Ebbtide folder whose first-run welcome is already acknowledged."""
    home = home or Path(tempfile.mkdtemp(prefix="ebbtide-serve-"))
    paths = resolve_paths(home)
    paths.ensure()
    AppState(paths.state_file, {"welcome_acknowledged": "bench"}).save()
    return home


@dataclass
class Served:
    proc: subprocess.Popen[str]
    address: str
    started: float  # time.monotonic() at spawn
    ready: float  # time.monotonic() when the address was printed

    @property
    def base(self) -> str:
        return self.address.split("/?", 1)[0]

    def stop(self) -> int:
        """Ctrl+C, as a person would; the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


def start_serve(home: Path) -> Served:
    """`ebbtide serve --port 0` on `home`, once it has printed its address."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "ebbtide", "serve", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "EBBTIDE_HOME": str(home)})
    assert proc.stdout is not None and proc.stderr is not None
    for line in proc.stdout:
        found = _ADDRESS.search(line)
        if found:
            return Served(proc, found.group(0), started, time.monotonic())
    proc.wait()
    raise RuntimeError(f"ebbtide serve printed no address: {proc.stderr.read()}")


def new_page(browser: Browser) -> Page:
    # Reduced motion: the page then shows its terminal without a fade-in.
    return browser.new_page(viewport={"width": 1200, "height": 800}, reduced_motion="reduce")


@contextmanager
def chromium() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# Run before the page's own script: keeps a handle on xterm.js's Terminal (the first
# object given a `_core`) so a test can read the screen it draws on its canvas.
_KEEP_TERMINAL = """
Object.defineProperty(Object.prototype, "_core", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "_core", {value, writable: true, configurable: true});
    if ("buffer" in this && !window.ebbtideTerminal) { window.ebbtideTerminal = this; }
  },
});
"""
_SCREEN_TEXT = """() => {
  const terminal = window.ebbtideTerminal;
  if (!terminal) { return ""; }
  const buffer = terminal.buffer.active, rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}"""


@dataclass
class TerminalScreen:
    """The text on the page's terminal (xterm.js draws on a canvas, so the DOM holds none
    of it), and the websockets the page opened."""

    page: Page
    sockets: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.add_init_script(_KEEP_TERMINAL)
        self.page.on("websocket", lambda socket: self.sockets.append(socket.url))

    def text(self) -> str:
        text: str = self.page.evaluate(_SCREEN_TEXT)
        return text

    def wait_for(self, words: tuple[str, ...], timeout: float = 30.0) -> float:
        """Waits until every word is on screen and painted; the time.monotonic() then."""
        self.page.wait_for_function(
            f"() => {json.dumps(list(words))}.every(w => ({_SCREEN_TEXT})().includes(w))",
            timeout=timeout * 1000)
        seen = time.monotonic()
        # xterm.js paints on the next animation frame; two frames on, it has.
        self.page.evaluate("() => new Promise(done => requestAnimationFrame("
                           "() => requestAnimationFrame(done)))")
        return seen


def process_family(pid: int) -> list[int]:
    """`pid` and all its live descendants."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [pid, *(member for child in children for member in process_family(int(child)))]


def _rss_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0
    return sum(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def tree_rss_kib(pid: int) -> int:
    """Resident memory of `pid` and all its live descendants."""
    return sum(_rss_kib(member) for member in process_family(pid))


def _serve_once(browser: Browser, home: Path) -> tuple[float, float, int, int]:
    """Seconds from spawn to the address printed and to home drawn in the page; server RSS
    alone and with the app it runs."""
    served = start_serve(home)
    try:
        page = new_page(browser)
        screen = TerminalScreen(page)
        page.goto(served.address)
        seconds = screen.wait_for(HOME_WORDS) - served.started
        page.wait_for_timeout(1200)  # settled, as the TUI's figure below
        with_app = tree_rss_kib(served.proc.pid)
        alone = _rss_kib(served.proc.pid)
        page.close()
        return served.ready - served.started, seconds, alone, with_app
    finally:
        served.stop()


def _tui_once(home: Path) -> tuple[float, int]:
    """Seconds from spawn to home drawn in a pseudo-terminal, and RSS once settled."""
    process = spawn([sys.executable, "-m", "ebbtide"], env={"EBBTIDE_HOME": str(home)})
    try:
        seconds = process.wait_for(b"Journal")
        process.drain(1.2)
        return seconds, process.rss_kib()
    finally:
        process.stop()


def run(rounds: int = 3) -> dict[str, float]:
    if not CHROMIUM.exists():
        print(f"serve: skipped, no {CHROMIUM} (apt-get install chromium)")
        return {}
    home = welcomed_home()
    printed: list[float] = []
    times: list[float] = []
    server: list[int] = []
    served_total: list[int] = []
    tui_times: list[float] = []
    tui: list[int] = []
    with chromium() as browser:
        _serve_once(browser, home)  # warm the bytecode and the browser's caches
        for _ in range(rounds):
            address_seconds, seconds, alone, with_app = _serve_once(browser, home)
            printed.append(address_seconds)
            times.append(seconds)
            server.append(alone)
            served_total.append(with_app)
            tui_seconds, tui_rss = _tui_once(home)
            tui_times.append(tui_seconds)
            tui.append(tui_rss)
    first = statistics.median(times)
    m_server, m_total = statistics.median(server), statistics.median(served_total)
    m_tui = statistics.median(tui)
    print(f"serve: start to home drawn in Chromium {first * 1000:.0f} ms "
          f"(fastest {min(times) * 1000:.0f} ms) vs the TUI's home in a terminal "
          f"{statistics.median(tui_times) * 1000:.0f} ms, median of {rounds}; the address "
          f"is printed after {statistics.median(printed) * 1000:.0f} ms")
    print(f"       memory with one browser attached: {m_total / 1024:.1f} MiB "
          f"(server {m_server / 1024:.1f} MiB + the app it runs "
          f"{(m_total - m_server) / 1024:.1f} MiB) vs the TUI alone {m_tui / 1024:.1f} MiB "
          f"-> ratio {m_total / m_tui:.2f} (Chromium's own memory not counted)")
    return {"first_screen_seconds": first, "memory_ratio": m_total / m_tui}
