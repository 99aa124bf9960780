"""The soundscape process, through real processes and pipes.

- The real sound path: simpleaudio in the soundscape process, into ALSA's `file` plugin
  (one numbered file per stream, `truncate false`), and the blocks put back together
  must be a continuous sound of the asked length that fades in and out.
- Crash isolation: killed mid-play, missing library, a device that plays one stream at a
  time; the app is told once and nothing raises.
"""

from __future__ import annotations

import json
import math
import os
import signal
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from ebbtide.audio.soundscape_client import Soundscape
from ebbtide.core import trace
from tests.audio.test_audio_player import FAKE_AUDIO, Recorder, needs_simpleaudio, process_gone
from tests.conftest import WAIT_LIMIT, wait_until

RATE = 22050
# Short blocks and a short loop so a test lasts seconds; the seed makes it repeatable.
QUICK = ["--seed", "5", "--loop-seconds", "2", "--block-seconds", "1",
         "--overlap-seconds", "0.004"]
# Mode "single": a device that plays one stream at a time, each for as long as its sound.
SINGLE_STREAM_AUDIO = FAKE_AUDIO.replace('''def play_buffer(data, channels, width, rate):
''', '''LIVE = []


def play_buffer(data, channels, width, rate):
    if MODE == "single":
        if any(p.is_playing() for p in LIVE):
            raise SimpleaudioError("Device or resource busy")
        play = SinglePlay(len(data) / (channels * width * rate))
        LIVE.append(play)
        return play
''') + '''

class SinglePlay(PlayObject):
    def __init__(self, seconds):
        import time
        self.until = time.monotonic() + seconds
        self.clock = time.monotonic

    def wait_done(self):
        import time
        time.sleep(max(0.0, self.until - self.clock()))

    def is_playing(self):
        return self.clock() < self.until
'''


@pytest.fixture
def soundscapes() -> Iterator[list[Soundscape]]:
    made: list[Soundscape] = []
    yield made
    for made_one in made:
        made_one.close()


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def fake_audio(tmp_path: Path) -> Path:
    folder = tmp_path / "fake"
    folder.mkdir()
    (folder / "fake_audio.py").write_text(textwrap.dedent(SINGLE_STREAM_AUDIO))
    return folder


def fake_soundscape(soundscapes: list[Soundscape], recorder: Recorder, fake_audio: Path,
                    mode: str = "ok", seconds: float | None = None) -> Soundscape:
    made = Soundscape("brown", 50, seconds=seconds, on_notice=recorder.notice,
                      audio_module="fake_audio", extra_args=QUICK,
                      env={"PYTHONPATH": str(fake_audio), "FAKE_AUDIO_MODE": mode})
    soundscapes.append(made)
    return made


def numbered_captures(capture: Path) -> list[bytes]:
    """What each stream wrote, in the order they opened: ALSA's `file` plugin with
    `truncate false` writes the first to FILE and each later one to FILE.0001, .0002..."""
    names = sorted(p.name for p in capture.parent.glob(capture.name + ".*"))
    paths = [capture, *(capture.parent / name for name in names)]
    return [p.read_bytes() for p in paths if p.exists()]


def overlaid(blocks: list[bytes], block_frames: int) -> list[int]:
    """The blocks played as the player plays them: block k from frame k x block_frames,
    each overlapping the next."""
    heard: list[int] = []
    for index, block in enumerate(blocks):
        values = [int.from_bytes(block[i:i + 2], "little", signed=True)
                  for i in range(0, len(block) - 1, 2)]
        start = index * block_frames
        heard.extend([0] * max(0, start + len(values) - len(heard)))
        for offset, value in enumerate(values):
            heard[start + offset] += value
    return heard


def window_levels(samples: list[int], window: int) -> list[float]:
    return [math.sqrt(sum(x * x for x in samples[i:i + window]) / window)
            for i in range(0, len(samples) - window + 1, window)]


@needs_simpleaudio
def test_a_soundscape_plays_continuously_for_its_length_and_fades_at_the_end(
        tmp_path: Path, soundscapes: list[Soundscape]) -> None:
    home = tmp_path / "alsa-home"
    home.mkdir()
    capture = tmp_path / "captured.raw"
    (home / ".asoundrc").write_text(textwrap.dedent(f"""\
        pcm.!default {{
            type file
            slave.pcm "null"
            file "{capture}"
            format "raw"
            truncate false
        }}
        """))
    trace_file = tmp_path / "trace.jsonl"
    trace.configure(str(trace_file))
    recorder = Recorder()
    seconds = 4.0
    try:
        played = Soundscape("pink", 60, seconds=seconds, fade_in=0.5, fade_out=1.0,
                            on_notice=recorder.notice, env={"HOME": str(home)},
                            extra_args=[*QUICK, "--no-probe"])
        soundscapes.append(played)
        played.start()
        assert played.wait_ended(WAIT_LIMIT) == "done"
    finally:
        trace.configure(None)

    blocks = numbered_captures(capture)
    captured = sum(map(len, blocks))
    expected = seconds * RATE * 2
    assert abs(captured - expected) <= 0.01 * expected, (captured, expected)

    heard = overlaid(blocks, RATE)
    assert len(heard) == seconds * RATE
    levels = window_levels(heard, RATE // 20)  # 50 ms windows
    steady = levels[10:-20]  # after the fade in, before the fade out
    assert min(steady) > 0.2 * max(steady), "a gap in the middle"
    assert levels[0] < 0.3 * max(steady), "it should fade in"
    fade = levels[-20:]
    assert levels[-1] < 0.05 * max(steady), "it should end in silence"
    assert fade[0] > fade[10] > fade[-1]
    assert recorder.notices == []

    events = [json.loads(line) for line in trace_file.read_text().splitlines()]
    scapes = [e for e in events if e["event"] == "soundscape"]
    assert [e["action"] for e in scapes] == ["start", "stop"]
    assert scapes[0]["kind"] == "pink" and scapes[0]["planned"] <= scapes[0]["actual"]
    assert scapes[1]["reason"] == "done" and scapes[1]["played"] is True


def test_a_killed_soundscape_is_reported_once_and_nothing_raises(
        fake_audio: Path, soundscapes: list[Soundscape], recorder: Recorder,
        tmp_path: Path) -> None:
    trace_file = tmp_path / "trace.jsonl"
    trace.configure(str(trace_file))
    try:
        played = fake_soundscape(soundscapes, recorder, fake_audio)
        played.start()
        assert played.wait_started(WAIT_LIMIT)
        pid = played.pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        reason = played.wait_ended(WAIT_LIMIT)
        assert reason is not None and "killed by SIGKILL" in reason
        played.set_volume(10)
        played.fade_out(1.0)  # the app carries on talking to it: nothing happens
        played.close()
    finally:
        trace.configure(None)
    assert recorder.notices == [
        "Brown noise stopped: the soundscape stopped (killed by SIGKILL). "
        "The session goes on without it."]
    stops = [json.loads(line) for line in trace_file.read_text().splitlines()
             if '"stop"' in line]
    assert len(stops) == 1 and "SIGKILL" in stops[0]["reason"]


def test_without_the_sound_library_it_says_how_to_install_it(
        soundscapes: list[Soundscape], recorder: Recorder) -> None:
    played = Soundscape("rain", 40, on_notice=recorder.notice,
                        audio_module="no_such_audio_module")
    soundscapes.append(played)
    played.start()
    assert not played.wait_started(WAIT_LIMIT)
    assert wait_until(lambda: len(recorder.notices) == 1)
    assert recorder.notices == [
        "Rain stopped: no_such_audio_module is not installed (pip install 'ebbtide[audio]'). "
        "The session goes on without it."]


def test_a_device_that_plays_one_stream_at_a_time_is_noted_once_and_it_plays_on(
        fake_audio: Path, soundscapes: list[Soundscape], recorder: Recorder) -> None:
    played = fake_soundscape(soundscapes, recorder, fake_audio, mode="single", seconds=3.0)
    played.start()
    assert played.wait_ended(WAIT_LIMIT) == "done"
    assert len(recorder.notices) == 1
    assert "plays one sound at a time" in recorder.notices[0]


def test_closing_stops_it_at_once_without_a_notice(
        fake_audio: Path, soundscapes: list[Soundscape], recorder: Recorder) -> None:
    played = fake_soundscape(soundscapes, recorder, fake_audio)
    played.start()
    assert played.wait_started(WAIT_LIMIT)
    pid = played.pid
    assert pid is not None
    played.close()
    assert played.wait_ended(WAIT_LIMIT) == "quit"
    assert wait_until(lambda: process_gone(pid))
    assert recorder.notices == []


def test_fading_out_ends_an_endless_soundscape_by_itself(
        fake_audio: Path, soundscapes: list[Soundscape], recorder: Recorder) -> None:
    played = fake_soundscape(soundscapes, recorder, fake_audio)
    played.start()
    played.fade_out(0.5)  # asked before it even started: kept until it has
    assert played.wait_ended(WAIT_LIMIT) == "done"
    assert recorder.notices == []
