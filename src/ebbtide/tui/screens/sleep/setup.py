"""Sleep's first screen: which sound, and how long it plays after the wind-down.

Opened with z on home, or by `ebbtide sleep` (straight into the session when --minutes is
given). 1–4 start with 15/30/45/60 minutes; c changes the sound."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from ebbtide.core.practice.sleep import DEFAULT_SOUND_MINUTES, SOUND_MINUTES, sleep_sound
from ebbtide.core.settings import SOUNDSCAPE_KINDS
from ebbtide.tui.screens.common.base import EbbtideScreen
from ebbtide.tui.styles import styles
from ebbtide.tui.tuned.key_bar import KeyBar

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp

INTRO = ("About ten minutes to wind down: slow breathing with a longer breath out, then a "
         "body scan. Then the sound plays on and fades to silence. The screen stays dark.")
QUESTION = "How long should the sound play after the wind-down?"


def sound_label(kind: str) -> str:
    from ebbtide.audio.soundscape import label

    return label(kind)


class SleepSetupScreen(EbbtideScreen[None]):
    CSS_PATH = styles("shared.tcss", "sleep.tcss")
    HELP_TEXT = (
        "Sleep winds you down and then lets a soundscape play for the time you choose "
        "before it fades to silence. Press 1, 2, 3 or 4 for 15, 30, 45 or 60 minutes (or "
        "Enter on a length); c changes the sound. Sound off in settings means silence."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "begin(15)", "15 min", id="sleep_setup.15", show=False),
        Binding("2", "begin(30)", "30 min", id="sleep_setup.30", show=False),
        Binding("3", "begin(45)", "45 min", id="sleep_setup.45", show=False),
        Binding("4", "begin(60)", "60 min", id="sleep_setup.60", show=False),
        Binding("c", "change_sound", "Change sound", id="sleep_setup.sound"),
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    def __init__(self, sound: str | None = None) -> None:
        super().__init__(id="sleep-setup-screen")
        self.sub_title = "Sleep"
        self._asked = sound

    def compose(self) -> ComposeResult:
        with Vertical(id="sleep-setup"):
            yield Static("[b]Sleep[/b]")
            yield Static(INTRO, markup=False)
            yield Static("", id="sleep-sound", markup=False)
            yield Static(QUESTION, markup=False)
            with Horizontal(id="sleep-lengths"):
                for number, minutes in enumerate(SOUND_MINUTES, start=1):
                    yield Button(f"{minutes} min ({number})", id=f"sleep-{minutes}",
                                 compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sound = sleep_sound(self._asked, self.ebbtide.settings.soundscape)
        self._show_sound()
        self.query_one(f"#sleep-{DEFAULT_SOUND_MINUTES}", Button).focus()

    def _show_sound(self) -> None:
        settings = self.ebbtide.settings
        if not settings.sound:
            text = "Sound is off in settings: the session will be silent."
        else:
            text = f"Sound: {sound_label(self.sound)} (c changes it)"
        self.query_one("#sleep-sound", Static).update(text)

    def action_change_sound(self) -> None:
        kinds = SOUNDSCAPE_KINDS
        self.sound = kinds[(kinds.index(self.sound) + 1) % len(kinds)]
        self._show_sound()

    @on(Button.Pressed)
    def _length_pressed(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("sleep-"):
            self.action_begin(int(event.button.id.removeprefix("sleep-")))

    def action_begin(self, minutes: int) -> None:
        from ebbtide.tui.screens.sleep.session import SleepScreen

        self.app.switch_screen(SleepScreen(minutes, self.sound))


def open_route(app: EbbtideApp, args: dict[str, object] | None = None) -> None:
    """`ebbtide sleep`: straight into the session when the minutes were given, else the
    choice; home's z comes here too."""
    args = args or {}
    sound = args.get("sound")
    asked = sound if isinstance(sound, str) else None
    minutes = args.get("minutes")
    if isinstance(minutes, int) and minutes in SOUND_MINUTES:
        from ebbtide.tui.screens.sleep.session import SleepScreen

        app.push_screen(SleepScreen(minutes, sleep_sound(asked,
                                                         app.settings.soundscape)))
        return
    app.push_screen(SleepSetupScreen(asked))
