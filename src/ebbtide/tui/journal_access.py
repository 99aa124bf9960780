"""The app's journal: opened on first use from any thread, read-only (said once) when the
data folder cannot be written, and set aside or forgotten when it is converted or
restored."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ebbtide.core.journal.store import Journal
    from ebbtide.core.paths import Paths


class JournalAccess:
    def __init__(self, paths: Paths, now: Callable[[], datetime],
                 notify: Callable[[str], None]) -> None:
        """`notify`: says that the journal was opened read-only (a warning)."""
        self._paths = paths
        self._now = now
        self._notify = notify
        self._journal: Journal | None = None
        self._lock = threading.Lock()

    def get(self) -> Journal:
        """The journal, opened on first use (any thread). Raises JournalCorrupt or
        JournalUnavailable (both EbbtideError) with a sentence for the user."""
        with self._lock:
            if self._journal is None:
                self._journal = self._open()
            return self._journal

    def _open(self) -> Journal:
        """Opened as usual; when the data folder is read-only or its disk is full, opened
        read-only instead (reading, exports and reports still work), said once."""
        from ebbtide.core.journal.errors import JournalUnavailable, disk_nearly_full
        from ebbtide.core.journal.store import Journal

        try:
            return Journal.open(self._paths, clock=self._now)
        except JournalUnavailable:
            data_dir = self._paths.data_dir
            if os.access(data_dir, os.W_OK | os.X_OK) \
                    and not disk_nearly_full(self._paths.journal_file):
                raise  # busy, a newer schema...: not a read-only folder
        journal = Journal.open_for_reading(self._paths, clock=self._now)
        reason = (journal.read_only_reason or "").rstrip(". ")
        self._notify(f"Your journal is read-only right now: {reason}. You can read it, "
                     "export it and make a report; new entries cannot be saved.")
        return journal

    @contextmanager
    def set_aside(self) -> Iterator[None]:
        """The journal closed and opened by no thread meanwhile (while it is converted:
        encrypted, decrypted, its passphrase changed)."""
        with self._lock:
            self._close()
            yield

    def forget(self) -> None:
        """Close the journal so it is opened afresh (after a restore)."""
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None
