"""Reading the journal: records by id, lists by time, day summaries, daily series, counts.

`JournalQueries` is one of the parts `Journal` is made of. Dates select local days (both
ends inclusive); datetimes select instants in [start, end)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any, cast

from ebbtide.core.content.questionnaires import CheckKind, SelfCheck
from ebbtide.core.content.side_effects import canonical_name, is_urgent
from ebbtide.core.journal import search as journal_search
from ebbtide.core.journal.base import JournalConnection
from ebbtide.core.journal.models import (
    DailySeries,
    DayPoint,
    DaySummary,
    Entry,
    Medication,
    NoteState,
    Record,
    RecordKind,
    SideEffectCount,
    from_utc,
    utc_text,
)
from ebbtide.core.journal.rows import (
    ALIAS,
    CONVERT,
    KIND_ORDER,
    SELECT,
    SELFCHECK_COLS,
    TABLES,
    row_medication,
    row_practice,
    row_selfcheck,
    to_date,
)
from ebbtide.core.journal.search import DEFAULT_LIMIT, SearchHit
from ebbtide.core.practice.records import PracticeRecord


class JournalQueries(JournalConnection):
    """The read side of `Journal`."""

    @property
    def schema_version(self) -> int:
        return int(self._fetch("PRAGMA user_version")[0][0])

    def get_meta(self, key: str) -> str | None:
        rows = self._fetch("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def get(self, kind: RecordKind, record_id: int) -> Record | None:
        """Any record by id, including ones in the trash (see `deleted_at`)."""
        alias = ALIAS[kind]
        rows = self._fetch(f"{SELECT[kind]} WHERE {alias}.id = ?", (record_id,))
        return CONVERT[kind](rows[0]) if rows else None

    def count(self, kind: RecordKind, *, include_deleted: bool = False) -> int:
        where = "" if include_deleted else " WHERE deleted_utc IS NULL"
        return int(self._fetch(f"SELECT count(*) FROM {TABLES[kind]}{where}")[0][0])

    def medications(self, *, include_inactive: bool = True) -> list[Medication]:
        """Medications not in the trash, oldest first."""
        where = "m.deleted_utc IS NULL" + ("" if include_inactive else " AND m.active = 1")
        rows = self._fetch(f"{SELECT['medication']} WHERE {where} ORDER BY m.id")
        return [row_medication(r) for r in rows]

    def find_medication(self, name: str) -> Medication | None:
        """By name, ignoring case; active ones first; None when there is none."""
        rows = self._fetch(f"{SELECT['medication']} WHERE m.deleted_utc IS NULL AND "
                           "m.name = ? COLLATE NOCASE ORDER BY m.active DESC, m.id",
                           (name.strip(),))
        return row_medication(rows[0]) if rows else None

    def practices_between(self, start: datetime, end: datetime) -> list[PracticeRecord]:
        """core.practice.PracticeLog: sessions started in [start, end) (instants)."""
        rows = self._fetch(f"{SELECT['practice']} WHERE p.deleted_utc IS NULL AND "
                           "p.at_utc >= ? AND p.at_utc < ? ORDER BY p.at_utc, p.id",
                           (utc_text(start), utc_text(end)))
        return [row_practice(r).record for r in rows]

    def get_selfcheck(self, check_id: int) -> SelfCheck | None:
        rows = self._fetch(f"SELECT {SELFCHECK_COLS} FROM selfchecks WHERE id = ?",
                           (check_id,))
        return row_selfcheck(rows[0]) if rows else None

    def selfchecks_between(self, start: date | datetime | None = None,
                           end: date | datetime | None = None, *,
                           kind: CheckKind | None = None) -> list[SelfCheck]:
        """Self-checks not in the trash, oldest first. Dates: local days, inclusive;
        datetimes: instants in [start, end); None: open."""
        where, params = self._range("selfchecks", start, end)
        where.insert(0, "selfchecks.deleted_utc IS NULL")
        if kind is not None:
            where.append("selfchecks.kind = ?")
            params.append(kind)
        rows = self._fetch(f"SELECT {SELFCHECK_COLS} FROM selfchecks WHERE "
                           f"{' AND '.join(where)} ORDER BY at_utc, id", params)
        return [row_selfcheck(r) for r in rows]

    def latest_selfcheck(self, kind: CheckKind) -> SelfCheck | None:
        rows = self._fetch(f"SELECT {SELFCHECK_COLS} FROM selfchecks WHERE "
                           "deleted_utc IS NULL AND kind = ? ORDER BY at_utc DESC, id DESC "
                           "LIMIT 1", (kind,))
        return row_selfcheck(rows[0]) if rows else None

    def note_states(self) -> dict[str, NoteState]:
        """Every safety note that was shown or dismissed, by note id (core.safety)."""
        rows = self._fetch("SELECT note_id, rule, shown_utc, dismissed_utc FROM safety_notes")
        return {r[0]: NoteState(r[0], r[1], from_utc(r[2]), from_utc(r[3])) for r in rows}

    # ------------------------------------------------------------ queries

    @staticmethod
    def _range(alias: str, start: date | datetime | None,
               end: date | datetime | None) -> tuple[list[str], list[Any]]:
        """Dates: local days, inclusive both ends. Datetimes: instants, [start, end)."""
        where: list[str] = []
        params: list[Any] = []
        for value, op_date, op_time in ((start, ">=", ">="), (end, "<=", "<")):
            if value is None:
                continue
            if isinstance(value, datetime):
                where.append(f"{alias}.at_utc {op_time} ?")
                params.append(utc_text(value))
            else:
                where.append(f"{alias}.local_date {op_date} ?")
                params.append(value.isoformat())
        return where, params

    def entries_between(self, start: date | datetime | None = None,
                        end: date | datetime | None = None, *,
                        kinds: Sequence[RecordKind] | None = None, tag: str | None = None,
                        side_effect: str | None = None,
                        medication: int | str | None = None) -> list[Entry]:
        """Check-ins, doses, side effects and practices, oldest first (by instant).

        `start`/`end` as dates select local days, both inclusive; as datetimes, instants in
        [start, end); None leaves that end open. With no filter every kind in `kinds` is
        listed. With filters, a record is listed when it matches any one of them: `tag`
        -> check-ins carrying that tag; `side_effect` -> side effects with that name (case
        ignored); `medication` (id or name) -> doses of it."""
        wanted: set[RecordKind] = set(kinds) if kinds is not None else {
            "checkin", "dose", "side_effect", "practice"}
        wanted.discard("medication")
        filtered = tag is not None or side_effect is not None or medication is not None
        if filtered:
            chosen: set[RecordKind] = set()
            if tag is not None:
                chosen.add("checkin")
            if side_effect is not None:
                chosen.add("side_effect")
            if medication is not None:
                chosen.add("dose")
            wanted &= chosen
        found: list[Entry] = []
        entry_kinds: tuple[RecordKind, ...] = ("checkin", "dose", "side_effect", "practice")
        for kind in entry_kinds:
            if kind not in wanted:
                continue
            alias = ALIAS[kind]
            where, params = self._range(alias, start, end)
            where.insert(0, f"{alias}.deleted_utc IS NULL")
            if kind == "checkin" and tag is not None:
                where.append("EXISTS (SELECT 1 FROM json_each(c.tags) j WHERE j.value = ?)")
                params.append(tag)
            if kind == "side_effect" and side_effect is not None:
                where.append("s.name = ? COLLATE NOCASE")
                params.append(canonical_name(side_effect))
            if kind == "dose" and medication is not None:
                if isinstance(medication, int):
                    where.append("d.medication_id = ?")
                else:
                    where.append("m.name = ? COLLATE NOCASE")
                params.append(medication)
            rows = self._fetch(f"{SELECT[kind]} WHERE {' AND '.join(where)}", params)
            found.extend(cast(Entry, CONVERT[kind](r)) for r in rows)
        found.sort(key=lambda r: (r.at, KIND_ORDER[r.kind], r.id))
        return found

    def _filter_days(self, start: date | None, end: date | None, tag: str | None,
                     side_effect: str | None, medication: int | str | None) -> set[str] | None:
        """Local days matching every given filter (None: no filter given)."""
        days: set[str] | None = None
        queries: list[tuple[str, list[Any]]] = []
        if tag is not None:
            queries.append(("SELECT DISTINCT c.local_date FROM checkins c, json_each(c.tags) j "
                            "WHERE c.deleted_utc IS NULL AND j.value = ?", [tag]))
        if side_effect is not None:
            queries.append(("SELECT DISTINCT s.local_date FROM side_effects s WHERE "
                            "s.deleted_utc IS NULL AND s.name = ? COLLATE NOCASE",
                            [canonical_name(side_effect)]))
        if medication is not None:
            column = "d.medication_id = ?" if isinstance(medication, int) else \
                "m.name = ? COLLATE NOCASE"
            queries.append(("SELECT DISTINCT d.local_date FROM doses d JOIN medications m ON "
                            f"m.id = d.medication_id WHERE d.deleted_utc IS NULL AND {column}",
                            [medication]))
        for sql, params in queries:
            alias = sql.split("FROM ")[1].split()[1].rstrip(",")
            where, extra = self._range(alias, start, end)
            if where:
                sql += " AND " + " AND ".join(where)
            got = {r[0] for r in self._fetch(sql, [*params, *extra])}
            days = got if days is None else days & got
        return days

    def day_summaries(self, start: date | None = None, end: date | None = None, *,
                      tag: str | None = None, side_effect: str | None = None,
                      medication: int | str | None = None, limit: int | None = None,
                      newest_first: bool = True) -> list[DaySummary]:
        """One summary per local day that has anything logged, in [start, end] (inclusive,
        open when None). Filters are per day and all must hold: a day is listed when it
        has a check-in with `tag`, a side effect named `side_effect`, a dose of
        `medication`. `limit`: only the newest N matching days."""
        matching = self._filter_days(start, end, tag, side_effect, medication)
        if limit is not None and matching is None:
            newest: set[str] = set()
            for table in ("checkins", "doses", "side_effects", "practices"):
                where, params = self._range(table, start, end)
                where.insert(0, f"{table}.deleted_utc IS NULL")
                rows = self._fetch(f"SELECT DISTINCT local_date FROM {table} WHERE "
                                   f"{' AND '.join(where)} ORDER BY local_date DESC LIMIT ?",
                                   [*params, max(limit, 0)])
                newest.update(r[0] for r in rows)
            if not newest:
                return []
            start = to_date(sorted(newest, reverse=True)[:max(limit, 1)][-1])
        elif limit is not None and matching is not None:
            matching = set(sorted(matching, reverse=True)[:max(limit, 0)])
        if matching is not None:
            if not matching:
                return []
            start, end = to_date(min(matching)), to_date(max(matching))

        acc: dict[str, dict[str, Any]] = {}

        def slot(day: str) -> dict[str, Any]:
            if day not in acc:
                acc[day] = {"mg": {}, "effects": {}, "tags": []}
            return acc[day]

        def ranged(alias: str, table: str, cols: str, extra: str = "",
                   group: str = "") -> list[Any]:
            where, params = self._range(alias, start, end)
            where.insert(0, f"{alias}.deleted_utc IS NULL")
            sql = f"SELECT {cols} FROM {table} WHERE {' AND '.join(where)}{extra}{group}"
            return self._fetch(sql, params)

        for r in ranged("c", "checkins c",
                        "c.local_date, count(*), avg(c.mood), min(c.mood), max(c.mood), "
                        "avg(c.anxiety), min(c.anxiety), max(c.anxiety), avg(c.sleep_hours), "
                        "avg(c.energy), max(c.flagged_for_doctor)",
                        group=" GROUP BY c.local_date"):
            slot(r[0]).update(checkins=r[1], mood_mean=r[2], mood_min=r[3], mood_max=r[4],
                              anxiety_mean=r[5], anxiety_min=r[6], anxiety_max=r[7],
                              sleep_hours=r[8], energy_mean=r[9], flagged=bool(r[10]))
        for r in ranged("c", "checkins c, json_each(c.tags) j", "c.local_date, j.value",
                        group=" GROUP BY c.local_date, j.value"):
            slot(r[0])["tags"].append(r[1])
        for r in ranged("d", "doses d JOIN medications m ON m.id = d.medication_id",
                        "d.local_date, m.name, sum(d.status = 'taken'), "
                        "sum(d.status = 'skipped'), "
                        "sum(CASE WHEN d.status = 'taken' THEN d.amount_mg END)",
                        group=" GROUP BY d.local_date, d.medication_id"):
            s = slot(r[0])
            s["taken"] = s.get("taken", 0) + r[2]
            s["skipped"] = s.get("skipped", 0) + r[3]
            if r[4] is not None:
                s["mg"][r[1]] = s["mg"].get(r[1], 0.0) + r[4]
        for r in ranged("s", "side_effects s",
                        "s.local_date, s.name, max(CASE s.severity WHEN 'mild' THEN 1 "
                        "WHEN 'moderate' THEN 2 ELSE 3 END)",
                        group=" GROUP BY s.local_date, s.name"):
            slot(r[0])["effects"][r[1]] = ("mild", "moderate", "severe")[r[2] - 1]
        for r in ranged("p", "practices p", "p.local_date, count(*), sum(p.actual_seconds)",
                        group=" GROUP BY p.local_date"):
            slot(r[0]).update(practices=r[1], practice_minutes=r[2] / 60.0)

        summaries = [
            DaySummary(local_date=to_date(day), checkins=s.get("checkins", 0),
                       mood_mean=s.get("mood_mean"), mood_min=s.get("mood_min"),
                       mood_max=s.get("mood_max"), anxiety_mean=s.get("anxiety_mean"),
                       anxiety_min=s.get("anxiety_min"), anxiety_max=s.get("anxiety_max"),
                       sleep_hours=s.get("sleep_hours"), energy_mean=s.get("energy_mean"),
                       flagged_for_doctor=s.get("flagged", False),
                       doses_taken=s.get("taken", 0), doses_skipped=s.get("skipped", 0),
                       mg_by_medication=s["mg"], side_effects=s["effects"],
                       tags=tuple(s["tags"]), practices=s.get("practices", 0),
                       practice_minutes=s.get("practice_minutes", 0.0))
            for day, s in acc.items() if matching is None or day in matching
        ]
        summaries.sort(key=lambda d: d.local_date, reverse=newest_first)
        return summaries

    def daily_series(self, days: int = 30, *, today: date | None = None) -> DailySeries:
        """Mean mood, mean anxiety, mean sleep and total mg taken per medication for each
        of the last `days` local days (7, 30, 90, ...), oldest first, empty days included."""
        if days < 1:
            raise ValueError("days must be 1 or more")
        end = today or self._clock().date()
        start = end - timedelta(days=days - 1)
        span = (start.isoformat(), end.isoformat())
        mood: dict[str, tuple[int, float, float, float | None]] = {}
        for r in self._fetch("SELECT local_date, count(*), avg(mood), avg(anxiety), "
                             "avg(sleep_hours) FROM checkins WHERE deleted_utc IS NULL AND "
                             "local_date BETWEEN ? AND ? GROUP BY local_date", span):
            mood[r[0]] = (r[1], r[2], r[3], r[4])
        mg: dict[str, dict[str, float]] = {}
        names: dict[str, None] = {}
        for r in self._fetch("SELECT d.local_date, m.name, sum(d.amount_mg) FROM doses d "
                             "JOIN medications m ON m.id = d.medication_id WHERE "
                             "d.deleted_utc IS NULL AND d.status = 'taken' AND "
                             "d.amount_mg IS NOT NULL AND d.local_date BETWEEN ? AND ? "
                             "GROUP BY d.local_date, d.medication_id ORDER BY m.id", span):
            per_day = mg.setdefault(r[0], {})
            per_day[r[1]] = per_day.get(r[1], 0.0) + r[2]
            names.setdefault(r[1], None)
        points = []
        for offset in range(days):
            day = start + timedelta(days=offset)
            key = day.isoformat()
            m = mood.get(key)
            points.append(DayPoint(local_date=day, checkins=m[0] if m else 0,
                                   mood=m[1] if m else None, anxiety=m[2] if m else None,
                                   sleep_hours=m[3] if m else None, mg=mg.get(key, {})))
        return DailySeries(start=start, end=end, points=tuple(points),
                           medications=tuple(names))

    def side_effect_counts(self, start: date | None = None,
                           end: date | None = None) -> list[SideEffectCount]:
        """How often each side effect was logged in [start, end] (local days, inclusive),
        most frequent first."""
        where, params = self._range("s", start, end)
        where.insert(0, "s.deleted_utc IS NULL")
        rows = self._fetch(
            "SELECT s.name, count(*), sum(s.severity = 'mild'), sum(s.severity = 'moderate'), "
            f"sum(s.severity = 'severe'), max(s.local_date) FROM side_effects s WHERE "
            f"{' AND '.join(where)} GROUP BY s.name ORDER BY count(*) DESC, s.name", params)
        return [SideEffectCount(name=r[0], total=r[1], mild=r[2], moderate=r[3], severe=r[4],
                                urgent=is_urgent(r[0]), last_date=to_date(r[5])) for r in rows]

    def tags_in_use(self) -> list[tuple[str, int]]:
        """(tag, number of check-ins) for the filter list, most used first."""
        rows = self._fetch("SELECT j.value, count(*) FROM checkins c, json_each(c.tags) j "
                           "WHERE c.deleted_utc IS NULL GROUP BY j.value "
                           "ORDER BY count(*) DESC, j.value")
        return [(r[0], r[1]) for r in rows]

    def search(self, text: str, start: date | None = None, end: date | None = None, *,
               limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
        """Notes, tags and side effects matching `text` (see `core.journal.search`), newest
        first; local days in [start, end]. Raises NothingToSearch when `text` has no word."""
        with self._lock:
            try:
                return journal_search.search(self._conn, text, start, end, limit)
            except sqlite3.Error as exc:
                raise self._mapped(exc) from exc
