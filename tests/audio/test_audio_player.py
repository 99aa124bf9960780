"""SoundPlayer and its helper process, through real processes and real pipes.

- The real sound path: simpleaudio in the helper, into ALSA's `file` PCM plugin (set up by
  an `.asoundrc` in a temporary HOME), and the captured bytes must be the cue.
- Crash isolation: the helper is SIGKILLed mid-session, hangs, crashes on start-up, or
  cannot start; the session goes on (restart once, then the bell), one notice, no
  exception, and `play()` never blocks.

Tests that need the real library skip only when simpleaudio is not installed. Crash
tests use a small stand-in audio module so they run everywhere.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ebbtide.audio.player import PlayResult, SoundPlayer
from ebbtide.audio.synth import synthesise
from ebbtide.core import trace
from tests.conftest import WAIT_LIMIT, wait_until

HAS_SIMPLEAUDIO = importlib.util.find_spec("simpleaudio") is not None
needs_simpleaudio = pytest.mark.skipif(
    not HAS_SIMPLEAUDIO,
    reason="simpleaudio is not installed (pip install -e '.[audio]', needs libasound2-dev)",
)

# A stand-in for simpleaudio. Behaviour is chosen by FAKE_AUDIO_MODE in the environment:
#   ok        play_buffer returns at once (and appends the buffer to FAKE_AUDIO_LOG)
#   hang      hangs on any buffer that is not the helper's silent device probe
#   no-device every play_buffer raises, like simpleaudio without a sound card
#   segfault  the process dies of SIGSEGV while importing the module
# With FAKE_AUDIO_GATE (a FIFO) set, importing the module waits until the test writes to it.
FAKE_AUDIO = '''
import os, signal, threading

MODE = os.environ.get("FAKE_AUDIO_MODE", "ok")
if MODE == "segfault":
    os.kill(os.getpid(), signal.SIGSEGV)
GATE = os.environ.get("FAKE_AUDIO_GATE")
if GATE:
    with open(GATE) as gate:
        gate.read()


class SimpleaudioError(Exception):
    pass


class PlayObject:
    def wait_done(self):
        pass

    def is_playing(self):
        return False

    def stop(self):
        pass


def play_buffer(data, channels, width, rate):
    if MODE == "no-device":
        raise SimpleaudioError("Error opening PCM device. -- CODE: -2")
    if MODE == "hang" and any(data):
        threading.Event().wait()  # forever
    log = os.environ.get("FAKE_AUDIO_LOG")
    if log and any(data):
        with open(log, "ab") as f:
            f.write(len(data).to_bytes(4, "little"))
    return PlayObject()
'''


def process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def returns_while_helper_is_stuck(calls: Callable[[], None]) -> bool:
    """Run `calls` in a thread: True when they return. The helper they talk to never
    answers, so a call that waited for it would never return (the generous limit only
    keeps a broken build from hanging the suite)."""
    done = threading.Event()

    def run() -> None:
        calls()
        done.set()

    threading.Thread(target=run, daemon=True).start()
    return done.wait(WAIT_LIMIT)


class Recorder:
    """Collects notices and bell rings the way the UI would receive them."""

    def __init__(self) -> None:
        self.notices: list[str] = []
        self.rings = 0

    def notice(self, text: str) -> None:
        self.notices.append(text)

    def bell(self) -> None:
        self.rings += 1


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def fake_audio(tmp_path: Path) -> Path:
    folder = tmp_path / "fake"
    folder.mkdir()
    (folder / "fake_audio.py").write_text(textwrap.dedent(FAKE_AUDIO))
    return folder


@pytest.fixture
def players() -> Iterator[list[SoundPlayer]]:
    """Every player a test makes is closed afterwards: no helper outlives its test."""
    made: list[SoundPlayer] = []
    yield made
    for player in made:
        player.close()


def fake_player(players: list[SoundPlayer], recorder: Recorder, fake_audio: Path,
                mode: str = "ok", **kwargs: object) -> SoundPlayer:
    env = {"PYTHONPATH": str(fake_audio), "FAKE_AUDIO_MODE": mode}
    env.update(kwargs.pop("env", {}))  # type: ignore[arg-type]
    player = SoundPlayer(True, 60, on_notice=recorder.notice, bell=recorder.bell,
                         audio_module="fake_audio", helper_env=env,
                         **kwargs)  # type: ignore[arg-type]
    players.append(player)
    return player


def play_and_wait(player: SoundPlayer, name: str) -> PlayResult:
    result = player.wait_result(player.request(name), 10.0)
    assert result is not None, f"no outcome for {name}"
    return result


# ------------------------------------------------------------------ the real path


@pytest.fixture
def alsa_capture(tmp_path: Path) -> tuple[Path, Path]:
    """A HOME whose ALSA default device writes raw PCM to a file instead of a speaker."""
    home = tmp_path / "alsa-home"
    home.mkdir()
    capture = tmp_path / "captured.raw"
    (home / ".asoundrc").write_text(textwrap.dedent(f"""\
        pcm.!default {{
            type file
            slave.pcm "null"
            file "{capture}"
            format "raw"
        }}
        """))
    return home, capture


def captured_sound(capture: Path, expected_length: int, timeout: float = 10.0) -> bytes:
    """The capture once ALSA has written at least the cue's length and stopped growing."""
    last = -1

    def settled() -> bool:
        nonlocal last
        size = capture.stat().st_size if capture.exists() else 0
        done = size >= expected_length and size == last
        last = size
        return done

    wait_until(settled, timeout)
    return capture.read_bytes() if capture.exists() else b""


def strip_padding(data: bytes) -> bytes:
    """Drop whole zero frames ALSA may add before or after the sound."""
    start = 0
    while start + 1 < len(data) and data[start:start + 2] == b"\0\0":
        start += 2
    end = len(data)
    while end - 2 >= start and data[end - 2:end] == b"\0\0":
        end -= 2
    return data[start:end]


@needs_simpleaudio
def test_cues_reach_the_sound_device_byte_for_byte(
        alsa_capture: tuple[Path, Path], players: list[SoundPlayer],
        recorder: Recorder) -> None:
    home, capture = alsa_capture
    player = SoundPlayer(True, 60, on_notice=recorder.notice, bell=recorder.bell,
                         helper_env={"HOME": str(home)})
    players.append(player)
    player.start()
    assert player.wait_ready(20.0), player.status
    assert player.status.startswith("simpleaudio (helper pid ")

    for name, volume in (("inhale", 60), ("exhale", 60), ("hold", 60), ("bell", 30)):
        player.set_volume(volume)
        capture.unlink(missing_ok=True)
        result = play_and_wait(player, name)
        assert result.ok and result.backend == "simpleaudio", result
        expected = synthesise(name, volume).samples
        data = captured_sound(capture, len(expected))
        assert strip_padding(data) == strip_padding(expected), (
            f"{name}: captured {len(data)} bytes, expected {len(expected)}")
    assert recorder.notices == [] and recorder.rings == 0


@needs_simpleaudio
def test_every_cue_is_played_and_traced_after_it_was_planned(
        alsa_capture: tuple[Path, Path], players: list[SoundPlayer], tmp_path: Path) -> None:
    """How soon a cue starts is a measurement (`python -m benchmarks sound`); here: each
    request gets an outcome with its latency, and the trace orders planned, sent, played."""
    home, _ = alsa_capture
    trace_file = tmp_path / "trace.jsonl"
    trace.configure(str(trace_file))
    plays = 10
    try:
        player = SoundPlayer(True, 60, helper_env={"HOME": str(home)})
        players.append(player)
        player.start()
        assert player.wait_ready(20.0), player.status
        for index in range(plays):
            request = player.request("hold" if index % 2 else "inhale",
                                     planned=time.monotonic())
            result = player.wait_result(request, WAIT_LIMIT)
            assert result is not None and result.latency is not None, result
            assert result.latency >= 0
    finally:
        trace.configure(None)

    events = [json.loads(line) for line in trace_file.read_text().splitlines()]
    cues = [e for e in events if e["event"] == "cue"]
    assert len(cues) == plays
    for event in cues:
        assert event["backend"] == "simpleaudio"
        assert event["name"] in ("inhale", "hold")
        assert event["planned"] <= event["actual"] <= event["played"]


@needs_simpleaudio
def test_no_sound_device_falls_back_to_the_bell_with_one_notice(
        tmp_path: Path, players: list[SoundPlayer], recorder: Recorder) -> None:
    home = tmp_path / "no-device-home"
    home.mkdir()
    (home / ".asoundrc").write_text('pcm.!default { type hw; card 99 }\n')
    player = SoundPlayer(True, 60, on_notice=recorder.notice, bell=recorder.bell,
                         helper_env={"HOME": str(home)})
    players.append(player)
    player.start()
    assert not player.wait_ready(20.0)
    assert wait_until(lambda: len(recorder.notices) == 1)
    assert "no usable audio device" in recorder.notices[0]
    assert player.status.startswith("terminal bell: no usable audio device")
    assert play_and_wait(player, "inhale").backend == "bell"
    assert recorder.rings == 1


def test_helper_and_app_share_one_monotonic_clock() -> None:
    """The helper's `played` time is comparable with the app's request time."""
    for _ in range(3):
        before = time.monotonic()
        out = subprocess.run([sys.executable, "-c", "import time; print(time.monotonic())"],
                             capture_output=True, text=True, check=True).stdout
        after = time.monotonic()
        assert before <= float(out) <= after


# ------------------------------------------------------------- crash isolation


def test_killed_helper_restarts_once_then_the_bell_takes_over(
        fake_audio: Path, players: list[SoundPlayer], recorder: Recorder) -> None:
    player = fake_player(players, recorder, fake_audio)
    player.start()
    assert player.wait_ready(20.0), player.status
    assert play_and_wait(player, "inhale").ok

    first = player.helper_pid
    assert first is not None
    os.kill(first, signal.SIGKILL)
    assert wait_until(lambda: player.helper_pid not in (None, first)), player.status
    # The session goes on through the restarted helper, without any notice.
    result = play_and_wait(player, "exhale")
    assert result.ok and result.backend == "simpleaudio"
    assert recorder.notices == []

    # Killed again, mid-cue: the cue gets an outcome (nothing hangs), then the bell.
    second = player.helper_pid
    assert second is not None
    request = player.request("inhale")
    os.kill(second, signal.SIGKILL)
    assert player.wait_result(request, 10.0) is not None
    assert wait_until(lambda: player.backend == "bell"), player.status
    assert wait_until(lambda: len(recorder.notices) == 1)
    notice = recorder.notices[0]
    assert notice.startswith("Sound is off:") and "twice" in notice and "SIGKILL" in notice
    assert "terminal bell" in notice
    assert player.status.startswith("terminal bell: ")

    rings = recorder.rings
    for name in ("inhale", "hold", "exhale", "bell"):
        assert play_and_wait(player, name).backend == "bell"
    assert recorder.rings == rings + 3  # holds stay quiet: no bell every few seconds
    assert len(recorder.notices) == 1  # once, however long the session goes on


def test_helper_that_crashes_on_start_gives_up_after_one_restart(
        fake_audio: Path, players: list[SoundPlayer], recorder: Recorder) -> None:
    player = fake_player(players, recorder, fake_audio, mode="segfault")
    player.start()
    assert not player.wait_ready(20.0)
    assert wait_until(lambda: len(recorder.notices) == 1)
    assert "stopped twice" in recorder.notices[0]
    assert "SIGSEGV" in recorder.notices[0]
    assert play_and_wait(player, "bell").backend == "bell"


def test_missing_audio_library_falls_back_without_an_exception(
        players: list[SoundPlayer], recorder: Recorder) -> None:
    player = SoundPlayer(True, 60, on_notice=recorder.notice, bell=recorder.bell,
                         audio_module="ebbtide_no_such_audio_module")
    players.append(player)
    player.start()
    early = player.request("inhale")  # asked while the helper is still starting
    assert not player.wait_ready(20.0)
    assert wait_until(lambda: len(recorder.notices) == 1)
    assert "ebbtide_no_such_audio_module is not installed" in recorder.notices[0]
    assert "pip install 'ebbtide[audio]'" in recorder.notices[0]
    early_result = player.wait_result(early, 5.0)
    assert early_result is not None and not early_result.ok
    assert play_and_wait(player, "inhale").backend == "bell"
    assert recorder.rings == 1
    assert len(recorder.notices) == 1


def test_helper_program_that_cannot_run_falls_back(
        players: list[SoundPlayer], recorder: Recorder, tmp_path: Path) -> None:
    player = SoundPlayer(True, 60, on_notice=recorder.notice, bell=recorder.bell,
                         helper_command=[str(tmp_path / "no-such-python")])
    players.append(player)
    player.start()
    assert not player.wait_ready(10.0)
    assert wait_until(lambda: len(recorder.notices) == 1)
    assert "could not start" in recorder.notices[0]
    assert play_and_wait(player, "exhale").backend == "bell"


def test_device_failing_on_every_cue_falls_back(
        fake_audio: Path, players: list[SoundPlayer], recorder: Recorder) -> None:
    player = fake_player(players, recorder, fake_audio, mode="no-device")
    player.start()
    assert not player.wait_ready(20.0)
    assert wait_until(lambda: len(recorder.notices) == 1)
    assert "no usable audio device" in recorder.notices[0]


def test_without_any_bell_the_session_goes_on_in_silence(
        players: list[SoundPlayer], recorder: Recorder) -> None:
    def broken_bell() -> None:
        raise OSError("terminal gone")

    player = SoundPlayer(True, 60, on_notice=recorder.notice, bell=broken_bell,
                         audio_module="ebbtide_no_such_audio_module")
    players.append(player)
    player.start()
    player.wait_ready(20.0)
    assert wait_until(lambda: len(recorder.notices) == 1)
    assert play_and_wait(player, "inhale").backend == "silent"
    assert player.status.startswith("silent: ")
    assert play_and_wait(player, "exhale").backend == "silent"
    assert len(recorder.notices) == 1


def test_hung_helper_never_blocks_play_and_is_replaced(
        fake_audio: Path, players: list[SoundPlayer], recorder: Recorder) -> None:
    # reply_timeout=0: a request sent while an earlier one is still unanswered means the
    # helper is stuck (the injected delay; by default the player waits 2 s for a reply).
    player = fake_player(players, recorder, fake_audio, mode="hang", reply_timeout=0)
    player.start()
    assert player.wait_ready(20.0), player.status
    first = player.helper_pid
    # The helper sits inside play_buffer forever: the first request is never answered, and
    # the next ones give the stall away.
    stuck = player.request("inhale")
    assert player.wait_result(stuck, 0) is None  # returned before any outcome existed
    assert returns_while_helper_is_stuck(lambda: [player.play("inhale") for _ in range(2)])
    assert wait_until(lambda: player.helper_pid not in (None, first)), player.status
    # The replacement hangs too: after the second stall the bell takes over.
    assert player.wait_ready(20.0)
    assert returns_while_helper_is_stuck(lambda: [player.play("exhale") for _ in range(3)])
    assert wait_until(lambda: player.backend == "bell"), player.status
    assert wait_until(lambda: len(recorder.notices) == 1)
    assert "not responding" in recorder.notices[0]


def test_a_flood_of_requests_to_a_stuck_helper_never_blocks(
        fake_audio: Path, players: list[SoundPlayer], recorder: Recorder) -> None:
    """Even when the pipe to a stuck helper fills up, play() returns at once."""
    player = fake_player(players, recorder, fake_audio, mode="hang", reply_timeout=600)
    player.start()
    assert player.wait_ready(20.0), player.status
    first = player.helper_pid
    assert returns_while_helper_is_stuck(lambda: [player.play("hold") for _ in range(3000)])
    # The full pipe gave the hang away: the stuck helper was killed and replaced (and if
    # the replacement was flooded too, the player has moved on to the bell).
    assert first is not None
    assert wait_until(lambda: process_gone(first))
    assert wait_until(lambda: player.helper_pid not in (None, first)
                      or player.backend == "bell"), player.status


def test_start_returns_at_once(fake_audio: Path, tmp_path: Path,
                               players: list[SoundPlayer], recorder: Recorder) -> None:
    """start() returns before the helper is ready: the helper here cannot get ready until
    the test opens its gate, which happens only after start() has returned."""
    gate = tmp_path / "gate"
    os.mkfifo(gate)
    player = fake_player(players, recorder, fake_audio, env={"FAKE_AUDIO_GATE": str(gate)})
    player.start()
    assert player.status == "fake_audio (helper starting)"
    assert player.helper_pid is None
    with gate.open("w") as opened:
        opened.write("go")
    assert player.wait_ready(20.0), player.status


def test_volume_changes_reach_the_helper(fake_audio: Path, tmp_path: Path,
                                          players: list[SoundPlayer],
                                          recorder: Recorder) -> None:
    log = tmp_path / "played.log"
    player = fake_player(players, recorder, fake_audio, env={"FAKE_AUDIO_LOG": str(log)})
    player.start()
    assert player.wait_ready(20.0)
    assert play_and_wait(player, "hold").ok
    player.set_volume(0)
    result = play_and_wait(player, "hold")
    assert result.backend == "silent" and result.error == "volume is 0"
    player.set_volume(80)
    assert play_and_wait(player, "hold").ok
    assert player.volume == 80


def test_sound_off_in_settings_plays_nothing_and_says_so(
        fake_audio: Path, players: list[SoundPlayer], recorder: Recorder) -> None:
    player = SoundPlayer(False, 60, on_notice=recorder.notice, bell=recorder.bell)
    players.append(player)
    player.start()
    assert player.status == "silent: sound is off in settings"
    assert play_and_wait(player, "bell").backend == "silent"
    assert recorder.notices == [] and recorder.rings == 0


def test_bell_and_silent_backends_need_no_helper(players: list[SoundPlayer],
                                                 recorder: Recorder) -> None:
    bell = SoundPlayer(True, 60, backend="bell", bell=recorder.bell)
    silent = SoundPlayer(True, 60, backend="silent", bell=recorder.bell)
    players.extend([bell, silent])
    bell.start()
    silent.start()
    assert bell.helper_pid is None and silent.helper_pid is None
    assert play_and_wait(bell, "inhale").backend == "bell"
    assert play_and_wait(silent, "inhale").backend == "silent"
    assert recorder.rings == 1


def test_unknown_cue_is_ignored_not_raised(fake_audio: Path, players: list[SoundPlayer],
                                           recorder: Recorder) -> None:
    player = fake_player(players, recorder, fake_audio)
    player.start()
    result = play_and_wait(player, "gong")
    assert not result.ok and "unknown cue" in (result.error or "")


def test_close_stops_the_helper(fake_audio: Path, players: list[SoundPlayer],
                                recorder: Recorder) -> None:
    player = fake_player(players, recorder, fake_audio)
    player.start()
    assert player.wait_ready(20.0)
    pid = player.helper_pid
    assert pid is not None
    player.close()
    assert wait_until(lambda: process_gone(pid), 5.0)
    assert play_and_wait(player, "inhale").backend == "silent"
    assert recorder.notices == []


def test_play_before_start_starts_the_helper_and_plays(
        fake_audio: Path, players: list[SoundPlayer], recorder: Recorder) -> None:
    player = fake_player(players, recorder, fake_audio)
    result = play_and_wait(player, "bell")  # no start(): the first cue starts the helper
    assert result.ok and result.backend == "simpleaudio"
    assert recorder.notices == []
