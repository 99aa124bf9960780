"""A practice session is recorded the moment it ends, however it ends (time up, `s` or Esc
confirmed = `stop()`, quitting or a signal = `end()`), and it is always exactly one record:
the after-rating updates it. Breathing, guided meditation and the bell timer alike, on an
injected clock, into the real journal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from ebbtide.core.clock import ManualClock
from ebbtide.core.content.meditations import Script, Source, Step
from ebbtide.core.content.patterns import load_shipped_patterns
from ebbtide.core.errors import EbbtideError, InvalidEntry
from ebbtide.core.journal.practice_log import JournalPracticeLog
from ebbtide.core.journal.store import Journal, JournalUnavailable
from ebbtide.core.practice.bell_timer import TimerRun, TimerSpec
from ebbtide.core.practice.breathing import BreathingSession
from ebbtide.core.practice.guide import GuideRun
from ebbtide.core.practice.records import MemoryPracticeLog, PracticeLog, PracticeRecord
from ebbtide.core.practice.session_flow import SessionFlow, StagedSession

WALL = datetime(2026, 11, 21, 8, 30, tzinfo=timezone(timedelta(hours=1)))
GENTLE = next(p for p in load_shipped_patterns() if p.id == "gentle")  # 8 s a breath
SCRIPT = Script(id="short", name="Short", purpose="Test.", minutes=1.0,
                source=Source("Test", "https://example.org/"),
                steps=(Step("Open.", 30.0, bell=True), Step("Close.", 30.0, bell=True)))

Session = StagedSession[Any]
Factory = Callable[[ManualClock, PracticeLog], Session]


def breathing(clock: ManualClock, log: PracticeLog) -> Session:
    return BreathingSession(GENTLE, cycles=8, clock=clock, log=log, wall_clock=lambda: WALL)


def guided(clock: ManualClock, log: PracticeLog) -> Session:
    return SessionFlow(GuideRun(SCRIPT, clock, wall_clock=lambda: WALL), clock=clock, log=log)


def timer(clock: ManualClock, log: PracticeLog) -> Session:
    return SessionFlow(TimerRun(TimerSpec(minutes=1), clock, wall_clock=lambda: WALL),
                       clock=clock, log=log)


KINDS = {"breathe": breathing, "meditate": guided, "timer": timer}


def finish(session: Session, clock: ManualClock) -> None:
    clock.advance(120.0)
    session.poll()


def stop(session: Session, clock: ManualClock) -> None:  # `s`, or Esc once confirmed
    clock.advance(11.0)
    session.poll()
    session.stop()


def end(session: Session, clock: ManualClock) -> None:  # ctrl+q, SIGTERM, SIGHUP, SIGINT
    clock.advance(11.0)
    session.poll()
    session.end()


def end_while_asking_to_stop(session: Session, clock: ManualClock) -> None:
    """Esc pauses and asks; the app is closed while the question is up."""
    clock.advance(11.0)
    session.poll()
    session.pause()
    clock.advance(30.0)  # paused time is not practice
    session.end()


WAYS: dict[str, tuple[Callable[[Session, ManualClock], None], bool, float | None]] = {
    "completed": (finish, True, None),
    "stop": (stop, False, 11.0),
    "end": (end, False, 11.0),
    "end-while-asking": (end_while_asking_to_stop, False, 11.0),
}


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "journal.sqlite3", clock=lambda: WALL)


def started(kind: str, journal: Journal) -> tuple[Session, ManualClock]:
    clock = ManualClock(100.0)
    session = KINDS[kind](clock, JournalPracticeLog(lambda: journal, lambda: WALL))
    session.rate_before(6)
    return session, clock


def stored(journal: Journal) -> list[PracticeRecord]:
    return journal.practices_between(WALL - timedelta(days=1), WALL + timedelta(days=1))


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_session_is_one_record_the_moment_it_ends_and_the_rating_updates_it(
        kind: str, way: str, journal: Journal) -> None:
    session, clock = started(kind, journal)
    end_it, completed, seconds = WAYS[way]
    end_it(session, clock)

    assert session.stage == "summary" and session.saved  # before any after-rating
    (record,) = stored(journal)
    assert (record.kind, record.completed, record.anxiety_before, record.anxiety_after) == \
        (kind, completed, 6, None)
    assert record.actual_seconds == pytest.approx(seconds or record.planned_seconds)

    session.rate_after(2)
    assert session.saved
    (rated,) = stored(journal)
    assert rated == PracticeRecord(record.kind, record.content_id, record.started_at,
                                   record.planned_seconds, record.actual_seconds,
                                   completed, 6, 2)
    session.end()  # the app closing afterwards changes nothing
    assert session.save() and stored(journal) == [rated]
    assert journal.count("practice") == 1


@pytest.mark.parametrize("kind", KINDS)
def test_ending_before_the_practice_began_records_nothing(kind: str,
                                                          journal: Journal) -> None:
    clock = ManualClock(100.0)
    session = KINDS[kind](clock, JournalPracticeLog(lambda: journal, lambda: WALL))
    assert not session.end()
    assert session.stage == "cancelled" and stored(journal) == []


def test_skipping_the_after_rating_keeps_the_record_as_it_was(journal: Journal) -> None:
    session, clock = started("breathe", journal)
    stop(session, clock)
    session.skip_rating_after()
    (record,) = stored(journal)
    assert record.anxiety_after is None and not record.completed


class FlakyLog(MemoryPracticeLog):
    """Refuses every write while `down`."""

    down = True

    def add_practice(self, record: PracticeRecord) -> None:
        if self.down:
            raise EbbtideError("the journal is locked")
        super().add_practice(record)

    def update_practice(self, record: PracticeRecord) -> None:
        if self.down:
            raise EbbtideError("the journal is locked")
        super().update_practice(record)


@pytest.mark.parametrize("kind", KINDS)
def test_a_failed_write_is_kept_and_retried_and_still_one_record(kind: str) -> None:
    clock, log = ManualClock(100.0), FlakyLog()
    session = KINDS[kind](clock, log)
    session.skip_rating_before()
    stop(session, clock)
    assert not session.saved and session.save_error == "the journal is locked"
    assert session.record() is not None  # the data stays in memory
    session.rate_after(3)  # still down: the rating is kept with it
    assert not session.saved and log.records == []

    log.down = False
    assert session.save() and session.save_error is None
    assert [(r.completed, r.anxiety_after) for r in log.records] == [(False, 3)]
    assert session.save() and len(log.records) == 1


def test_a_failed_rating_update_is_retried_as_an_update() -> None:
    clock, log = ManualClock(100.0), FlakyLog()
    log.down = False
    session = breathing(clock, log)
    session.rate_before(5)
    stop(session, clock)
    log.down = True
    session.rate_after(1)
    assert not session.saved and log.records[0].anxiety_after is None
    log.down = False
    assert session.save()
    assert [(r.anxiety_before, r.anxiety_after) for r in log.records] == [(5, 1)]


def test_while_the_journal_is_unavailable_the_session_waits_as_one_record(
        tmp_path: Path) -> None:
    available = False
    journal = Journal(tmp_path / "journal.sqlite3", clock=lambda: WALL)

    def opener() -> Journal:
        if not available:
            raise JournalUnavailable("the journal folder is read-only")
        return journal

    log = JournalPracticeLog(opener, lambda: WALL)
    clock = ManualClock(100.0)
    session = timer(clock, log)
    session.rate_before(7)
    end(session, clock)
    session.rate_after(4)
    assert not session.saved and "read-only" in (session.save_error or "")
    assert [(r.anxiety_after, r.completed) for r in log.waiting] == [(4, False)]

    available = True
    assert session.save()
    assert log.waiting == [] and [r.anxiety_after for r in stored(journal)] == [4]
    assert journal.count("practice") == 1


def test_the_journal_refuses_to_update_a_session_it_does_not_hold(journal: Journal) -> None:
    record = PracticeRecord("breathe", "box", WALL, 60, 30, False, uid="not-there")
    with pytest.raises(InvalidEntry):
        journal.update_practice(record)
    journal.add_practice(record)
    journal.update_practice(PracticeRecord("breathe", "box", WALL, 60, 30, False, 5, 2,
                                           uid="not-there"))
    assert [(r.anxiety_before, r.anxiety_after) for r in stored(journal)] == [(5, 2)]
