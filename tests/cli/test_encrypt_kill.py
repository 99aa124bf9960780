"""kill -9 at random moments during `ebbtide encrypt`, `passphrase` and `decrypt` (real
processes, real SIGKILL): afterwards the journal opens, with the old or the new passphrase,
every entry is there, and so is every backup's. Each of the three steps is killed once
before it is let run to the end, so every step is covered on every run of the test. The
random moment is counted from the warning each command prints just before converting, and
spans the time the step last took from there to the end."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebbtide.core.journal import cipher, encrypting
from ebbtide.core.journal.backup_files import list_backups
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import Paths, resolve_paths
from tests.quick_crypto import journal_keys_derived_once  # noqa: F401 (autouse)

WHEN = datetime(2026, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=1)))
PASSPHRASES = ("first passphrase", "second passphrase")
ENTRIES_A_DAY = 1500  # enough that converting takes a while, so kills land inside it
KILLS_PER_STEP = 1
# Seconds from the warning to the end of each step (~0.1-0.25 s here), until a run that
# completes measures it; a step that ends before its kill is killed on its next turn.
FIRST_GUESS = {"encrypt": 0.2, "passphrase": 0.2, "decrypt": 0.1}
MOST_RUNS = 30  # three steps, each killed then completed: 6 runs, a few more by chance


def _build(paths: Paths) -> None:
    """A few days of check-ins with notes; each day's first open makes a backup."""
    for day in range(4):
        at = WHEN + timedelta(days=day)
        with Journal.open(paths, clock=lambda at=at: at) as journal, journal.transaction():
            for n in range(ENTRIES_A_DAY):
                journal.add_checkin(mood=1 + n % 10, anxiety=n % 11, tags=["kill test"],
                                    note=f"day {day} entry {n}: walked by the sea")


def _open_counts(path: Path) -> tuple[str | None, dict[str, int]]:
    """Which passphrase opens `path` (None: plain) and its row count per table."""
    cipher.forget()
    found: str | None = None
    if cipher.is_encrypted(path):
        for passphrase in PASSPHRASES:
            try:
                cipher.unlock(path, passphrase)
            except cipher.WrongPassphrase:
                continue
            found = passphrase
            break
        else:
            raise AssertionError(f"{path.name} opens with neither passphrase")
    conn = cipher.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", path.name
        return found, encrypting.table_counts(conn)
    finally:
        conn.close()
        cipher.forget()


def _command(home: Path, secrets: dict[str | None, Path], state: str | None
             ) -> tuple[str, list[str]]:
    """The next step from `state`: plain -> encrypt -> change passphrase -> decrypt."""
    base = [sys.executable, "-m", "ebbtide", "--data-dir", str(home)]
    if state is None:
        return "encrypt", [*base, "encrypt", "--yes", "--new-passphrase-file",
                           str(secrets[PASSPHRASES[0]])]
    if state == PASSPHRASES[0]:
        return "passphrase", [*base, "--passphrase-file", str(secrets[state]), "passphrase",
                              "--yes", "--new-passphrase-file", str(secrets[PASSPHRASES[1]])]
    return "decrypt", [*base, "--passphrase-file", str(secrets[state]), "decrypt", "--yes"]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_kill_9_while_converting_always_leaves_one_whole_journal(tmp_path: Path) -> None:
    home = tmp_path / "home"
    paths = resolve_paths(home)
    _build(paths)
    expected = {path.name: _open_counts(path)[1]
                for path in [paths.journal_file, *list_backups(paths.backup_dir)]}
    assert len(expected) == 4  # the journal and three backups
    secrets: dict[str | None, Path] = {}
    for n, passphrase in enumerate(PASSPHRASES):
        secrets[passphrase] = tmp_path / f"secret{n}"
        secrets[passphrase].write_text(passphrase + "\n")
        os.chmod(secrets[passphrase], 0o600)
    rng = random.Random()
    unbuffered = {**os.environ, "PYTHONUNBUFFERED": "1"}  # the warning arrives when printed
    state: str | None = None
    killed = {"encrypt": 0, "passphrase": 0, "decrypt": 0}
    took = dict(FIRST_GUESS)
    seen: list[tuple[str, float | None, str | None]] = []
    for _ in range(MOST_RUNS):
        step, command = _command(home, secrets, state)
        delay = rng.uniform(0.0, took[step]) if killed[step] < KILLS_PER_STEP else None
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=unbuffered)
        assert proc.stdout is not None
        proc.stdout.readline()  # the warning: converting starts now
        started = time.monotonic()
        try:
            proc.wait(timeout=delay)  # the random moment of the kill (None: to the end)
            took[step] = time.monotonic() - started
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            killed[step] += 1
        _, err = proc.communicate()
        assert proc.returncode in (0, -signal.SIGKILL), err.decode(errors="replace")
        before, (state, counts) = state, _open_counts(paths.journal_file)
        seen.append((step, delay, state))
        assert counts == expected[paths.journal_file.name], seen
        for backup in list_backups(paths.backup_dir):
            assert _open_counts(backup)[1] == expected[backup.name], (backup.name, seen)
        if step == "decrypt" and before is not None and state is None \
                and min(killed.values()) >= KILLS_PER_STEP:
            break  # back to plain, each step killed
    else:
        raise AssertionError(f"not every step was killed {KILLS_PER_STEP} time(s): {seen}")
