"""The user's keymap: `[keymap]` in settings.toml moves a binding to another key."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

from textual.binding import Binding
from textual.dom import DOMNode

import ebbtide.tui
from ebbtide.core.paths import Paths
from ebbtide.tui.keymap import BINDING_IDS, is_key_name
from ebbtide.tui.screens.common.help import HelpScreen
from ebbtide.tui.screens.home.home import HomeScreen
from ebbtide.tui.screens.journal.checkin_form import CheckInFormScreen

MakeApp = Callable[..., Any]


async def test_remapped_key_works_and_the_old_one_no_longer_does(
        welcomed: Paths, make_app: MakeApp) -> None:
    welcomed.settings_file.write_text('[keymap]\n"app.check_in" = "j"\n')
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("j")
        assert isinstance(app.screen, CheckInFormScreen)
    assert app.settings_problems == []


async def test_bad_keymap_entry_is_a_notice_and_the_default_stays(
        welcomed: Paths, make_app: MakeApp) -> None:
    welcomed.settings_file.write_text('volume = 10\n[keymap]\n"app.check_in" = "crtl+j"\n')
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        [notice] = [n.message for n in app._notifications]
        assert notice.startswith(f"{welcomed.settings_file}, line 3: ")
        assert "'crtl' in 'crtl+j' is not a modifier" in notice
        await pilot.press("c")
        assert isinstance(app.screen, CheckInFormScreen)


async def test_saving_settings_keeps_the_keymap_table(
        welcomed: Paths, make_app: MakeApp) -> None:
    welcomed.settings_file.write_text('[keymap]\n"app.check_in" = "j"\n')
    app = make_app()
    async with app.run_test(size=(80, 24)):
        assert app.apply_settings(app.settings.with_changes(volume=11)) is None
    text = welcomed.settings_file.read_text()
    assert "volume = 11" in text and '"app.check_in" = "j"' in text


def _declared_binding_ids() -> set[str]:
    for module in pkgutil.walk_packages(ebbtide.tui.__path__, "ebbtide.tui."):
        importlib.import_module(module.name)
    ids: set[str] = set()
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if not cls.__module__.startswith("ebbtide."):
            continue
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return ids


def test_every_binding_id_is_known_to_the_keymap() -> None:
    assert _declared_binding_ids() == set(BINDING_IDS)


def test_key_names_are_those_textual_binds() -> None:
    assert all(is_key_name(name) for name in ("j", "f5", "space", "question_mark", "pageup"))
    assert not any(is_key_name(name) for name in ("ctrlj", "Big", "f99", " "))


async def test_help_is_read_from_the_bindings_and_shows_the_users_keys(
        welcomed: Paths, make_app: MakeApp) -> None:
    welcomed.settings_file.write_text('[keymap]\n"app.check_in" = "j"\n')
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        here = dict((what, key) for key, what in help_screen.keys)
        everywhere = dict((what, key) for key, what in help_screen.everywhere)
        # Issue 15: Esc no longer quits home at once; it asks, and help says so.
        assert here["Breathe"] == "1" and here["Quit"] == "q"
        assert here["Ask before quitting"] == "esc"
        assert everywhere["Check in"] == "j" and everywhere["This help"] == "f1 or ?"
        shown = set(here) | set(everywhere)
        assert not shown & {"Focus Next", "Focus Previous", "Copy selected text", "palette"}
