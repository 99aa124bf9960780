"""eMoods and generic CSV imports: columns found by name or named in the mapping, ratings
and scales onto Ebbtide's numbers, eMoods' other ratings kept as tags."""

from __future__ import annotations

from pathlib import Path

import pytest

from ebbtide.core.journal.imports import ForeignFileError, apply_import, plan_import
from ebbtide.core.journal.imports.formats import EMOODS
from ebbtide.core.journal.imports.mapping import default_mapping_path
from ebbtide.core.journal.store import Journal
from tests.core.test_imports_daylio import checkins, config, journal

__all__ = ["config", "journal"]  # fixtures shared with the Daylio tests

EMOODS_CSV = ("DATE,DEPRESSED,ELEVATED,IRRITABILITY,ANXIETY,SLEEP,NOTES\n"
              "2024-05-01,0,1,0,2,7.5,fine\n"
              "2024-05-02,mild,0,severe,none,6,\n"
              "2024-05-03,3,0,0,1,,\"long, hard day\"\n")


def test_emoods_ratings_become_mood_anxiety_and_tags(journal: Journal, config: Path,
                                                     tmp_path: Path) -> None:
    path = tmp_path / "emoods.csv"
    path.write_text(EMOODS_CSV)
    first = plan_import(journal, "emoods", path, config)
    assert first.blocking and "guesses" in first.blocking[0]  # only the unchecked mapping
    text = default_mapping_path(config, EMOODS).read_text()
    assert '"mild" = 5' in text and '"none" = 0' in text  # words found in the file
    plan = plan_import(journal, "emoods", path, config)
    assert plan.blocking == () and plan.unreadable == ()
    got = [(r.mood, r.anxiety, r.sleep_hours, r.tags, r.note) for r in plan.rows]
    assert got == [(7, 6, 7.5, ("elevated 1", "emoods"), "fine"),
                   (5, 0, 6.0, ("irritability severe", "emoods"), ""),
                   (1, 3, None, ("emoods",), "long, hard day")]
    assert apply_import(journal, plan).added == 3
    assert apply_import(journal, plan_import(journal, "emoods", path, config)).added == 0


def test_emoods_columns_can_be_named_in_the_mapping(journal: Journal, config: Path,
                                                    tmp_path: Path) -> None:
    path = tmp_path / "emoods.csv"
    path.write_text("Day,Low mood,Worry\n2024-05-01,1,2\n")
    with pytest.raises(ForeignFileError, match=r"line 1: not an eMoods export: no .depressed."):
        plan_import(journal, "emoods", path, config)
    mapping = default_mapping_path(config, EMOODS)
    mapping.write_text(mapping.read_text()
                       + '\n[columns]\nmood = "Low mood"\nanxiety = "Worry"\n')
    plan = plan_import(journal, "emoods", path, config)
    assert [(r.mood, r.anxiety) for r in plan.rows] == [(5, 6)]


def test_generic_csv_needs_a_mapping_and_gets_a_template(journal: Journal, config: Path,
                                                         tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("When;Score;Stress;Text;Labels\n01/05/2024 ;4;;ok;walk,tea\n"
                    "02/05/2024;2;7;;\n")
    with pytest.raises(ForeignFileError, match="needs --mapping"):
        plan_import(journal, "csv", path, config)
    mapping = tmp_path / "mine.toml"
    path.write_text(path.read_text().replace("When", "Date"))
    with pytest.raises(ForeignFileError, match=r"no 'mood' column .* fill in"):
        plan_import(journal, "csv", path, config, mapping)  # no column called mood
    written = mapping.read_text()
    assert 'date = "Date"' in written and 'delimiter = ";"' in written
    path.write_text(path.read_text().replace("Date", "When"))
    mapping.write_text('[columns]\ndate = "When"\nmood = "Score"\nanxiety = "Stress"\n'
                       'note = "Text"\nactivities = "Labels"\n'
                       '[mood]\nscale = [1, 5]\n[anxiety]\nscale = [0, 10]\ndefault = 1\n'
                       '[tags]\nall = ""\n'
                       '[format]\ndate = "%d/%m/%Y"\ndelimiter = ";"\n'
                       'activity_separator = ","\n')
    plan = plan_import(journal, "csv", path, config, mapping)
    assert plan.unreadable == () and plan.blocking == ()
    got = [(r.at.date().isoformat(), r.mood, r.anxiety, r.tags, r.note) for r in plan.rows]
    assert got == [("2024-05-01", 8, 1, ("walk", "tea"), "ok"), ("2024-05-02", 3, 7, (), "")]
    assert apply_import(journal, plan).added == 2
    assert [row[1] for row in checkins(journal)] == [8, 3]


def test_generic_csv_mapping_problems_are_named(journal: Journal, config: Path,
                                                tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("Date,Mood\n2024-05-01,9\n")
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\ndate = "Date"\nmood = "Feeling"\n')
    with pytest.raises(ForeignFileError, match="mood = 'Feeling' is not a column"):
        plan_import(journal, "csv", path, config, mapping)
    mapping.write_text('[columns]\ndate = "Date"\nmood = "Mood"\n[mood]\nscale = [1, 5]\n'
                       '[anxiety]\ndefault = 0\n')
    plan = plan_import(journal, "csv", path, config, mapping)
    assert "not a number from 1 to 5" in plan.unreadable[0].reason
    mapping.write_text('[columns]\nfeeling = "Mood"\n')
    with pytest.raises(ForeignFileError, match="feeling is not one Ebbtide reads"):
        plan_import(journal, "csv", path, config, mapping)
