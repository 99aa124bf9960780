"""Import of a 10 000-row Daylio export (issue 17): `plan_import` + `apply_import`, from
reading the file to the commit, against inserting the same check-ins with the journal's
own API (`Journal.add_checkin`, all in one transaction, values already parsed). Target:
≤ 3×. Each round uses fresh journals; the mapping is written and checked beforehand."""

from __future__ import annotations

import random
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ebbtide.core.journal.imports import apply_import, default_mapping_path, plan_import
from ebbtide.core.journal.imports.formats import DAYLIO
from ebbtide.core.journal.store import Journal

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=timezone(timedelta(hours=1)))
ROWS = 10_000
LABELS = ("rad", "good", "meh", "bad", "awful")
ACTIVITIES = ("work", "family", "friends", "exercise", "reading", "bad sleep", "anxious")


@dataclass(frozen=True)
class Row:
    at: datetime
    label: str
    activities: tuple[str, ...]
    title: str
    note: str


def _rows() -> list[Row]:
    rng = random.Random(17)
    start = NOW.replace(tzinfo=None) - timedelta(days=ROWS // 2)
    rows = []
    for i in range(ROWS):
        at = start + timedelta(hours=12 * i + rng.randrange(10), minutes=rng.randrange(60))
        note = "a few words about the day, " * rng.randint(0, 6)
        rows.append(Row(at.astimezone(), rng.choice(LABELS),
                        tuple(rng.sample(ACTIVITIES, rng.randint(0, 3))),
                        "Title" if rng.random() < 0.2 else "", note.strip()))
    return rows


def _write_csv(path: Path, rows: list[Row]) -> None:
    lines = ["full_date,date,weekday,time,mood,activities,note_title,note"]
    for r in reversed(rows):  # Daylio writes the newest first
        lines.append(f'{r.at:%Y-%m-%d},"{r.at:%B %d}",{r.at:%A},{r.at:%H:%M},{r.label},'
                     f'"{" | ".join(r.activities)}","{r.title}","{r.note}"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _import(folder: Path, csv_path: Path, config: Path) -> float:
    started = time.perf_counter()
    with Journal(folder / "journal.sqlite3", clock=lambda: NOW) as journal:
        plan = plan_import(journal, "daylio", csv_path, config)
        result = apply_import(journal, plan)
    elapsed = time.perf_counter() - started
    assert result.added == ROWS, result
    return elapsed


def _api(folder: Path, rows: list[Row]) -> float:
    moods = dict(zip(LABELS, (9, 7, 5, 3, 1), strict=True))
    started = time.perf_counter()
    with Journal(folder / "journal.sqlite3", clock=lambda: NOW) as journal, \
            journal.transaction():
        for r in rows:
            note = f"{r.title}\n\n{r.note}" if r.title and r.note else r.title or r.note
            journal.add_checkin(mood=moods[r.label], anxiety=2, at=r.at,
                                tags=[*r.activities, "daylio"], note=note)
    return time.perf_counter() - started


def run(rounds: int = 5) -> dict[str, float]:
    base = Path(tempfile.mkdtemp(prefix="ebbtide-bench-imports-"))
    try:
        rows = _rows()
        csv_path = base / "daylio_export.csv"
        _write_csv(csv_path, rows)
        config = base / "config"
        with Journal(base / "first.sqlite3", clock=lambda: NOW) as journal:
            plan_import(journal, "daylio", csv_path, config)  # writes the mapping
        mapping = default_mapping_path(config, DAYLIO)
        mapping.write_text(mapping.read_text().replace("# default = ?", "default = 2"))
        ours: list[float] = []
        api: list[float] = []
        for n in range(rounds):  # interleaved, so load on the machine hits both alike
            ours.append(_import(base / f"import-{n}", csv_path, config))
            api.append(_api(base / f"api-{n}", rows))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    result = {"import_s": statistics.median(ours), "api_s": statistics.median(api)}
    ratio = result["import_s"] / result["api_s"]
    print(f"import --from daylio, {ROWS:,} rows: {result['import_s']:.2f} s vs "
          f"{result['api_s']:.2f} s through Journal.add_checkin ({ratio:.2f}×; target ≤ 3×)")
    return result


if __name__ == "__main__":
    run()
