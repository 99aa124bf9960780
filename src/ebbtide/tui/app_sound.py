"""The app's sound and voice: the cue player and the speech renderer, each made on first
use so start-up never waits for audio, with their notices said once a run."""

from __future__ import annotations

from textual.app import App

from ebbtide.core.paths import Paths
from ebbtide.core.settings import Settings
from ebbtide.tui.cues import CuePlayer, SpeechSource
from ebbtide.tui.notices import CalmNotices


class AppSound(App[int]):
    """The part of `EbbtideApp` that plays cues and speaks guided words."""

    paths: Paths
    settings: Settings
    notices: CalmNotices
    _sound: CuePlayer | None
    _speech: SpeechSource | None

    @property
    def sound(self) -> CuePlayer:
        """The cue player, created on first use so start-up never waits for audio."""
        if self._sound is None:
            from ebbtide.audio.own_sounds import own_sounds
            from ebbtide.audio.player import SoundPlayer

            files, problems = own_sounds(self.paths.sounds_dir)
            for problem in problems:
                self.notices.once_from_any_thread(problem, title="Sound", timeout=12)
            self._sound = SoundPlayer(enabled=self.settings.sound, volume=self.settings.volume,
                                      on_notice=self._sound_notice, bell=self.bell,
                                      own_sounds=files)
        return self._sound

    def warm_up_sound(self) -> None:
        """Start the audio helper ahead of a session so the first cue is on time (menus,
        session screens, and start routes into a practice call this)."""
        if self.settings.sound:
            self.sound.start()

    def _sound_notice(self, message: str) -> None:
        # Called from the player's thread. Said once a run, however often sound restarts.
        self.notices.once_from_any_thread(message, title="Sound", timeout=8)

    @property
    def voice_on(self) -> bool:
        """Guided words are spoken: sound and voice on in settings."""
        return self.settings.sound and self.settings.voice

    @property
    def speech(self) -> SpeechSource:
        """Renders scripts' words ahead, created when a spoken session first needs it: the
        engine is looked for (never imported) only then, so start-up does not change."""
        if self._speech is None:
            from ebbtide.audio.speech_engine import find_engine
            from ebbtide.audio.speech_render import SpeechRenderer

            self._speech = SpeechRenderer(
                self.paths.speech_cache_dir, find_engine(), pace=self.settings.voice_pace,
                volume=self.settings.voice_volume, on_notice=self._voice_notice)
        return self._speech

    def _voice_notice(self, message: str) -> None:
        # Called from the renderer's thread.
        self.notices.once_from_any_thread(message, title="Voice", timeout=10)

    def _apply_sound(self) -> None:
        if self._sound is not None:
            self._sound.set_enabled(self.settings.sound)
            self._sound.set_volume(self.settings.volume)
        if self._speech is not None:
            self._speech.set_voice(self.settings.voice_pace, self.settings.voice_volume)

    def _close_sound(self) -> None:
        if self._sound is not None:
            self._sound.close()
        if self._speech is not None:
            self._speech.close()
