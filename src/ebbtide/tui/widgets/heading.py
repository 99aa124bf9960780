"""The home screen's first line: the app's name on the left, today's date on the right.

Drawn by one widget (rather than a row of two) because every widget on home adds to
the time before the first frame."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.widget import Widget


class HomeHeading(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"home-heading--title", "home-heading--date"}
    DEFAULT_CSS = """
    HomeHeading {
        height: 1;
    }
    HomeHeading > .home-heading--title {
        color: $primary;
        text-style: bold;
    }
    HomeHeading > .home-heading--date {
        color: $text-muted;
    }
    """

    def __init__(self, title: str, date: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = title
        self.date = date

    def render(self) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(self.title, self.get_component_rich_style("home-heading--title"))
        room = self.size.width - len(self.title) - 1
        if len(self.date) <= room and not self.screen.has_class("-short"):
            line.pad_right(self.size.width - len(self.title) - len(self.date))
            line.append(self.date, self.get_component_rich_style("home-heading--date"))
        return line
