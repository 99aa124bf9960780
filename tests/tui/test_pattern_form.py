"""Making, editing and deleting your own breathing pattern in the app."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from typing import Any

from textual.widgets import Input, OptionList, Static

from ebbtide.tui.screens.breathe.menu import BreatheMenuScreen
from ebbtide.tui.screens.breathe.pattern_form import PatternFormScreen

MakeApp = Callable[..., Any]


async def _new_form(pilot: Any) -> PatternFormScreen:
    """Breathe, then n: the new-pattern form, laid out."""
    await pilot.press("1", "n")
    form = pilot.app.screen
    assert isinstance(form, PatternFormScreen)
    await pilot.pause()
    return form


def _text(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_new_pattern_with_live_preview_then_edit_and_delete(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        form = await _new_form(pilot)
        form.query_one("#name", Input).value = "Evening calm"
        form.query_one("#inhale", Input).value = "4"
        form.query_one("#hold", Input).value = "2"
        form.query_one("#exhale", Input).value = "8"
        await pilot.pause()
        assert "14 s a breath, 4.3 breaths a minute" in _text(form, "#preview-text")
        profile = _text(form, "#preview-profile")
        assert profile.startswith("▁") and "█" in profile and profile.endswith("▁")
        form.query_one("#exhale", Input).value = "90"
        await pilot.pause()
        assert "60" in _text(form, "#exhale-error")
        await pilot.press("ctrl+s")
        assert app.screen is form  # not saved, nothing lost
        assert form.query_one("#name", Input).value == "Evening calm"
        form.query_one("#exhale", Input).value = "8"
        await pilot.press("ctrl+s")
        menu = app.screen
        assert isinstance(menu, BreatheMenuScreen)
        assert menu.selected_id() == "evening-calm"
        saved = tomllib.loads((app.paths.patterns_dir / "evening-calm.toml").read_text())
        assert [p["kind"] for p in saved["phases"]] == ["inhale", "hold", "exhale"]

        await pilot.press("e")
        form = app.screen
        assert isinstance(form, PatternFormScreen)
        assert form.query_one("#hold", Input).value == "2"
        form.query_one("#hold", Input).value = "0"
        await pilot.press("ctrl+s")
        saved = tomllib.loads((app.paths.patterns_dir / "evening-calm.toml").read_text())
        assert [p["kind"] for p in saved["phases"]] == ["inhale", "exhale"]

        await pilot.press("d", "y")
        assert not (app.paths.patterns_dir / "evening-calm.toml").exists()
        options = app.screen.query_one("#patterns", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert "evening-calm" not in ids


async def test_shipped_patterns_cannot_be_edited(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "e")
        assert isinstance(app.screen, BreatheMenuScreen)
        assert any("Only your own" in n.message for n in app._notifications)


async def test_broken_user_pattern_file_is_named_and_others_load(make_app: MakeApp) -> None:
    app = make_app()
    app.paths.patterns_dir.mkdir(parents=True, exist_ok=True)
    bad = app.paths.patterns_dir / "wobbly.toml"
    bad.write_text('name = "Wobbly"\npurpose = "x"\ndefault_minutes = 3\n'
                   '[[phases]]\nkind = "inhale"\nseconds = -4\n')
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        messages = [n.message for n in app._notifications]
        assert any("wobbly.toml" in m and "seconds" in m for m in messages), messages
        assert app.screen.query_one("#patterns", OptionList).option_count == 7


async def test_new_form_opens_quiet_and_speaks_plainly(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        form = await _new_form(pilot)
        assert _text(form, "#name-error") == ""  # nothing typed yet: no error
        assert "below" not in _text(form, "#preview-text")
        form.query_one("#exhale", Input).value = "six"
        await pilot.pause()
        assert _text(form, "#exhale-error") == "Seconds must be a number"
        assert _text(form, "#preview-text") == "Fix the fields marked above to see one cycle."
        await pilot.press("ctrl+s")
        assert app.screen is form
        assert _text(form, "#name-error") == "Give the pattern a name"
        assert any("Give the pattern a name" in n.message for n in app._notifications)
