"""WAV files through the sound helper: a person's own bell and cue sounds (checked with a
clear message, then played instead of the built-in ones, captured through ALSA's `file`
plugin), and rendered speech surviving a helper that dies mid-words."""

from __future__ import annotations

import os
import signal
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ebbtide.audio.own_sounds import own_sounds
from ebbtide.audio.player import SoundPlayer
from ebbtide.audio.wav_file import read_wav
from ebbtide.core.paths import Paths
from tests.audio.test_audio_player import (  # noqa: F401 (fixtures among them)
    Recorder,
    alsa_capture,
    captured_sound,
    fake_audio,
    fake_player,
    needs_simpleaudio,
    players,
    recorder,
    strip_padding,
)
from tests.conftest import WAIT_LIMIT, settle_until, wait_until

MakeApp = Callable[..., Any]


def _wav(path: Path, width: int = 2, seconds: float = 0.3) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    rate = 22050
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(width)
        out.setframerate(rate)
        out.writeframes(bytes((i * 7) % 250 + 3 for i in range(int(rate * seconds) * width)))
    return path


def test_usable_files_are_kept_and_a_bad_one_is_named_with_its_reason(tmp_path: Path) -> None:
    folder = tmp_path / "sounds"
    bell = _wav(folder / "bell.wav")
    _wav(folder / "inhale.wav", width=1)
    (folder / "notes.txt").write_text("not a cue")
    usable, problems = own_sounds(folder)
    assert usable == {"bell": bell}
    assert problems == [f"{folder}: inhale.wav has 8-bit samples; use 16-bit PCM. "
                        "The built-in inhale sound plays instead."]
    assert own_sounds(tmp_path / "missing") == ({}, [])


@needs_simpleaudio
def test_an_own_bell_reaches_the_device_byte_for_byte(
        alsa_capture: tuple[Path, Path], players: list[SoundPlayer],  # noqa: F811
        tmp_path: Path) -> None:
    home, capture = alsa_capture
    bell = _wav(tmp_path / "bell.wav")
    player = SoundPlayer(True, 60, helper_env={"HOME": str(home)}, own_sounds={"bell": bell})
    players.append(player)
    player.start()
    assert player.wait_ready(20.0), player.status
    result = player.wait_result(player.request("bell"), WAIT_LIMIT)
    assert result is not None and result.ok, result
    expected = strip_padding(read_wav(bell).frames)
    assert strip_padding(captured_sound(capture, len(expected))) == expected


async def test_a_bad_own_sound_is_a_notice_in_the_app(make_app: MakeApp,
                                                      welcomed: Paths) -> None:
    _wav(welcomed.sounds_dir / "bell.wav", seconds=12)
    app = make_app(sound=None)  # the app's own player, made when first needed
    async with app.run_test(size=(80, 24)) as pilot:
        app.sound  # noqa: B018 (made now, as a menu would)
        await settle_until(pilot, lambda: bool(app._notifications), "the notice")
        assert [n.message for n in app._notifications] == [
            f"{welcomed.sounds_dir}: bell.wav lasts 12 s; the most is 10 s. "
            "The built-in bell sound plays instead."]


def test_speech_playback_survives_a_helper_killed_mid_words(
        fake_audio: Path, players: list[SoundPlayer],  # noqa: F811
        recorder: Recorder, tmp_path: Path) -> None:  # noqa: F811
    words = _wav(tmp_path / "step.wav")
    player = fake_player(players, recorder, fake_audio)
    player.start()
    assert player.wait_ready(20.0), player.status
    played = player.wait_result(player.play_file(words, label="step 1"), WAIT_LIMIT)
    assert played is not None and played.ok, played

    first = player.helper_pid
    assert first is not None
    request = player.play_file(words, label="step 2")
    os.kill(first, signal.SIGKILL)
    assert player.wait_result(request, WAIT_LIMIT) is not None  # an outcome, never a hang
    assert wait_until(lambda: player.helper_pid not in (None, first)), player.status
    second = player.helper_pid
    assert second is not None
    request = player.play_file(words, label="step 3")
    os.kill(second, signal.SIGKILL)
    assert player.wait_result(request, WAIT_LIMIT) is not None
    # Twice dead: the bell takes over for cues; the words are simply not heard, and the
    # person is told once.
    assert wait_until(lambda: player.backend == "bell"), player.status
    assert wait_until(lambda: len(recorder.notices) == 1)
    silent = player.wait_result(player.play_file(words, label="step 4"), WAIT_LIMIT)
    assert silent is not None and not silent.ok and silent.backend == "silent"
    assert recorder.rings == 0 and len(recorder.notices) == 1


def test_a_bad_file_for_the_helper_is_a_failed_play_not_a_crash(
        fake_audio: Path, players: list[SoundPlayer],  # noqa: F811
        recorder: Recorder, tmp_path: Path) -> None:  # noqa: F811
    bad = tmp_path / "step.wav"
    bad.write_bytes(b"RIFF nonsense")
    player = fake_player(players, recorder, fake_audio)
    result = player.wait_result(player.play_file(bad, label="step 1"), WAIT_LIMIT)
    assert result is not None and not result.ok
    assert result.error is not None and result.error.startswith("step.wav is not a WAV file")
    assert player.wait_result(player.play_file(bad), WAIT_LIMIT) is not None
    assert player.wait_result(player.request("bell"), WAIT_LIMIT).ok  # type: ignore[union-attr]
    assert recorder.notices == []  # a bad file is not a failing device
