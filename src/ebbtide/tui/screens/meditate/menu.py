"""Meditate: pick a guided script (and a length), or open the bell timer."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ebbtide.core.content.meditations import MAX_MINUTES, Script, ScriptLibrary, load_scripts
from ebbtide.core.errors import EbbtideError
from ebbtide.tui.screens.common.base import EbbtideScreen
from ebbtide.tui.styles import styles
from ebbtide.tui.tuned.key_bar import KeyBar
from ebbtide.tui.widgets.safe_text import multi_line, safe

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp

TIMER_OPTION = ":bell-timer"  # never a script id (ids are letters, digits and dashes)
_MINUTES = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:m|min|mins|minutes?)?\s*$", re.IGNORECASE)


def parse_minutes(text: str, script: Script) -> float | None:
    """The length typed for `script`: None when it is the script's own length. Raises
    EbbtideError with a sentence for the person."""
    match = _MINUTES.match(text)
    if not match:
        raise EbbtideError("type the minutes as a number, e.g. 10")
    minutes = float(match.group(1).replace(",", "."))
    if not math.isfinite(minutes) or not 1 <= minutes <= MAX_MINUTES:
        raise EbbtideError(f"minutes must be between 1 and {MAX_MINUTES:g}")
    if math.isclose(minutes, script.minutes):
        return None
    script.scaled(minutes)  # raises when the script cannot be that short
    return minutes


def describe_script(script: Script) -> str:
    bells = sum(1 for step in script.steps if step.bell)
    shortest = max(1, math.ceil(script.min_minutes))
    lines = [
        script.name,
        script.purpose,
        "",
        f"{script.minutes:g} min · {len(script.steps)} steps · "
        f"{bells} bell{'s' if bells != 1 else ''}",
        f"Any length from {shortest} to {MAX_MINUTES:g} min: the steps stretch or shrink "
        "together.",
    ]
    if script.notes:
        lines += ["", "Before you start:"] + [f"• {note}" for note in script.notes]
    lines += ["", f"Source: {script.source.name}", script.source.url]
    return "\n".join(lines)


TIMER_DESCRIPTION = (
    "Bell timer\n"
    "Sit in silence with bells to mark the time: at the start and end, every few "
    "minutes, or at moments you choose.\n\n"
    "Set the length (or leave it open-ended), a few seconds to settle before the first "
    "bell, and save the timers you use often as presets.\n\n"
    "Press Enter or t to set it up."
)


class MeditateMenuScreen(EbbtideScreen[None]):
    CSS_PATH = styles("shared.tcss", "meditate.tcss")
    HELP_TEXT = (
        "Choose a guided meditation with the arrows and press Enter to start. Type another "
        "length in minutes to stretch or shrink it: every step changes in proportion. The "
        "Bell timer (t) is for sitting unguided, with bells where you want them."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start", id="meditate_menu.start", priority=False),
        Binding("l", "focus_length", "Length", id="meditate_menu.length"),
        Binding("t", "timer", "Bell timer", id="meditate_menu.timer"),
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    def __init__(self) -> None:
        super().__init__(id="meditate-menu")
        self.sub_title = "Meditate"
        self.library = ScriptLibrary()
        # `ebbtide meditate --skip-ratings` without a script: sessions from here skip them.
        self.ask_ratings = True

    def compose(self) -> ComposeResult:
        with Horizontal(id="menu-body"):
            with Vertical(id="menu-list-column"):
                yield Static("[b]Meditate[/b]", id="menu-title")
                yield OptionList(id="scripts", classes="menu-list")
                with Horizontal(id="length-row"):
                    yield Label("Minutes", id="length-label")
                    yield Input(id="length", placeholder="10", max_length=8)
                yield Static("", id="length-error", classes="field-error", markup=False)
            with VerticalScroll(id="script-details", classes="menu-details"):
                yield Static("", id="details", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.ebbtide.warm_up_sound()
        self.reload()
        self.query_one("#scripts", OptionList).focus()

    def reload(self) -> None:
        self.library = load_scripts()
        options = self.query_one("#scripts", OptionList)
        options.clear_options()
        for script in self.library.ordered():
            label = safe(script.name)
            label.append(f"  {script.minutes:g} min", style="dim")
            options.add_option(Option(label, id=script.id))
        options.add_option(None)
        timer = Text("Bell timer")
        timer.append("  unguided", style="dim")
        options.add_option(Option(timer, id=TIMER_OPTION))
        options.highlighted = 0
        self.ebbtide.notices.file_problems([str(problem) for problem in self.library.problems],
                                          "A meditation file has a problem")

    def selected_id(self) -> str | None:
        options = self.query_one("#scripts", OptionList)
        if options.highlighted is None or options.option_count == 0:
            return None
        return options.get_option_at_index(options.highlighted).id

    def selected(self) -> Script | None:
        script_id = self.selected_id()
        return self.library.scripts.get(script_id) if script_id else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        is_timer = self.selected_id() == TIMER_OPTION
        self.query_one("#length-row").display = not is_timer
        self.query_one("#length-error", Static).update("")
        details = self.query_one("#details", Static)
        if is_timer:
            details.update(TIMER_DESCRIPTION)
            return
        script = self.selected()
        if script is not None:
            self.query_one("#length", Input).value = f"{script.minutes:g}"
            details.update(multi_line(describe_script(script), limit=None))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_start()

    @on(Input.Submitted, "#length")
    def _start_with_length(self) -> None:
        self.action_start()

    def action_focus_length(self) -> None:
        if self.selected_id() != TIMER_OPTION:
            self.query_one("#length", Input).focus()

    def action_start(self) -> None:
        if self.selected_id() == TIMER_OPTION:
            self.action_timer()
            return
        script = self.selected()
        if script is None:
            return
        error = self.query_one("#length-error", Static)
        try:
            minutes = parse_minutes(self.query_one("#length", Input).value, script)
        except EbbtideError as exc:
            error.update(f"Minutes: {exc}.")
            self.query_one("#length", Input).focus()
            return
        error.update("")
        from ebbtide.tui.screens.meditate.session import start_meditation

        start_meditation(self.ebbtide, script, minutes, ask_ratings=self.ask_ratings)

    def action_timer(self) -> None:
        from ebbtide.tui.screens.meditate.timer import TimerSetupScreen

        self.app.push_screen(TimerSetupScreen(ask_ratings=self.ask_ratings))


def open_route(app: EbbtideApp, args: dict[str, object]) -> None:
    """`ebbtide meditate [SCRIPT] [--minutes N] [--skip-ratings]` and links such as
    action:meditate/body-scan-10: the menu, then the session when a script is named."""
    from ebbtide.tui.screens.meditate.session import start_meditation

    app.go("meditate")
    ask_ratings = not args.get("skip_ratings")
    menu = app.screen_stack[0] if app.screen_stack else None
    if isinstance(menu, MeditateMenuScreen):
        menu.ask_ratings = ask_ratings
    script_id = args.get("script")
    if not isinstance(script_id, str) or not script_id:
        return
    library = load_scripts()
    script = library.scripts.get(script_id)
    if script is None:
        app.notify(f"No meditation called '{script_id}'.", severity="warning", markup=False)
        return
    minutes = args.get("minutes")
    try:
        start_meditation(app, script,
                         float(minutes) if isinstance(minutes, int | float) else None,
                         ask_ratings=ask_ratings, show_notes=True)
    except EbbtideError as exc:
        app.notify(str(exc), severity="warning", markup=False)
