"""A row of page names over a rule that marks the current one, in place of Textual's
Tabs / TabbedContent. Click a name to pick it; or focus the strip (Tab) and use left/right
to switch pages, Enter or space to pick the page under the cursor.

Why: TabbedContent builds nine widgets for two tabs, and even Textual's bare Tabs (plus
the ContentSwitcher kept here) made the journal's first open slower. Measured: CPU time
from pressing 4 on home until the journal is drawn, median of 7 fresh processes at 100x32,
92 ms with TabStrip and 109 ms with `Tabs` in its place (+18 %).
Relies only on public Widget API (render, reactive, component styles, bindings);
tests/tui/test_tuned.py checks the parts it uses."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

GAP = "   "


class TabStrip(Widget, can_focus=True):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "tab-strip--active", "tab-strip--inactive", "tab-strip--rule", "tab-strip--marker",
        "tab-strip--cursor"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Previous page", show=False, id="tab_strip.previous"),
        Binding("right", "move(1)", "Next page", show=False, id="tab_strip.next"),
        Binding("enter,space", "pick", "Open page", show=False, id="tab_strip.pick"),
    ]
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
    TabStrip:focus > .tab-strip--cursor {
        text-style: reverse;
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
        self._cursor = active  # the page Enter/space picks; follows the active page

    def watch_active(self, active: str) -> None:
        self._cursor = active

    def on_focus(self) -> None:
        self.refresh()  # the cursor shows only while focused

    def on_blur(self) -> None:
        self.refresh()

    def render(self) -> Text:
        names = Text(no_wrap=True, overflow="ellipsis")
        boxes: list[tuple[int, int, str]] = []
        for index, (page, label) in enumerate(self.pages):
            if index:
                names.append(GAP)
            start = len(names)
            style = self.get_component_rich_style(
                "tab-strip--active" if page == self.active else "tab-strip--inactive")
            if page == self._cursor and self.has_focus:
                style += self.get_component_rich_style("tab-strip--cursor")
            names.append(label, style)
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

    def action_move(self, step: int) -> None:
        """Switch to the page before or after the cursor (wrapping round)."""
        ids = [page for page, _ in self.pages]
        index = ids.index(self._cursor) if self._cursor in ids else 0
        self._cursor = ids[(index + step) % len(ids)]
        self.refresh()
        self.post_message(self.Picked(self._cursor))

    def action_pick(self) -> None:
        self.post_message(self.Picked(self._cursor))
