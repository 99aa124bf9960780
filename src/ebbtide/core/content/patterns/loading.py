"""Loading patterns: the shipped library (strict: a broken file is a ContentError) and
the user's folder (lenient: a broken file is skipped with a message naming it)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ebbtide.core.content.patterns.model import SHIPPED_ORDER, Origin, Pattern, PatternSet
from ebbtide.core.content.patterns.validation import pattern_from_mapping, slugify
from ebbtide.core.content.resources import content_dir
from ebbtide.core.errors import ContentError
from ebbtide.core.toml_schema import KeyLines, TomlFileError, at_line, is_valid_id, read_toml


def shipped_patterns_dir() -> Path:
    return content_dir() / "breathing"


def load_shipped_patterns(folder: Path | None = None) -> list[Pattern]:
    """The shipped library. Raises ContentError (all problems, one per line) if broken."""
    folder = folder if folder is not None else shipped_patterns_dir()
    patterns: list[Pattern] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.toml")):
        pattern, file_problems = load_pattern_file(path, origin="shipped")
        problems.extend(file_problems)
        if pattern is not None:
            patterns.append(pattern)
    if problems:
        raise ContentError("; ".join(problems))
    rank = {pid: i for i, pid in enumerate(SHIPPED_ORDER)}
    patterns.sort(key=lambda p: (rank.get(p.id, len(rank)), p.name.casefold()))
    return patterns


def shipped_ids() -> frozenset[str]:
    """Ids user files may not take: the shipped files' stems and the known shipped ids."""
    try:
        stems = {path.stem for path in shipped_patterns_dir().glob("*.toml")}
    except (OSError, FileNotFoundError):
        stems = set()
    return frozenset(stems | set(SHIPPED_ORDER))


def load_user_patterns(folder: Path, reserved_ids: Iterable[str] = ()) -> PatternSet:
    """User patterns in `folder` (missing folder: none). Never raises for a bad file."""
    result = PatternSet()
    reserved = set(reserved_ids)
    try:
        paths = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    except OSError as exc:
        result.problems.append(f"{folder}: cannot read ({exc.strerror or exc}).")
        return result
    loaded: list[Pattern] = []
    for path in paths:
        if path.name.startswith("."):
            continue  # editor and atomic-write temporaries
        if path.stem in reserved:
            result.problems.append(
                f"{path}: '{path.stem}' is the id of a built-in pattern; rename the file "
                f"(for example to my-{path.stem}.toml) to use it."
            )
            continue
        pattern, problems = load_pattern_file(path, origin="user")
        result.problems.extend(problems)
        if pattern is not None:
            loaded.append(pattern)
    loaded.sort(key=lambda p: (p.name.casefold(), p.id))
    result.patterns = {p.id: p for p in loaded}
    return result


def load_patterns(user_dir: Path | None = None) -> PatternSet:
    """Shipped patterns then the user's (which cannot shadow shipped ids)."""
    shipped = load_shipped_patterns()
    result = PatternSet({p.id: p for p in shipped})
    if user_dir is not None:
        user = load_user_patterns(user_dir, reserved_ids=set(result.patterns) | shipped_ids())
        result.patterns.update(user.patterns)
        result.problems.extend(user.problems)
    return result


def load_pattern_file(path: Path, origin: Origin = "user") -> tuple[Pattern | None, list[str]]:
    """One file -> (pattern or None, problems). Problems name file, line, key and issue."""
    pattern_id = path.stem
    if not is_valid_id(pattern_id):
        return None, [
            f"{path}: the file name is the pattern id and must use lowercase letters, digits "
            f"and single hyphens (for example {slugify(pattern_id) or 'my-pattern'}.toml)."
        ]
    try:
        data, text = read_toml(path)
    except TomlFileError as exc:
        return None, [f"{path}: {exc}" + (" (not valid TOML)" if exc.is_syntax else ".")]
    pattern, problems = pattern_from_mapping(data, pattern_id, origin=origin, path=path)
    if problems:
        lines = KeyLines(text)
        return None, [at_line(path, lines.line(key), message) for key, message in problems]
    return pattern, []
