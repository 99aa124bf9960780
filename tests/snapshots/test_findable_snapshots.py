"""Snapshots of the doors added for issue 15 at 80x24 and 40x12: the tools menu (t on
home), the glossary A–Z index, a filtered index, and help on home at the small size (the
80x24 help is tests/snapshots/test_snapshots.py::test_help_on_home)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from ebbtide.launch import Overrides

SIZES = {"80x24": (80, 24), "40x12": (40, 12)}


def _still(make_app: Callable[..., Any]) -> Any:
    return make_app(overrides=Overrides(reduced_motion=True))


@pytest.mark.parametrize("size", SIZES)
def test_tools_menu(size: str, snap_compare: Any, make_app: Callable[..., Any]) -> None:
    assert snap_compare(_still(make_app), press=["t"], terminal_size=SIZES[size])


# Drawn frame by frame: the list scrolls its highlight into view as it draws (tests/frames.py).
@pytest.mark.every_frame
@pytest.mark.parametrize("size", SIZES)
def test_glossary_index(size: str, snap_compare: Any, make_app: Callable[..., Any]) -> None:
    async def open_index(pilot: Pilot[Any]) -> None:
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()

    assert snap_compare(_still(make_app), run_before=open_index, terminal_size=SIZES[size])


@pytest.mark.parametrize("size", SIZES)
def test_glossary_index_filtered(size: str, snap_compare: Any,
                                 make_app: Callable[..., Any]) -> None:
    async def filter_dose(pilot: Pilot[Any]) -> None:
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("g", *"dose")
        await pilot.pause()

    assert snap_compare(_still(make_app), run_before=filter_dose, terminal_size=SIZES[size])


def test_help_on_home_small_terminal(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    assert snap_compare(_still(make_app), press=["f1"], terminal_size=SIZES["40x12"])


@pytest.mark.parametrize("size", SIZES)
def test_quit_question_on_home(size: str, snap_compare: Any,
                               make_app: Callable[..., Any]) -> None:
    assert snap_compare(_still(make_app), press=["escape"], terminal_size=SIZES[size])
