"""What the journal keeps besides check-ins: practice sessions (it is the app's
`PracticeLog`), completed self-checks (PHQ-9, GAD-7) and which safety notes were shown or
dismissed. `JournalActivity` is one of the parts `Journal` is made of."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import datetime

from ebbtide.core.content.questionnaires import (
    QUESTIONNAIRES,
    CheckKind,
    SelfCheck,
    check_answers,
    check_difficulty,
    parse_kind,
)
from ebbtide.core.errors import InvalidEntry
from ebbtide.core.ids import new_uid
from ebbtide.core.journal.models import Practice, check_anxiety, check_text, stamp
from ebbtide.core.journal.queries import JournalQueries
from ebbtide.core.practice.records import PracticeRecord


class JournalActivity(JournalQueries):
    """Save practice sessions, self-checks and what happened to safety notes."""

    # ------------------------------------------------------------ practice (PracticeLog)

    def add_practice(self, record: PracticeRecord) -> None:
        """core.practice.PracticeLog: store one breathing/meditation/timer session."""
        self.add_practice_record(record)

    def add_practice_record(self, record: PracticeRecord) -> Practice:
        """Store `record` as a new row (under `record.uid` when it has one)."""
        values = _practice_values(record)
        at_utc, offset, local_day = stamp(record.started_at)
        now = self._now_utc()
        with self.transaction():
            cur = self._exec(
                "INSERT INTO practices (uid, at_utc, utc_offset_min, local_date, kind, "
                "content_id, planned_seconds, actual_seconds, completed, anxiety_before, "
                "anxiety_after, created_utc, updated_utc) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (record.uid or new_uid(), at_utc, offset, local_day, record.kind,
                 check_text("content_id", record.content_id, 500), *values, now, now))
            practice_id = cur.lastrowid
        practice = self.get("practice", practice_id or 0)
        assert isinstance(practice, Practice)
        return practice

    def update_practice(self, record: PracticeRecord) -> None:
        """core.practice.PracticeLog: rewrite the session stored under `record.uid` (its
        seconds, completion and ratings; the after-rating, most often). Raises InvalidEntry
        when no session has that uid."""
        values = _practice_values(record)
        with self.transaction():
            cur = self._exec(
                "UPDATE practices SET planned_seconds = ?, actual_seconds = ?, completed = ?, "
                "anxiety_before = ?, anxiety_after = ?, updated_utc = ? "
                "WHERE uid = ? AND deleted_utc IS NULL",
                (*values, self._now_utc(), record.uid))
        if not record.uid or cur.rowcount != 1:
            raise InvalidEntry("uid", "that practice session is not in the journal")

    # ------------------------------------------------------------ self-checks (PHQ-9, GAD-7)

    def add_selfcheck(self, kind: CheckKind | str, answers: Sequence[int], *,
                      at: datetime | None = None, difficulty: int | None = None) -> SelfCheck:
        """Store a completed PHQ-9 or GAD-7 (every item answered 0–3); the score is
        computed here. `difficulty`: PHQ-9's closing "how difficult" answer (0–3, not
        scored; None when not answered). Raises InvalidEntry before writing when an answer
        is missing or out of range."""
        clean_kind = parse_kind(kind)
        clean = check_answers(clean_kind, answers)
        clean_difficulty = check_selfcheck_difficulty(clean_kind, difficulty)
        at_utc, offset, local_day = stamp(at or self._clock())
        now = self._now_utc()
        with self.transaction():
            cur = self._exec(
                "INSERT INTO selfchecks (uid, at_utc, utc_offset_min, local_date, kind, "
                "answers, score, difficulty, created_utc, updated_utc) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (new_uid(), at_utc, offset, local_day, clean_kind,
                 json.dumps(list(clean), separators=(",", ":")), sum(clean),
                 clean_difficulty, now, now))
            new_id = cur.lastrowid
        found = self.get_selfcheck(new_id or 0)
        assert found is not None
        return found

    # ------------------------------------------------------------ safety notes (shown/dismissed)

    def mark_notes_shown(self, note_ids: Sequence[str]) -> None:
        """Remember that these notes were shown (the first time only)."""
        now = self._now_utc()
        with self.transaction():
            for note_id in note_ids:
                self._exec("INSERT INTO safety_notes (note_id, rule, shown_utc) "
                           "VALUES (?, ?, ?) ON CONFLICT (note_id) DO UPDATE SET "
                           "shown_utc = coalesce(shown_utc, excluded.shown_utc)",
                           (note_id, note_id.split(":", 1)[0], now))

    def dismiss_note(self, note_id: str) -> None:
        """The person dismissed this note: it is not shown again (the report still lists
        it among the notes raised in the period)."""
        now = self._now_utc()
        with self.transaction():
            self._exec("INSERT INTO safety_notes (note_id, rule, shown_utc, dismissed_utc) "
                       "VALUES (?, ?, ?, ?) ON CONFLICT (note_id) DO UPDATE SET "
                       "shown_utc = coalesce(shown_utc, excluded.shown_utc), "
                       "dismissed_utc = coalesce(dismissed_utc, excluded.dismissed_utc)",
                       (note_id, note_id.split(":", 1)[0], now, now))


def check_selfcheck_difficulty(kind: CheckKind, value: object) -> int | None:
    """None or 0–3, and only for a questionnaire that asks it (PHQ-9)."""
    clean = check_difficulty(value)
    if clean is not None and not QUESTIONNAIRES[kind].difficulty_question:
        raise InvalidEntry("difficulty", f"{QUESTIONNAIRES[kind].name} has no "
                                         "\"how difficult\" question")
    return clean


def _practice_values(record: PracticeRecord) -> tuple[float, float, int, int | None, int | None]:
    """Checked planned and actual seconds, completed and the two ratings, as stored."""
    if record.kind not in ("breathe", "meditate", "timer"):
        raise InvalidEntry("kind", f"unknown practice kind '{record.kind}'")
    for label, value in (("planned", record.planned_seconds),
                         ("actual", record.actual_seconds)):
        if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
            raise InvalidEntry(label, f"{label} seconds must be a number of 0 or more")
    before = None if record.anxiety_before is None else check_anxiety(record.anxiety_before)
    after = None if record.anxiety_after is None else check_anxiety(record.anxiety_after)
    return (float(record.planned_seconds), float(record.actual_seconds),
            int(bool(record.completed)), before, after)
