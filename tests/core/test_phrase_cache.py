"""The parsed copy of the safety phrase files that `ebbtide log` reads (phrase_cache): it
answers exactly as the files do, follows every change to them, and a damaged or unwritable
copy never changes what is found."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ebbtide.core.content import phrase_cache, phrases
from ebbtide.core.content.phrase_cache import cached_family_file
from ebbtide.core.content.phrases import FamilyFile, family_file, parse_family_file
from ebbtide.core.content.resources import content_dir

TEXTS = ("I want to die", "no seizures this week", "had a fit", "seizure-free for a year",
         "very confused today", "bench", "kill myself", "")
SMALL = '''checked = "2026-11-01"
negation = true

[[family]]
id = "seizure"
label = "a seizure"
phrases = ["seizure", "had a fit"]
except = ["seizure-free"]
'''


def _answers(parsed: FamilyFile) -> list[list[str]]:
    return [[f.id for f in parsed.matching(text)] for text in TEXTS]


@pytest.mark.parametrize("name", ["crisis-language", "urgent-signs"])
def test_the_kept_copy_answers_as_the_file_does(name: str, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    source = content_dir() / "safety" / f"{name}.toml"
    parsed = parse_family_file(name, source.read_text(encoding="utf-8"))
    assert cached_family_file(name, source, tmp_path) is not None  # writes the copy

    def parse_again(*_: object) -> FamilyFile:
        raise AssertionError("the file was parsed although its copy is current")

    monkeypatch.setattr(phrases, "parse_family_file", parse_again)
    kept = cached_family_file(name, source, tmp_path)
    assert _answers(kept) == _answers(parsed)
    assert kept.checked == parsed.checked
    assert [(f.id, f.label, f.phrases, f.exceptions, f.negation, f.escalates_when_severe)
            for f in kept.families] == [
        (f.id, f.label, f.phrases, f.exceptions, f.negation, f.escalates_when_severe)
        for f in parsed.families]


def test_a_changed_file_is_parsed_afresh(tmp_path: Path) -> None:
    source = tmp_path / "signs.toml"
    source.write_text(SMALL, encoding="utf-8")
    folder = tmp_path / "cache"
    assert [f.id for f in cached_family_file("signs", source, folder).matching("had a fit")]
    source.write_text(SMALL.replace(', "had a fit"', ""), encoding="utf-8")
    os.utime(source, ns=(1, 1))  # even with an older time: the size differs
    assert cached_family_file("signs", source, folder).matching("had a fit") == []


@pytest.mark.parametrize("damage", [b"", b"\x00\xff not json", b'{"key": 1}',
                                    b'{"key": null, "file": []}'])
def test_a_damaged_copy_is_parsed_again_and_rewritten(tmp_path: Path, damage: bytes) -> None:
    source = tmp_path / "signs.toml"
    source.write_text(SMALL, encoding="utf-8")
    folder = tmp_path / "cache"
    cached_family_file("signs", source, folder)
    copy = folder / "phrases-signs.json"
    copy.write_bytes(damage)
    assert [f.id for f in cached_family_file("signs", source, folder).matching("a seizure")] \
        == ["seizure"]
    assert copy.read_bytes() != damage


@pytest.mark.parametrize(("found", "damage"), [('"families": [[', '"families": [[[]'),
                                              ('"families": [', '"families": [7, ')])
def test_a_copy_with_the_right_key_but_wrong_shapes_is_not_trusted(
        tmp_path: Path, found: str, damage: str) -> None:
    """Found when the copy is read, or (its JSON sound) only when a text has an opener and
    its phrases are built: either way they come from the file, and the copy is rewritten."""
    source = tmp_path / "signs.toml"
    source.write_text(SMALL, encoding="utf-8")
    folder = tmp_path / "cache"
    cached_family_file("signs", source, folder)
    copy = folder / "phrases-signs.json"
    copy.write_text(copy.read_text().replace(found, damage, 1))
    assert [f.id for f in cached_family_file("signs", source, folder).matching("a seizure")] \
        == ["seizure"]
    kept = cached_family_file("signs", source, folder)
    assert [f.id for f in kept.matching("had a fit")] == ["seizure"]
    assert damage not in copy.read_text()  # rewritten from the file


def test_the_copy_is_private_and_an_unwritable_folder_changes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "signs.toml"
    source.write_text(SMALL, encoding="utf-8")
    folder = tmp_path / "cache" / "content"
    cached_family_file("signs", source, folder)
    assert stat.S_IMODE((folder / "phrases-signs.json").stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert [f.id for f in cached_family_file("signs", source, blocked).matching("had a fit")] \
        == ["seizure"]


def test_parsed_copies_are_read_only_meanwhile(tmp_path: Path) -> None:
    with phrases.parsed_copies_in(tmp_path):
        assert family_file("crisis-language").matching("I want to die")
        assert (tmp_path / "phrases-crisis-language.json").is_file()
    (tmp_path / "phrases-crisis-language.json").unlink()
    assert family_file("crisis-language").matching("I want to die")
    assert not (tmp_path / "phrases-crisis-language.json").exists()


def test_a_tagged_log_with_a_current_copy_imports_no_toml_parser(tmp_path: Path) -> None:
    """The point of the copy: `ebbtide log --tag` checks for crisis words without tomllib."""
    env = {**os.environ, "EBBTIDE_HOME": str(tmp_path / "home")}
    code = ("import sys\nfrom ebbtide.cli.main import main\n"
            "code = main(['log', '--mood', '5', '--anxiety', '3', '--tag', sys.argv[1]])\n"
            "print(code, 'tomllib' in sys.modules,\n"
            "      'ebbtide.core.content.phrases' in sys.modules, 'json' in sys.modules)\n")

    def log(tag: str) -> str:
        return subprocess.run([sys.executable, "-c", code, tag], env=env, capture_output=True,
                              text=True, check=True).stdout

    assert log("gardening").splitlines()[-1] == "0 True True True"  # parsed, copy written
    log("gardening")  # the day's backup is made on the first open of a journal with entries
    # An everyday log: no opener in the tag, so neither the phrases nor `json` load.
    assert log("gardening").splitlines()[-1] == "0 False False False"
    crisis = log("I want to die")  # read from the copy, and still answered at once
    assert "you deserve help right now" in " ".join(crisis.split())
    assert "deserve" not in log("gardening")
    assert crisis.splitlines()[-1] == "0 True True True"  # the resources' own file was read


@pytest.mark.parametrize("name", ["crisis-language", "urgent-signs"])
def test_every_phrase_and_exception_is_answered_by_the_copy_as_by_the_file(
        name: str, tmp_path: Path) -> None:
    """The copy answers most texts from the openers alone: each phrase and exception of
    the file, and each with words around it, must still be found exactly as parsed."""
    source = content_dir() / "safety" / f"{name}.toml"
    parsed = parse_family_file(name, source.read_text(encoding="utf-8"))
    cached_family_file(name, source, tmp_path)
    texts = [p.text for f in parsed.families for p in (*f.phrases, *f.exceptions)]
    texts += [f"yesterday, {t} again" for t in texts] + [f"not {t}" for t in texts]
    kept = cached_family_file(name, source, tmp_path)
    each_family = [[f.id for f in parsed.families if f.matches(t)] for t in texts]
    assert [[f.id for f in kept.matching(t)] for t in texts] == each_family
    assert [[f.id for f in parsed.matching(t)] for t in texts] == each_family
    assert sum(bool(found) for found in each_family) > len(texts) // 3


def test_a_text_without_an_opener_is_answered_without_building_the_phrases(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = content_dir() / "safety" / "crisis-language.toml"
    cached_family_file("crisis-language", source, tmp_path)
    built: list[int] = []
    real = phrase_cache._families

    def counted(kept: list[object]) -> object:
        built.append(1)
        return real(kept)  # type: ignore[arg-type]

    monkeypatch.setattr(phrase_cache, "_families", counted)
    kept = cached_family_file("crisis-language", source, tmp_path)
    assert kept.matching("gardening, then a long walk") == []
    assert built == []
    assert kept.matching("I want to die")
    assert built == [1]


@pytest.mark.parametrize("damage", ["", "2 0.0.0 1 2 3 4\nfit\n\n", "{key}\n\n\n",
                                    "{key}\nfit", "{key}\nhad seizure\n", "\udcff"])
def test_damaged_openers_are_parsed_again(tmp_path: Path, damage: str) -> None:
    source = tmp_path / "signs.toml"
    source.write_text(SMALL, encoding="utf-8")
    folder = tmp_path / "cache"
    cached_family_file("signs", source, folder)
    kept = folder / "phrases-signs.openers"
    key = kept.read_text().splitlines()[0]
    kept.write_bytes(damage.replace("{key}", key).encode("utf-8", "surrogateescape"))
    assert [f.id for f in cached_family_file("signs", source, folder).matching("a seizure")] \
        == ["seizure"]
    assert kept.read_text().splitlines() == [key, "had seizure", ""]


def _all_phrase_texts() -> list[str]:
    texts = []
    for name in phrase_cache.SAFETY_FILES:
        for family in family_file(name).families:
            for phrase in (*family.phrases, *family.exceptions):
                texts += [phrase.text, f"Yesterday: {phrase.text.upper()}!", f"not {phrase.text}"]
    return texts


def test_nothing_to_check_never_passes_over_a_text_the_phrases_find(tmp_path: Path) -> None:
    texts = _all_phrase_texts()
    assert not phrase_cache.nothing_to_check(["gardening"], tmp_path)  # no copies yet
    with phrases.parsed_copies_in(tmp_path):  # writes the copies
        for name in phrase_cache.SAFETY_FILES:
            family_file(name).matching("x")
    found = [t for t in texts
             if any(f.matches(t) for name in phrase_cache.SAFETY_FILES
                    for f in parse_family_file(name, (content_dir() / "safety" / f"{name}.toml")
                                               .read_text(encoding="utf-8")).families)]
    assert len(found) > len(texts) // 3
    assert [t for t in found if phrase_cache.nothing_to_check([t], tmp_path)] == []
    assert not phrase_cache.nothing_to_check(["gardening", "I want to die"], tmp_path)
    assert phrase_cache.nothing_to_check(["gardening", "bench", "a long walk"], tmp_path)


@pytest.mark.parametrize("damage", ["stale", "empty", "missing"])
def test_nothing_to_check_asks_the_phrases_when_openers_are_stale_or_damaged(
        tmp_path: Path, damage: str) -> None:
    with phrases.parsed_copies_in(tmp_path):
        family_file("urgent-signs").matching("x")
        family_file("crisis-language").matching("x")
    assert phrase_cache.nothing_to_check(["gardening"], tmp_path)
    kept = tmp_path / "phrases-urgent-signs.openers"
    key, words, prefixes = kept.read_text().splitlines()
    if damage == "missing":
        kept.unlink()
    else:
        kept.write_text("\n".join(["3 0.0.0 1 2 3 4" if damage == "stale" else key,
                                   "" if damage == "empty" else words, prefixes, ""]))
    assert not phrase_cache.nothing_to_check(["gardening"], tmp_path)


def test_a_phrase_file_with_an_empty_opener_keeps_no_openers(tmp_path: Path) -> None:
    """A phrase "*" begins with every word: the text file cannot say so, so none is kept
    and every text is matched against the phrases."""
    source = tmp_path / "signs.toml"
    source.write_text(SMALL.replace('"had a fit"', '"*"'), encoding="utf-8")
    folder = tmp_path / "cache"
    assert [f.id for f in cached_family_file("signs", source, folder).matching("anything")] \
        == ["seizure"]
    assert not (folder / "phrases-signs.openers").exists()
    assert [f.id for f in cached_family_file("signs", source, folder).matching("anything")] \
        == ["seizure"]


def test_a_file_edited_while_it_is_parsed_is_parsed_again_next_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "signs.toml"
    source.write_text(SMALL, encoding="utf-8")
    folder = tmp_path / "cache"
    real = phrases.parse_family_file

    def parse_then_edit(name: str, text: str) -> FamilyFile:
        parsed = real(name, text)
        source.write_text(SMALL.replace('"had a fit"', '"had a fit", "zzzz"'), encoding="utf-8")
        return parsed

    monkeypatch.setattr(phrases, "parse_family_file", parse_then_edit)
    assert cached_family_file("signs", source, folder).matching("zzzz") == []  # read before
    monkeypatch.setattr(phrases, "parse_family_file", real)
    assert [f.id for f in cached_family_file("signs", source, folder).matching("zzzz")] \
        == ["seizure"]
