"""Fixtures shared by the command-line tests."""

from __future__ import annotations

import pytest

from ebbtide.cli import plain_session
from ebbtide.core.clock import ManualClock


@pytest.fixture
def fast_clock(monkeypatch: pytest.MonkeyPatch) -> ManualClock:
    """Plain sessions on a clock that sleeps instantly: `sleep` advances it."""
    clock = ManualClock(500.0)
    monkeypatch.setattr(plain_session, "clock", clock)
    monkeypatch.setattr(plain_session, "sleep", clock.advance)
    return clock
