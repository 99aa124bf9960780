from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import textual._wait as textual_wait
from textual.timer import Timer
from textual.worker import WorkerCancelled, WorkerState

from ebbtide.core.paths import Paths, resolve_paths
from ebbtide.core.state import AppState
from ebbtide.launch import Overrides, StartRoute
from ebbtide.tui.cues import SilentCues, SilentSpeech
from tests.frames import draw_last_frame_only

FIXED_NOW = datetime(2026, 11, 21, 10, 0, tzinfo=timezone(timedelta(hours=1)))

# Waiting for a condition: how often to look, and how long before giving up. The limit is
# generous (a loaded machine must never fail a test) and is never what a test asserts.
POLL_INTERVAL = 0.01
WAIT_LIMIT = 30.0
IDLE_SLICE = 0.005  # Pilot's idle check (pytest_configure)


def wait_until(condition: Callable[[], bool], timeout: float = WAIT_LIMIT) -> bool:
    """Poll `condition` from a plain (non-async) test until it holds or `timeout` passes;
    returns the condition's last value, for the test to assert."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return condition()
        time.sleep(POLL_INTERVAL)
    return True


async def settle_until(pilot: Any, condition: Callable[[], bool], what: str,
                       timeout: float = WAIT_LIMIT) -> None:
    """Let the app run until `condition` holds with no worker running. For what a screen
    does after a timer of its own (a debounce) or in a worker; fails naming `what`."""
    app = pilot.app
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        await pilot.pause()
        # A worker replaced by a newer one (exclusive) is cancelled: the loop looks again.
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()
        if condition() and not any(worker.is_running or worker.state == WorkerState.PENDING
                                   for worker in app.workers):
            return
        if loop.time() > deadline:
            raise AssertionError(f"still waiting, after {timeout:.0f} s, until {what}")
        await asyncio.sleep(POLL_INTERVAL)



async def click_again(pilot: Any, selector: str) -> None:
    """Click a button a person clicked moments ago: Textual ignores clicks on a button
    while it still shows the last one (its -active class, 0.2 s)."""
    button = pilot.app.screen.query_one(selector)
    await settle_until(pilot, lambda: not button.has_class("-active"),
                       f"{selector} can be clicked again")
    await pilot.click(selector)


def timer_fired(timer: Timer | None) -> bool:
    """A one-off Textual timer has run its callback (or was never set)."""
    return timer is None or timer._task is None or timer._task.done()


async def home_summary_loaded(pilot: Any) -> None:
    """Wait out home's short delay (SUMMARY_DELAY) before it reads the journal, and the
    read itself, until what home shows comes from the journal."""
    from ebbtide.tui.screens.home.home import HomeScreen

    def loaded() -> bool:
        homes = [s for s in pilot.app.screen_stack if isinstance(s, HomeScreen)]
        return bool(homes) and timer_fired(homes[0]._summary_timer)

    await settle_until(pilot, loaded, "home has read the journal")

@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch the real user's config or data."""
    monkeypatch.setenv("EBBTIDE_HOME", str(tmp_path / "ebbtide-home"))
    monkeypatch.delenv("EBBTIDE_TRACE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("EBBTIDE_PASSPHRASE_FILE", raising=False)


@pytest.fixture(autouse=True)
def _last_frame_drawn(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Headless apps skip composing frames no terminal shows (tests/frames.py)."""
    draw_last_frame_only(request, monkeypatch)


@pytest.fixture(autouse=True)
def _no_passphrase_held() -> Any:
    """A journal passphrase held (or a prompt installed) by one test never reaches the next."""
    from ebbtide.core.journal import cipher

    yield
    cipher.forget()
    cipher.set_source(None)


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    p = resolve_paths(tmp_path / "home")
    p.ensure()
    return p


@pytest.fixture
def welcomed(paths: Paths) -> Paths:
    """Paths where the first-run welcome was already acknowledged."""
    AppState(paths.state_file, {"welcome_acknowledged": "test"}).save()
    return paths


@pytest.fixture
def make_app(welcomed: Paths) -> Callable[..., object]:
    from ebbtide.tui.app import EbbtideApp

    def make(route: StartRoute | None = None, overrides: Overrides | None = None,
             **kwargs: object) -> EbbtideApp:
        # Real sound is tested on its own (tests/test_audio_*); screens get silence unless
        # a test passes its own player.
        kwargs.setdefault("sound", SilentCues())
        kwargs.setdefault("now", lambda: FIXED_NOW)  # a test may pass its own wall clock
        kwargs.setdefault("speech", SilentSpeech())
        return EbbtideApp(welcomed, overrides or Overrides(), route,
                          **kwargs)  # type: ignore[arg-type]

    return make



def pytest_configure(config: pytest.Config) -> None:
    # Pilot waits for the app to go idle after each key and pause by sleeping in slices of
    # 20 ms until a slice passes with under 1 ms of CPU used: at least 40 ms per key press,
    # minutes over the suite, so more workers than cores were needed to fill the waits.
    # Slices of 5 ms (idle under 0.25 ms) give the same test, four times finer.
    textual_wait.SLEEP_GRANULARITY = IDLE_SLICE
    textual_wait.SLEEP_IDLE = IDLE_SLICE / 20
    # Outside tests (collecting them, between them): fewer, larger collections. Inside a
    # test, see pytest_runtest_protocol.
    gc.set_threshold(50_000, 20, 100)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    # Cycle collection once, when each test ends, not automatically while it runs. A UI
    # test's app is cycles through and through (each widget points to its parent): while
    # the test ran, collections kept scanning it and moving it to older generations, which
    # scanned it once more after it was gone. One collection at the end frees it in one
    # pass, and what survives (caches, modules) is frozen so that no later collection scans
    # it again: the collector's time over the suite fell from about 12 to 7 CPU s (of
    # about 150). Nothing a test checks depends on when collections run; the tests of the
    # app's own pause (test_app_shell) set it themselves.
    gc.disable()
    yield
    gc.collect()
    gc.freeze()
    gc.enable()


def pytest_sessionfinish(session: pytest.Session) -> None:
    # At exit pytest collects garbage five times over to catch errors raised by finalizers,
    # each time scanning the whole heap a long run leaves (about 2 CPU s per worker). One
    # collection runs those finalizers; freezing what survives makes the rest instant.
    gc.collect()
    gc.freeze()



@pytest.hookimpl(optionalhook=True)  # only xdist knows this hook; -p no:xdist still works
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: two workers per core. Some tests spend much of their time waiting (for a
    pty, a subprocess, a signal, real audio), so more workers than cores fill the waits;
    each worker also collects every test, so more cost more CPU. On this 2-core machine,
    idle: 4 workers 89 s (149 CPU s), 6 workers 93 s (177 CPU s)."""
    return 2 * (os.cpu_count() or 1)
