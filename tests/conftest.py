from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebbtide.core.paths import Paths, resolve_paths
from ebbtide.core.state import AppState
from ebbtide.launch import Overrides, StartRoute
from ebbtide.tui.cues import SilentCues

FIXED_NOW = datetime(2026, 11, 21, 10, 0, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch the real user's config or data."""
    monkeypatch.setenv("EBBTIDE_HOME", str(tmp_path / "ebbtide-home"))
    monkeypatch.delenv("EBBTIDE_TRACE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


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
        return EbbtideApp(welcomed, overrides or Overrides(), route, now=lambda: FIXED_NOW,
                          **kwargs)  # type: ignore[arg-type]

    return make
