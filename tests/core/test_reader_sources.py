"""Every source the reader ships is pinned: a label by its DailyMed set id and revision
date, a study by PMID or DOI, or an official page; never a search-results link. Every
article and the glossary carry a reviewed date, and every article says what changed."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from urllib.parse import parse_qs, urlsplit

import pytest

from ebbtide.core.content.library.model import Article, Library
from ebbtide.core.content.library.parse import load_library
from ebbtide.core.content.resources import content_dir
from ebbtide.core.toml_schema import Source

OFFICIAL_HOSTS = {
    # Health services, regulators and guideline bodies, as named in issue 14.
    "nhs.uk", "medlineplus.gov", "accessdata.fda.gov", "fda.gov", "tga.gov.au", "gov.uk",
    "ema.europa.eu", "nice.org.uk",
    # Crisis services' own pages (the depression article lists them).
    "988lifeline.org", "samaritans.org", "findahelpline.com",
    # Primary publishers of patient information: the UK Teratology Information Service
    # and Mind's own antidepressant page (no aggregator in between).
    "medicinesinpregnancy.org", "mind.org.uk",
}

# Labels pinned by set id whose revision date could not be confirmed offline during the
# 2026-11-30 review. Each is named as such in its source; remove an entry once its date
# is added.
REVISION_DATE_TO_CONFIRM = {
    "e05080ef-53d9-4060-aaa4-86a6935467de",  # intrathecal baclofen (MAIA), boxed warning
    "f8992a56-9010-4c4b-84d5-ddcc3e2c3317",  # Lyvispah oral granules
}

SET_ID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
DATE_IN_NAME_RE = re.compile(
    r"\b(?:updated|effective)\s+\d{1,2} (?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December) (?:19|20)\d{2}\b"
)
PMID_URL_RE = re.compile(r"^https://pubmed\.ncbi\.nlm\.nih\.gov/(\d{6,9})/$")
DOI_URL_RE = re.compile(r"^https://doi\.org/10\.\d{4,9}/\S+$")
SEARCH_HINTS = ("search", "?term=", "&term=", "?q=", "&q=", "query=")
WHAT_CHANGED = "## What changed in this review"


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def pin_problem(source: Source) -> str | None:
    """Why `source` is not pinned, or None when it is."""
    url = source.url
    if any(hint in url.lower() for hint in SEARCH_HINTS):
        return "search-results link"
    if not url.startswith("https://"):
        return "not https"
    host = _host(url)
    if host == "dailymed.nlm.nih.gov":
        set_ids = parse_qs(urlsplit(url).query).get("setid", [])
        if len(set_ids) != 1 or not SET_ID_RE.match(set_ids[0]):
            return "DailyMed link without a set id"
        set_id = set_ids[0]
        if f"set id {set_id}" not in source.name:
            return "DailyMed source does not name its set id"
        if set_id in REVISION_DATE_TO_CONFIRM:
            return None if "revision date not confirmed" in source.name else (
                "listed as unconfirmed but does not say so")
        return None if DATE_IN_NAME_RE.search(source.name) else "label without a revision date"
    pmid = PMID_URL_RE.match(url)
    if pmid:
        return None if f"PMID {pmid.group(1)}" in source.name else "PMID not named"
    if host == "pubmed.ncbi.nlm.nih.gov" or host.endswith("ncbi.nlm.nih.gov"):
        return "PubMed/PMC link that is not a plain PMID"
    if host == "doi.org":
        return None if DOI_URL_RE.match(url) else "malformed DOI link"
    if any(host == allowed or host.endswith("." + allowed) for allowed in OFFICIAL_HOSTS):
        return None
    return f"not an allowed source ({host})"


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def test_the_rule_rejects_what_the_issue_names() -> None:
    assert pin_problem(Source("x", "https://pubmed.ncbi.nlm.nih.gov/?term=baclofen")) \
        == "search-results link"
    assert pin_problem(Source("x", "https://dailymed.nlm.nih.gov/dailymed/search.cfm?query=b"))
    assert pin_problem(Source("Label. DailyMed set id 69d0027a-cb46-4754-9225-071ec1ce4b37",
                              "https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid="
                              "69d0027a-cb46-4754-9225-071ec1ce4b37")) \
        == "label without a revision date"
    assert pin_problem(Source("x", "https://www.semanticscholar.org/paper/abc"))
    assert pin_problem(Source("x", "https://pmc.ncbi.nlm.nih.gov/articles/PMC2965272"))
    assert pin_problem(Source("Study. PMID 20662805",
                              "https://pubmed.ncbi.nlm.nih.gov/20662805/")) is None


def test_every_article_source_is_pinned(library: Library) -> None:
    problems = [(a.id, s.name[:60], pin_problem(s)) for a in library.articles
                for s in a.sources if pin_problem(s)]
    assert problems == []


def test_web_links_in_article_bodies_are_pinned_too(library: Library) -> None:
    problems = [(a.id, link.target, pin_problem(Source("link", link.target)))
                for a in library.articles for link in a.links()
                if link.scheme in {"http", "https"}
                and pin_problem(Source("link", link.target))]
    assert problems == []


def _what_changed(article: Article) -> list[str]:
    lines = article.body.splitlines()
    assert WHAT_CHANGED in lines, article.id
    items: list[str] = []
    for line in lines[lines.index(WHAT_CHANGED) + 1:]:
        if line.startswith(("#", ">")):
            break
        if line.startswith("- "):
            items.append(line[2:].strip())
    return items


def test_every_article_has_a_reviewed_date_and_says_what_changed(library: Library) -> None:
    for article in library.articles:
        assert isinstance(article.reviewed, dt.date), article.id
        items = _what_changed(article)
        assert items and all(items), article.id


def test_the_glossary_has_a_reviewed_date_and_pinned_sources() -> None:
    data = tomllib.loads((content_dir() / "reader" / "glossary.toml").read_text("utf-8"))
    reviewed = data.get("reviewed")
    assert isinstance(reviewed, dt.date) and not isinstance(reviewed, dt.datetime)
    sources = [Source(entry["name"], entry["url"]) for entry in data.get("sources", [])]
    assert sources
    assert [(s.name[:60], pin_problem(s)) for s in sources if pin_problem(s)] == []


def test_labels_awaiting_a_revision_date_are_still_in_use(library: Library) -> None:
    used = {parse_qs(urlsplit(s.url).query).get("setid", [""])[0]
            for a in library.articles for s in a.sources}
    assert used >= REVISION_DATE_TO_CONFIRM, "drop confirmed or unused set ids from the list"
