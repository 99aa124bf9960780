"""Durations as people say them."""

from __future__ import annotations

import math


def duration_text(seconds: float) -> str:
    """12 s, 4 min, 4 min 30 s, 1 h 5 min."""
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min" + (f" {secs} s" if secs else "")
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h" + (f" {minutes} min" if minutes else "")


def clock_text(seconds: float) -> str:
    """Whole seconds, rounded up (a countdown never shows 0:00 while time is left)."""
    whole = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(whole, 3600)
    if hours:
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
    return f"{whole // 60}:{whole % 60:02d}"
