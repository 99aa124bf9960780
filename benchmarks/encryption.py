"""The encrypted journal (issue 18), against the unencrypted one in the same run.

- Unlock: the key derivation alone (PBKDF2-HMAC-SHA512, 256k rounds), `cipher.unlock` of
  the 100k journal (derivation plus the check), and SQLCipher deriving the key itself
  (`PRAGMA key = 'passphrase'`), for comparison.
- After unlock, with 100 000 check-ins plus doses: opening the journal as the app does
  (`Journal.open`, which runs `PRAGMA quick_check`) and reading what the journal section
  shows (90 days of summaries, side-effect counts), then saving one check-in; and the
  journal section in a real terminal (pty), opened from home and drawn. Target ≤ 1.3×.
- `ebbtide log` with a passphrase file against `ebbtide --version` and against the
  unencrypted `log`.

The 100k journals are copies of the journal benchmark's one, made once per run."""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from benchmarks.journal import NOW, _prepare, big_journal, journal_section
from ebbtide.core.journal import cipher, encrypting
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import Paths

PASSPHRASE = "benchmark passphrase, not a secret"
TARGET = 1.3


def _ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def _copies(root: Path) -> tuple[Paths, Paths]:
    """The 100k journal, copied plain and encrypted (the passphrase held afterwards)."""
    source = big_journal()
    plain = _prepare(root / "plain")
    src = sqlite3.connect(source.journal_file)
    dst = sqlite3.connect(plain.journal_file)
    src.backup(dst)
    dst.execute("PRAGMA journal_mode = WAL")
    src.close()
    dst.close()
    encrypted = _prepare(root / "encrypted")
    shutil.copyfile(plain.journal_file, encrypted.journal_file)
    started = time.perf_counter()
    encrypting.convert(encrypted, PASSPHRASE)
    print(f"encrypting the 100k journal took {time.perf_counter() - started:.1f} s "
          f"({encrypted.journal_file.stat().st_size / 1e6:.0f} MB)")
    for paths in (plain, encrypted):
        Journal.open(paths, clock=lambda: NOW).close()  # the day's backup: not timed
    return plain, encrypted


def unlock_times(encrypted: Paths, rounds: int) -> None:
    salt = cipher.file_salt(encrypted.journal_file)
    derive: list[float] = []
    unlock: list[float] = []
    own: list[float] = []
    module = cipher.driver()
    for _ in range(rounds):
        started = time.perf_counter()
        cipher.derive(PASSPHRASE, salt)
        derive.append(time.perf_counter() - started)
        cipher.forget()
        started = time.perf_counter()
        cipher.unlock(encrypted.journal_file, PASSPHRASE)
        unlock.append(time.perf_counter() - started)
        started = time.perf_counter()
        conn = module.connect(str(encrypted.journal_file))
        conn.execute("PRAGMA key = '" + PASSPHRASE.replace("'", "''") + "'")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.close()
        own.append(time.perf_counter() - started)
    print(f"unlock: key derivation {_ms(derive):.0f} ms; cipher.unlock {_ms(unlock):.0f} ms; "
          f"SQLCipher's own PRAGMA key open {_ms(own):.0f} ms "
          f"(PBKDF2-HMAC-SHA512, {cipher.KDF_ITERATIONS} rounds)")


def open_read_write(paths: Paths) -> tuple[float, float, float]:
    """Seconds to open the journal as the app does and read what its section shows, to
    save one check-in, and to run the full `PRAGMA quick_check` (which the app runs on
    open for a plain journal, and for an encrypted one only when the file changed since
    Ebbtide left it and before the daily backup)."""
    today = NOW.date()
    started = time.perf_counter()
    journal = Journal.open(paths, clock=lambda: NOW)
    journal.day_summaries(today - timedelta(days=89), None)
    journal.day_summaries(limit=90)
    journal.side_effect_counts(today - timedelta(days=89), today)
    opened = time.perf_counter() - started
    started = time.perf_counter()
    journal.add_checkin(mood=6, anxiety=3, note="benchmark", at=NOW)
    written = time.perf_counter() - started
    started = time.perf_counter()
    journal.check()
    checked = time.perf_counter() - started
    journal.close()
    return opened, written, checked


def _time(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    return time.perf_counter() - started


def log_times(root: Path, rounds: int) -> dict[str, float]:
    secret = root / "passphrase"
    secret.write_text(PASSPHRASE + "\n")
    os.chmod(secret, 0o600)
    homes = {}
    for name in ("plain", "encrypted"):
        paths = _prepare(root / f"log-{name}")
        with Journal.open(paths) as journal:
            journal.add_checkin(mood=5, anxiety=5)
        if name == "encrypted":
            encrypting.convert(paths, PASSPHRASE)
        homes[name] = {**os.environ, "EBBTIDE_HOME": str(paths.data_dir.parent),
                       "EBBTIDE_PASSPHRASE_FILE": str(secret)}
    # No tag or note: typed words load the crisis phrase lists, which would dominate.
    log = [sys.executable, "-m", "ebbtide", "log", "--mood", "6", "--anxiety", "3",
           "--dose", "10"]
    version = [sys.executable, "-m", "ebbtide", "--version"]
    for env in homes.values():
        _time(log, env)  # the day's backup and the checked file: not what is timed
    times: dict[str, list[float]] = {"plain": [], "encrypted": [], "version": []}
    for _ in range(rounds * 2 + 1):  # alternating, so load falls on all alike
        times["encrypted"].append(_time(log, homes["encrypted"]))
        times["plain"].append(_time(log, homes["plain"]))
        times["version"].append(_time(version, homes["plain"]))
    enc, plain, ver = (_ms(times[k]) for k in ("encrypted", "plain", "version"))
    print(f"log, encrypted: {enc:.0f} ms vs --version {ver:.0f} ms -> ratio {enc / ver:.2f}; "
          f"vs unencrypted log {plain:.0f} ms -> ratio {enc / plain:.2f}")
    return {"log_encrypted_ms": enc, "log_plain_ms": plain, "version_ms": ver}


def run(rounds: int = 5) -> dict[str, float]:
    root = Path(tempfile.mkdtemp(prefix="ebbtide-bench-encryption-"))
    try:
        plain, encrypted = _copies(root)
        unlock_times(encrypted, rounds)
        cipher.unlock(encrypted.journal_file, PASSPHRASE)
        samples: dict[str, list[tuple[float, float, float]]] = {"plain": [],
                                                               "encrypted": []}
        for _ in range(rounds):
            samples["plain"].append(open_read_write(plain))
            samples["encrypted"].append(open_read_write(encrypted))
        result: dict[str, float] = {}
        for index, what in enumerate(("open (as the app does) + read the journal section",
                                      "save a check-in", "full quick_check")):
            p = _ms([s[index] for s in samples["plain"]])
            e = _ms([s[index] for s in samples["encrypted"]])
            print(f"{what}, 100k check-ins: encrypted {e:.0f} ms vs unencrypted {p:.0f} ms "
                  f"-> ratio {e / p:.2f} (target <= {TARGET})")
            result[f"ratio_{index}"] = e / p
        shown = {"plain": journal_section(plain, rounds),
                 "encrypted": journal_section(encrypted, rounds, PASSPHRASE.encode())}
        for key, label in (("first", "first open after start"), ("reopen", "open again")):
            p, e = shown["plain"][key], shown["encrypted"][key]
            print(f"journal section in a terminal, {label}: encrypted {e:.0f} ms vs "
                  f"unencrypted {p:.0f} ms -> ratio {e / p:.2f} (target <= {TARGET})")
        # This process still holds the key, and a journal made while a key is held is made
        # encrypted: forget it, or the "unencrypted" log home would be encrypted too.
        cipher.forget()
        result.update(log_times(root, rounds))
        return result
    finally:
        cipher.forget()
        shutil.rmtree(root, ignore_errors=True)
