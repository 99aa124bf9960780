"""Searching the journal: a V3 file gains the index with what it already holds, the
index follows every add, edit, delete, undo and purge, and whatever a person types gives
results or a clear message, never an SQLite error."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ebbtide.core.journal import schema
from ebbtide.core.journal import search as journal_search
from ebbtide.core.journal.models import CheckIn, SideEffect
from ebbtide.core.journal.schema import MIGRATIONS, SCHEMA_VERSION
from ebbtide.core.journal.search import NothingToSearch, SearchHit
from ebbtide.core.journal.store import Journal

BERLIN = timezone(timedelta(hours=1))
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=BERLIN)


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "journal.sqlite3", clock=lambda: NOW)


def kinds(hits: list[SearchHit]) -> list[tuple[str, int]]:
    return [(h.kind, h.record_id) for h in hits]


def marked(hit: SearchHit) -> list[str]:
    return [text for text, is_match in hit.pieces if is_match]


def test_a_v3_file_migrates_and_finds_what_it_already_held(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite3"
    conn = sqlite3.connect(path)
    for step in MIGRATIONS[:3]:
        for statement in step:
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 3")
    stamp = "'2026-03-01T08:00:00Z', 0, '2026-03-01'"
    conn.execute("INSERT INTO checkins (uid, at_utc, utc_offset_min, local_date, mood, "
                 "anxiety, tags, note, created_utc, updated_utc) VALUES "
                 f"('u1', {stamp}, 6, 3, '[\"garden\",\"family\"]', 'Walked by the river', "
                 "'2026-03-01T08:00:00Z', '2026-03-01T08:00:00Z')")
    conn.execute("INSERT INTO side_effects (uid, checkin_id, at_utc, utc_offset_min, "
                 "local_date, name, severity, note, created_utc, updated_utc) VALUES "
                 f"('s1', 1, {stamp}, 'drowsiness', 'mild', 'after lunch', "
                 "'2026-03-01T08:00:00Z', '2026-03-01T08:00:00Z')")
    conn.commit()
    conn.close()
    with Journal(path, clock=lambda: NOW) as j:
        assert j.schema_version == SCHEMA_VERSION
        assert kinds(j.search("river")) == [("note", 1)]
        assert kinds(j.search("garden")) == [("tag", 1)]
        (effect,) = j.search("lunch")
        assert (effect.kind, effect.checkin_id, effect.local_date) == \
            ("side_effect", 1, date(2026, 3, 1))
        assert effect.snippet == "drowsiness: after lunch"


def test_the_index_follows_adds_edits_deletes_undo_and_purge(journal: Journal) -> None:
    saved = journal.add_checkin(mood=5, anxiety=4, note="Headache in the morning",
                                tags=["work"])
    checkin = saved.checkin
    assert kinds(journal.search("head")) == [("note", checkin.id)]

    journal.update_checkin(replace(checkin, note="Calm evening", tags=("holiday",)))
    assert journal.search("headache") == [] and journal.search("work") == []
    assert kinds(journal.search("calm")) == [("note", checkin.id)]
    assert kinds(journal.search("holiday")) == [("tag", checkin.id)]

    effect = journal.add_side_effect("nausea", "moderate", checkin_id=checkin.id)
    assert kinds(journal.search("nausea")) == [("side_effect", effect.id)]
    journal.update_side_effect(replace(effect, name="dizziness", note="standing up"))
    assert journal.search("nausea") == []
    assert kinds(journal.search("dizz standing")) == [("side_effect", effect.id)]

    journal.delete("checkin", checkin.id)  # takes its side effect with it
    assert journal.search("calm") == [] and journal.search("dizziness") == []
    journal.undo_delete("checkin", checkin.id)
    assert kinds(journal.search("calm")) == [("note", checkin.id)]
    assert kinds(journal.search("dizziness")) == [("side_effect", effect.id)]

    journal.delete("checkin", checkin.id)
    journal.empty_trash()
    indexed = journal.connection.execute("SELECT count(*) FROM search_index").fetchone()[0]
    assert indexed == 0


def test_results_are_newest_first_within_the_days_asked(journal: Journal) -> None:
    for day in (1, 2, 3):
        journal.add_checkin(mood=5, anxiety=3, note=f"walk number {day}",
                            at=datetime(2026, 3, day, 18, 0, tzinfo=BERLIN))
    hits = journal.search("walk")
    assert [h.local_date.day for h in hits] == [3, 2, 1]
    assert [h.at.hour for h in hits] == [18, 18, 18]
    assert [h.local_date.day for h in journal.search("walk", date(2026, 3, 2),
                                                     date(2026, 3, 2))] == [2]
    assert len(journal.search("walk", limit=2)) == 2


def test_words_match_as_prefixes_and_quoted_phrases_as_written(journal: Journal) -> None:
    journal.add_checkin(mood=5, anxiety=3, note="Slept badly, woke at four. Café au lait.")
    (hit,) = journal.search("sle wok")
    assert marked(hit) == ["Slept", "woke"]
    assert journal.search('"woke at"') != []
    assert journal.search('"at woke"') == []
    assert kinds(journal.search("cafe")) == [("note", 1)]  # accents ignored


@pytest.mark.parametrize("hostile", [
    "(", ")", "*", '"', '""', "AND", "OR", "NOT", "NEAR(a b)", "a AND", "note:x",
    "-x", "^x", "x*y", "'; DROP TABLE checkins; --", "{note}: x", "\x00", "\x1b[31m",
    "a OR b NOT c", '"unclosed phrase', "émoji 🙂", "%", "_", "\\",
])
def test_hostile_input_gives_results_or_a_clear_message(journal: Journal,
                                                        hostile: str) -> None:
    journal.add_checkin(mood=5, anxiety=3, note="a and b or c not note x y 31m %_\\")
    try:
        journal.search(hostile)
        journal_search.like_search(journal.connection, hostile)
    except NothingToSearch as exc:
        assert "type a word" in str(exc)
    assert journal.count("checkin") == 1


def test_operator_words_are_searched_for_not_obeyed(journal: Journal) -> None:
    journal.add_checkin(mood=5, anxiety=3, note="cats and dogs")
    journal.add_checkin(mood=5, anxiety=3, note="only cats")
    assert len(journal.search("cats AND dogs")) == 1
    assert len(journal.search("cats OR")) == 0  # "or" is a word here; no note has it
    assert len(journal.search("cats")) == 2


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=30))
def test_any_text_is_safe_to_search(text: str) -> None:
    conn = sqlite3.connect(":memory:")
    schema.migrate(conn, "2026-11-21T09:00:00Z")
    try:
        journal_search.search(conn, text)
    except NothingToSearch:
        assert not any(ch.isalnum() for ch in text)


def test_the_like_fallback_finds_the_same_records(journal: Journal) -> None:
    saved = journal.add_checkin(mood=5, anxiety=3, note="Dizzy after lunch", tags=["work"])
    journal.add_side_effect("dizziness", checkin_id=saved.checkin.id)
    fts = kinds(journal.search("dizz"))
    like = kinds(journal_search.like_search(journal.connection, "dizz"))
    assert sorted(fts) == sorted(like) and len(like) == 2
    (tag,) = journal_search.like_search(journal.connection, "work")
    assert marked(tag) == ["work"]


def test_records_are_the_real_ones(journal: Journal) -> None:
    saved = journal.add_checkin(mood=5, anxiety=3, note="river")
    effect = journal.add_side_effect("nausea")
    (note,) = journal.search("river")
    (side,) = journal.search("nausea")
    assert isinstance(journal.get("checkin", note.record_id), CheckIn)
    assert note.record_id == saved.checkin.id
    assert isinstance(journal.get("side_effect", side.record_id), SideEffect)
    assert side.record_id == effect.id and side.checkin_id is None


def test_a_long_note_shows_the_words_around_its_match(journal: Journal) -> None:
    words = [f"word{n}" for n in range(500)]
    words[300] = "Crème"
    journal.add_checkin(mood=5, anxiety=3, note=" ".join(words))
    (hit,) = journal.search("creme")
    assert marked(hit) == ["Crème"]
    assert hit.pieces[0] == ("…", False) and hit.pieces[-1] == ("…", False)
    assert hit.snippet.startswith("…word296 word297") and len(hit.snippet) < 200


def test_without_fts5_the_same_search_runs_as_a_scan(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "plain.sqlite3")
    for step in MIGRATIONS[:3]:
        for statement in step:
            conn.execute(statement)
    for statement in (schema._SEARCH_PLAIN, *schema._SEARCH_INDEX[1:]):
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.commit()
    conn.close()
    with Journal(tmp_path / "plain.sqlite3", clock=lambda: NOW) as j:
        assert not journal_search.uses_fts5(j.connection)
        j.add_checkin(mood=5, anxiety=3, note="Dizzy (again) after lunch")
        (hit,) = j.search("dizz")
        assert marked(hit) == ["Dizzy"] and hit.kind == "note"
        with pytest.raises(NothingToSearch):
            j.search("(")
