"""Small app state kept between runs (welcome acknowledged, reader positions, bookmarks,
dismissed notes) as JSON, written atomically. Not user-authored, so an unreadable file is
set aside (never deleted) and the app starts fresh."""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path
from typing import Any

from ebbtide.core.atomic import write_private


class AppState:
    def __init__(self, path: Path, data: dict[str, Any] | None = None) -> None:
        self.path = path
        self._data: dict[str, Any] = data or {}

    @classmethod
    def load(cls, path: Path) -> AppState:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path)
        except (OSError, ValueError):
            _set_aside(path)
            return cls(path)
        return cls(path, data if isinstance(data, dict) else {})

    def get(self, key: str, default: Any = None) -> Any:
        return self._data.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self._data[key] = value
        self.save()

    def save(self) -> None:
        # State is a convenience; failing to remember it must never stop the user.
        with contextlib.suppress(OSError):
            write_private(self.path, json.dumps(self._data, indent=1).encode("utf-8"))


def _set_aside(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.replace(path, path.with_name(f"{path.name}.unreadable-{int(time.time())}"))
