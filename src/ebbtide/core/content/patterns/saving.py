"""Writing the user's own patterns: a free id for a new name, TOML out, atomic 0600
save, and delete. Shipped patterns can be neither overwritten nor deleted."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import tomli_w

from ebbtide.core.atomic import write_private
from ebbtide.core.content.patterns.loading import shipped_ids
from ebbtide.core.content.patterns.model import Pattern
from ebbtide.core.content.patterns.validation import (
    describe_problems,
    pattern_from_mapping,
    slugify,
)
from ebbtide.core.errors import EbbtideError
from ebbtide.core.toml_schema import is_valid_id


def new_pattern_id(name: str, taken: Iterable[str]) -> str:
    """A free id for a new user pattern named `name` (never a shipped or used id)."""
    used = set(taken)
    base = slugify(name) or "my-pattern"
    candidate = base
    counter = 2
    while candidate in used:
        candidate = f"{base}-{counter}"
        counter += 1
    return candidate


def pattern_to_mapping(pattern: Pattern) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": pattern.name,
        "purpose": pattern.purpose,
        "default_minutes": _plain_number(pattern.default_minutes),
    }
    if pattern.max_cycles_beginner is not None:
        data["max_cycles_beginner"] = pattern.max_cycles_beginner
    if pattern.beginner_note:
        data["beginner_note"] = pattern.beginner_note
    if pattern.evidence:
        data["evidence"] = pattern.evidence
    if pattern.safety:
        data["safety"] = list(pattern.safety)
    if pattern.source is not None:
        data["source"] = {"name": pattern.source.name, "url": pattern.source.url}
    data["phases"] = [{"kind": p.kind, "seconds": float(p.seconds)} for p in pattern.phases]
    return data


def pattern_to_toml(pattern: Pattern) -> str:
    return tomli_w.dumps(pattern_to_mapping(pattern))


def user_pattern_path(patterns_dir: Path, pattern_id: str) -> Path:
    if not is_valid_id(pattern_id):
        raise EbbtideError(
            f"'{pattern_id}' cannot be a pattern id: use lowercase letters, digits and hyphens."
        )
    return patterns_dir / f"{pattern_id}.toml"


def save_user_pattern(
    patterns_dir: Path,
    pattern: Pattern,
    *,
    reserved_ids: Iterable[str] | None = None,
    replace: bool = False,
) -> Path:
    """Create (replace=False) or update (replace=True) `patterns_dir/<id>.toml`, atomically,
    mode 0600. Validates first; raises EbbtideError with a one-line reason."""
    reserved = shipped_ids() if reserved_ids is None else set(reserved_ids)
    if pattern.id in reserved:
        raise EbbtideError(f"'{pattern.id}' is a built-in pattern; choose another name.")
    path = user_pattern_path(patterns_dir, pattern.id)
    data = pattern_to_mapping(pattern)
    checked, problems = pattern_from_mapping(data, pattern.id, origin="user", path=path)
    if checked is None:
        raise EbbtideError("; ".join(describe_problems(problems)))
    if path.exists() and not replace:
        raise EbbtideError(f"a pattern called '{pattern.id}' already exists ({path}).")
    if not path.exists() and replace:
        raise EbbtideError(f"there is no pattern '{pattern.id}' to update ({path}).")
    try:
        write_private(path, pattern_to_toml(pattern).encode("utf-8"))
    except OSError as exc:
        raise EbbtideError(f"could not save {path}: {exc.strerror or exc}") from exc
    return path


def delete_user_pattern(patterns_dir: Path, pattern_id: str) -> None:
    """Remove the user's pattern file. Shipped patterns cannot be deleted."""
    if pattern_id in shipped_ids():
        raise EbbtideError(f"'{pattern_id}' is a built-in pattern and cannot be deleted.")
    path = user_pattern_path(patterns_dir, pattern_id)
    try:
        path.unlink()
    except FileNotFoundError as exc:
        raise EbbtideError(f"there is no pattern '{pattern_id}' to delete ({path}).") from exc
    except OSError as exc:
        raise EbbtideError(f"could not delete {path}: {exc.strerror or exc}") from exc


def _plain_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)
