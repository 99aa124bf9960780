"""Breathe: pick a pattern and a length, then start. Custom patterns are made here too."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ebbtide.core.content.patterns import Pattern, format_bpm
from ebbtide.core.errors import EbbtideError
from ebbtide.core.practice.session_length import parse_length
from ebbtide.tui.screens.common.base import EbbtideScreen
from ebbtide.tui.styles import style
from ebbtide.tui.tuned.key_bar import KeyBar
from ebbtide.tui.widgets.safe_text import multi_line, safe

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp


class BreatheMenuScreen(EbbtideScreen[None]):
    CSS_PATH = style("shared.tcss")
    HELP_TEXT = (
        "Choose a pattern with the arrows and press Enter to start. Type a length as minutes "
        "(5) or cycles (4 cycles). n makes your own pattern; e edits and d deletes one of "
        "yours. Your patterns are TOML files in your config folder, so you can edit them by "
        "hand too."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start", id="breathe_menu.start", priority=False),
        Binding("l", "focus_length", "Length", id="breathe_menu.length"),
        Binding("n", "new_pattern", "New pattern", id="breathe_menu.new"),
        Binding("e", "edit_pattern", "Edit", id="breathe_menu.edit"),
        Binding("d", "delete_pattern", "Delete", id="breathe_menu.delete"),
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    def __init__(self) -> None:
        super().__init__(id="breathe-menu")
        self.sub_title = "Breathe"

    def compose(self) -> ComposeResult:
        with Horizontal(id="menu-body"):
            with Vertical(id="menu-list-column"):
                yield Static("[b]Breathe[/b]", id="menu-title")
                yield OptionList(id="patterns")
                with Horizontal(id="length-row"):
                    yield Label("Length", id="length-label")
                    yield Input(id="length", placeholder="5 or 4 cycles", max_length=16)
                yield Static("", id="length-error", classes="field-error", markup=False)
            with VerticalScroll(id="pattern-details"):
                yield Static("", id="details", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.ebbtide.warm_up_sound()
        self.reload()
        self.query_one("#patterns", OptionList).focus()

    def reload(self, select: str | None = None) -> None:
        patterns = self.ebbtide.reload_patterns()
        options = self.query_one("#patterns", OptionList)
        highlighted = select or self.selected_id()
        options.clear_options()
        for pattern in patterns:
            label = safe(pattern.name)
            label.append(safe(f"  {pattern.rhythm}", style="dim"))
            if pattern.is_user:
                label.append("  yours", style="italic dim")
            options.add_option(Option(label, id=pattern.id))
        ids = [p.id for p in patterns]
        options.highlighted = ids.index(highlighted) if highlighted in ids else 0
        self.ebbtide.notices.file_problems(patterns.problems, "A pattern file has a problem")

    def selected_id(self) -> str | None:
        options = self.query_one("#patterns", OptionList)
        if options.highlighted is None or options.option_count == 0:
            return None
        return options.get_option_at_index(options.highlighted).id

    def selected(self) -> Pattern | None:
        pattern_id = self.selected_id()
        return self.ebbtide.patterns.get(pattern_id) if pattern_id else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        pattern = self.selected()
        if pattern is None:
            return
        self.query_one("#length", Input).value = self._default_length(pattern)
        self.query_one("#length-error", Static).update("")
        self.query_one("#details", Static).update(multi_line(describe(pattern), limit=None))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_start()

    @on(Input.Submitted, "#length")
    def _start_with_length(self) -> None:
        self.action_start()

    def _default_length(self, pattern: Pattern) -> str:
        if pattern.max_cycles_beginner:
            return f"{pattern.max_cycles_beginner} cycles"
        return f"{pattern.default_minutes:g}"

    def action_focus_length(self) -> None:
        self.query_one("#length", Input).focus()

    def action_start(self) -> None:
        pattern = self.selected()
        if pattern is None:
            return
        try:
            length = parse_length(self.query_one("#length", Input).value)
        except EbbtideError as exc:
            self.query_one("#length-error", Static).update(f"Length: {exc}.")
            self.query_one("#length", Input).focus()
            return
        self.query_one("#length-error", Static).update("")
        self.ebbtide.start_breathing(pattern, length)

    def action_new_pattern(self) -> None:
        from ebbtide.tui.screens.breathe.pattern_form import PatternFormScreen

        self.app.push_screen(PatternFormScreen(None), self._after_form)

    def action_edit_pattern(self) -> None:
        from ebbtide.tui.screens.breathe.pattern_form import PatternFormScreen

        pattern = self.selected()
        if pattern is None or not pattern.is_user:
            self.notify("Only your own patterns can be edited. Press n to make one.",
                        severity="warning")
            return
        self.app.push_screen(PatternFormScreen(pattern), self._after_form)

    def _after_form(self, saved_id: str | None) -> None:
        if saved_id:
            self.reload(select=saved_id)

    def action_delete_pattern(self) -> None:
        from ebbtide.core.content.patterns import delete_user_pattern
        from ebbtide.tui.screens.common.confirm import ConfirmScreen

        pattern = self.selected()
        if pattern is None or not pattern.is_user:
            self.notify("Only your own patterns can be deleted.", severity="warning")
            return

        def answered(delete: bool | None) -> None:
            if not delete:
                return
            try:
                delete_user_pattern(self.ebbtide.paths.patterns_dir, pattern.id)
            except EbbtideError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.notify(f"Deleted {pattern.name}.", markup=False)
            self.reload()

        self.app.push_screen(ConfirmScreen(f"Delete your pattern '{pattern.name}'?",
                                           yes="Delete", no="Keep"), answered)


def describe(pattern: Pattern) -> str:
    lines = [pattern.name, pattern.purpose, "",
             f"Rhythm {pattern.rhythm} · {format_bpm(pattern)} breaths a minute"]
    if pattern.beginner_note:
        lines += ["", pattern.beginner_note]
    if pattern.evidence:
        lines += ["", pattern.evidence]
    if pattern.safety:
        lines += ["", "Take care:"] + [f"• {note}" for note in pattern.safety]
    if pattern.source:
        lines += ["", f"Source: {pattern.source.name}", pattern.source.url]
    return "\n".join(lines)



def open_route(app: EbbtideApp, args: dict[str, object]) -> None:
    """`ebbtide breathe [PATTERN] ...` and links like action:breathe/4-7-8."""
    from ebbtide.core.practice.session_length import SessionLength

    app.go("breathe")
    pattern_id = args.get("pattern")
    if not isinstance(pattern_id, str):
        return
    pattern = app.patterns.find(pattern_id)
    if pattern is None:
        app.notify(f"No breathing pattern called '{pattern_id}'.", severity="warning",
                   markup=False)
        return
    minutes, cycles = args.get("minutes"), args.get("cycles")
    length = None
    if isinstance(cycles, int):
        length = SessionLength(cycles=cycles)
    elif isinstance(minutes, int | float):
        length = SessionLength(minutes=float(minutes))
    delay = args.get("start_delay")
    app.start_breathing(pattern, length,
                        start_delay=float(delay) if isinstance(delay, int | float) else None,
                        ask_ratings=not args.get("skip_ratings"))
