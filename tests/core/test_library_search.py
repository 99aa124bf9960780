"""Search, headings, links and plain-text rendering of reader articles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ebbtide.core.content.library.markdown import inline_plain, slug
from ebbtide.core.content.library.model import Article, GlossaryTerm, Library
from ebbtide.core.content.library.parse import load_library
from ebbtide.core.content.library.render import plain_text
from ebbtide.core.content.library.search import query_words
from ebbtide.core.toml_schema import Source

BODY = """\
# Never stop suddenly

## Oral baclofen

Stopping **suddenly** can cause [withdrawal](glossary:withdrawal).
See the [NHS page](https://www.nhs.uk/medicines/baclofen/) and
[Interactions](article:interactions#alcohol). [Breathe](action:breathe/box)

## Oral baclofen

Repeated heading, and Ärger with a capital umlaut.
"""


def article(id: str, title: str, body: str, order: int = 1) -> Article:
    return Article(
        id=id, title=title, summary=f"About {title.lower()}.", reviewed=dt.date(2026, 11, 21),
        minutes=3, order=order, tags=("t",),
        sources=(Source("NHS", "https://www.nhs.uk/medicines/baclofen/"),),
        body=body, path=Path(f"/nowhere/{id}.md"), body_start_line=10,
        title_line=3, summary_line=4,
    )


@pytest.fixture
def small() -> Library:
    return Library(
        (
            article("withdrawal", "Never stop suddenly", BODY, order=1),
            article("sleep", "Sleep and rest", "# Sleep\n\nWithdrawal can disturb sleep.\n"
                    "Sleep sleep sleep. Withdrawal again.\n", order=2),
            article("alcohol", "Alcohol", "# Alcohol\n\nNothing about the other topic.\n", 3),
        ),
        {"withdrawal": GlossaryTerm("withdrawal", "Withdrawal", "Symptoms after stopping.")},
        Path("/nowhere"),
    )


def test_headings_have_textual_compatible_unique_slugs() -> None:
    a = article("w", "W", BODY)
    assert a.headings() == [
        (1, "Never stop suddenly", "never-stop-suddenly"),
        (2, "Oral baclofen", "oral-baclofen"),
        (2, "Oral baclofen", "oral-baclofen-1"),
    ]
    assert slug("What it's for: (oral) use") == "what-its-for-oral-use"
    assert slug("Side effects, common and serious") == "side-effects-common-and-serious"


def test_links_give_scheme_target_and_file_line() -> None:
    links = article("w", "W", BODY).links()
    assert links == [
        ("glossary", "withdrawal", 14),
        ("https", "https://www.nhs.uk/medicines/baclofen/", 15),
        ("article", "interactions#alcohol", 16),
        ("action", "breathe/box", 16),
    ]


def test_search_is_case_insensitive_and_finds_lines_with_spans(small: Library) -> None:
    hits = small.search("SUDDENLY")
    assert [(h.article.id if h.article else None, h.field, h.line) for h in hits] == [
        ("withdrawal", "title", 3), ("withdrawal", "summary", 4),
        ("withdrawal", "body", 10), ("withdrawal", "body", 14),
    ]
    body_hit = hits[3]
    assert body_hit.text == "Stopping suddenly can cause withdrawal."
    start, end = body_hit.spans[0]
    assert body_hit.text[start:end] == "suddenly"


def test_every_word_must_appear_in_the_article(small: Library) -> None:
    assert {m.article.id for m in small.search_articles("withdrawal")} == {"withdrawal", "sleep"}
    assert [m.article.id for m in small.search_articles("withdrawal sleep")] == ["sleep"]
    assert small.search_articles("withdrawal giraffe") == []
    assert small.search("") == [] and small.search("   ") == []


def test_ranking_without_title_matches_follows_hit_count(small: Library) -> None:
    # "withdrawal" is in neither title; 'sleep' mentions it twice, 'withdrawal' once, so
    # 'sleep' ranks first although it comes later in the library.
    matches = small.search_articles("withdrawal")
    assert [m.article.id for m in matches] == ["sleep", "withdrawal"]
    assert matches[0].count > matches[1].count
    assert all(m.title_words == 0 for m in matches)


def test_title_match_outranks_many_body_hits() -> None:
    many = article("many", "Something else", "# x\n\n" + "tapering tapering\n" * 20, order=1)
    titled = article("titled", "Tapering safely", "# Tapering\n\nonce\n", order=2)
    library = Library((many, titled), {}, Path("/nowhere"))
    assert [m.article.id for m in library.search_articles("tapering")] == ["titled", "many"]


def test_quoted_phrases_and_glossary_hits(small: Library) -> None:
    assert query_words('"can cause" Withdrawal withdrawal') == ["can cause", "withdrawal"]
    assert [m.article.id for m in small.search_articles('"cause withdrawal"')] == ["withdrawal"]
    glossary = [h for h in small.search("withdrawal") if h.field == "glossary"]
    assert len(glossary) == 1 and glossary[0].term is not None
    assert glossary[0].text.startswith("Withdrawal: ")


def test_spans_survive_characters_whose_lowercase_is_longer(small: Library) -> None:
    hits = small.search("ärger")
    assert hits and hits[0].text[slice(*hits[0].spans[0])] == "Ärger"
    odd = "İstanbul withdrawal"
    lib = Library((article("odd", "Odd", f"# Odd\n\n{odd}\n"),), {}, Path("/nowhere"))
    hit = lib.search("withdrawal")[-1]
    assert hit.text[slice(*hit.spans[0])] == "withdrawal"


def test_search_over_the_shipped_library_is_correct() -> None:
    library = load_library()
    ids = [m.article.id for m in library.search_articles("taper")]
    assert ids and ids[0] == "withdrawal"
    crisis = library.search_articles("116 123")
    assert [m.article.id for m in crisis] == ["depression-mood"]
    assert library.search_articles("boxed warning intrathecal")
    # Link syntax is not searchable text: no hit should contain "](".
    assert all("](" not in hit.text for hit in library.search("baclofen"))


def test_plain_text_strips_link_syntax() -> None:
    text = plain_text(article("w", "W", BODY))
    flat = " ".join(text.split())
    assert "See the NHS page (https://www.nhs.uk/medicines/baclofen/) and" in flat
    assert "Interactions. Breathe" in flat
    assert "Stopping suddenly can cause withdrawal." in flat
    assert "](" not in text and "**" not in text
    assert "Sources\n- NHS: https://www.nhs.uk/medicines/baclofen/" in text
    assert "Reviewed 2026-11-21." in text
    assert inline_plain("[a](article:x) and [b](https://b.example/x)", show_urls=True) == (
        "a and b (https://b.example/x)")


def test_get_and_close_matches(small: Library) -> None:
    assert small.get("sleep") is not None and small.get("nope") is None
    assert small.close_matches("withdrawl")[0] == "withdrawal"
    assert "alcohol" in small.close_matches("alcohl")


def test_plain_text_rewraps_paragraphs_lists_and_quotes() -> None:
    body = (
        "# Title\n\nA short\nparagraph split\nover lines. **[Evidence: small study]**\n\n"
        "- a list item that is\n  continued here\n- second\n\n"
        "> **Talk with your prescriber**\n>\n> - A question that is long enough to need "
        "wrapping when the width is small?\n"
    )
    text = plain_text(article("w", "W", body), width=30)
    lines = text.splitlines()
    assert lines[:2] == ["# Title", ""]
    assert "A short paragraph split over" in lines
    assert "[Evidence: small study]" in text  # never split across lines
    assert "- a list item that is" in lines and "  continued here" in lines
    quote = [line for line in lines if line.startswith(">")]
    assert quote[0] == "> Talk with your prescriber"
    assert all(len(line) <= 30 for line in quote)
    assert quote[2].startswith("> - A question") and quote[3].startswith(">   ")
