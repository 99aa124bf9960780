"""The one private-file writer: the result is 0600, a failure mid-write (Ctrl+C included)
leaves no temp file and the old content in place, and the text writer streams."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ebbtide.core import atomic
from ebbtide.core.atomic import private_text_file, write_private


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_write_private_creates_a_0600_file_in_a_0700_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "state.json"
    write_private(path, b'{"a": 1}')
    assert path.read_bytes() == b'{"a": 1}'
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert names(path.parent) == ["state.json"]


def test_replacing_an_open_file_makes_it_0600(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text("old")
    path.chmod(0o644)
    with private_text_file(path, newline="\n") as handle:
        handle.write("one\ntwo\n")
    assert path.read_bytes() == b"one\ntwo\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert names(tmp_path) == ["report.md"]


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failure_mid_write_leaves_the_old_file_and_no_temp(
        tmp_path: Path, error: BaseException) -> None:
    path = tmp_path / "export.csv"
    path.write_text("old content")
    with pytest.raises(type(error)), private_text_file(path) as handle:
        handle.write("half of the new")
        handle.flush()
        raise error
    assert path.read_text() == "old content"
    assert names(tmp_path) == ["export.csv"]


def test_a_failed_rename_leaves_the_old_file_and_no_temp(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("theme = 'nord'\n")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(PermissionError):
        write_private(path, b"theme = 'dracula'\n")
    assert path.read_text() == "theme = 'nord'\n"
    assert names(tmp_path) == ["settings.toml"]


def test_interrupt_during_fsync_leaves_no_temp(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "presets.toml"

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_private(path, b"x")
    assert not path.exists()
    assert names(tmp_path) == []


def test_the_folder_is_synced_after_the_rename(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[str] = []
    real_fsync = os.fsync

    def record(fd: int) -> None:
        synced.append("dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", record)
    write_private(tmp_path / "a.toml", b"a")
    assert synced == ["file", "dir"]
