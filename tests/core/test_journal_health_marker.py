"""The journal's health marker (backups/health.txt): what Ebbtide last knew about the file.
It must read back exactly what was written, read the JSON marker of earlier builds (losing
"entries were kept" would let a lost journal pass for a first run), and treat anything it
cannot read as "nothing known"."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from ebbtide.core.journal import health


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    path = tmp_path / "journal.sqlite3"
    path.write_bytes(b"x" * 4096)
    return path


def test_what_was_remembered_reads_back(tmp_path: Path, journal: Path) -> None:
    backups = tmp_path / "backups"
    health.remember_left(backups, journal, has_rows=True)
    known = health.read_health(backups)
    assert known == health.JournalHealth(True, health.file_stamp(journal), None)
    assert known.trusts(journal)
    marker = backups / "health.txt"
    assert marker.read_text().splitlines()[0] == "ebbtide journal health 1"
    assert stat.S_IMODE(marker.stat().st_mode) == 0o600
    journal.write_bytes(b"y" * 8192)
    assert not health.read_health(backups).trusts(journal)


def test_damage_is_kept_on_one_line_until_a_check_passes(tmp_path: Path, journal: Path) -> None:
    backups = tmp_path / "backups"
    health.remember_left(backups, journal, has_rows=True)
    health.remember_damage(backups, "database disk image is malformed\n[b]page 7[/b]\x1b[31m")
    known = health.read_health(backups)
    assert known.had_rows and known.stamp is None
    assert known.damage == "database disk image is malformed [b]page 7[/b]\x1b[31m"
    health.remember_left(backups, journal, has_rows=True)  # only a passing check clears it
    assert health.read_health(backups).damage is not None
    health.remember_sound(backups, journal, has_rows=False)
    known = health.read_health(backups)
    assert known.damage is None and known.had_rows and known.trusts(journal)


def test_the_json_marker_of_earlier_builds_is_read_then_replaced(tmp_path: Path,
                                                                 journal: Path) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    earlier = backups / "health.json"
    stamp = health.file_stamp(journal)
    assert stamp is not None
    earlier.write_text(json.dumps({"had_rows": True, "file": list(stamp), "damage": None}))
    assert health.read_health(backups) == health.JournalHealth(True, stamp, None)
    earlier.write_text(json.dumps({"had_rows": True, "file": None, "damage": "malformed"}))
    assert health.read_health(backups) == health.JournalHealth(True, None, "malformed")
    health.forget_file(backups)
    assert not earlier.exists()
    assert health.read_health(backups) == health.JournalHealth(True, None, None)


@pytest.mark.parametrize("text", [b"", b"\xff\xfe garbage", b"{\"had_rows\": true}",
                                  b"ebbtide journal health 2\nhad_rows yes\n"])
def test_a_marker_that_cannot_be_read_means_nothing_known(tmp_path: Path, text: bytes) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    (backups / "health.txt").write_bytes(text)
    (backups / "health.json").write_text('{"had_rows": true}')  # not consulted any more
    assert health.read_health(backups) == health.JournalHealth()


def test_a_bad_file_stamp_is_not_trusted_but_the_rest_is_kept(tmp_path: Path,
                                                              journal: Path) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    (backups / "health.txt").write_text("ebbtide journal health 1\nhad_rows yes\n"
                                        "file 4096 twelve 7\n")
    known = health.read_health(backups)
    assert known.had_rows and known.stamp is None and not known.trusts(journal)
