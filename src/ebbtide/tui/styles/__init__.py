"""The app's Textual CSS, one `.tcss` file per section, found by name from any screen."""

from __future__ import annotations

from pathlib import Path, PurePath

_HERE = Path(__file__).resolve().parent


def style(name: str) -> str:
    """The absolute path of one stylesheet in this folder (for a class's CSS_PATH)."""
    return str(_HERE / name)


def styles(*names: str) -> list[str | PurePath]:
    """Several stylesheets, in the order given."""
    return [style(name) for name in names]
