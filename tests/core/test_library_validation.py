"""Broken reader content gives one clear error naming the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ebbtide.core.content.library.model import KNOWN_ACTIONS
from ebbtide.core.content.library.parse import (
    assemble_library,
    load_glossary,
    load_library,
    parse_article,
)
from ebbtide.core.errors import ContentError

GOOD = """\
+++
id = "{id}"
title = "A title"
summary = "One line."
reviewed = 2026-11-21
minutes = 3
order = {order}
tags = ["safety"]

[[sources]]
name = "NHS: About baclofen"
url = "https://www.nhs.uk/medicines/baclofen/"
+++
# A title

## First section

Some text with a [taper](glossary:taper) and a [link](article:{other}#first-section).
**[Evidence: label]**

> **Talk with your prescriber**
>
> - A question?
"""

GLOSSARY = """\
[terms.taper]
term = "Taper"
definition = "Reducing slowly."
"""


def make_folder(tmp_path: Path, **replace: str) -> Path:
    """Two valid articles (alpha <-> beta); `replace` edits alpha's text: old=new pairs are
    given as {'old': ..., 'new': ...} via the special keys."""
    folder = tmp_path / "reader"
    folder.mkdir()
    (folder / "glossary.toml").write_text(GLOSSARY)
    alpha = GOOD.format(id="alpha", order=1, other="beta")
    if replace:
        alpha = alpha.replace(replace["old"], replace["new"])
    (folder / "alpha.md").write_text(alpha)
    (folder / "beta.md").write_text(GOOD.format(id="beta", order=2, other="alpha"))
    return folder


def error_for(tmp_path: Path, old: str, new: str) -> str:
    folder = make_folder(tmp_path, old=old, new=new)
    with pytest.raises(ContentError) as caught:
        load_library(folder)
    return str(caught.value)


def line_of(tmp_path: Path, text: str) -> int:
    lines = (tmp_path / "reader" / "alpha.md").read_text().splitlines()
    return next(i for i, line in enumerate(lines, start=1) if text in line)


def test_valid_folder_loads(tmp_path: Path) -> None:
    library = load_library(make_folder(tmp_path))
    assert [a.id for a in library.articles] == ["alpha", "beta"]
    assert library.glossary["taper"].term == "Taper"


@pytest.mark.parametrize(
    ("old", "new", "marker", "problem"),
    [
        ('title = "A title"\n', "", "+++", "missing required key(s): title"),
        ('minutes = 3\n', 'minutes = 3\nauthor = "me"\n', "author =", "'author': unknown key"),
        ('minutes = 3', 'minutes = "3"', "minutes =", "'minutes': must be a whole number"),
        ('reviewed = 2026-11-21', 'reviewed = "2026-11-21"', "reviewed =",
         "'reviewed': must be a TOML date"),
        ('reviewed = 2026-11-21\n', '', "+++", "missing required key(s): reviewed"),
        ('id = "alpha"', 'id = "gamma"', "id =", "'gamma' must equal the file name 'alpha'"),
        ('tags = ["safety"]', 'tags = "safety"', "tags =", "'tags': must be a list"),
        ('name = "NHS: About baclofen"\n', "", "[[sources]]", "entry 1 has no name"),
        ('url = "https://www.nhs.uk/medicines/baclofen/"', 'url = "www.nhs.uk"', "[[sources]]",
         "entry 1 needs an http(s) url"),
        ("(article:beta#first-section)", "(article:betta)", "[link]",
         "link to unknown article 'betta' (did you mean 'beta'?)"),
        ("(article:beta#first-section)", "(article:beta#nowhere)", "[link]",
         "no heading '#nowhere' in article 'beta'"),
        ("(glossary:taper)", "(glossary:tapering)", "[taper]",
         "glossary term 'tapering' is not in glossary.toml"),
        ("(glossary:taper)", "(action:breathe/levitate)", "[taper]",
         "unknown action 'action:breathe/levitate'"),
        ("(glossary:taper)", "(notes.md)", "[taper]", "needs a scheme"),
        ("[Evidence: label]", "[Evidence: vibes]", "Evidence", "unknown evidence level 'vibes'"),
    ],
)
def test_each_problem_names_file_and_line(
        tmp_path: Path, old: str, new: str, marker: str, problem: str) -> None:
    message = error_for(tmp_path, old, new)
    path = tmp_path / "reader" / "alpha.md"
    assert message.startswith(f"{path}: line {line_of(tmp_path, marker)}: "), message
    assert problem in message, message


def test_bad_toml_reports_the_line_in_the_markdown_file(tmp_path: Path) -> None:
    message = error_for(tmp_path, 'summary = "One line."', 'summary = "One line.')
    path = tmp_path / "reader" / "alpha.md"
    assert message.startswith(f"{path}: line 4: invalid TOML in front matter"), message


def test_unterminated_and_missing_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text(GOOD.format(id="x", order=1, other="x").replace("+++\n# A title", "# A title"))
    with pytest.raises(ContentError, match=rf"^{path}: line 1: front matter is not terminated"):
        parse_article(path)
    path.write_text("# Just a heading\n")
    with pytest.raises(ContentError, match=rf"^{path}: line 1: missing front matter"):
        parse_article(path)


def test_duplicate_ids_name_both_files(tmp_path: Path) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "dup.md").write_text(GOOD.format(id="dup", order=1, other="dup"))
    first = parse_article(tmp_path / "one" / "dup.md")
    second = parse_article(tmp_path / "two" / "dup.md")
    with pytest.raises(ContentError) as caught:
        assemble_library([first, second], {}, tmp_path)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'two' / 'dup.md'}: line 2: duplicate article id 'dup'")
    assert str(tmp_path / "one" / "dup.md") in message


def test_glossary_problems_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "glossary.toml"
    path.write_text(GLOSSARY + '\n[terms.Bad_Key]\nterm = "x"\ndefinition = "y"\n')
    with pytest.raises(ContentError, match=rf"^{path}: line 5: glossary key 'Bad_Key'"):
        load_glossary(path)
    path.write_text(GLOSSARY + '\n[terms.empty]\nterm = "Empty"\n')
    with pytest.raises(ContentError, match=rf"^{path}: line 5: \[terms.empty\] needs"):
        load_glossary(path)
    path.write_text('[terms.x]\nterm = "x\n')
    with pytest.raises(ContentError, match=rf"^{path}: line 2: invalid TOML"):
        load_glossary(path)


def test_known_actions_can_be_extended(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_folder(tmp_path, old="(glossary:taper)", new="(action:journal/new-thing)")
    with pytest.raises(ContentError, match="unknown action"):
        load_library(folder)
    monkeypatch.setattr("ebbtide.core.content.library.model.KNOWN_ACTIONS",
                        KNOWN_ACTIONS | {"journal/new-thing"})
    assert load_library(folder).get("alpha") is not None


def test_links_inside_code_blocks_are_ignored(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, old="Some text", new="```\n[x](nowhere)\n# not a heading\n```\n")
    article = load_library(folder).get("alpha")
    assert article is not None
    assert all(link.target != "nowhere" for link in article.links())
    assert [h.text for h in article.headings()] == ["A title", "First section"]
