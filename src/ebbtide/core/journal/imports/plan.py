"""Preview and import: turn another app's rows into check-ins (a plan: what would be added,
what is already there, what cannot be read, with line numbers), then write the plan in one
transaction.

Each row gets a stable uid from a hash of the format and the row's own cells, so a second
import of the same file (or of a later export that repeats old rows) adds nothing twice;
a row the person deleted from the journal (in the trash) is not brought back either. The
mapping's numbers are not part of the uid: fixing a mood's number and importing again
skips rows already imported (delete them first to re-import with the new numbers)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ebbtide.core.errors import DataDirError, InvalidEntry
from ebbtide.core.journal import writer
from ebbtide.core.journal.imports.formats import (
    FORMATS,
    BadCell,
    SourceFormat,
    find_column,
    parse_date,
    parse_time,
)
from ebbtide.core.journal.imports.mapping import (
    ImportMapping,
    default_mapping_path,
    load_mapping,
    template,
    write_template,
)
from ebbtide.core.journal.imports.source import (
    Fingerprint,
    ForeignFileError,
    csv_rows,
    fingerprint,
    read_source,
)
from ebbtide.core.journal.store import Journal
from ebbtide.core.journal.values import (
    aware,
    check_at,
    check_tags,
    local_now,
    stamp,
    utc_text,
)
from ebbtide.core.paths import ensure_private_dir
from ebbtide.core.text import inert

_STORED_COLUMNS = ("at_utc", "utc_offset_min", "local_date", "mood", "anxiety", "sleep_hours",
                   "sleep_quality", "energy", "tags", "note", "flagged_for_doctor", "uid",
                   "created_utc", "updated_utc")
Progress = Callable[[int, int], None]  # (rows written, rows to write)
PROGRESS_EVERY = 500


@dataclass(frozen=True)
class Unreadable:
    line: int
    reason: str


@dataclass(frozen=True)
class PlannedCheckIn:
    line: int
    uid: str
    at: datetime
    mood: int
    mood_label: str  # as written in the file
    anxiety: int | None  # None only while the plan is blocked (no anxiety chosen)
    sleep_hours: float | None
    tags: tuple[str, ...]
    note: str
    stored: writer.CheckInRow  # checked values (anxiety filled in when written)

    @property
    def when(self) -> writer.Stamp:
        """As stored: (utc text, offset minutes, local date); worked out only for the rows
        written, not for every row of every preview."""
        return stamp(self.at)


@dataclass(frozen=True)
class ImportPlan:
    fmt: SourceFormat
    path: Path
    encoding: str
    encoding_note: str | None
    mapping: ImportMapping
    mapping_written: bool  # Ebbtide wrote the mapping just now (its guesses, unchecked)
    rows: tuple[PlannedCheckIn, ...]  # new: would be added
    already: int  # already in the journal (or its trash)
    repeated: int  # the same as an earlier row of the file
    unreadable: tuple[Unreadable, ...]
    blocking: tuple[str, ...]  # what must be settled before importing
    ignored_columns: tuple[str, ...]
    fingerprint: Fingerprint
    total_rows: int

    @property
    def days(self) -> tuple[date, date] | None:
        if not self.rows:
            return None
        days = [r.at.date() for r in self.rows]
        return min(days), max(days)


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int  # already in the journal or repeated in the file
    unreadable: int  # left out at the person's request
    days: tuple[date, date] | None


def row_uid(fmt: SourceFormat, cells: list[str]) -> str:
    digest = hashlib.sha256("\x1f".join([fmt.name, *(c.strip() for c in cells)])
                            .encode("utf-8", "surrogatepass")).hexdigest()
    return f"{fmt.name}-{digest[:32]}"


class _Reader:
    """Turns one row into a PlannedCheckIn, or raises BadCell / InvalidEntry."""

    def __init__(self, fmt: SourceFormat, mapping: ImportMapping, header: list[str],
                 now: datetime) -> None:
        self.fmt, self.mapping, self.now = fmt, mapping, now
        self.at: dict[str, int] = {}
        for role, names in fmt.columns.items():
            index = find_column(header, names)
            if index is not None:
                self.at[role] = index
        for role, name in mapping.columns.items():
            index = find_column(header, (name,))
            if index is None:
                raise ForeignFileError(f"{mapping.path}: [columns] {role} = '{inert(name, 60)}'"
                                       f" is not a column of the file (line 1 has "
                                       f"{inert(', '.join(header), 200)})")
            self.at[role] = index
        self.tag_columns = {name: i for name, names in fmt.tag_columns.items()
                            if (i := find_column(header, names)) is not None}
        self.separator = (mapping.activity_separator or fmt.activity_separator).strip() or "|"
        self.width = len(header)

    def cell(self, cells: list[str], role: str) -> str:
        index = self.at.get(role)
        return cells[index] if index is not None else ""

    def read(self, line: int, cells: list[str]) -> PlannedCheckIn:
        if len(cells) < self.width:
            raise BadCell(f"{len(cells)} columns where the first line has {self.width} "
                          "(a missing column or a broken quote)")
        if len(cells) > self.width and any(c.strip() for c in cells[self.width:]):
            raise BadCell(f"{len(cells)} columns where the first line has {self.width} (an "
                          "extra column: a comma outside quotes?)")
        m = self.mapping
        day = parse_date(self.cell(cells, "date"), self.cell(cells, "year") or None,
                         m.date_format)
        clock = parse_time(self.cell(cells, "time"), m.time_format)
        try:
            at = check_at(aware(datetime.combine(day, clock)), self.now)
        except InvalidEntry as exc:
            raise BadCell(str(exc)) from None
        mood_label = self.cell(cells, "mood").strip()
        if not mood_label:
            raise BadCell("no mood")
        mood = m.mood.value(mood_label)
        assert mood is not None
        activities = [a.strip() for a in self.cell(cells, "activities").split(self.separator)]
        activities = [a for a in activities if a]
        anxiety_cell = self.cell(cells, "anxiety")
        if anxiety_cell.strip():
            anxiety = m.anxiety.value(anxiety_cell)
        else:  # the app recorded none: the person's activity rule, else their default
            by_activity = [m.anxiety_by_activity[a.casefold()] for a in activities
                           if a.casefold() in m.anxiety_by_activity]
            anxiety = max(by_activity) if by_activity else m.anxiety.default
        tags = list(activities)
        for name, index in self.tag_columns.items():
            value = cells[index].strip()
            if value and value.casefold() not in ("0", "none", "no", "n"):
                tags.append(f"{name} {value}")
        if m.tag_all:
            tags.append(m.tag_all)
        title, body = self.cell(cells, "note_title").strip(), self.cell(cells, "note").strip()
        note = f"{title}\n\n{body}" if title and body else title or body
        sleep_text = self.cell(cells, "sleep_hours").strip()
        try:
            sleep = float(sleep_text) if sleep_text else None
        except ValueError:
            raise BadCell(f"hours of sleep '{inert(sleep_text, 40)}' is not a number") from None
        row = writer.checkin_row(mood=mood, anxiety=0 if anxiety is None else anxiety,
                                 sleep_hours=sleep, tags=tags, note=note)
        return PlannedCheckIn(line, row_uid(self.fmt, cells), at, mood, mood_label, anxiety,
                              row[2], check_tags(tags), note, row)


def _stored(row: PlannedCheckIn, now_utc: str) -> tuple[object, ...]:
    """The row's values in the order of _STORED_COLUMNS (the anxiety chosen by the plan)."""
    mood, _, *rest = row.stored
    return (*row.when, mood, row.anxiety, *rest, row.uid, now_utc, now_utc)


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _existing_uids(journal: Journal, fmt: SourceFormat) -> set[str]:
    """Uids this format's imports left in the journal (the trash included)."""
    prefix = f"{fmt.name}-"
    cursor = journal.cursor("SELECT uid FROM checkins WHERE uid >= ? AND uid < ?",
                            (prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)))
    return {str(r[0]) for r in cursor.fetchall()}


def plan_import(journal: Journal | None, source: str, path: Path, config_dir: Path,
                mapping_path: Path | None = None) -> ImportPlan:
    """Read the file and say what an import would do; writes nothing to the journal (None:
    there is no journal yet, so nothing is already in it). The first time, writes the
    mapping with Ebbtide's guesses (and the plan is blocked until the person has checked
    it). Raises ForeignFileError for a file that cannot be read."""
    fmt = FORMATS[source]
    if mapping_path is None:
        if fmt.name == "csv":
            raise ForeignFileError("a generic CSV needs --mapping MAP.toml (a preview with a "
                                   "new file name writes one to fill in)")
        mapping_path = default_mapping_path(config_dir, fmt)
        if not mapping_path.exists():
            try:
                ensure_private_dir(config_dir)
                ensure_private_dir(mapping_path.parent)
            except DataDirError as exc:
                raise ForeignFileError(str(exc)) from None
    text = read_source(path)
    written = not mapping_path.exists()
    mapping = None if written else load_mapping(mapping_path)
    first_line = text.text.split("\n", 1)[0]
    delimiter = mapping.delimiter if mapping else max((",", ";", "\t"), key=first_line.count)
    rows = list(csv_rows(text, delimiter))
    if not rows:
        raise ForeignFileError(f"{path}: the file is empty")
    (_, header), body = rows[0], rows[1:]
    if written:
        write_template(mapping_path, template(fmt, header, [cells for _, cells in body],
                                              delimiter))
        mapping = load_mapping(mapping_path)
        if mapping.delimiter != delimiter:
            rows = list(csv_rows(text, mapping.delimiter))
            (_, header), body = rows[0], rows[1:]
    assert mapping is not None
    reader = _Reader(fmt, mapping, header, journal.now() if journal else local_now())
    for role in ("date", "mood"):
        if role not in reader.at:
            wanted = " or ".join(f"'{n}'" for n in fmt.columns.get(role, (role,))[:3])
            raise ForeignFileError(
                f"{path} line 1: not {_article(fmt.title)} {fmt.title} export: no {wanted} "
                f"column (the columns are: {inert(', '.join(header), 200)})"
                + ("" if fmt.name == "daylio" else f"; name it under [columns] in "
                                                   f"{mapping_path}")
                + (" (written just now for you to fill in)" if written else ""))
    used = set(reader.at.values()) | set(reader.tag_columns.values())
    known = {n.casefold() for names in fmt.columns.values() for n in names} | {"weekday"}
    ignored = tuple(h for i, h in enumerate(header)
                    if i not in used and h.strip().casefold() not in known and h.strip())
    existing = _existing_uids(journal, fmt) if journal else set()
    planned: list[PlannedCheckIn] = []
    unreadable: list[Unreadable] = []
    seen: set[str] = set()
    already = repeated = 0
    for line, cells in body:
        try:
            row = reader.read(line, cells)
        except (BadCell, InvalidEntry) as exc:
            unreadable.append(Unreadable(line, str(exc)))
            continue
        if row.uid in existing:
            already += 1
        elif row.uid in seen:
            repeated += 1
        else:
            seen.add(row.uid)
            planned.append(row)
    blocking = []
    if written:
        blocking.append(f"Ebbtide wrote its guesses to {mapping_path}: check the numbers "
                        "there, then run again.")
    if any(r.anxiety is None for r in planned):
        blocking.append(f"{fmt.title} rows without an anxiety value: every Ebbtide check-in "
                        "needs one (0-10) and Ebbtide will not make it up. Choose it: "
                        f"'default = N' under [anxiety] in {mapping_path}.")
    return ImportPlan(fmt, path, text.encoding, text.note, mapping, written, tuple(planned),
                      already, repeated, tuple(unreadable), tuple(blocking), ignored,
                      text.fingerprint, len(body))


def apply_import(journal: Journal, plan: ImportPlan, *, skip_unreadable: bool = False,
                 progress: Progress | None = None) -> ImportResult:
    """Write the plan's check-ins in one transaction: all or nothing. Refuses while the plan
    is blocked, when rows cannot be read (unless `skip_unreadable`), and when the file is
    not the one previewed any more (checked again just before the commit)."""
    if plan.blocking:
        raise ForeignFileError("not imported: " + " ".join(plan.blocking))
    if plan.unreadable and not skip_unreadable:
        first = plan.unreadable[0]
        raise ForeignFileError(
            f"not imported: {len(plan.unreadable):,} row(s) of {plan.path} cannot be read "
            f"(line {first.line}: {first.reason}). Fix them, or import the rest and leave "
            "those out (--skip-unreadable).")
    now_utc = utc_text(journal.now())
    added = 0
    total = len(plan.rows)
    with journal.transaction():
        existing = _existing_uids(journal, plan.fmt)
        new = [_stored(row, now_utc) for row in plan.rows if row.uid not in existing]
        for start in range(0, len(new), PROGRESS_EVERY):
            batch = new[start:start + PROGRESS_EVERY]
            journal.insert_rows("checkins", _STORED_COLUMNS, batch)
            added += len(batch)
            if progress is not None and len(batch) == PROGRESS_EVERY:
                progress(added, total)
        if fingerprint(plan.path) != plan.fingerprint:
            raise ForeignFileError(f"{plan.path} changed since it was read (its size, time or "
                                   "content differ): nothing was imported. Preview it again.")
    if progress is not None:
        progress(added, total)
    return ImportResult(added, plan.already + plan.repeated + (total - added),
                        len(plan.unreadable), plan.days)
