"""Find the shipped `content/` folder, from a wheel (ebbtide/content) or a source checkout,
and the safety phrase files in it."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

CRISIS_LANGUAGE = "crisis-language"  # the safety phrase files typed text is checked against
URGENT_SIGNS = "urgent-signs"


def safety_file(name: str) -> Path:
    """content/safety/<name>.toml: a phrase file (see core.content.phrases)."""
    return content_dir() / "safety" / f"{name}.toml"


@cache
def content_dir() -> Path:
    for package in _package_dirs():
        for candidate in (package / "content",  # installed wheel (force-included)
                          package.parent.parent / "content"):  # editable install / checkout
            if candidate.is_dir():
                return candidate
    raise FileNotFoundError(
        "Ebbtide's content folder is missing; reinstall the package."
    )


def _package_dirs() -> Iterator[Path]:
    """src/ebbtide as imported, then with symlinks resolved (resolving stats every folder
    on the way, and a normal install has no link to resolve)."""
    yield Path(__file__).parents[2]
    yield Path(__file__).resolve().parents[2]
