"""Find the shipped `content/` folder, from a wheel (ebbtide/content) or a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def content_dir() -> Path:
    package = Path(__file__).resolve().parents[2]  # src/ebbtide
    candidates = (
        package / "content",  # installed wheel (force-included)
        package.parent.parent / "content",  # editable install / source checkout
    )
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        "Ebbtide's content folder is missing; reinstall the package."
    )
