"""The command palette finds every screen and action by the words a person would type
(issue 15): each word below brings its command first or among the first three, counting
Textual's own commands too, as the palette ranks them together."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.command import Hit, Provider

MakeApp = Callable[..., Any]

EXPECTED: dict[str, tuple[str, ...]] = {
    "insight": ("Journal: What helps me",),
    "what helps": ("Journal: What helps me",),
    "glossary": ("Read: Glossary",),
    "dictionary": ("Read: Glossary",),
    "timer": ("Meditate: Bell timer",),
    "bell": ("Meditate: Bell timer",),
    "medic": ("Journal: Medicines",),
    "medicine": ("Journal: Medicines",),
    "meds": ("Journal: Medicines",),
    "pills": ("Journal: Medicines",),
    "check in": ("Journal: Check in",),
    "log mood": ("Journal: Check in",),
    "diary": ("Go: Journal",),
    "report": ("Journal: Report for my clinician",),
    "doctor": ("Journal: Report for my clinician",),
    "PDF": ("Journal: Report for my clinician",),
    "calendar": ("Journal: Calendar",),
    "search": ("Journal: Search", "Read: Search the library"),
    "import": ("Journal: Import from another app",),
    "Daylio": ("Journal: Import from another app",),
    "crisis": ("Help now: crisis lines",),
    "help now": ("Help now: crisis lines",),
    "settings": ("Settings: Open",),
    "keys": ("Help: Keys",),
    "theme": ("Settings: Open",),
    "dark": ("Theme: ebbtide-dusk",),
    "self-check": ("Journal: Self-check PHQ-9", "Journal: Self-check GAD-7"),
    "tools": ("Tools",),
    "breathing": ("Go: Breathe",),
    "meditation": ("Go: Meditate",),
}


async def ranked_titles(app: Any, query: str) -> list[str]:
    """Every provider's hits for `query`, best first, as the palette orders them."""
    hits: list[Hit] = []
    for source in app.COMMANDS:
        provider_class: type[Provider] = source if isinstance(source, type) else source()
        provider = provider_class(app.screen)
        await provider.startup()
        hits.extend([hit async for hit in provider.search(query)])  # type: ignore[misc]
    hits.sort(key=lambda hit: hit.score, reverse=True)
    return [str(hit.text or hit.match_display) for hit in hits]


@pytest.mark.parametrize("word", EXPECTED)
async def test_a_word_a_person_types_finds_its_command(word: str, make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)):
        top = (await ranked_titles(app, word))[:3]
    assert set(top) & set(EXPECTED[word]), f"{word!r} gave {top}"


async def test_a_synonym_hit_shows_the_title_not_the_synonym(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)):
        assert (await ranked_titles(app, "pills"))[0] == "Journal: Medicines"


async def test_choosing_glossary_in_the_palette_opens_the_index(make_app: MakeApp) -> None:
    from ebbtide.tui.screens.read.glossary_index import GlossaryIndexScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"dictionary")
        await settle_until_first_hit(pilot, app, "Read: Glossary")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryIndexScreen)


async def settle_until_first_hit(pilot: Any, app: Any, title: str) -> None:
    from textual.command import CommandList

    from tests.conftest import settle_until

    def first_is_title() -> bool:
        commands = app.screen.query_one(CommandList)
        return commands.option_count > 0 and title in str(commands.get_option_at_index(0)
                                                            .prompt)

    await settle_until(pilot, first_is_title, f"the palette's first hit is {title}")
