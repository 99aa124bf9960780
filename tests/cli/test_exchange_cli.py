"""`ebbtide import/export/report/history` from the command line: every type imported with a
summary (and --dry-run), -o into regular files only, inert output on a terminal, a
read-only data folder still readable, and invalid UTF-8 arguments explained."""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from ebbtide.cli import main
from ebbtide.core.journal.errors import JournalUnavailable
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import resolve_paths

ESCAPES = "\x1b]52;c;aGk=\x07\x1b[?1049l\x9b31m"


def _filled_home(home: Path) -> Path:
    paths = resolve_paths(home)
    with Journal.open(paths) as j:
        med = j.add_medication("baclofen", dose_mg=10)
        j.add_checkin(mood=6, anxiety=3, note="calm " + ESCAPES,
                      at=datetime.now().astimezone() - timedelta(hours=1))
        j.add_selfcheck("phq9", [1] * 9, difficulty=1)
        plan = j.add_plan(med.id, title="taper")
        j.add_plan_step(plan.id, "2026-12-01", 20)
    return home


def test_import_summarises_every_type_and_dry_run_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _filled_home(tmp_path / "a")
    dump = tmp_path / "all.csv"
    assert main(["--data-dir", str(source), "export", "-o", str(dump)]) == 0
    capsys.readouterr()
    other = str(tmp_path / "b")
    assert main(["--data-dir", other, "import", "--dry-run", str(dump)]) == 0
    out = capsys.readouterr().out
    assert "Would import 5 records (1 medications, 1 check-ins, 1 self-checks, 1 plans, " \
           "1 plan steps)." in out and "nothing was written" in out
    with Journal.open(resolve_paths(other)) as j:
        assert j.count("checkin") == 0
    assert main(["--data-dir", other, "import", str(dump)]) == 0
    assert "Imported 5 records (1 medications, 1 check-ins, 1 self-checks" in \
        capsys.readouterr().out
    assert main(["--data-dir", other, "import", str(dump)]) == 0
    assert "Skipped 5 already in the journal" in capsys.readouterr().out


def test_output_goes_into_regular_files_only(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = str(_filled_home(tmp_path / "a"))
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for command in (["export", "-o", str(fifo)], ["report", "-o", str(fifo), "--force"]):
        assert main(["--data-dir", home, *command]) == 2
        assert "it is a FIFO (named pipe), not a regular file" in capsys.readouterr().err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    real = tmp_path / "real.csv"
    real.write_text("mine")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert main(["--data-dir", home, "export", "-o", str(link)]) == 2
    err = capsys.readouterr().err
    assert f"it is a symlink to {real}; add --force" in err and real.read_text() == "mine"
    assert main(["--data-dir", home, "export", "-o", str(link), "--force"]) == 0
    assert link.is_symlink() and real.read_text().startswith("type,uid,")
    assert main(["--data-dir", home, "report", "-o", str(link)]) == 2
    assert "symlink" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() != 0, reason="only root could replace /dev/null")
def test_export_to_dev_null_as_root_leaves_the_device(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = str(_filled_home(tmp_path / "a"))
    assert main(["--data-dir", home, "export", "-o", "/dev/null"]) == 2
    assert "/dev/null: it is a device" in capsys.readouterr().err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_to_a_terminal_is_inert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       fmt: str) -> None:
    home = str(_filled_home(tmp_path / "a"))
    screen = _Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    assert main(["--data-dir", home, "export", "--format", fmt]) == 0
    shown = screen.getvalue()
    assert ("\\x1b]52" if fmt == "csv" else "\\u001b]52") in shown
    assert not {"\x1b", "\x07", "\x9b"} & set(shown) and shown.count("\n") > 3


def test_invalid_utf8_arguments_get_one_line(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    word = b"caf\xe9 \x1b[2J".decode("utf-8", "surrogateescape")
    assert main(["--data-dir", str(tmp_path / "a"), "log", "--mood", "5", "--anxiety", "3",
                 "--note", word]) == 2
    err = capsys.readouterr().err
    assert err == ("ebbtide: argument 9 (caf\\xe9 \\x1b[2J) is not valid UTF-8 text; retype "
                   "it, or set your terminal to UTF-8\n")
    child = subprocess.run([sys.executable, "-m", "ebbtide", "--data-dir",
                            str(tmp_path / "b").encode(), "history", "--tag", b"\xff"],
                           capture_output=True, check=False)
    assert child.returncode == 2 and b"Traceback" not in child.stderr
    assert b"is not valid UTF-8" in child.stderr


def _read_only_commands(home: str, capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["history"], ["export"], ["report"]):
        assert main(["--data-dir", home, *command]) == 0, command
        captured = capsys.readouterr()
        assert captured.err.count("changes cannot be saved") == 1
        assert {"history": "mood 6.0", "export": "baclofen",
                "report": "Check-ins logged:** 1"}[command[0]] in captured.out


def test_reading_commands_run_when_the_journal_refuses_writes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    home = _filled_home(tmp_path / "a")

    def refused(*_args: object, **_kwargs: object) -> Journal:
        raise JournalUnavailable("the disk is full")

    monkeypatch.setattr(Journal, "open", refused)
    _read_only_commands(str(home), capsys)
    with Journal.open_for_reading(resolve_paths(home)) as j:
        assert j.read_only_reason == "the disk is full"
        with pytest.raises(JournalUnavailable):
            j.add_medication("new")


@pytest.fixture
def read_only_mount(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(writable source, read-only view) through a read-only bind mount: the only way to
    stop root writing (chmod does not)."""
    source, view = tmp_path / "src", tmp_path / "ro"
    source.mkdir()
    view.mkdir()
    mount = shutil.which("mount")
    if mount is None or os.geteuid() != 0 or subprocess.run(
            [mount, "--bind", "-o", "ro", str(source), str(view)],
            capture_output=True, check=False).returncode != 0:
        pytest.skip("a read-only bind mount is not available here (needs root and mount)")
    try:
        yield source, view
    finally:
        subprocess.run(["umount", str(view)], check=False)


def test_a_read_only_data_folder_still_reads_exports_and_reports(
        read_only_mount: tuple[Path, Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    source, view = read_only_mount
    _filled_home(source)
    before = sorted(p.name for p in source.rglob("*"))
    _read_only_commands(str(view), capsys)
    report = tmp_path / "report.md"
    assert main(["--data-dir", str(view), "report", "-o", str(report)]) == 0
    assert "Ebbtide report" in report.read_text(encoding="utf-8")
    assert main(["--data-dir", str(view), "log", "--mood", "5", "--anxiety", "5"]) == 2
    assert "not writable" in capsys.readouterr().err
    assert sorted(p.name for p in source.rglob("*")) == before
