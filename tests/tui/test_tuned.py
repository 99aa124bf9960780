"""The stand-ins in ebbtide.tui.tuned lean on Textual internals, and each is there because
the stock behaviour it replaces is slow (or hides state without colour). These tests fail
when a Textual upgrade changes what they rely on, so the stand-in gets looked at again
(and dropped if Textual now does the job itself)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.containers import VerticalScroll
from textual.css.stylesheet import Stylesheet
from textual.events import ScreenResume
from textual.screen import Screen
from textual.signal import Signal
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Button, Checkbox, ContentSwitcher, Footer, Static, Tabs
from textual.widgets._footer import FooterKey
from textual.widgets._toggle_button import ToggleButton

from ebbtide.tui.tuned.breakpoints import take_size_classes
from ebbtide.tui.tuned.focus_scroll import FocusScroll, focus_outer_parts
from ebbtide.tui.tuned.skip_unchanged import BindingsRefresher, set_text
from ebbtide.tui.tuned.styled_once import keep_styles_on_first_resume
from ebbtide.tui.tuned.stylesheet import IncrementalStylesheet
from ebbtide.tui.tuned.tab_strip import TabStrip
from ebbtide.tui.tuned.tick import Tick
from tests.conftest import settle_until
from tests.frames import run_test_draws_the_last_frame


def _parameters(function: Any) -> list[str]:
    return list(inspect.signature(function).parameters)


# -- KeyBar ------------------------------------------------------------------------------

class _Keys(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "noop", "Alpha"), Binding("b", "noop", "Beta", show=False)]

    def compose(self) -> ComposeResult:
        yield Footer()

    def action_noop(self) -> None:
        pass


async def test_key_bar_relies_on_screen_bindings_signal_and_key_display() -> None:
    app = _Keys()
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen.bindings_updated_signal, Signal)
        assert {"subscribe", "unsubscribe", "publish"} <= set(dir(Signal))
        active = screen.active_bindings["a"]
        assert (active.binding.description, active.enabled) == ("Alpha", True)
        assert app.get_key_display(active.binding) == "a"
        assert isinstance(App.COMMAND_PALETTE_BINDING, str)
        assert _parameters(App.simulate_key) == ["self", "key"]
        # What KeyBar replaces: Footer still builds one widget per shown key.
        await settle_until(pilot, lambda: bool(app.screen.query(FooterKey)),
                           "the footer shows its keys")
        shown = [key.description for key in app.screen.query(FooterKey)]
        assert "Alpha" in shown and "Beta" not in shown


# -- TabStrip ----------------------------------------------------------------------------

class _Pages(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.picked: list[str] = []

    def compose(self) -> ComposeResult:
        yield TabStrip([("history", "History"), ("trends", "Trends")], active="history")
        yield Static("below", id="below")

    def on_tab_strip_picked(self, event: TabStrip.Picked) -> None:
        self.picked.append(event.page)
        self.query_one(TabStrip).active = event.page


async def test_tab_strip_switches_pages_from_the_keyboard() -> None:
    app = _Pages()
    async with app.run_test(size=(40, 5)) as pilot:
        strip = app.query_one(TabStrip)
        await pilot.press("tab")
        assert app.focused is strip
        await pilot.press("right")
        assert strip.active == "trends"
        await pilot.press("right")  # wraps round
        assert strip.active == "history"
        await pilot.press("left")
        assert strip.active == "trends"
        await pilot.press("enter")
        await pilot.press("space")
        assert app.picked == ["trends", "history", "trends", "trends", "trends"]


async def test_tab_strip_clicks_pick_a_page() -> None:
    app = _Pages()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.click(TabStrip, offset=(1 + len("History   ") + 1, 0))
        assert app.query_one(TabStrip).active == "trends"


def test_tab_strip_relies_on_public_widget_api_and_stock_tabs_cost_more_widgets() -> None:
    assert _parameters(Widget.get_component_rich_style)[:2] == ["self", "names"]
    assert _parameters(Widget.set_reactive) == ["self", "reactive", "value"]
    # What TabStrip replaces: Tabs composes an underline bar and a widget per tab.
    assert "_on_tab_clicked" in dir(Tabs) and "TabActivated" in dir(Tabs)


# -- IncrementalStylesheet ---------------------------------------------------------------

def test_stock_stylesheet_still_empties_its_parse_cache_on_set_variables() -> None:
    stock = Stylesheet(variables={"a": "red"})
    assert isinstance(stock._parse_cache, LRUCache)
    assert _parameters(stock._parse_cache.grow) == ["maxsize"]
    stock.add_source("Static { color: $a; }", read_from=("test", "one"))
    stock.parse()
    assert len(stock._parse_cache) == 1
    stock.set_variables({"a": "red"})  # the same variables: Textual still clears the cache
    assert len(stock._parse_cache) == 0
    assert _parameters(Stylesheet.reparse) == ["self"]
    assert _parameters(Stylesheet.parse) == ["self"]


def test_incremental_stylesheet_keeps_its_cache_until_the_variables_change() -> None:
    sheet = IncrementalStylesheet(variables={"a": "red"})
    sheet.add_source("Static { color: $a; }", read_from=("test", "one"))
    sheet.parse()
    sheet.set_variables({"a": "red"})
    sheet.reparse()
    assert len(sheet._parse_cache) == 1
    sheet.set_variables({"a": "blue"})
    assert len(sheet._parse_cache) == 0  # a new theme parses everything again


def test_parsed_rules_are_shared_by_stylesheets_with_the_same_variables() -> None:
    assert _parameters(Stylesheet._parse_rules) == [
        "self", "css", "read_from", "is_default_rules", "tie_breaker", "scope"]
    source = "Static { color: $a; } Label { background: $a; }"

    def rules(variables: dict[str, str]) -> list[Any]:
        sheet = IncrementalStylesheet(variables=variables)
        sheet.add_source(source, read_from=("test", "shared"))
        return sheet.rules

    first, again, other = rules({"a": "red"}), rules({"a": "red"}), rules({"a": "blue"})
    assert [id(rule) for rule in again] == [id(rule) for rule in first]
    assert not {id(rule) for rule in other} & {id(rule) for rule in first}
    assert [rule.css for rule in other] != [rule.css for rule in first]


# -- breakpoints -------------------------------------------------------------------------

class _Sized(App[None]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (64, "-normal")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]  # noqa: RUF012


async def test_breakpoints_use_textuals_own_rule_and_match_its_resize() -> None:
    assert _parameters(Screen._get_breakpoint_classes) == ["self", "dimension", "breakpoints"]
    assert Screen.HORIZONTAL_BREAKPOINTS is None and Screen.VERTICAL_BREAKPOINTS is None
    for size in ((40, 12), (80, 24), (100, 16)):
        app = _Sized()
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            textual_gave = {c for c in app.screen.classes if c.startswith("-")}
            fresh: Screen[None] = Screen()
            take_size_classes(fresh)
            assert set(fresh.classes) == textual_gave


def test_breakpoints_leave_a_screen_alone_without_an_app() -> None:
    screen: Screen[None] = Screen()
    take_size_classes(screen)
    assert not screen.classes


# -- Tick --------------------------------------------------------------------------------

class _Boxes(App[None]):
    def compose(self) -> ComposeResult:
        yield Checkbox("stock on", True, id="on")
        yield Checkbox("stock off", False, id="off")
        yield Tick("tick on", True, id="tick-on")
        yield Tick("tick off", False, id="tick-off")


async def test_tick_overrides_the_toggle_buttons_private_glyph() -> None:
    assert isinstance(inspect.getattr_static(ToggleButton, "_button"), property)
    assert ToggleButton.BUTTON_INNER == Checkbox.BUTTON_INNER == "X"
    app = _Boxes()
    async with app.run_test(size=(30, 12)) as pilot:
        await pilot.pause()

        def glyph(box_id: str) -> str:
            return str(app.query_one(f"#{box_id}", Checkbox)._button)

        # The stock checkbox draws the same glyph either way (state only in colour).
        assert glyph("on") == glyph("off")
        assert "✓" in glyph("tick-on") and "✓" not in glyph("tick-off")


# -- skip_unchanged ----------------------------------------------------------------------

class _Label(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("same", id="label")


async def test_stock_static_update_still_refreshes_for_the_same_text() -> None:
    app = _Label()
    async with app.run_test(size=(20, 3)) as pilot:
        await pilot.pause()
        label = app.query_one("#label", Static)
        refreshes: list[bool] = []
        real_refresh = label.refresh

        def counting_refresh(*args: Any, **kwargs: Any) -> Any:
            refreshes.append(bool(kwargs.get("layout")))
            return real_refresh(*args, **kwargs)

        label.refresh = counting_refresh  # type: ignore[method-assign]
        label.update("same")
        assert refreshes == [True]  # what set_text saves
        assert label.content == "same"
        set_text(label, "same")
        assert refreshes == [True]
        set_text(label, "new", layout=False)
        assert refreshes == [True, False] and label.content == "new"


async def test_refresh_bindings_publishes_every_time_unless_the_state_changed() -> None:
    app = _Label()
    async with app.run_test(size=(20, 3)) as pilot:
        await pilot.pause()
        screen = app.screen
        published: list[object] = []
        real_publish = screen.bindings_updated_signal.publish

        def counting_publish(data: Any) -> None:
            published.append(data)
            real_publish(data)

        screen.bindings_updated_signal.publish = counting_publish  # type: ignore[method-assign]
        screen.refresh_bindings()
        screen.refresh_bindings()
        assert len(published) == 2  # stock: every call
        refresher = BindingsRefresher()
        for state in (1, 1, 2, 2):
            refresher(screen, state)
        assert len(published) == 4


async def test_journal_pages_switch_from_the_focused_tab_strip(
        make_app: Callable[..., Any]) -> None:
    from ebbtide.tui.screens.journal.medications import OFFER_KEY

    app = make_app()
    app.state.set(OFFER_KEY, "skipped")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("shift+tab")  # from the history list back to the strip
        strip = app.screen.query_one(TabStrip)
        assert app.focused is strip
        pages = app.screen.query_one("#journal-pages", ContentSwitcher)
        await pilot.press("right")
        await pilot.pause()
        assert pages.current == "trends" and strip.active == "trends"
        await pilot.press("left")
        await pilot.pause()
        assert pages.current == "history" and strip.active == "history"


# -- FocusScroll -------------------------------------------------------------------------

class _Scrolls(App[None]):
    def __init__(self, scroll_type: type[VerticalScroll], css: str = "") -> None:
        self.CSS = css
        super().__init__()
        self.scroll_type = scroll_type

    def compose(self) -> ComposeResult:
        yield Button("elsewhere", id="elsewhere")  # focused first
        with self.scroll_type(id="outer"):
            for index in range(5):
                yield Static(f"line {index}", id=f"line-{index}")


def _count_restyled(app: App[Any]) -> list[str]:
    restyled: list[str] = []
    real_apply = app.stylesheet.apply

    def counting_apply(node: Any, **kwargs: Any) -> None:
        restyled.append(str(node.id))
        real_apply(node, **kwargs)

    app.stylesheet.apply = counting_apply  # type: ignore[method-assign]
    return restyled


async def _focus_back_and_forth(app: App[Any], pilot: Any) -> None:
    app.query_one("#outer").focus()
    await pilot.pause()
    app.query_one("#elsewhere").focus()
    await pilot.pause()


async def test_stock_focus_still_restyles_everything_inside() -> None:
    assert _parameters(Widget.watch_has_focus) == ["self", "_has_focus"]
    assert _parameters(App.update_styles) == ["self", "node", "animate"]
    assert _parameters(Stylesheet.update_nodes) == ["self", "nodes", "animate"]
    assert "get_rules" in dir(Widget().styles.base)
    app = _Scrolls(VerticalScroll)
    async with app.run_test(size=(30, 10)) as pilot:
        await pilot.pause()
        restyled = _count_restyled(app)
        await _focus_back_and_forth(app, pilot)
        assert restyled.count("line-0") == 2  # what FocusScroll saves


async def test_focus_scroll_restyles_only_itself() -> None:
    app = _Scrolls(FocusScroll)
    async with app.run_test(size=(30, 10)) as pilot:
        await pilot.pause()
        restyled = _count_restyled(app)
        await _focus_back_and_forth(app, pilot)
        assert restyled.count("outer") == 2 and "line-0" not in restyled


@pytest.mark.parametrize("css", [
    "VerticalScroll:focus > Static { color: red; }",  # a rule for the inside of a focused one
    "#outer:focus { color: red; }",  # its own colour, which the inside inherits
])
async def test_focus_scroll_restyles_the_inside_when_a_rule_depends_on_its_focus(
        css: str) -> None:
    app = _Scrolls(FocusScroll, css)
    async with app.run_test(size=(30, 10)) as pilot:
        await pilot.pause()
        line = app.query_one("#line-0", Static)
        red = (255, 0, 0)
        assert app.focused is app.query_one("#elsewhere")
        before = line.rich_style.color
        assert before is None or before.triplet != red
        app.query_one("#outer").focus()
        await pilot.pause()
        focused = line.rich_style.color
        assert focused is not None and focused.triplet == red
        app.query_one("#elsewhere").focus()
        await pilot.pause()
        assert line.rich_style.color == before


def test_focus_outer_parts_finds_focus_before_the_last_part_only() -> None:
    sheet = Stylesheet()
    sheet.add_source("A:focus > B { color: red; } C:focus { color: red; } "
                     "D.x:focus E F { color: red; }", read_from=("test", "rules"))
    found = [[selector.css for selector in part] for part in focus_outer_parts(sheet.rules)]
    assert found == [["A:focus"], ["D", ".x:focus"]]


class _Brittle(Static):
    """Draws until told to break, as a widget with a drawing bug would."""

    broken = False

    def render_line(self, y: int) -> Strip:
        if self.broken:
            raise RuntimeError("cannot draw")
        return super().render_line(y)


class _BrittleApp(App[None]):
    def compose(self) -> ComposeResult:
        yield _Brittle("drawn")


async def _break_the_drawing() -> None:
    """Break the widget and let a frame pass: raises when that frame (or the last one the
    test draws) composes it."""
    app = _BrittleApp()
    async with app.run_test() as pilot:
        widget = app.query_one(_Brittle)
        widget.broken = True
        widget.refresh()
        await pilot.pause()


async def test_a_ui_test_draws_the_screen_it_ends_on() -> None:
    """Headless frames are not composed (tests/frames.py), so each test draws its last
    screen in full: a widget that cannot draw still fails the test that shows it."""
    assert App.run_test is run_test_draws_the_last_frame
    with pytest.raises(RuntimeError, match="cannot draw"):
        await _break_the_drawing()


@pytest.mark.every_frame
async def test_a_test_marked_every_frame_composes_each_frame_as_a_terminal_would() -> None:
    assert App.run_test is not run_test_draws_the_last_frame
    with pytest.raises(RuntimeError, match="cannot draw"):
        await _break_the_drawing()


# -- styled once -------------------------------------------------------------------------

class _CountedScreen(Screen[None]):
    def __init__(self, keep_first: bool) -> None:
        super().__init__()
        self.keep_first = keep_first
        self.restyles = 0

    def compose(self) -> ComposeResult:
        yield Static("inside")

    def update_node_styles(self, animate: bool = True) -> None:
        self.restyles += 1
        super().update_node_styles(animate)

    def on_screen_resume(self, event: ScreenResume) -> None:
        if self.keep_first:
            keep_styles_on_first_resume(self, event)


@pytest.mark.parametrize(("keep_first", "first", "again"), [(False, 1, 2), (True, 0, 1)])
async def test_first_resume_keeps_styles_and_later_ones_restyle(
        keep_first: bool, first: int, again: int) -> None:
    assert "refresh_styles" in _parameters(ScreenResume)
    assert "update_node_styles" in inspect.getsource(Screen._on_screen_resume)
    app: App[None] = App()
    async with app.run_test(size=(30, 6)) as pilot:
        screen = _CountedScreen(keep_first)
        await app.push_screen(screen)
        await pilot.pause()
        assert screen.restyles == first  # stock Textual restyles on the first resume
        screen.post_message(ScreenResume())  # as Textual sends it when a screen returns
        await pilot.pause()
        assert screen.stack_updates == 2 and screen.restyles == again


class _Dialog(_CountedScreen):
    """A screen whose own CSS is loaded by push_screen after the screen is styled."""

    CSS = "_Dialog { align: center middle; }"

    def __init__(self) -> None:
        super().__init__(keep_first=True)


async def test_first_resume_restyles_when_the_screens_own_css_arrived_late() -> None:
    app: App[None] = App()
    async with app.run_test(size=(30, 6)) as pilot:
        screen = _Dialog()
        await app.push_screen(screen)
        await pilot.pause()
        assert (screen.styles.align_horizontal, screen.styles.align_vertical) == (
            "center", "middle")
        assert screen.restyles == 1  # its rules changed, so everything on it is restyled
        again = _Dialog()  # the CSS is loaded now: the next one keeps its styles
        await app.push_screen(again)
        await pilot.pause()
        assert again.styles.align_horizontal == "center" and again.restyles == 0
