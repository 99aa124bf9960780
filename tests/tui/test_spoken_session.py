"""A guided session heard with eyes closed: each step's words, rendered ahead by a real
engine (espeak-ng here; Piper works the same way), reach the sound device when the step
starts, through the real sound helper into ALSA's `file` plugin. And the voice key, a
missing voice, and a renderer that fails, as a person meets them."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from ebbtide.audio.player import SoundPlayer
from ebbtide.audio.speech_engine import find_engine
from ebbtide.audio.speech_render import SpeechRenderer
from ebbtide.audio.wav_file import read_wav
from ebbtide.core import trace
from ebbtide.core.clock import ManualClock
from ebbtide.core.paths import Paths
from ebbtide.tui.cues import SilentCues, SilentSpeech
from ebbtide.tui.screens.meditate.session import MeditationScreen, start_meditation
from tests.audio.test_audio_player import (  # noqa: F401 (alsa_capture is a fixture)
    alsa_capture,
    needs_simpleaudio,
    strip_padding,
)
from tests.conftest import settle_until, wait_until
from tests.tui.test_meditation_screens import SCRIPT

MakeApp = Callable[..., Any]
TEXTS = [step.text for step in SCRIPT.steps]
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                  reason="espeak-ng is not installed")


class RecordingSound(SilentCues):
    def __init__(self) -> None:
        self.files: list[tuple[str, float | None, str]] = []
        self.hushed = 0

    def play_file(self, path: str | Path, planned: float | None = None, *,
                  label: str = "", event: str = "speech", stale_after: float = 5.0) -> int:
        self.files.append((str(path), planned, label))
        return len(self.files)

    def hush(self) -> None:
        self.hushed += 1


class ReadySpeech(SilentSpeech):
    """Every step already rendered (to a name that says which)."""

    available = True

    def __init__(self) -> None:
        self.prepared: list[str] = []

    def prepare(self, texts: Sequence[str],
                on_progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
        self.prepared = list(texts)
        return len(texts), len(texts)

    def ready(self, text: str) -> Path | None:
        return Path(f"/cache/{TEXTS.index(text) + 1}.wav")


def _captured(capture: Path) -> bytes:
    return capture.read_bytes() if capture.exists() else b""


async def _start(pilot: Any) -> MeditationScreen:
    await pilot.press("2")
    screen = start_meditation(pilot.app, SCRIPT, ask_ratings=False)
    await pilot.pause()
    return screen


async def _advance(pilot: Any, clock: ManualClock, screen: Any, seconds: float) -> None:
    clock.advance(seconds)
    screen.tick()
    await pilot.pause()


@needs_simpleaudio
@needs_espeak
async def test_a_spoken_session_plays_each_steps_words_when_the_step_starts(
        make_app: MakeApp, welcomed: Paths, alsa_capture: tuple[Path, Path],  # noqa: F811
        tmp_path: Path) -> None:
    home, capture = alsa_capture
    welcomed.settings_file.write_text("bells = false\n")  # only the voice in the capture
    trace_file = tmp_path / "trace.jsonl"
    trace.configure(str(trace_file))
    player = SoundPlayer(True, 60, helper_env={"HOME": str(home)})
    speech = SpeechRenderer(welcomed.speech_cache_dir, find_engine(has_module=lambda n: None))
    clock = ManualClock(1000.0)
    app = make_app(clock=clock, sound=player, speech=speech)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _start(pilot)
            await settle_until(pilot, lambda: all(speech.ready(t) for t in TEXTS),
                               "every step is rendered")
            assert not screen.query("#voice-row")  # the progress bar went once done
            for index, seconds in enumerate((3, 20, 15)):
                await _advance(pilot, clock, screen, seconds)  # the step starts
                path = speech.ready(TEXTS[index])
                assert path is not None
                words = strip_padding(read_wav(path).frames)
                # ALSA's file plugin starts the capture afresh with each sound played, so
                # the capture holds this step's words once they have been played.
                assert wait_until(lambda words=words: words in _captured(capture)), \
                    f"step {index + 1} was not heard"
    finally:
        trace.configure(None)
        player.close()
        speech.close()
    events = [json.loads(line) for line in trace_file.read_text().splitlines()]
    spoken = [e for e in events if e["event"] == "speech"]
    assert [e["name"] for e in spoken] == ["step 1", "step 2", "step 3"]
    assert [e["planned"] for e in spoken] == [1003.0, 1023.0, 1038.0]
    assert all(e["played"] is not None and e["played"] >= e["actual"] for e in spoken)


async def test_steps_are_spoken_at_their_planned_time_and_v_silences_them(
        make_app: MakeApp) -> None:
    clock = ManualClock(1000.0)
    sound, speech = RecordingSound(), ReadySpeech()
    app = make_app(clock=clock, sound=sound, speech=speech)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot)
        assert speech.prepared == TEXTS
        await _advance(pilot, clock, screen, 3)
        assert sound.files == [("/cache/1.wav", 1003.0, "step 1")]
        await pilot.press("v")
        assert sound.hushed >= 1
        await _advance(pilot, clock, screen, 20)
        assert len(sound.files) == 1  # muted: step 2 is shown, not spoken
        await pilot.press("v")
        await pilot.press("n")  # jumping to a step speaks it at once
        assert sound.files[-1] == ("/cache/3.wav", 1023.0, "step 3")


async def test_without_a_voice_the_key_is_hidden_and_nothing_is_spoken(
        make_app: MakeApp) -> None:
    clock = ManualClock(1000.0)
    sound = RecordingSound()
    app = make_app(clock=clock, sound=sound)  # SilentSpeech: no engine
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot)
        await _advance(pilot, clock, screen, 3)
        assert "v" not in screen.active_bindings or not screen.check_action(
            "toggle_voice", ())
        assert sound.files == []


async def test_a_renderer_that_fails_leaves_text_and_bells_with_one_notice(
        make_app: MakeApp, welcomed: Paths, tmp_path: Path) -> None:
    from ebbtide.audio.speech_engine import Engine

    broken = Engine("espeak-ng", "broken", (str(tmp_path / "missing-program"),))
    speech = SpeechRenderer(welcomed.speech_cache_dir, broken, max_restarts=0,
                            on_notice=None)
    clock = ManualClock(1000.0)
    sound = RecordingSound()
    app = make_app(clock=clock, sound=sound, speech=speech)
    notices: list[str] = []
    speech._on_notice = lambda message: app.call_from_thread(notices.append, message)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot)
        await settle_until(pilot, lambda: bool(notices), "the voice notice")
        assert notices == ["Voice is off: the speech engine stopped (it could not start: "
                           "No such file or directory). Sessions go on with text and bells."]
        await _advance(pilot, clock, screen, 3)
        assert screen.flow.stage == "running"
        assert sound.files == []
        await _advance(pilot, clock, screen, 20)
        assert "Soften the shoulders." in str(screen.query_one("#instruction").render())
    speech.close()


class WordSpeech(SilentSpeech):
    """The breathing words, rendered (or not yet, with `ready=False`)."""

    available = True

    def __init__(self, ready: bool = True) -> None:
        self.is_ready = ready
        self.prepared: list[str] = []

    def prepare(self, texts: Sequence[str],
                on_progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
        self.prepared = list(texts)
        return 0, len(texts)

    def ready(self, text: str) -> Path | None:
        return Path(f"/cache/{text}wav") if self.is_ready else None


class RecordingBoth(RecordingSound):
    def __init__(self) -> None:
        super().__init__()
        self.tones: list[str] = []

    def play(self, name: str, planned: float | None = None) -> None:
        self.tones.append(name)


async def _breathe_box(pilot: Any, clock: ManualClock) -> None:
    from tests.tui.test_breathing_screen import _open_pattern

    screen = await _open_pattern(pilot, "box", "1")
    await pilot.press("n")  # skip the question
    for seconds in (3, 4, 4):  # the countdown, then in, hold and out start
        clock.advance(seconds)
        screen.tick()
        await pilot.pause()


@pytest.mark.parametrize(("mode", "ready", "words", "tones"), [
    ("words", True, ["inhale", "hold", "exhale"], []),
    ("both", True, ["inhale", "hold", "exhale"], ["inhale", "hold", "exhale"]),
    ("tones", True, [], ["inhale", "hold", "exhale"]),
    ("words", False, [], ["inhale", "hold", "exhale"]),  # no words yet: the tones instead
])
async def test_breathing_cues_as_words_tones_or_both(
        make_app: MakeApp, welcomed: Paths, mode: str, ready: bool, words: list[str],
        tones: list[str]) -> None:
    welcomed.settings_file.write_text(f'breath_voice = "{mode}"\nbells = false\n')
    clock = ManualClock(1000.0)
    sound, speech = RecordingBoth(), WordSpeech(ready)
    app = make_app(clock=clock, sound=sound, speech=speech)
    async with app.run_test(size=(80, 24)) as pilot:
        await _breathe_box(pilot, clock)
        assert [label for _, _, label in sound.files] == words
        assert [planned for _, planned, _ in sound.files] == [1003.0, 1007.0, 1011.0][
            :len(words)]
        assert sound.tones == tones
        assert speech.prepared == (["In.", "Hold.", "Out."] if mode != "tones" else [])


async def test_counted_cues_say_each_second_on_time_and_not_while_paused(
        make_app: MakeApp, welcomed: Paths) -> None:
    """Eyes closed: "in, two, three, four, hold, two...", each word planned for the second
    it marks; a pause says nothing, and counting goes on from where the phase was."""
    from tests.tui.test_breathing_screen import _open_pattern

    welcomed.settings_file.write_text('breath_voice = "counted"\nbells = false\n')
    clock = ManualClock(1000.0)
    sound, speech = RecordingBoth(), WordSpeech()
    app = make_app(clock=clock, sound=sound, speech=speech)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_pattern(pilot, "box", "1")
        await pilot.press("n")
        assert speech.prepared[:3] == ["In.", "Hold.", "Out."]
        assert speech.prepared[3:6] == ["Two.", "Three.", "Four."]
        clock.advance(3)  # the countdown: the first phase starts at 1003
        screen.tick()
        for _ in range(5):
            clock.advance(1)
            screen.tick()
        await pilot.pause()
        heard = [(Path(path).name, planned) for path, planned, _ in sound.files]
        assert heard == [("In.wav", 1003.0), ("Two.wav", 1004.0), ("Three.wav", 1005.0),
                         ("Four.wav", 1006.0), ("Hold.wav", 1007.0), ("Two.wav", 1008.0)]
        assert sound.tones == []  # words instead of tones
        clock.advance(0.5)
        screen.tick()
        assert screen.running_wake() == pytest.approx(0.5)  # woken for the next count
        await pilot.press("space")  # pause 1.5 s into the hold
        clock.advance(30)
        screen.tick()
        assert len(sound.files) == 6
        await pilot.press("space")
        clock.advance(0.5)
        screen.tick()
        assert [Path(path).name for path, _, _ in sound.files[6:]] == ["Three.wav"]
        assert sound.files[-1][1] == clock.now()


async def test_voice_settings_are_saved_and_reach_the_voice(make_app: MakeApp,
                                                            welcomed: Paths) -> None:
    from textual.widgets import Input, Select

    class PacedSpeech(SilentSpeech):
        def __init__(self) -> None:
            self.voices: list[tuple[int, int]] = []

        def set_voice(self, pace: int, volume: int) -> None:
            self.voices.append((pace, volume))

    speech = PacedSpeech()
    app = make_app(speech=speech)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        form = app.screen
        form.query_one("#voice_pace", Input).value = "80"
        form.query_one("#voice_volume", Input).value = "65"
        form.query_one("#breath_voice", Select).value = "both"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert (app.settings.voice_pace, app.settings.voice_volume) == (80, 65)
    assert app.settings.breath_voice == "both"
    assert speech.voices[-1] == (80, 65)
    saved = welcomed.settings_file.read_text()
    assert "voice_pace = 80" in saved and 'breath_voice = "both"' in saved


async def test_the_first_preparation_shows_its_progress_then_the_bar_goes(
        make_app: MakeApp) -> None:
    import threading

    from textual.widgets import ProgressBar

    class SlowSpeech(SilentSpeech):
        available = True
        progress: Callable[[int, int], None] | None = None

        def prepare(self, texts: Sequence[str],
                    on_progress: Callable[[int, int], None] | None = None
                    ) -> tuple[int, int]:
            self.progress = on_progress
            return 0, len(texts)

    def from_renderer_thread(done: int) -> None:
        # Not joined: the call waits for the UI thread, which the test is running.
        assert speech.progress is not None
        threading.Thread(target=speech.progress, args=(done, 3), daemon=True).start()

    speech = SlowSpeech()
    app = make_app(clock=ManualClock(), speech=speech)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot)
        bar = screen.query_one("#voice-progress", ProgressBar)
        assert (bar.progress, bar.total) == (0, 3)
        assert "Preparing the voice" in str(screen.query_one("#voice-label").render())
        from_renderer_thread(2)
        await settle_until(pilot, lambda: bar.progress == 2, "two steps ready")
        from_renderer_thread(3)
        await settle_until(pilot, lambda: not screen.query("#voice-row"), "the bar gone")
