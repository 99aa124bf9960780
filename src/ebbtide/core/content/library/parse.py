"""Reading and checking `content/reader`: each article's TOML front matter and body
conventions (evidence tags, link schemes, known actions), the glossary file, and across
files unique ids and links that resolve. Problems are `ContentError`s that name the file
and line ("FILE: line N: problem"); the first one found is raised."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ebbtide.core.content.library import model
from ebbtide.core.content.library.markdown import (
    EXTERNAL_SCHEMES,
    INTERNAL_SCHEMES,
    body_lines_outside_code,
)
from ebbtide.core.content.library.model import (
    EVIDENCE_LEVELS,
    REQUIRED_KEYS,
    Article,
    GlossaryTerm,
    Library,
)
from ebbtide.core.errors import ContentError
from ebbtide.core.toml_schema import (
    KeyLines,
    Source,
    TomlFileError,
    at_line,
    is_valid_id,
    parse_toml,
)

FRONT_MATTER_FENCE = "+++"
_EVIDENCE_RE = re.compile(r"\[Evidence:\s*([^\]]*)\]")


def _problem(path: Path, line: int, problem: str) -> ContentError:
    """ "FILE: line N: problem", the form every reader-content message takes."""
    return ContentError(at_line(path, line, problem))


def default_reader_dir() -> Path:
    from ebbtide.core.content.resources import content_dir

    return content_dir() / "reader"


def load_library(folder: Path | None = None) -> Library:
    """Load and validate every article and the glossary in `folder`.

    Raises `ContentError` ("FILE: line N: problem") for the first problem found.
    """
    folder = default_reader_dir() if folder is None else Path(folder)
    if not folder.is_dir():
        raise ContentError(f"{folder}: reader content folder not found")
    glossary = load_glossary(folder / "glossary.toml")
    articles = [parse_article(path) for path in sorted(folder.glob("*.md"))]
    return assemble_library(articles, glossary, folder)


def assemble_library(
    articles: Sequence[Article], glossary: Mapping[str, GlossaryTerm], folder: Path
) -> Library:
    """Check ids are unique and every internal link resolves, then build the Library."""
    by_id: dict[str, Article] = {}
    for article in articles:
        other = by_id.get(article.id)
        if other is not None:
            raise _problem(
                article.path, _id_line(article.path),
                f"duplicate article id '{article.id}' (also in {other.path})",
            )
        by_id[article.id] = article
    ordered = sorted(articles, key=lambda a: (a.order, a.id))
    for article in ordered:
        _check_links(article, by_id, glossary)
    return Library(tuple(ordered), dict(glossary), folder)


def parse_article(path: Path) -> Article:
    """Parse one article file and check its front matter and body conventions (but not
    cross-references to other articles or the glossary; `load_library` does those)."""
    text = _read_text(path)
    lines = text.splitlines()
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise _problem(path, 1, "missing front matter: the file must start with a '+++' line")
    closing = next(
        (i for i in range(1, len(lines)) if lines[i].strip() == FRONT_MATTER_FENCE), None
    )
    if closing is None:
        raise _problem(path, 1, "front matter is not terminated: add a closing '+++' line")
    front = "\n".join(lines[1:closing])
    try:
        data = parse_toml(front)
    except TomlFileError as exc:
        assert exc.problem is not None
        raise _problem(
            path, exc.problem.line + 1, f"invalid TOML in front matter: {exc.problem.reason}"
        ) from None
    front_lines = KeyLines(lines[: closing + 1])
    meta = _check_front_matter(path, data, front_lines)
    body = "\n".join(lines[closing + 1 :])
    if text.endswith("\n"):
        body += "\n"
    article = Article(
        body=body,
        path=path,
        body_start_line=closing + 2,
        title_line=front_lines.exact("title") or 1,
        summary_line=front_lines.exact("summary") or 1,
        **meta,
    )
    _check_body(article)
    return article


def load_glossary(path: Path) -> dict[str, GlossaryTerm]:
    """Read `glossary.toml`: `[terms.KEY]` tables with `term` and `definition` (a top-level
    `reviewed` date and `[[sources]]` may sit beside them; tests check those).

    A missing file is an empty glossary (then any `glossary:` link fails validation)."""
    if not path.exists():
        return {}
    text = _read_text(path)
    try:
        data = parse_toml(text)
    except TomlFileError as exc:
        assert exc.problem is not None
        raise _problem(path, exc.problem.line, f"invalid TOML: {exc.problem.reason}") from None
    lines = KeyLines(text)
    extra = sorted(set(data) - {"terms", "reviewed", "sources"})
    if extra:
        raise _problem(
            path, lines.exact(extra[0]) or 1,
            f"unknown top-level key '{extra[0]}' "
            "(expected [terms.KEY] tables, reviewed and [[sources]])"
        )
    terms = data.get("terms", {})
    if not isinstance(terms, dict):
        raise _problem(path, lines.exact('terms') or 1, "'terms' must be tables")
    glossary: dict[str, GlossaryTerm] = {}
    for key, entry in terms.items():
        line = lines.exact(f"terms.{key}") or 1
        if not is_valid_id(key):
            raise _problem(path, line, f"glossary key '{key}' must be kebab-case")
        if not isinstance(entry, dict):
            raise _problem(path, line, f"[terms.{key}] must be a table")
        unknown = sorted(set(entry) - {"term", "definition"})
        if unknown:
            raise _problem(
                path, line,
                f"[terms.{key}] has unknown key '{unknown[0]}' "
                "(allowed: term, definition)"
            )
        for name in ("term", "definition"):
            value = entry.get(name)
            if not isinstance(value, str) or not value.strip():
                raise _problem(path, line, f"[terms.{key}] needs a non-empty text '{name}'")
        glossary[key] = GlossaryTerm(key, entry["term"].strip(), entry["definition"].strip())
    return glossary


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _problem(path, 1, f"not valid UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise ContentError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _check_front_matter(path: Path, data: Mapping[str, Any], lines: KeyLines) -> dict[str, Any]:
    def line_of(key: str) -> int:
        return lines.exact(key) or 1

    def fail(key: str, problem: str, line: int | None = None) -> ContentError:
        where = line if line is not None else line_of(key)
        return _problem(path, where, f"front matter '{key}': {problem}")

    missing = [key for key in REQUIRED_KEYS if key not in data]
    if missing:
        raise _problem(path, 1, f"front matter is missing required key(s): {', '.join(missing)}")
    extra = [key for key in data if key not in REQUIRED_KEYS]
    if extra:
        raise fail(extra[0], f"unknown key (allowed: {', '.join(REQUIRED_KEYS)})")

    article_id = data["id"]
    if not isinstance(article_id, str) or not is_valid_id(article_id):
        raise fail("id", "must be kebab-case text, like \"withdrawal\"")
    if article_id != path.stem:
        raise fail("id", f"'{article_id}' must equal the file name '{path.stem}'")
    for key in ("title", "summary"):
        value = data[key]
        if not isinstance(value, str) or not value.strip():
            raise fail(key, "must be non-empty text")
        if "\n" in value.strip():
            raise fail(key, "must be a single line")
    reviewed = data["reviewed"]
    if isinstance(reviewed, dt.datetime) or not isinstance(reviewed, dt.date):
        raise fail("reviewed", "must be a TOML date like 2026-11-21 (no quotes, no time)")
    for key in ("minutes", "order"):
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail(key, "must be a whole number")
    if data["minutes"] < 1:
        raise fail("minutes", "must be at least 1")
    tags = data["tags"]
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        raise fail("tags", "must be a list of non-empty text, like [\"safety\"]")

    sources_data = data["sources"]
    if not isinstance(sources_data, list) or not sources_data:
        raise fail("sources", "at least one [[sources]] entry with name and url is required")
    sources: list[Source] = []
    for number, entry in enumerate(sources_data):
        line = lines.exact(f"sources[{number + 1}]") or line_of("sources")
        if not isinstance(entry, dict):
            raise fail("sources", f"entry {number + 1} must be a table", line)
        unknown = sorted(set(entry) - {"name", "url"})
        if unknown:
            raise fail("sources", f"entry {number + 1} has unknown key '{unknown[0]}'", line)
        name, url = entry.get("name"), entry.get("url")
        if not isinstance(name, str) or not name.strip():
            raise fail("sources", f"entry {number + 1} has no name", line)
        if not isinstance(url, str) or not re.match(r"^https?://[^\s/]+\.[^\s]+$", url):
            raise fail("sources", f"entry {number + 1} needs an http(s) url", line)
        sources.append(Source(name.strip(), url))

    return {
        "id": article_id,
        "title": data["title"].strip(),
        "summary": data["summary"].strip(),
        "reviewed": reviewed,
        "minutes": data["minutes"],
        "order": data["order"],
        "tags": tuple(t.strip() for t in tags),
        "sources": tuple(sources),
    }


def _check_body(article: Article) -> None:
    path = article.path
    for number, line in body_lines_outside_code(article.body, article.body_start_line):
        for match in _EVIDENCE_RE.finditer(line):
            level = match.group(1).strip()
            if level not in EVIDENCE_LEVELS:
                raise _problem(
                    path, number,
                    f"unknown evidence level '{level}' "
                    f"(use one of: {', '.join(sorted(EVIDENCE_LEVELS))})"
                )
    for link in article.links():
        if link.scheme in EXTERNAL_SCHEMES:
            if not re.match(r"^https?://[^\s/]+\.[^\s]+$", link.target):
                raise _problem(path, link.line, f"malformed web address '{link.target}'")
        elif link.scheme not in INTERNAL_SCHEMES:
            raise _problem(
                path, link.line,
                f"link '{link.target}' needs a scheme: "
                "article:, glossary:, action: or https://"
            )
        elif link.scheme == "action" and link.target not in model.KNOWN_ACTIONS:
            raise _problem(
                path, link.line,
                f"unknown action 'action:{link.target}' "
                "(add it to KNOWN_ACTIONS in ebbtide.core.content.library.model if the app "
                "supports it)"
            )


def _check_links(
    article: Article, by_id: Mapping[str, Article], glossary: Mapping[str, GlossaryTerm]
) -> None:
    path = article.path
    for link in article.links():
        if link.scheme == "article":
            target_id, _, anchor = link.target.partition("#")
            target = by_id.get(target_id)
            if target is None:
                hint = difflib.get_close_matches(target_id, list(by_id), n=1)
                extra = f" (did you mean '{hint[0]}'?)" if hint else ""
                raise _problem(path, link.line, f"link to unknown article '{target_id}'{extra}")
            if anchor and anchor not in target.anchors():
                raise _problem(
                    path, link.line,
                    f"no heading '#{anchor}' in article '{target_id}' "
                    f"(headings: {', '.join(sorted(target.anchors()))})"
                )
        elif link.scheme == "glossary" and link.target not in glossary:
            raise _problem(
                path, link.line,
                f"glossary term '{link.target}' is not in glossary.toml"
            )


def _id_line(path: Path) -> int:
    """The line of `id =` in an article already parsed once (for the duplicate-id message)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return KeyLines(lines).exact("id") or 1
