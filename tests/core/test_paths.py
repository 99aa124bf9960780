"""Where the journal and settings live when no folder is given: the same folders
platformdirs names on Linux (Ebbtide resolves them itself to keep `ebbtide log` quick), so
a person's journal is found where it always was."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from platformdirs import user_cache_path, user_config_path, user_data_path

from ebbtide.core.paths import APP_NAME, HOME_ENV, resolve_paths

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the XDG rules are Linux's")

XDG = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")


@pytest.mark.parametrize("xdg", [None, "", "relative/dir", "/srv/xdg"])
@pytest.mark.parametrize("home", ["/home/someone", "relative-home"])
def test_folders_match_platformdirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                    xdg: str | None, home: str) -> None:
    monkeypatch.delenv(HOME_ENV, raising=False)
    monkeypatch.setenv("HOME", home)
    for name in XDG:
        if xdg is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, xdg if not xdg.startswith("/") else f"{xdg}/{name}")
    paths = resolve_paths()
    assert paths.config_dir == user_config_path(APP_NAME, appauthor=False)
    assert paths.data_dir == user_data_path(APP_NAME, appauthor=False)
    assert paths.cache_dir == user_cache_path(APP_NAME, appauthor=False)


def test_an_absolute_xdg_folder_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(HOME_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", "/srv/data")
    monkeypatch.setenv("XDG_CONFIG_HOME", "/srv/config")
    paths = resolve_paths()
    assert paths.journal_file.parent == Path("/srv/data/ebbtide")
    assert paths.settings_file == Path("/srv/config/ebbtide/settings.toml")


def test_ebbtide_home_puts_config_and_data_side_by_side(tmp_path: Path) -> None:
    paths = resolve_paths(environ={HOME_ENV: str(tmp_path)})
    assert (paths.config_dir, paths.data_dir) == (tmp_path / "config", tmp_path / "data")
