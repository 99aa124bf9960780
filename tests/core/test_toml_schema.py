"""The one TOML schema helper: id rule, key-to-line finder, file-and-line messages and
friendly read errors, shared by patterns, scripts, the reader library and settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from ebbtide.core.content.resources import content_dir
from ebbtide.core.toml_schema import (
    KeyLines,
    TomlFileError,
    at_line,
    is_valid_id,
    parse_toml,
    read_toml,
)


@pytest.mark.parametrize("good", ["box", "4-7-8", "gaba-b-receptor", "body-scan-10", "a1"])
def test_kebab_case_ids_pass(good: str) -> None:
    assert is_valid_id(good)


@pytest.mark.parametrize(
    "bad", ["", "Box", "my_pattern", "-box", "box-", "box--breathing", "box breathing", "é"]
)
def test_ids_with_capitals_underscores_or_stray_hyphens_fail(bad: str) -> None:
    assert not is_valid_id(bad)


def test_every_shipped_file_name_and_glossary_key_passes_the_id_rule() -> None:
    for folder in ("breathing", "meditations"):
        for path in (content_dir() / folder).glob("*.toml"):
            assert is_valid_id(path.stem), path
    for path in (content_dir() / "reader").glob("*.md"):
        assert is_valid_id(path.stem), path
    glossary = KeyLines((content_dir() / "reader" / "glossary.toml").read_text("utf-8"))
    terms = [key.split(".", 1)[1] for key in glossary.lines if key.startswith("terms.")]
    assert terms and all(is_valid_id(term.split(".")[0]) for term in terms)


DOC = """\
name = "Box"
"purpose" = "Even"
source = { name = "A", url = "https://a.example" }

[[phases]]
kind = "inhale"
seconds = 4

[[ phases ]]  # the second
kind = "exhale"

[terms.gaba]
term = "GABA"
"""


def test_key_lines_find_top_level_keys_quoted_or_not() -> None:
    lines = KeyLines(DOC)
    assert lines.exact("name") == 1
    assert lines.exact("purpose") == 2
    assert lines.exact("missing") is None


def test_key_lines_count_arrays_of_tables_from_one() -> None:
    lines = KeyLines(DOC)
    assert lines.exact("phases[1]") == 5
    assert lines.exact("phases[1].seconds") == 7
    assert lines.exact("phases[2]") == 9
    assert lines.exact("phases[2].kind") == 10


def test_a_missing_key_points_at_the_table_that_should_hold_it() -> None:
    lines = KeyLines(DOC)
    assert lines.line("phases[2].seconds") == 9
    assert lines.line("source.url") == 3  # the inline table's line
    assert lines.line("phases[3].kind") is None


def test_dotted_table_headers_and_their_parents_have_lines() -> None:
    lines = KeyLines(DOC)
    assert lines.exact("terms.gaba") == 12
    assert lines.exact("terms") == 12
    assert lines.exact("terms.gaba.term") == 13


def test_key_lines_accept_a_list_of_lines() -> None:
    assert KeyLines(DOC.splitlines()).lines == KeyLines(DOC).lines


def test_messages_name_the_file_then_the_line() -> None:
    path = Path("/x/box.toml")
    assert at_line(path, 3, "'name' is missing") == "/x/box.toml: line 3: 'name' is missing"
    assert at_line(path, None, "not UTF-8 text") == "/x/box.toml: not UTF-8 text"
    assert at_line(path, 3, "bad", joiner=", ") == "/x/box.toml, line 3: bad"


def test_read_toml_returns_data_and_text(tmp_path: Path) -> None:
    path = tmp_path / "ok.toml"
    path.write_text('name = "Box"\n', encoding="utf-8")
    assert read_toml(path) == ({"name": "Box"}, 'name = "Box"\n')


def test_read_toml_gives_the_line_and_column_of_a_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('name = "Box"\npurpose = = 3\n', encoding="utf-8")
    with pytest.raises(TomlFileError) as caught:
        read_toml(path)
    assert caught.value.is_syntax and not caught.value.missing
    assert str(caught.value).startswith("line 2, column 11: ")
    assert caught.value.problem is not None and caught.value.problem.line == 2


def test_read_toml_says_when_the_end_of_the_file_is_the_problem(tmp_path: Path) -> None:
    path = tmp_path / "cut.toml"
    path.write_text('a = 1\nname = "Box', encoding="utf-8")
    with pytest.raises(TomlFileError, match=r"^line 2: .*\(at the end of the file\)$"):
        read_toml(path)


def test_read_toml_explains_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(TomlFileError, match=r"^cannot read \(") as missing:
        read_toml(tmp_path / "nope.toml")
    assert missing.value.missing and not missing.value.is_syntax
    latin = tmp_path / "latin.toml"
    latin.write_bytes('name = "caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(TomlFileError, match=r"^not UTF-8 text$") as encoding:
        read_toml(latin)
    assert not encoding.value.missing


# --------------------------------------------------------------------------- deep nesting

@pytest.mark.parametrize("text", [
    "theme = " + "[" * 5000 + "]" * 5000,            # tomllib itself would recurse
    "theme = " + "{a=" * 3000 + "1" + "}" * 3000,
    "theme." + ".".join(["a"] * 3000) + " = 1",      # parses, but nests 3000 deep
    "[" + ".".join(["a"] * 3000) + "]",
])
def test_a_deeply_nested_file_is_a_clear_problem_not_a_crash(text: str) -> None:
    with pytest.raises(TomlFileError, match="nested too deeply"):
        parse_toml(text)


def test_deep_settings_file_still_starts_with_defaults(tmp_path: Path) -> None:
    from ebbtide.core.settings import load_settings

    path = tmp_path / "settings.toml"
    path.write_text("theme = " + "[" * 5000 + "]" * 5000, encoding="utf-8")
    result = load_settings(path)
    assert any(str(path) in p and "nested too deeply" in p for p in result.problems)
