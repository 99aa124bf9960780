"""`ebbtide search` over 100 000 check-ins (issue 17, target ≤ 50 ms median).

The journal: 100k check-ins over five years, notes of 0–40 words from a 3,000-word
vocabulary (plus a few real words at known rates), a tag on one in four, a side effect on
one in ten. Timed:
- the query in-process (`Journal.search`, snippets included) against a LIKE scan of the
  same tables (`search.like_search`, the baseline and the fallback without FTS5), median
  per query over several rounds;
- the whole command, `python -m ebbtide search WORD` in a fresh process, against
  `ebbtide --version` (the interpreter's and the CLI's own start-up).

The journal is generated once and kept in the temp folder between runs."""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from functools import partial
from pathlib import Path

from ebbtide.core.journal import search as journal_search
from ebbtide.core.journal import writer
from ebbtide.core.journal.store import Journal
from ebbtide.core.journal.values import SideEffectInput, stamp
from ebbtide.core.paths import Paths, resolve_paths

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=timezone(timedelta(hours=1)))
CHECKINS = 100_000
TARGET_MS = 50.0
CACHE = Path(tempfile.gettempdir()) / f"ebbtide-bench-search-{CHECKINS}"
# (query, what it is): rare and common words, a prefix, a phrase, two words, a miss.
QUERIES = (("dizzy", "word in ~2% of notes"), ("walk", "word in ~20% of notes"),
           ("head", "prefix (headache)"), ('"after lunch"', "phrase"),
           ("walk tired", "two words"), ("nausea", "side effect"), ("family", "tag"),
           ("zzzqqq", "no match"))
TAGS = ("work", "family", "exercise", "alcohol", "travel")
EFFECTS = ("nausea", "drowsiness", "dizziness", "headache", "trouble sleeping")


def big_journal() -> Paths:
    paths = resolve_paths(CACHE)
    paths.ensure()
    if paths.journal_file.exists():
        return paths
    started = time.perf_counter()
    rng = random.Random(17)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9)))
                  for _ in range(3000)]
    extras = (("dizzy", 0.02), ("walk", 0.2), ("headache", 0.05), ("tired", 0.1),
              ("after lunch", 0.03))
    span = 5 * 365 * 24 * 3600
    created = "2026-11-21T09:00:00Z"
    with Journal.open(paths, clock=lambda: NOW) as journal:
        conn = journal.connection
        with journal.transaction():
            for _ in range(CHECKINS):
                words = rng.choices(vocabulary, k=rng.randint(0, 40))
                words += [w for w, rate in extras if rng.random() < rate]
                rng.shuffle(words)
                row = writer.checkin_row(
                    mood=rng.randint(1, 10), anxiety=rng.randint(0, 10),
                    tags=[rng.choice(TAGS)] if rng.random() < 0.25 else [],
                    note=" ".join(words).capitalize())
                effects = [SideEffectInput(rng.choice(EFFECTS), "mild", "")] \
                    if rng.random() < 0.1 else []
                when = stamp(NOW - timedelta(seconds=rng.randrange(span)))
                writer.insert_checkin(conn, row, when, created, side_effects=effects)
    print(f"generated {CHECKINS} check-ins in {time.perf_counter() - started:.0f} s "
          f"({paths.journal_file.stat().st_size / 1e6:.0f} MB)")
    return paths


def _median_ms(call: Callable[[], object], rounds: int) -> float:
    call()  # warm the page cache and SQLite's statement cache
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def in_process(paths: Paths, rounds: int) -> tuple[float, float]:
    """Median milliseconds over all queries: FTS5 and the LIKE scan."""
    fts_all: list[float] = []
    like_all: list[float] = []
    with Journal.open(paths, clock=lambda: NOW, verify=False) as journal:
        conn = journal.connection
        for query, label in QUERIES:
            hits = len(journal.search(query, limit=CHECKINS))
            fts = _median_ms(partial(journal.search, query), rounds)
            like = _median_ms(partial(journal_search.like_search, conn, query), rounds)
            fts_all.append(fts)
            like_all.append(like)
            print(f"  {query:<14} {label:<22} {hits:>6} matches: FTS5 {fts:6.1f} ms, "
                  f"LIKE scan {like:7.1f} ms")
    return statistics.median(fts_all), statistics.median(like_all)


def whole_command(paths: Paths, rounds: int) -> tuple[float, float]:
    """Median milliseconds of `ebbtide search walk` and of `ebbtide --version`, each in a
    fresh process, alternating so load on the machine falls on both alike."""
    env = {**os.environ, "EBBTIDE_HOME": str(CACHE)}
    search = [sys.executable, "-m", "ebbtide", "search", "walk"]
    version = [sys.executable, "-m", "ebbtide", "--version"]
    times: dict[str, list[float]] = {"search": [], "version": []}
    for _ in range(rounds):
        for key, argv in (("search", search), ("version", version)):
            started = time.perf_counter()
            subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
            times[key].append((time.perf_counter() - started) * 1000)
    return statistics.median(times["search"]), statistics.median(times["version"])


def run(rounds: int = 15) -> dict[str, float]:
    paths = big_journal()
    fts, like = in_process(paths, rounds)
    verdict = "meets" if fts <= TARGET_MS else "MISSES"
    print(f"search, in-process, median over the queries: FTS5 {fts:.1f} ms vs LIKE scan "
          f"{like:.1f} ms ({like / fts:.0f}× slower); {verdict} the {TARGET_MS:.0f} ms target")
    command, version = whole_command(paths, max(5, rounds // 2))
    print(f"search, whole command (fresh process): {command:.0f} ms vs --version "
          f"{version:.0f} ms, so {command - version:.0f} ms beyond start-up")
    return {"fts_ms": fts, "like_ms": like, "command_ms": command, "version_ms": version}
