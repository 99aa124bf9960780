"""Every shipped reader article is complete, sourced, linked correctly and safe to read."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ebbtide.core.content.library.model import (
    EVIDENCE_LEVELS,
    KNOWN_ACTIONS,
    REQUIRED_KEYS,
    Article,
    Library,
)
from ebbtide.core.content.library.parse import load_library
from ebbtide.core.content.resources import content_dir

# Phrases that would read as an instruction to take an amount: "take 10 mg",
# "take 2 tablets", "increase to 20 mg", "reduce by 5 mg" ...
DOSING_RE = re.compile(
    r"\b(?:take|taking|increase|increasing|reduce|reducing|raise|lower|double|go up)"
    r"\s+(?:to\s+|by\s+|up\s+to\s+|your\s+dose\s+(?:to|by)\s+)?"
    r"\d+(?:\.\d+)?\s*(?:mg|milligrams?|ml|tablets?|pills?|doses?)\b",
    re.IGNORECASE,
)

REQUIRED_TOPICS = {  # the twelve topics the library must cover
    "what-is-baclofen", "approved-uses", "anxiety-evidence", "anxiety-agitation",
    "depression-mood", "side-effects", "withdrawal", "interactions", "extra-care",
    "comparing-options", "appointment", "holistic",
}


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


@pytest.fixture(scope="module")
def articles(library: Library) -> tuple[Article, ...]:
    return library.articles


def test_library_loads_from_the_shipped_folder_in_order(library: Library) -> None:
    assert library.folder == content_dir() / "reader"
    assert {a.id for a in library.articles} >= REQUIRED_TOPICS
    orders = [a.order for a in library.articles]
    assert orders == sorted(orders)
    assert len(set(orders)) == len(orders), "two articles share a position in the list"


def test_front_matter_is_complete(articles: tuple[Article, ...]) -> None:
    for article in articles:
        text = article.path.read_text(encoding="utf-8")
        front = text.split("+++")[1]
        for key in REQUIRED_KEYS:
            assert re.search(rf"^\s*(?:{key}\s*=|\[\[{key}\]\])", front, re.M), (article.id, key)
        assert article.id == article.path.stem
        assert article.title and article.summary and "\n" not in article.summary
        assert 1 <= article.minutes <= 15
        assert article.tags


def test_reading_time_matches_length(articles: tuple[Article, ...]) -> None:
    for article in articles:
        words = len(article.body.split())
        assert 350 <= words <= 1000, (article.id, words)
        assert abs(article.minutes - words / 160) <= 2.5, (article.id, article.minutes, words)


def test_every_source_has_a_name_and_an_https_address(articles: tuple[Article, ...]) -> None:
    for article in articles:
        assert article.sources, article.id
        for source in article.sources:
            assert source.name.strip(), article.id
            assert re.match(r"^https://[^\s/]+\.[a-z]{2,}(/\S*)?$", source.url), (
                article.id, source.url)


def test_reviewed_date_present_and_not_in_the_future(articles: tuple[Article, ...]) -> None:
    today = dt.date.today()
    for article in articles:
        assert isinstance(article.reviewed, dt.date)
        assert article.reviewed <= today, (article.id, article.reviewed)
        assert article.reviewed >= dt.date(2025, 1, 1), "review is stale: re-check the facts"


def test_internal_links_and_anchors_resolve(library: Library) -> None:
    checked = 0
    for article in library.articles:
        for link in article.links():
            if link.scheme == "article":
                target_id, _, anchor = link.target.partition("#")
                target = library.get(target_id)
                assert target is not None, (article.id, link)
                if anchor:
                    assert anchor in target.anchors(), (article.id, link)
                checked += 1
            elif link.scheme == "action":
                assert link.target in KNOWN_ACTIONS, (article.id, link)
            else:
                assert link.scheme in {"glossary", "http", "https"}, (article.id, link)
    assert checked >= 20


def test_glossary_terms_used_exist_and_required_terms_are_defined(library: Library) -> None:
    used = {link.target for a in library.articles for link in a.links()
            if link.scheme == "glossary"}
    assert used <= set(library.glossary)
    required = {
        "spasticity", "gaba", "gaba-b-receptor", "benzodiazepine", "off-label", "intrathecal",
        "taper", "half-life", "cns-depressant", "withdrawal", "ssri", "snri", "placebo",
        "randomised-controlled-trial", "case-report",
    }
    assert required <= set(library.glossary)
    for term in library.glossary.values():
        assert term.term and len(term.definition) > 30


def test_each_article_ends_with_a_prescriber_box(articles: tuple[Article, ...]) -> None:
    for article in articles:
        lines = article.body.rstrip().splitlines()
        start = max(i for i, line in enumerate(lines)
                    if line.startswith("> **Talk with your prescriber**"))
        box = lines[start:]
        assert all(line.startswith(">") for line in box), article.id
        assert sum(1 for line in box if line.startswith("> - ")) >= 3, article.id


def test_claims_carry_known_evidence_levels(articles: tuple[Article, ...]) -> None:
    for article in articles:
        levels = re.findall(r"\*\*\[Evidence: ([^\]]+)\]\*\*", article.body)
        # The practical appointment guide makes few claims; medical notes make many.
        assert len(levels) >= (1 if article.id == "appointment" else 4), article.id
        assert set(levels) <= EVIDENCE_LEVELS, article.id


def test_depression_article_has_crisis_resources(library: Library) -> None:
    article = library.get("depression-mood")
    assert article is not None
    body = article.body
    assert "988" in body
    assert "116 123" in body
    assert "findahelpline.com" in body
    assert "emergency number" in body
    assert ("action", "crisis") in {(link.scheme, link.target) for link in article.links()}
    # Crisis help comes before the explanations, not at the bottom.
    assert body.index("988") < body.index("## What is known")


def test_no_article_gives_dosing_instructions(articles: tuple[Article, ...]) -> None:
    assert DOSING_RE.search("Take 10 mg three times a day")
    assert DOSING_RE.search("increase to 20 mg")
    assert not DOSING_RE.search("the label gives 80 mg a day as the maximum")
    for article in articles:
        match = DOSING_RE.search(article.body)
        assert match is None, (article.id, match.group(0) if match else "")


def test_withdrawal_article_quotes_the_intrathecal_boxed_warning(library: Library) -> None:
    article = library.get("withdrawal")
    assert article is not None
    assert "intrathecal-baclofen" in article.anchors()
    for phrase in ("high fever", "rebound spasticity", "boxed warning", "refill"):
        assert phrase in article.body.lower()


def test_anxiety_article_names_studies_with_size_and_design(library: Library) -> None:
    article = library.get("anxiety-evidence")
    assert article is not None
    for study, size in (("Breslow, 1989", "Nine people"), ("Drake, 2003", "Fourteen"),
                        ("Manteghi, 2014", "Forty"), ("Garbutt, 2010", "Eighty"),
                        ("Morley, 2014", "Forty-two"), ("BACLAD", "56")):
        assert study in article.body
        assert size in article.body
    assert "faster than SSRIs" in article.body
    assert "little risk of dependence" in article.body
