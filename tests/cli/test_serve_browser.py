"""`ebbtide serve` in a real headless Chromium (Debian's `chromium`, driven by Playwright):
refused without the token, the home screen's doors drawn with it, `1` opens Breathe, and
the page asks for nothing outside 127.0.0.1. `.ci/run` installs chromium, so CI runs it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from benchmarks.serve import (
    CHROMIUM,
    HOME_WORDS,
    TerminalScreen,
    chromium,
    new_page,
    process_family,
    start_serve,
    welcomed_home,
)

pytest.importorskip("textual_serve", reason="textual-serve not installed (the serve extra)")
pytest.importorskip("playwright", reason="playwright not installed (the test extra)")
if not CHROMIUM.exists():
    pytest.skip(f"no {CHROMIUM}: apt-get install chromium (.ci/run does)",
                allow_module_level=True)


def _alive(pid: int) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def test_the_app_in_chromium(tmp_path: Path) -> None:
    served = start_serve(welcomed_home(tmp_path / "home"))
    requested: list[str] = []
    try:
        with chromium() as browser:
            stranger = browser.new_page()
            refused = stranger.goto(served.base + "/")
            assert refused is not None and refused.status == 403
            assert "needs the token" in stranger.inner_text("body")
            stranger.close()

            page = new_page(browser)
            page.on("request", lambda request: requested.append(request.url))
            screen = TerminalScreen(page)
            loaded = page.goto(served.address)
            assert loaded is not None and loaded.status == 200
            screen.wait_for(HOME_WORDS)
            home_text = screen.text()
            for door in ("1", "Breathe", "2", "Meditate", "3", "Read", "4", "Journal"):
                assert door in home_text
            page.wait_for_selector("body.-first-byte .textual-terminal")  # shown, not faded
            shot = page.screenshot(path=str(tmp_path / "home.png"))
            assert len(shot) > 20_000  # a drawn screen, not a blank page

            page.focus(".xterm-helper-textarea")
            page.keyboard.press("1")
            screen.wait_for(("Gentle breathing", "New pattern", "Length"))
            assert "Breathe" in screen.text() and "Practice this week" not in screen.text()
            page.screenshot(path=str(tmp_path / "breathe.png"))

            # Ctrl+C with the page still open: the server and the app it ran both end.
            running = process_family(served.proc.pid)
            assert len(running) == 2  # the server and the app it runs for this page
            assert served.stop() == 0
            deadline = time.monotonic() + 10  # the app may take a moment to exit
            while any(_alive(pid) for pid in running) and time.monotonic() < deadline:
                page.wait_for_timeout(50)
            assert not [pid for pid in running if _alive(pid)]
            page.wait_for_selector("body.-closed")  # the page says the session ended
    finally:
        served.stop()
    local = (served.base + "/", served.base.replace("http://", "ws://", 1) + "/")
    outside = [url for url in requested + screen.sockets if not url.startswith(local)]
    assert requested and screen.sockets and not outside, outside
