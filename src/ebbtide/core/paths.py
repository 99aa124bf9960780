"""Where Ebbtide keeps things: the platform's usual folders (XDG on Linux, platformdirs
elsewhere), or one folder given by `--data-dir DIR` / `EBBTIDE_HOME` (config and data side
by side under it)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ebbtide.core.errors import DataDirError

APP_NAME = "ebbtide"
HOME_ENV = "EBBTIDE_HOME"


@dataclass(frozen=True)
class Paths:
    """Ebbtide's folders: settings in `config_dir`, everything else in `data_dir`."""

    config_dir: Path
    data_dir: Path
    # Things that can be made again (rendered speech); None: a "cache" folder in data_dir.
    cache_dir: Path | None = None

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"

    @property
    def patterns_dir(self) -> Path:
        """User-authored breathing patterns (*.toml)."""
        return self.config_dir / "patterns"

    @property
    def journal_file(self) -> Path:
        return self.data_dir / "journal.sqlite3"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def state_file(self) -> Path:
        """Small UI state: welcome acknowledged, reader position, bookmarks."""
        return self.data_dir / "state.json"

    @property
    def sounds_dir(self) -> Path:
        """The person's own cue and bell sounds (bell.wav, inhale.wav...; audio/own_sounds)."""
        return self.config_dir / "sounds"

    @property
    def speech_cache_dir(self) -> Path:
        """Guided scripts rendered to speech, one WAV file per step (see audio/speech_cache)."""
        return self._cache_root / "speech"

    @property
    def content_cache_dir(self) -> Path:
        """Content files kept parsed for quick commands (see core/content/phrase_cache)."""
        return self._cache_root / "content"

    @property
    def _cache_root(self) -> Path:
        return self.cache_dir or self.data_dir / "cache"

    def describe(self) -> dict[str, Path]:
        return {
            "config": self.config_dir,
            "settings": self.settings_file,
            "patterns": self.patterns_dir,
            "data": self.data_dir,
            "journal": self.journal_file,
            "backups": self.backup_dir,
        }

    def ensure(self) -> None:
        """Create the folders (0700). Raises DataDirError with a one-line reason."""
        for folder in (self.config_dir, self.data_dir):
            ensure_private_dir(folder)

    def ensure_for_reading(self) -> list[str]:
        """Create the folders (0700). One that exists but cannot be written (a read-only
        mount, a locked-down config folder) does not stop the app: settings are read or
        default, and the journal opens read-only. Returns one sentence per such folder;
        raises DataDirError (as `ensure`) for a folder that is missing and cannot be made."""
        refusals: list[str] = []
        for folder in (self.config_dir, self.data_dir):
            try:
                ensure_private_dir(folder)
            except DataDirError as exc:
                if not folder.is_dir():
                    raise
                refusals.append(str(exc))
        return refusals


def resolve_paths(data_dir: str | os.PathLike[str] | None = None,
                  environ: Mapping[str, str] | None = None) -> Paths:
    env = os.environ if environ is None else environ
    root = data_dir if data_dir is not None else env.get(HOME_ENV) or None
    if root is not None:
        base = Path(root).expanduser().absolute()
        return Paths(config_dir=base / "config", data_dir=base / "data",
                     cache_dir=base / "cache")
    if sys.platform == "linux" and "ANDROID_DATA" not in env:
        return Paths(config_dir=_xdg_home(env, "XDG_CONFIG_HOME", ".config") / APP_NAME,
                     data_dir=_xdg_home(env, "XDG_DATA_HOME", ".local/share") / APP_NAME,
                     cache_dir=_xdg_home(env, "XDG_CACHE_HOME", ".cache") / APP_NAME)
    from platformdirs import (  # only when no folder is given
        user_cache_path,
        user_config_path,
        user_data_path,
    )

    return Paths(
        config_dir=user_config_path(APP_NAME, appauthor=False),
        data_dir=user_data_path(APP_NAME, appauthor=False),
        cache_dir=user_cache_path(APP_NAME, appauthor=False),
    )


def _xdg_home(env: Mapping[str, str], variable: str, default: str) -> Path:
    """The XDG base directory as platformdirs resolves it on Linux (a relative value is
    ignored, as the XDG spec says). Done here because importing platformdirs (it pulls
    in tempfile and random) costs `ebbtide log` about 2.5 ms of its ~12 ms budget."""
    value = env.get(variable, "")
    if value.startswith("/"):
        return Path(value)
    home = env.get("HOME", "")
    if not home.startswith("/"):
        import pwd

        home = pwd.getpwuid(os.getuid()).pw_dir
    return Path(home) / default


def make_private_folders(folder: Path) -> None:
    """Create `folder` and every missing folder above it, each 0700 (mkdir's `parents`
    gives those the default mode: ~/.cache/ebbtide as well as ~/.cache/ebbtide/speech).
    Raises OSError."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir(mode=0o700, exist_ok=True)


def ensure_private_dir(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise DataDirError(f"{folder} is a file, but Ebbtide needs a folder there.")
    try:
        make_private_folders(folder)
    except NotADirectoryError as exc:
        raise DataDirError(
            f"cannot create {folder}: part of that path is a file, not a folder."
        ) from exc
    except PermissionError as exc:
        raise DataDirError(f"cannot create {folder}: permission denied.") from exc
    except OSError as exc:
        raise DataDirError(f"cannot create {folder}: {exc.strerror or exc}.") from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DataDirError(f"{folder} is not writable.")
