"""`ebbtide log`: save one check-in (and a dose and side effects) from the command line.

Kept light: nothing heavier than argparse at import time; the journal is imported in `run`.
Values are checked while parsing, so a bad value exits 2 before the journal is touched."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from ebbtide.cli.context import CommandContext

if TYPE_CHECKING:
    import sqlite3 as sqlite3_t
    from datetime import datetime as datetime_t

SEVERITIES = ("mild", "moderate", "severe")


def _whole(label: str, low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{label} must be a whole number from {low} to {high} (got '{inert(text, 40)}')"
            ) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"{label} must be from {low} to {high} (got {value})")
        return value

    parse.__name__ = label
    return parse


def _number(label: str, low: float, high: float, *, low_open: bool = False,
            unit: str = "") -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text.strip())
        except ValueError:
            value = float("nan")
        if value != value or value in (float("inf"), float("-inf")):
            raise argparse.ArgumentTypeError(f"{label} must be a number (got '{inert(text, 40)}')")
        too_low = value <= low if low_open else value < low
        if too_low or value > high:
            bound = f"more than {low:g}" if low_open else f"from {low:g}"
            raise argparse.ArgumentTypeError(
                f"{label} must be {bound} to {high:g}{unit} (got {value:g})")
        return value

    parse.__name__ = label
    return parse


def parse_side_effect(text: str) -> tuple[str, str]:
    """'dizziness' -> ('dizziness', 'mild'); 'nausea:severe' -> ('nausea', 'severe')."""
    name, sep, severity = text.rpartition(":")
    if not sep:
        name, severity = text, "mild"
    else:
        severity = severity.strip().lower()
        if severity not in SEVERITIES:
            raise argparse.ArgumentTypeError(
                f"unknown severity '{inert(text.rpartition(':')[2], 40)}' in "
                f"'{inert(text, 60)}': use "
                "NAME:mild, NAME:moderate or NAME:severe")
    if not name.strip():
        raise argparse.ArgumentTypeError(f"side effect '{inert(text, 60)}' has no name")
    if len(name) > 200:
        raise argparse.ArgumentTypeError("a side effect name is at most 200 characters")
    return name.strip(), severity


parse_mood = _whole("mood", 1, 10)
parse_anxiety = _whole("anxiety", 0, 10)
parse_energy = _whole("energy", 1, 10)
parse_sleep_quality = _whole("sleep quality", 1, 5)
parse_sleep = _number("sleep", 0, 24, unit=" hours")
parse_dose = _number("dose", 0, 100_000, low_open=True, unit=" mg")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "log", help="save a check-in (mood, anxiety, dose, side effects) in one line",
        description="Save one check-in to your journal without opening the app. "
                    "Example: ebbtide log --mood 6 --anxiety 4 --dose 10 "
                    "--side-effect drowsiness:mild --tag 'stressful day'")
    parser.add_argument("--mood", type=parse_mood, required=True, metavar="N",
                        help="1 (very low) to 10 (very good)")
    parser.add_argument("--anxiety", type=parse_anxiety, required=True, metavar="N",
                        help="0 (none) to 10 (extreme)")
    parser.add_argument("--sleep", type=parse_sleep, metavar="H", help="hours slept, 0–24")
    parser.add_argument("--sleep-quality", type=parse_sleep_quality, metavar="N",
                        help="1 (poor) to 5 (very good)")
    parser.add_argument("--energy", type=parse_energy, metavar="N", help="1 to 10")
    parser.add_argument("--dose", type=parse_dose, metavar="MG",
                        help="a dose you took, in mg (as you took it; nothing is suggested)")
    parser.add_argument("--skipped", action="store_true",
                        help="record the dose as skipped instead of taken")
    parser.add_argument("--medication", metavar="NAME",
                        help="which medication the dose was (default: your only active "
                             "one, or baclofen)")
    parser.add_argument("--side-effect", dest="side_effects", action="append", default=[],
                        type=parse_side_effect, metavar="NAME[:SEVERITY]",
                        help="e.g. drowsiness or nausea:moderate (mild, moderate, severe; "
                             "default mild). Repeat for more")
    parser.add_argument("--tag", dest="tags", action="append", default=[], metavar="T",
                        help="e.g. alcohol, exercise, 'missed dose'. Repeat for more")
    parser.add_argument("--note", default="", metavar="TEXT", help="a free note")
    parser.add_argument("--flag", action="store_true",
                        help="flag this entry to discuss with your doctor")
    parser.add_argument("--at", metavar="TIME",
                        help="when (default now): 2024-05-01T08:30, '2024-05-01 08:30' or "
                             "08:30 for today; local time unless an offset is given")
    parser.set_defaults(handler=run)


# Must equal ebbtide.core.journal.schema.SCHEMA_VERSION (tests/test_log_cli.py checks). When the
# file is at another version, the full Journal.open path migrates it first.
SCHEMA_VERSION = 3
MAX_NOTE_CHARS = 1_000_000
MAX_TAG_CHARS = 200
FUTURE_MINUTES = 5


def parse_at_arg(text: str, now: datetime_t) -> datetime_t:
    """`--at`: ISO date-time (local unless an offset is given), `YYYY-MM-DD HH:MM`, or
    `HH:MM` for today. Not more than a few minutes ahead of `now`."""
    from datetime import datetime, timedelta

    from ebbtide.core.errors import EbbtideError

    raw = text.strip()
    try:
        if len(raw) <= 5 and ":" in raw:
            hours, minutes = raw.split(":")
            if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
                raise ValueError(raw)
            at = now.replace(hour=int(hours), minute=int(minutes), second=0, microsecond=0)
        else:
            at = datetime.fromisoformat(raw)
            if at.tzinfo is None:
                at = at.astimezone()
    except (ValueError, OverflowError):
        raise EbbtideError(f"cannot read the time '{inert(text, 40)}': use e.g. 2024-05-01T08:30 "
                           "or 08:30") from None
    if at.year < 1900:
        raise EbbtideError(f"'{inert(text, 40)}' is too far in the past")
    if at > now + timedelta(minutes=FUTURE_MINUTES):
        raise EbbtideError(f"--at {at.isoformat(timespec='minutes')} is in the future")
    return at


class _Entry:
    """One validated `log` request."""

    def __init__(self, args: argparse.Namespace, now: datetime_t) -> None:
        from ebbtide.core.content.side_effects import canonical_name
        from ebbtide.core.errors import EbbtideError

        at = parse_at_arg(args.at, now) if args.at is not None else now
        self.at = at.replace(microsecond=0)
        self.mood: int = args.mood
        self.anxiety: int = args.anxiety
        self.sleep: float | None = args.sleep
        self.sleep_quality: int | None = args.sleep_quality
        self.energy: int | None = args.energy
        self.flag: bool = args.flag
        tags: dict[str, None] = {}
        for tag in args.tags:
            if len(tag) > MAX_TAG_CHARS:
                raise EbbtideError(f"a tag is at most {MAX_TAG_CHARS} characters")
            if tag.strip():
                tags.setdefault(tag, None)
        self.tags = list(tags)
        if len(args.note) > MAX_NOTE_CHARS:
            raise EbbtideError(f"the note is too long (the limit is {MAX_NOTE_CHARS:,} "
                               "characters)")
        self.note: str = args.note
        self.dose: float | None = args.dose
        self.status = "skipped" if args.skipped else "taken"
        self.wants_dose = args.dose is not None or args.skipped
        self.medication: str | None = None
        if args.medication is not None:
            if not self.wants_dose:
                raise EbbtideError("--medication names the medicine of a dose: add --dose MG "
                                   "(or --skipped)")
            self.medication = args.medication.strip()
            if not self.medication or len(self.medication) > 200:
                raise EbbtideError("--medication needs a name (at most 200 characters)")
        self.effects = [(canonical_name(name), severity)
                        for name, severity in args.side_effects]


def _uid() -> str:
    import os

    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _write(conn: sqlite3_t.Connection, e: _Entry, now: datetime_t) -> tuple[str | None, bool]:
    """Insert the entry (inside the caller's transaction). Returns (medication name, whether
    that medication was added now)."""
    import json
    from datetime import UTC

    from ebbtide.core.errors import EbbtideError

    fmt = "%Y-%m-%dT%H:%M:%SZ"
    at_utc = e.at.astimezone(UTC).strftime(fmt)
    offset = e.at.utcoffset()
    offset_min = int(offset.total_seconds() // 60) if offset is not None else 0
    local_date = e.at.date().isoformat()
    stamp = now.astimezone(UTC).strftime(fmt)
    med_id: int | None = None
    med_name: str | None = None
    added = False
    if e.wants_dose:
        row = None
        if e.medication is not None:
            row = conn.execute("SELECT id, name FROM medications WHERE deleted_utc IS NULL AND "
                               "name = ? COLLATE NOCASE ORDER BY active DESC, id LIMIT 1",
                               (e.medication,)).fetchone()
            wanted = e.medication
        else:
            active = conn.execute("SELECT id, name FROM medications WHERE deleted_utc IS NULL "
                                  "AND active = 1 ORDER BY id").fetchall()
            if len(active) > 1:
                names = ", ".join(str(r[1]) for r in active)
                raise EbbtideError(f"you have several active medications ({names}): say "
                                   "which with --medication NAME")
            row = active[0] if active else conn.execute(
                "SELECT id, name FROM medications WHERE deleted_utc IS NULL AND name = "
                "'baclofen' COLLATE NOCASE ORDER BY id LIMIT 1").fetchone()
            wanted = "baclofen"
        if row is None:
            cur = conn.execute("INSERT INTO medications (uid, name, created_utc, updated_utc) "
                               "VALUES (?, ?, ?, ?)", (_uid(), wanted, stamp, stamp))
            med_id, med_name, added = cur.lastrowid, wanted, True
        else:
            med_id, med_name = row
    when = (at_utc, offset_min, local_date)
    cur = conn.execute(
        "INSERT INTO checkins (uid, at_utc, utc_offset_min, local_date, mood, anxiety, "
        "sleep_hours, sleep_quality, energy, tags, note, flagged_for_doctor, created_utc, "
        "updated_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (_uid(), *when, e.mood, e.anxiety, e.sleep, e.sleep_quality, e.energy,
         json.dumps(e.tags, ensure_ascii=False, separators=(",", ":")), e.note, int(e.flag),
         stamp, stamp))
    checkin_id = cur.lastrowid
    if med_id is not None:
        conn.execute(
            "INSERT INTO doses (uid, medication_id, checkin_id, at_utc, utc_offset_min, "
            "local_date, status, amount_mg, created_utc, updated_utc) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_uid(), med_id, checkin_id, *when, e.status, e.dose, stamp, stamp))
    for name, severity in e.effects:
        conn.execute(
            "INSERT INTO side_effects (uid, checkin_id, at_utc, utc_offset_min, local_date, "
            "name, severity, created_utc, updated_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_uid(), checkin_id, *when, name, severity, stamp, stamp))
    return med_name, added


def _fast_save(ctx: CommandContext, e: _Entry, now: datetime_t
               ) -> tuple[str | None, bool] | None:
    """The everyday path: the journal exists, is current and today's backup is made, so
    open it bare and write. None means "use the full Journal.open path" (first run,
    migration, backup due, or any SQLite trouble, which that path explains)."""
    import os
    import sqlite3
    from contextlib import suppress

    paths = ctx.paths
    try:
        if os.stat(paths.journal_file).st_size == 0:
            return None
        if not os.path.exists(paths.backup_dir / f"journal-{now.date().isoformat()}.sqlite3"):
            return None
        conn = sqlite3.connect(str(paths.journal_file), timeout=10.0, isolation_level=None)
    except (OSError, sqlite3.Error):
        return None
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            return None
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            return None
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Python 3.12+: skip the checkpoint on close (two more fsyncs). The commit below is
        # already durable in the WAL; the app checkpoints later.
        setconfig = getattr(conn, "setconfig", None)
        no_ckpt = getattr(sqlite3, "SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE", None)
        if setconfig is not None and no_ckpt is not None:
            setconfig(no_ckpt, True)
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = _write(conn, e, now)
            conn.execute("COMMIT")
        except BaseException:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
        return result
    except sqlite3.Error:
        return None  # nothing was committed: the full path retries and explains
    finally:
        conn.close()


def _full_save(ctx: CommandContext, e: _Entry, now: datetime_t
               ) -> tuple[tuple[str | None, bool], str | None]:
    from ebbtide.core.journal.store import Journal

    with Journal.open(ctx.paths, verify=False, clock=lambda: now) as journal:
        with journal.transaction():
            result = _write(journal.connection, e, now)
        return result, journal.backup_error


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from datetime import datetime

    now = datetime.now().astimezone()
    entry = _Entry(args, now)
    backup_error = None
    result = _fast_save(ctx, entry, now)
    if result is None:
        result, backup_error = _full_save(ctx, entry, now)
    _report(ctx, entry, *result)
    if backup_error:
        print(f"ebbtide: note: {backup_error}", file=ctx.err)
    return 0


def _report(ctx: CommandContext, e: _Entry, medication: str | None, added: bool) -> None:
    from ebbtide.core.content.side_effects import is_urgent

    out = ctx.out
    zone = e.at.strftime("%z")
    print(f"Saved check-in for {e.at.strftime('%a %d %b %Y %H:%M')} "
          f"(UTC{zone[:3]}:{zone[3:]})", file=out)
    parts = [f"mood {e.mood}/10", f"anxiety {e.anxiety}/10"]
    if e.sleep is not None:
        parts.append(f"sleep {e.sleep:g} h")
    if e.sleep_quality is not None:
        parts.append(f"sleep quality {e.sleep_quality}/5")
    if e.energy is not None:
        parts.append(f"energy {e.energy}/10")
    print("  " + " · ".join(parts), file=out)
    if medication is not None:
        amount = f" {e.dose:g} mg" if e.dose is not None else ""
        print(f"  dose: {inert(medication)}{amount}, {e.status}", file=out)
    if e.effects:
        listed = ", ".join(f"{inert(n)} ({s})" for n, s in e.effects)
        print(f"  side effects: {listed}", file=out)
    if e.tags:
        print("  tags: " + ", ".join(inert(t, 60) for t in e.tags), file=out)
    if e.note:
        print(f"  note: {inert(e.note, 60)}", file=out)
    if e.flag:
        print("  flagged to discuss with your doctor", file=out)
    if added and medication is not None:
        print(f"Added '{inert(medication)}' to your medications (first time it was logged). "
              "Set its strength and schedule in the app's journal.", file=out)
    for name, _severity in e.effects:
        if is_urgent(name):
            print(f"'{name}' is one of the effects that need medical help straight away. "
                  "If it is happening now, call your local emergency number (999 in the UK, "
                  "911 in the US).", file=out)
            break


def inert(text: str, limit: int | None = None) -> str:
    """Printable form of user text: control characters (ANSI escapes, NUL...) escaped."""
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else
                   ("⏎" if ch == "\n" else f"\\x{ord(ch):02x}" if ord(ch) < 0x100
                    else f"\\u{ord(ch):04x}") for ch in text)
