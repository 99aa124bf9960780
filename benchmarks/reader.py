"""Reader search speed (issue 6: results in < 50 ms). The baseline, in the same run, is
the plainest possible search: read every article file and scan it with a regular
expression for each query."""

from __future__ import annotations

import re
import statistics
import time

from ebbtide.core.content.library.parse import load_library
from ebbtide.core.content.resources import content_dir

QUERIES = ("withdrawal", "alcohol", "GABA-B receptor", "seizure kidney", "anxiety evidence",
           "talk with your prescriber", "988", "taper slowly", "zzzz-no-match")


def _naive(query: str) -> int:
    words = [re.compile(re.escape(w), re.IGNORECASE) for w in query.split()]
    hits = 0
    for path in sorted((content_dir() / "reader").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if all(w.search(text) for w in words):
            hits += sum(1 for line in text.splitlines() if words[0].search(line))
    return hits


def run(rounds: int = 50) -> dict[str, float]:
    started = time.perf_counter()
    library = load_library()
    load_ms = (time.perf_counter() - started) * 1000
    ours: list[float] = []
    naive: list[float] = []
    for _ in range(rounds):
        for query in QUERIES:
            t = time.perf_counter()
            library.search(query)
            ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            _naive(query)
            naive.append(time.perf_counter() - t)
    ours.sort()
    p99 = ours[int(len(ours) * 0.99) - 1] * 1000
    median, base = statistics.median(ours) * 1000, statistics.median(naive) * 1000
    print(f"reader search: median {median:.2f} ms, p99 {p99:.2f} ms, max {ours[-1] * 1000:.2f} ms"
          f" over {len(ours)} searches (target < 50 ms); naive file scan {base:.2f} ms "
          f"-> ratio {median / base:.2f}; library load {load_ms:.0f} ms (once, when Read opens)")
    return {"search_median_ms": median, "search_p99_ms": p99}
