"""The command line: fast answers, one clear line for every mistake, never a traceback."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ebbtide import __version__
from ebbtide.cli import main
from ebbtide.cli.context import CommandContext
from ebbtide.core.paths import resolve_paths
from ebbtide.launch import Overrides, StartRoute


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "ebbtide", *args], capture_output=True,
                          text=True, env=full_env, timeout=60, stdin=subprocess.DEVNULL)


def test_version_and_help_do_not_start_the_tui() -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"ebbtide {__version__}"
    help_result = run_cli("--help")
    assert help_result.returncode == 0
    assert "--data-dir" in help_result.stdout and "paths" in help_result.stdout


def test_version_does_not_import_textual() -> None:
    code = "import sys; from ebbtide.cli import main\ntry: main(['--version'])\n" \
           "except SystemExit: pass\nprint('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip().endswith("False")


def test_paths_lists_every_location_under_data_dir(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "paths"]) == 0
    out = capsys.readouterr().out
    assert f"settings  {tmp_path}/config/settings.toml" in out
    assert f"journal   {tmp_path}/data/journal.sqlite3" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["--theme", "purple-haze"], "unknown theme 'purple-haze'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_mistakes_give_one_clear_line(args: list[str], expected: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_file_where_data_dir_should_be_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_cli("--data-dir", str(blocker))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"ebbtide: cannot create {blocker}/config: part of that path is a file, not a folder.")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_data_dir_is_one_line(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = run_cli("--data-dir", str(locked / "inner"))
    assert result.returncode == 2 and "permission denied" in result.stderr


def test_unwritable_data_dir_as_root_uses_a_read_only_mount(tmp_path: Path) -> None:
    # /proc is read-only for everyone, root included.
    result = run_cli("--data-dir", "/proc/ebbtide-test")
    assert result.returncode == 2
    assert result.stderr.startswith("ebbtide: cannot create /proc/ebbtide-test")
    assert "Traceback" not in result.stderr


def test_no_command_opens_the_app_with_global_flags(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    seen: list[tuple[CommandContext, StartRoute | None]] = []
    monkeypatch.setattr(CommandContext, "run_app",
                        lambda self, route=None: seen.append((self, route)) or 0)
    assert main(["--data-dir", str(tmp_path), "--no-sound", "--reduced-motion",
                 "--theme", "high-contrast"]) == 0
    [(ctx, route)] = seen
    assert route is None
    assert ctx.overrides.no_sound and ctx.overrides.reduced_motion
    assert ctx.overrides.theme == "high-contrast"
    assert ctx.paths.config_dir == tmp_path / "config"


def test_the_app_starts_without_cycle_collection_and_ends_with_it_back(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import ebbtide.tui.app

    collecting: list[bool] = []

    def app_that_fails(*args: object) -> int:
        collecting.append(gc.isenabled())
        raise RuntimeError("the app ended before its first frame")

    monkeypatch.setattr(ebbtide.tui.app, "run_app", app_that_fails)
    ctx = CommandContext(paths=resolve_paths(tmp_path), overrides=Overrides())
    with pytest.raises(RuntimeError):
        ctx.run_app()
    assert collecting == [False] and gc.isenabled()


def test_global_options_before_a_command(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "--theme", "nord", "breathe", "--list"]) == 0
    assert "Box breathing" in capsys.readouterr().out


def test_command_help_and_unknown_command_list_every_command(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    listed = capsys.readouterr().out
    for command in ("breathe", "meditate", "timer", "read", "log", "history", "export",
                    "import", "doctor", "paths"):
        assert f"    {command}" in listed
