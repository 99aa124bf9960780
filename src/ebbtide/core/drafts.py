"""Drafts: what a person has typed into a form and not saved yet, kept so that closing the
terminal (or Esc by mistake) loses nothing.

One small private file per form in the data folder (data/drafts/<form>.json), written
atomically and at most about a second old while typing, read back exactly as typed, and
deleted once the form is saved or the person discards it. Drafts are a safety net: a
folder that cannot be written never stops anyone from typing, so write errors are kept
quiet and a draft that cannot be read is treated as no draft."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ebbtide.core.atomic import write_private
from ebbtide.core.clock import Clock

DRAFTS_FOLDER = "drafts"
FORMAT_VERSION = 1
# While typing, a draft is written at most this often (seconds); see DraftKeeper.
WRITE_INTERVAL = 1.0
# A note may hold 1,000,000 characters; JSON escapes can make that a few times larger.
MAX_DRAFT_BYTES = 16 * 1024 * 1024

Fields = dict[str, Any]  # field id -> what it holds (JSON types only)


@dataclass(frozen=True)
class Draft:
    form: str
    fields: Fields
    saved_at: datetime


def draft_name(*parts: object) -> str:
    """A form's draft name from its parts ("pattern", "edit", pattern id): lower case
    letters, digits and dashes, safe as a file name."""
    text = "-".join(str(part) for part in parts).lower()
    name = re.sub(r"[^a-z0-9_]+", "-", text).strip("-")
    if not name:
        raise ValueError("a draft needs a name")
    return name[:120]


class DraftStore:
    """The drafts folder. Every method is safe to call when the folder does not exist."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> DraftStore:
        return cls(data_dir / DRAFTS_FOLDER)

    def path(self, form: str) -> Path:
        if form != draft_name(form):
            raise ValueError(f"not a draft name: {form!r}")
        return self.folder / f"{form}.json"

    def save(self, form: str, fields: Mapping[str, Any], saved_at: datetime) -> None:
        """Replace the form's draft (0600, atomic). Raises OSError (or TypeError for a value
        JSON cannot hold, a programming error)."""
        record = {"version": FORMAT_VERSION, "form": form, "saved_at": saved_at.isoformat(),
                  "fields": dict(fields)}
        data = json.dumps(record, ensure_ascii=True, separators=(",", ":")).encode("ascii")
        write_private(self.path(form), data)

    def load(self, form: str) -> Draft | None:
        """The form's draft, or None when there is none or it cannot be read."""
        path = self.path(form)
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_DRAFT_BYTES + 1)
        except OSError:
            return None
        if len(data) > MAX_DRAFT_BYTES:
            return None
        try:
            record = json.loads(data)
            fields = record["fields"]
            saved_at = datetime.fromisoformat(record["saved_at"])
        except (ValueError, KeyError, TypeError, RecursionError):
            return None
        if not isinstance(fields, dict) or record.get("version") != FORMAT_VERSION:
            return None
        return Draft(form, fields, saved_at)

    def discard(self, form: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path(form).unlink()


class DraftKeeper:
    """One open form's draft. `update` is called on every change; the first change after a
    quiet second is written at once, later ones wait until a second has passed since the
    last write (`update` says how long, for the caller's timer, which then calls `flush`).
    `flush` writes whatever waits (on blur, hide, exit). Only the fields that differ from
    what the form opened with are kept (a check-in's "now" time is not restored a day
    later unless it was typed); a form back to where it started has no draft."""

    def __init__(self, store: DraftStore, form: str, baseline: Mapping[str, Any], *,
                 clock: Clock, wall_clock: Callable[[], datetime],
                 interval: float = WRITE_INTERVAL) -> None:
        self.store = store
        self.form = form
        self.baseline = _plain(baseline)
        self.clock = clock
        self.wall_clock = wall_clock
        self.interval = interval
        self._pending: Fields | None = None
        self._last_write: float | None = None
        self.written: Fields | None = None  # what the draft file holds, as far as we know

    @property
    def changed(self) -> bool:
        """The form holds something other than what it opened with (as last reported)."""
        return bool(self._pending if self._pending is not None else self.written)

    def update(self, fields: Mapping[str, Any]) -> float | None:
        """Note what the form holds now. Returns None when nothing waits to be written, or
        the seconds after which `flush` should be called."""
        current = self.typed(fields)
        if not current:
            self._pending = None
            if self.written is not None:
                self.discard()
            return None
        if current == self.written:
            self._pending = None
            return None
        self._pending = current
        wait = self._wait()
        if wait <= 0:
            self.flush()
            return None
        return wait

    def typed(self, fields: Mapping[str, Any]) -> Fields:
        """The fields that differ from what the form opened with."""
        return {key: value for key, value in _plain(fields).items()
                if key not in self.baseline or self.baseline[key] != value}

    def flush(self) -> bool:
        """Write what waits, if anything. False when the write failed (kept pending)."""
        if self._pending is None:
            return True
        try:
            self.store.save(self.form, self._pending, self.wall_clock())
        except OSError:
            return False
        self.written = self._pending
        self._pending = None
        self._last_write = self.clock.now()
        return True

    def discard(self) -> None:
        """Forget the draft: the form was saved, or the person chose to throw it away."""
        self._pending = None
        self.written = None
        with contextlib.suppress(OSError):
            self.store.discard(self.form)

    def rebase(self, fields: Mapping[str, Any], keys: Iterable[str] | None = None) -> None:
        """What the form holds was saved (all of it, or the fields named): from now on
        that is where the form started, and only what differs from it is kept."""
        current = _plain(fields)
        if keys is None:
            self.baseline = current
        else:
            self.baseline.update({key: current[key] for key in keys if key in current})
        self.discard()
        self._pending = self.typed(current) or None
        self.flush()

    def adopt(self, fields: Mapping[str, Any]) -> None:
        """The form now shows a restored draft that is already on disk as `fields`."""
        self.written = _plain(fields)
        self._pending = None

    def _wait(self) -> float:
        if self._last_write is None:
            return 0.0
        return self._last_write + self.interval - self.clock.now()


def _plain(fields: Mapping[str, Any]) -> Fields:
    """Fields as they come back from JSON (tuples become lists), so comparisons with a
    draft read from disk hold."""
    result: Fields = json.loads(json.dumps(dict(fields)))
    return result
