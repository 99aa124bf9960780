"""The one private-file writer: the result is 0600, a failure mid-write (Ctrl+C included)
leaves no temp file and the old content in place, the text writer streams, a kill -9's temp
file is removed by the next write, and only regular files are ever replaced."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
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


def _dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    return int(child.stdout)


def test_a_kill_9_mid_write_leaves_a_temp_file_that_the_next_write_removes(
        tmp_path: Path) -> None:
    target = tmp_path / "journal.csv"
    script = ("import os, signal, sys\nfrom pathlib import Path\n"
              "from ebbtide.core.atomic import private_text_file\n"
              "with private_text_file(Path(sys.argv[1])) as out:\n"
              "    out.write('partial row\\n' * 10000)\n    out.flush()\n"
              "    os.kill(os.getpid(), signal.SIGKILL)\n")
    child = subprocess.run([sys.executable, "-c", script, str(target)], check=False)
    assert child.returncode == -signal.SIGKILL
    (left,) = names(tmp_path)
    assert left.startswith(".journal.csv.") and left.endswith(".tmp")
    bystanders = [".journal.csv.notapid.tmp", ".other.csv.123.abcdefgh.tmp",
                  f".journal.csv.{os.getpid()}.abcdefgh.tmp"]  # alive: ours
    for name in bystanders:
        (tmp_path / name).write_text("x")
    write_private(target, b"complete\n")
    assert target.read_bytes() == b"complete\n"
    assert names(tmp_path) == sorted(["journal.csv", *bystanders])


def test_remove_stale_temps_only_touches_dead_writers_of_that_name(tmp_path: Path) -> None:
    dead = _dead_pid()
    stale = tmp_path / f".notes.txt.{dead}.k2j3h4g5.tmp"
    stale.write_text("old")
    (tmp_path / "sub").mkdir()
    nested = tmp_path / "sub" / f".notes.txt.{dead}.k2j3h4g5.tmp"
    nested.write_text("elsewhere")
    alive = tmp_path / f".notes.txt.{os.getppid()}.k2j3h4g5.tmp"
    alive.write_text("in flight")
    assert atomic.remove_stale_temps(tmp_path / "notes.txt") == [stale]
    assert nested.exists() and alive.exists()


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_only_a_regular_file_is_replaced(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "out.csv"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    before = path.lstat().st_mode
    with pytest.raises(atomic.NotRegularFile, match="not a regular file"):
        write_private(path, b"x")
    assert names(tmp_path) == ["out.csv"] and path.lstat().st_mode == before


@pytest.mark.skipif(os.geteuid() != 0, reason="only root could replace /dev/null")
def test_dev_null_stays_a_device_even_for_root() -> None:
    with pytest.raises(atomic.NotRegularFile, match="it is a device"):
        write_private(Path("/dev/null"), b"x")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_symlink_is_followed_only_when_asked(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    with pytest.raises(atomic.SymlinkTarget, match=f"symlink to {real}"):
        atomic.output_target(link, follow_symlink=False)
    assert atomic.output_target(link, follow_symlink=True) == real
