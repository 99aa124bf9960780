"""`ebbtide doctor [--play-test]`: what a user sees when checking sound."""

from __future__ import annotations

import importlib.util
import platform
import textwrap
from pathlib import Path

import pytest

from ebbtide.audio import doctor
from ebbtide.cli import main

needs_simpleaudio = pytest.mark.skipif(
    importlib.util.find_spec("simpleaudio") is None,
    reason="simpleaudio is not installed (pip install -e '.[audio]', needs libasound2-dev)",
)


def write_settings(data_dir: Path, text: str) -> None:
    config = data_dir / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text(text)


def file_capture_home(tmp_path: Path) -> Path:
    home = tmp_path / "alsa-home"
    home.mkdir()
    (home / ".asoundrc").write_text(textwrap.dedent(f"""\
        pcm.!default {{
            type file
            slave.pcm "null"
            file "{tmp_path / 'captured.raw'}"
            format "raw"
        }}
        """))
    return home


def no_device_home(tmp_path: Path) -> Path:
    home = tmp_path / "no-device-home"
    home.mkdir()
    (home / ".asoundrc").write_text("pcm.!default { type hw; card 99 }\n")
    return home


def test_doctor_reports_python_library_device_and_settings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HOME", str(no_device_home(tmp_path)))
    write_settings(tmp_path / "data", "sound = true\nvolume = 35\n")
    assert main(["--data-dir", str(tmp_path / "data"), "doctor"]) == 0
    out = capsys.readouterr().out
    assert f"python        {platform.python_version()}" in out
    assert "simpleaudio   " in out
    assert "alsa default  cannot open" in out
    assert "settings      sound on, volume 35" in out
    assert "Traceback" not in out


def test_doctor_says_sound_is_off_when_settings_turn_it_off(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_settings(tmp_path / "data", "sound = false\n")
    assert main(["--data-dir", str(tmp_path / "data"), "doctor"]) == 0
    out = capsys.readouterr().out
    assert "settings      sound off" in out
    assert "sound         silent (sound is off)" in out


def test_doctor_names_the_voice_or_how_to_install_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from ebbtide.audio import speech_engine

    monkeypatch.setattr(speech_engine.shutil, "which", lambda name: None)
    monkeypatch.setattr(speech_engine, "_module_folder", lambda name: None)
    assert main(["--data-dir", str(tmp_path / "data"), "doctor"]) == 0
    out = capsys.readouterr().out
    assert "voice         none (pip install 'ebbtide[voice]' (or install espeak-ng))" in out
    monkeypatch.setattr(speech_engine.shutil, "which", lambda name: "/usr/bin/espeak-ng")
    assert main(["--data-dir", str(tmp_path / "data"), "doctor"]) == 0
    assert "voice         espeak-ng (en-us), on" in capsys.readouterr().out


def test_doctor_notes_a_broken_settings_file(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    write_settings(tmp_path / "data", "volume = \n")
    assert main(["--data-dir", str(tmp_path / "data"), "doctor"]) == 0
    out = capsys.readouterr().out
    assert "settings      sound on, volume 60" in out
    assert "settings.toml: line 1" in out


@needs_simpleaudio
def test_doctor_with_a_working_device(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HOME", str(file_capture_home(tmp_path)))
    assert main(["--data-dir", str(tmp_path / "data"), "doctor"]) == 0
    out = capsys.readouterr().out
    assert "simpleaudio   imports (version " in out
    assert "alsa default  opens for playback" in out
    assert "sound         simpleaudio in a helper process" in out


@needs_simpleaudio
def test_play_test_plays_bell_and_both_breath_tones(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HOME", str(file_capture_home(tmp_path)))
    monkeypatch.setattr(doctor, "WAIT_FOR_CUES", False)
    assert main(["--data-dir", str(tmp_path / "data"), "doctor", "--play-test"]) == 0
    out = capsys.readouterr().out
    for name in ("bell", "inhale", "exhale"):
        assert f"{name:<7} ok  started " in out
    assert "ms after the request" in out
    assert "passed: all cues played (simpleaudio (helper pid " in out
    # The captured bytes are the last cue played: the real path was used.
    captured = (tmp_path / "captured.raw").read_bytes()
    assert captured  # the device received sound


def test_play_test_fails_with_a_reason_when_nothing_can_play(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # No device (or, where simpleaudio is missing, no library): exit 1 and say why.
    monkeypatch.setenv("HOME", str(no_device_home(tmp_path)))
    assert main(["--data-dir", str(tmp_path / "data"), "doctor", "--play-test"]) == 1
    out = capsys.readouterr().out
    assert "FAILED: " in out
    assert ("no usable audio device" in out) or ("not installed" in out)
    assert "Traceback" not in out


def test_play_test_with_a_missing_library_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    real_play_test = doctor.play_test

    def play_test_without_library(*args: object, **kwargs: object) -> object:
        return real_play_test(*args, audio_module="ebbtide_no_such_audio_module",
                              **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(doctor, "play_test", play_test_without_library)
    assert main(["--data-dir", str(tmp_path / "data"), "doctor", "--play-test"]) == 1
    out = capsys.readouterr().out
    assert "FAILED: ebbtide_no_such_audio_module is not installed" in out


def test_play_test_at_volume_zero_still_plays_audibly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    volumes: list[int] = []

    def record(volume: int, **kwargs: object) -> tuple[bool, str, list[doctor.CueCheck]]:
        volumes.append(volume)
        return True, "stub", [doctor.CueCheck("bell", True, 0.001, "started 1.0 ms")]

    monkeypatch.setattr(doctor, "play_test", record)
    write_settings(tmp_path / "data", "volume = 0\n")
    assert main(["--data-dir", str(tmp_path / "data"), "doctor", "--play-test"]) == 0
    assert volumes == [50]
    assert "volume is 0 in settings; the test plays at 50" in capsys.readouterr().out
