"""Baseline: the smallest Textual app that draws one line."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Bare baseline ready")


if __name__ == "__main__":
    BareApp().run()
