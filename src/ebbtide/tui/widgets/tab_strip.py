"""A row of page names over a rule that marks the current one; click a name to pick it.

Used instead of Textual's TabbedContent, which builds nine widgets for two tabs and made
the journal's first open noticeably slower. Keys to switch pages belong to the screen."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

GAP = "   "


class TabStrip(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "tab-strip--active", "tab-strip--inactive", "tab-strip--rule", "tab-strip--marker"}
    DEFAULT_CSS = """
    TabStrip {
        height: 2;
        padding: 0 1;
    }
    TabStrip > .tab-strip--active {
        color: $text;
        text-style: bold;
    }
    TabStrip > .tab-strip--inactive {
        color: $text-muted;
    }
    TabStrip > .tab-strip--rule {
        color: $panel-lighten-2;
    }
    TabStrip > .tab-strip--marker {
        color: $primary;
    }
    """

    active: reactive[str] = reactive("")

    class Picked(Message):
        def __init__(self, page: str) -> None:
            super().__init__()
            self.page = page

    def __init__(self, pages: list[tuple[str, str]], active: str, *,
                 id: str | None = None) -> None:
        """`pages`: (page id, label shown) in order."""
        super().__init__(id=id)
        self.pages = pages
        self.set_reactive(TabStrip.active, active)
        self._hit_boxes: list[tuple[int, int, str]] = []

    def render(self) -> Text:
        names = Text(no_wrap=True, overflow="ellipsis")
        boxes: list[tuple[int, int, str]] = []
        for index, (page, label) in enumerate(self.pages):
            if index:
                names.append(GAP)
            start = len(names)
            style = "tab-strip--active" if page == self.active else "tab-strip--inactive"
            names.append(label, self.get_component_rich_style(style))
            boxes.append((start, len(names), page))
        self._hit_boxes = boxes
        rule = Text(no_wrap=True, overflow="crop")
        width = max(self.size.width, len(names))
        rule_style = self.get_component_rich_style("tab-strip--rule")
        for start, end, page in boxes:
            rule.append("─" * (start - len(rule)), rule_style)
            if page == self.active:
                rule.append("━" * (end - start), self.get_component_rich_style("tab-strip--marker"))
            else:
                rule.append("─" * (end - start), rule_style)
        rule.append("─" * (width - len(rule)), rule_style)
        return Text("\n", no_wrap=True).join([names, rule])

    def on_click(self, event: events.Click) -> None:
        for start, end, page in self._hit_boxes:
            if start <= event.x - 1 < end:  # 1: the left padding
                event.stop()
                self.post_message(self.Picked(page))
                return
