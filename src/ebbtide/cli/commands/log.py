"""`ebbtide log`: save one check-in (and a dose and side effects) from the command line.

Kept light: argparse and the journal's `values` at import time; its writer in `run`. Values
are checked while parsing (by the journal's validators), so a bad value exits 2 before
the journal is touched. The everyday save opens the file bare and writes through
`core.journal.writer`, the same writer `Journal.add_checkin` uses.

Never "Saved" into a damaged journal: the bare write happens only while the file is as
Ebbtide last checked or left it and no check has failed since (`core.journal.health`: a
stat and a few lines of text instead of a `quick_check` on every log); otherwise the full
path checks the file first and refuses with one sentence (exit 2) pointing to the restore."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, TypeVar

from ebbtide.cli.context import CommandContext
from ebbtide.core.errors import EbbtideError, InvalidEntry
from ebbtide.core.journal.values import (
    MAX_NAME_CHARS,
    DoseInput,
    DoseStatus,
    SeverityName,
    SideEffectInput,
    check_amount_mg,
    check_anxiety,
    check_energy,
    check_mood,
    check_name,
    check_severity,
    check_sleep_hours,
    check_sleep_quality,
    check_tags,
    check_text,
    parse_at,
    stamp,
    utc_text,
)
from ebbtide.core.text import inert

if TYPE_CHECKING:
    import sqlite3 as sqlite3_t
    from datetime import datetime as datetime_t

Value = TypeVar("Value")
Saved = tuple[str | None, bool]  # (medication name, whether it was added now)


def _option(check: Callable[[object], Value | None],
            convert: Callable[[str], object]) -> Callable[[str], Value]:
    """An argparse type: `convert` the text (int or float), then `check` it with the
    journal's validator; its message becomes argparse's, with the text typed when the
    message does not already show the value."""

    def parse(text: str) -> Value:
        try:
            value = convert(text.strip())
        except ValueError:
            value = text
        try:
            checked = check(value)
        except InvalidEntry as exc:
            message = str(exc)
            if "(got " not in message:
                message += f" (got '{inert(text, 40)}')"
            raise argparse.ArgumentTypeError(message) from None
        assert checked is not None
        return checked

    return parse


def parse_side_effect(text: str) -> tuple[str, SeverityName]:
    """'dizziness' -> ('dizziness', 'mild'); 'nausea:severe' -> ('nausea', 'severe')."""
    name, sep, severity = text.rpartition(":")
    if not sep:
        name, severity = text, "mild"
    try:
        clean = check_severity(severity)
    except InvalidEntry:
        raise argparse.ArgumentTypeError(
            f"unknown severity '{inert(severity, 40)}' in '{inert(text, 60)}': use "
            "NAME:mild, NAME:moderate or NAME:severe") from None
    if not name.strip():
        raise argparse.ArgumentTypeError(f"side effect '{inert(text, 60)}' has no name")
    if len(name) > MAX_NAME_CHARS:
        raise argparse.ArgumentTypeError(
            f"a side effect name is at most {MAX_NAME_CHARS} characters")
    return name.strip(), clean


def _dose_mg(value: object) -> float | None:
    return check_amount_mg(value, field_name="dose")


parse_mood = _option(check_mood, int)
parse_anxiety = _option(check_anxiety, int)
parse_energy = _option(check_energy, int)
parse_sleep_quality = _option(check_sleep_quality, int)
parse_sleep = _option(check_sleep_hours, float)
parse_dose = _option(_dose_mg, float)


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
                        help="when (default now): 21:00, 'yesterday 21:00', 'mon 8:30am', "
                             "'2 days ago', 'last night 23:30' or '2024-05-01 08:30'; local "
                             "time unless an offset is given")
    parser.set_defaults(handler=run)


def parse_at_option(text: str, now: datetime_t) -> datetime_t:
    """`--at` (see values.parse_at), with the option named in the message."""
    try:
        return parse_at(text, now)
    except InvalidEntry as exc:
        raise EbbtideError(f"--at: {exc}") from None


class _Entry:
    """One validated `log` request."""

    def __init__(self, args: argparse.Namespace, now: datetime_t) -> None:
        from ebbtide.core.content.side_effects import canonical_name
        from ebbtide.core.journal.writer import checkin_row

        at = parse_at_option(args.at, now) if args.at is not None else now
        self.at = at.replace(microsecond=0)
        self.mood: int = args.mood
        self.anxiety: int = args.anxiety
        self.sleep: float | None = args.sleep
        self.sleep_quality: int | None = args.sleep_quality
        self.energy: int | None = args.energy
        self.flag: bool = args.flag
        self.tags = check_tags(args.tags)
        self.note = check_text("note", args.note)
        self.row = checkin_row(mood=self.mood, anxiety=self.anxiety, sleep_hours=self.sleep,
                               sleep_quality=self.sleep_quality, energy=self.energy,
                               tags=self.tags, note=self.note, flagged_for_doctor=self.flag)
        self.dose: float | None = args.dose
        self.status: DoseStatus = "skipped" if args.skipped else "taken"
        self.wants_dose = args.dose is not None or args.skipped
        self.medication: str | None = None
        if args.medication is not None:
            if not self.wants_dose:
                raise EbbtideError("--medication names the medicine of a dose: add --dose MG "
                                   "(or --skipped)")
            check_text("medication", args.medication, len(args.medication))  # not UTF-8?
            try:
                self.medication = check_name("medication", args.medication)
            except InvalidEntry:
                raise EbbtideError("--medication needs a name (at most "
                                   f"{MAX_NAME_CHARS} characters)") from None
        self.effects = [SideEffectInput(canonical_name(name), severity)
                        for name, severity in args.side_effects]


def _write(conn: sqlite3_t.Connection, e: _Entry, now: datetime_t) -> tuple[str | None, bool]:
    """Insert the entry (inside the caller's transaction). Returns (medication name, whether
    that medication was added now)."""
    from ebbtide.core.journal import writer

    now_utc = utc_text(now)
    doses: list[DoseInput] = []
    medication: str | None = None
    added = False
    if e.wants_dose:
        try:
            med_id, medication, added = writer.medication_for_dose(conn, e.medication, now_utc)
        except writer.SeveralActiveMedications as exc:
            raise EbbtideError(f"{exc}: say which with --medication NAME") from None
        doses.append(DoseInput(med_id, e.dose, e.status))
    writer.insert_checkin(conn, e.row, stamp(e.at), now_utc, doses, e.effects)
    return medication, added


def _fast_save(ctx: CommandContext, e: _Entry, now: datetime_t
               ) -> Saved | Literal["check"] | None:
    """The everyday path: the journal exists, is current, today's backup is made and the
    file is as Ebbtide last checked or left it, so open it bare and write. None means "use
    the full Journal.open path" (first run, migration, backup due, file changed or damage
    noted: that path checks first); "check": SQLite refused here, so the full path checks
    the file before writing and explains."""
    import os
    import sqlite3
    from contextlib import suppress

    from ebbtide.core.journal import health
    from ebbtide.core.journal.backup_files import backup_path
    from ebbtide.core.journal.schema import open_current

    paths = ctx.paths
    try:
        if os.stat(paths.journal_file).st_size == 0:
            return None
    except OSError:
        return None
    if not os.path.exists(backup_path(paths.backup_dir, now.date())):
        return None
    if not health.read_health(paths.backup_dir).trusts(paths.journal_file):
        return None
    conn = open_current(paths.journal_file)
    if conn is None:
        return None
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = _write(conn, e, now)
            conn.execute("COMMIT")
        except BaseException:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
    except sqlite3.Error:
        return "check"  # nothing was committed: the full path checks, retries, explains
    finally:
        conn.close()
    health.remember_left(paths.backup_dir, paths.journal_file, has_rows=True)
    return result


def _full_save(ctx: CommandContext, e: _Entry, now: datetime_t, *, check: bool
               ) -> tuple[Saved, str | None]:
    """Through `Journal.open`, which creates, migrates and backs up as needed, and checks
    the file first when it changed since Ebbtide last left it, a check failed (or `check`).
    A damaged, missing or emptied journal is refused: nothing is written."""
    from ebbtide.core.journal.store import Journal, JournalCorrupt

    try:
        with Journal.open(ctx.paths, verify=True if check else "if changed",
                          clock=lambda: now) as journal:
            with journal.transaction():
                result = _write(journal.connection, e, now)
            return result, journal.backup_error
    except JournalCorrupt as exc:
        raise EbbtideError(f"nothing was saved: {exc}") from exc


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from datetime import datetime

    now = datetime.now().astimezone()
    entry = _Entry(args, now)
    backup_error = None
    fast = _fast_save(ctx, entry, now)
    if fast is None or fast == "check":
        result, backup_error = _full_save(ctx, entry, now, check=fast == "check")
    else:
        result = fast
    _report(ctx, entry, *result)
    if backup_error:
        print(f"ebbtide: note: {backup_error}", file=ctx.err)
    return 0


def _report(ctx: CommandContext, e: _Entry, medication: str | None, added: bool) -> None:
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
        listed = ", ".join(f"{inert(s.name)} ({s.severity})" for s in e.effects)
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
    _say_what_needs_help_now(ctx, e)


def _say_what_needs_help_now(ctx: CommandContext, e: _Entry) -> None:
    """Crisis words or an urgent sign in what was typed: the crisis resources for the
    person's region, or the urgent-sign notice, at once. The phrases load only when
    something typed has a word that can begin one (a plain mood/anxiety/dose line, or a
    tag like "gardening", pays almost nothing)."""
    typed = [*(s.name for s in e.effects), *e.tags, *([e.note] if e.note.strip() else [])]
    if not typed:
        return
    from ebbtide.core.content.phrase_cache import nothing_to_check
    from ebbtide.core.content.side_effects import is_listed_urgent

    if (nothing_to_check(typed, ctx.paths.content_cache_dir)
            and not any(is_listed_urgent(text) for text in typed)):
        return
    from ebbtide.core.content.crisis_words import is_crisis_text
    from ebbtide.core.content.phrases import parsed_copies_in
    from ebbtide.core.content.side_effects import is_urgent

    with parsed_copies_in(ctx.paths.content_cache_dir):
        crisis = any(is_crisis_text(text) for text in typed)
        urgent = [inert(s.name, 60) for s in e.effects if is_urgent(s.name, s.severity)]
        urgent += [inert(text, 60) for text in (*e.tags, e.note) if text and is_urgent(text)]
    if crisis:
        from ebbtide.cli.safety_output import print_crisis

        print_crisis(ctx.paths, ctx.out)
    if urgent:
        from ebbtide.cli.safety_output import print_urgent

        print_urgent(ctx.paths, ctx.out, urgent)
