"""Baseline for animation cost: the smallest Textual app that redraws a one-line widget
30 times a second (new text every frame, so every frame reaches the terminal)."""

from textual.app import App, ComposeResult
from textual.widgets import Static

FPS = 30


class BareRedrawApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.frame = 0

    def compose(self) -> ComposeResult:
        yield Static("Bare redraw ready", id="line")

    def on_mount(self) -> None:
        self.set_interval(1 / FPS, self.redraw)

    def redraw(self) -> None:
        self.frame += 1
        self.query_one("#line", Static).update(f"Bare redraw ready · frame {self.frame}")


if __name__ == "__main__":
    BareRedrawApp().run()
