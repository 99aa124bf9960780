"""Tools: the self-checks, what helps, the clinician report and the glossary behind one
visible key (`t` on home, `k` in the journal), so none of them needs the command palette."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ebbtide.launch import StartRoute
from ebbtide.tui.app_access import ebbtide_app
from ebbtide.tui.screens.common.base import EbbtideModal

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp

# (id, title, what it is; route screen and args, or "" for the glossary)
TOOLS: tuple[tuple[str, str, str, str, dict[str, object]], ...] = (
    ("phq9", "Self-check: mood (PHQ-9)", "Nine questions about the last two weeks",
     "check", {"kind": "phq9"}),
    ("gad7", "Self-check: anxiety (GAD-7)", "Seven questions about the last two weeks",
     "check", {"kind": "gad7"}),
    ("insights", "What helps me", "Which practices eased your anxiety", "insights", {}),
    ("report", "Report for my clinician", "One page for an appointment", "report", {}),
    ("glossary", "Glossary", "Every word the library explains, A to Z", "", {}),
)


class ToolsMenuScreen(EbbtideModal[None]):
    DEFAULT_CSS = """
    ToolsMenuScreen { align: center middle; background: $background 70%; }
    #tools { width: 60; max-width: 100%; height: auto; max-height: 100%;
             border: round $primary; background: $surface; padding: 0 1; }
    #tools-title { color: $primary; }
    #tools-options { height: auto; max-height: 100%; border: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,t,k", "close", "Close", id="tools.close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="tools"):
            yield Static(Text("Tools", style="bold"), id="tools-title")
            options = []
            for tool_id, title, _, _, _ in TOOLS:
                options.append(Option(Text(title), id=tool_id))
            yield OptionList(*options, id="tools-options")
            yield Static(Text("Enter opens · Esc closes", style="dim"), id="tools-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss()
        open_tool(ebbtide_app(self), str(event.option.id))

    def action_close(self) -> None:
        self.dismiss()


def open_tool(ebbtide: EbbtideApp, tool_id: str) -> None:
    from ebbtide.tui.routes import open_route

    for known_id, _, _, screen, args in TOOLS:
        if known_id == tool_id:
            if screen:
                open_route(ebbtide, StartRoute(screen, dict(args)))
            else:
                from ebbtide.tui.screens.read.glossary_index import open_glossary

                open_glossary(ebbtide)
            return
