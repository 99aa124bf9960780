"""The draft store and its debounce: private atomic files, text back exactly as typed,
written at most about once a second while typing, and gone once saved or discarded."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebbtide.core.clock import ManualClock
from ebbtide.core.drafts import DraftKeeper, DraftStore, draft_name

AT = datetime(2026, 11, 21, 21, 14, tzinfo=timezone(timedelta(hours=1)))
ODD = "mood 🌧\nline two\r\n\x1b]52;c;aGk=\x07 \x1b[?1049l \u202e\x00 end"


def _keeper(folder: Path, clock: ManualClock, baseline: dict[str, object] | None = None,
            ) -> DraftKeeper:
    return DraftKeeper(DraftStore(folder), "checkin", baseline or {"note": "", "mood": None},
                       clock=clock, wall_clock=lambda: AT)


def test_text_comes_back_exactly_as_typed_in_a_private_file(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    store.save("checkin", {"note": ODD, "mood": 7, "tags": ["a", "b"], "flag": True}, AT)
    draft = store.load("checkin")
    assert draft is not None
    assert draft.fields == {"note": ODD, "mood": 7, "tags": ["a", "b"], "flag": True}
    assert draft.saved_at == AT
    path = store.path("checkin")
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert os.stat(path.parent).st_mode & 0o777 == 0o700
    assert b"\x1b" not in path.read_bytes()  # escapes are JSON-escaped on disk
    assert [p.name for p in path.parent.iterdir()] == ["checkin.json"]  # no temp left


def test_missing_damaged_or_foreign_drafts_read_as_none(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    assert store.load("checkin") is None
    store.path("checkin").write_text("{not json")
    assert store.load("checkin") is None
    store.path("checkin").write_text('{"version": 99, "saved_at": "2026-11-21", "fields": {}}')
    assert store.load("checkin") is None
    store.path("checkin").write_text("[" * 100_000)
    assert store.load("checkin") is None
    store.discard("checkin")
    store.discard("checkin")  # twice is fine
    assert not store.path("checkin").exists()


def test_draft_names_are_safe_file_names(tmp_path: Path) -> None:
    assert draft_name("pattern", "edit", "../Evening calm!") == "pattern-edit-evening-calm"
    assert draft_name("medication", 12) == "medication-12"
    with pytest.raises(ValueError):
        DraftStore(tmp_path).path("../x")


def test_first_change_writes_at_once_later_ones_at_most_every_second(tmp_path: Path) -> None:
    clock = ManualClock()
    keeper = _keeper(tmp_path, clock)
    store = keeper.store
    assert keeper.update({"note": "a", "mood": None}) is None
    assert store.load("checkin").fields == {"note": "a"}  # type: ignore[union-attr]
    clock.advance(0.25)
    assert keeper.update({"note": "ab", "mood": None}) == pytest.approx(0.75)
    assert store.load("checkin").fields == {"note": "a"}  # type: ignore[union-attr]
    clock.advance(0.5)
    assert keeper.update({"note": "abc", "mood": 4}) == pytest.approx(0.25)
    clock.advance(0.25)
    assert keeper.flush()  # the caller's timer
    assert store.load("checkin").fields == {"note": "abc", "mood": 4}  # type: ignore[union-attr]
    clock.advance(5)
    assert keeper.update({"note": "abcd", "mood": 4}) is None  # a quiet spell: at once
    assert store.load("checkin").fields == {"note": "abcd", "mood": 4}  # type: ignore[union-attr]


def test_flush_writes_what_waits_at_once(tmp_path: Path) -> None:
    clock = ManualClock()
    keeper = _keeper(tmp_path, clock)
    keeper.update({"note": "a", "mood": None})
    keeper.update({"note": ODD, "mood": None})  # waits for the timer
    keeper.flush()  # blur, hide or exit
    assert keeper.store.load("checkin").fields == {"note": ODD}  # type: ignore[union-attr]


def test_only_what_changed_is_kept_and_a_form_back_at_the_start_has_no_draft(
        tmp_path: Path) -> None:
    clock = ManualClock()
    keeper = _keeper(tmp_path, clock, {"at": "21:14", "note": "", "mood": None})
    assert not keeper.changed
    keeper.update({"at": "21:14", "note": "x", "mood": None})
    assert keeper.changed
    assert keeper.store.load("checkin").fields == {"note": "x"}  # type: ignore[union-attr]
    clock.advance(0.1)
    keeper.update({"at": "21:14", "note": "", "mood": None})
    assert not keeper.changed
    assert keeper.store.load("checkin") is None


def test_discard_removes_the_draft(tmp_path: Path) -> None:
    keeper = _keeper(tmp_path, ManualClock())
    keeper.update({"note": "x", "mood": None})
    keeper.discard()
    assert keeper.store.load("checkin") is None
    assert not keeper.changed


def test_a_folder_that_cannot_be_written_keeps_the_draft_waiting(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    keeper = DraftKeeper(DraftStore(blocker / "drafts"), "checkin", {"note": ""},
                         clock=ManualClock(), wall_clock=lambda: AT)
    assert keeper.update({"note": "x"}) is None  # no exception reaches the form
    assert keeper.changed
    assert keeper.flush() is False
