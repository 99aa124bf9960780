"""`ebbtide export --encrypt`, `report --encrypt` and `import FILE.age`: age files that the
reference `age` tool opens (pyrage's own decrypt when the tool is absent), which import back
to the same journal; passphrases from a prompt without echo (asked twice) or a file, never
the command line; age keys with -r / --identity; every mistake a sentence, nothing written
or imported, no plaintext on disk. The round trip through `age` encrypts with pyrage's own
scrypt (about a second each way); the other passphrase tests write at a small work factor
(tests/quick_crypto.py), since they are about the passphrase, not scrypt."""

from __future__ import annotations

import getpass
import io
import os
import select
import shutil
import stat
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pyrage
import pytest

from ebbtide.cli import main
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import resolve_paths
from tests.quick_crypto import quick_passphrase_sealing

NOTE = "the unmistakable secret note ✓"
PASSPHRASE = "tide pool lantern"


def _filled_home(home: Path) -> str:
    with Journal.open(resolve_paths(home)) as j:
        med = j.add_medication("baclofen", dose_mg=10)
        saved = j.add_checkin(mood=6, anxiety=3, note=NOTE,
                              at=datetime.now().astimezone() - timedelta(hours=1))
        j.add_dose(med.id, amount_mg=10)
        j.add_side_effect("drowsiness", "mild", checkin_id=saved.checkin.id)
    return str(home)


def _secret_file(path: Path, text: bytes, mode: int = 0o600) -> str:
    path.write_bytes(text)
    path.chmod(mode)
    return str(path)


def _plain_export(home: str, target: Path) -> bytes:
    assert main(["--data-dir", home, "export", "-o", str(target)]) == 0
    return target.read_bytes()


def _count(home: str, kind: str = "checkin") -> int:
    with Journal.open(resolve_paths(home)) as j:
        return j.count(kind)


def _age_decrypt_with_passphrase(path: Path, passphrase: str) -> bytes:
    """The reference tool when installed (it reads the passphrase from its terminal only,
    so it gets a pseudo-terminal), else pyrage."""
    age = shutil.which("age")
    if age is None:
        return bytes(pyrage.passphrase.decrypt(path.read_bytes(), passphrase))
    primary, secondary = os.openpty()
    name = os.ttyname(secondary)

    def own_terminal() -> None:  # a new session whose controlling terminal is the pty
        os.setsid()
        os.close(os.open(name, os.O_RDWR))

    child = subprocess.Popen([age, "-d", str(path)], stdin=secondary, stderr=secondary,
                             stdout=subprocess.PIPE, preexec_fn=own_terminal)
    os.close(secondary)
    try:
        asked = b""
        while b"passphrase" not in asked.lower():
            ready, _, _ = select.select([primary], [], [], 30)
            assert ready, f"age did not ask for the passphrase: {asked!r}"
            asked += os.read(primary, 1024)
        os.write(primary, passphrase.encode() + b"\n")
        out, _ = child.communicate(timeout=60)
    finally:
        os.close(primary)
    assert child.returncode == 0
    return out


def _age_decrypt_with_key(path: Path, key_file: Path) -> bytes:
    age = shutil.which("age")
    if age is None:
        identity = pyrage.x25519.Identity.from_str(key_file.read_text().strip())
        return bytes(pyrage.decrypt(path.read_bytes(), [identity]))
    return subprocess.run([age, "-d", "-i", str(key_file), str(path)], capture_output=True,
                          check=True).stdout


@pytest.fixture
def key_pair(tmp_path: Path) -> tuple[str, Path]:
    """(age public key, secret key file 0600) as age-keygen writes them."""
    identity = pyrage.x25519.Identity.generate()
    key_file = tmp_path / "key.txt"
    _secret_file(key_file, f"# public key: {identity.to_public()}\n{identity}\n".encode())
    return str(identity.to_public()), key_file


def test_a_passphrase_export_opens_with_age_and_imports_back_exactly(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = _filled_home(tmp_path / "a")
    plain = _plain_export(home, tmp_path / "plain.csv")
    pass_file = _secret_file(tmp_path / "pass", PASSPHRASE.encode() + b"\n")
    target = tmp_path / "out" / "journal.csv.age"
    target.parent.mkdir(mode=0o700)
    assert main(["--data-dir", home, "export", "--encrypt", "--export-passphrase-file", pass_file,
                 "-o", str(target)]) == 0
    assert "Exported 4 records to" in capsys.readouterr().err
    raw = target.read_bytes()
    assert raw.startswith(b"age-encryption.org/v1\n-> scrypt ")
    assert NOTE.encode() not in raw and b"baclofen" not in raw
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert os.listdir(target.parent) == ["journal.csv.age"]  # no temp file, no plaintext
    assert _age_decrypt_with_passphrase(target, PASSPHRASE) == plain
    other = str(tmp_path / "b")
    assert main(["--data-dir", other, "import", str(target), "--export-passphrase-file",
                 pass_file]) == 0
    assert "Imported 4 records" in capsys.readouterr().out
    assert _plain_export(other, tmp_path / "again.csv") == plain


def test_a_key_export_opens_with_age_and_imports_with_the_identity(
        tmp_path: Path, key_pair: tuple[str, Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    public, key_file = key_pair
    home = _filled_home(tmp_path / "a")
    assert main(["--data-dir", home, "export", "--format", "json", "-o",
                 str(tmp_path / "plain.json")]) == 0
    plain = (tmp_path / "plain.json").read_bytes()
    target = tmp_path / "journal.json.age"
    assert main(["--data-dir", home, "export", "--encrypt", "--armor", "-r", public,
                 "-r", str(pyrage.x25519.Identity.generate().to_public()),
                 "-o", str(target)]) == 0
    assert "JSON, age-encrypted to 2 age keys, ASCII armor" in capsys.readouterr().err
    assert target.read_bytes().startswith(b"-----BEGIN AGE ENCRYPTED FILE-----\n")
    assert _age_decrypt_with_key(target, key_file) == plain
    other = str(tmp_path / "b")
    assert main(["--data-dir", other, "import", str(target)]) == 2
    assert "encrypted to an age key: add --identity KEYFILE" in capsys.readouterr().err
    assert main(["--data-dir", other, "import", "--dry-run", str(target), "--identity",
                 str(key_file)]) == 0
    assert "Would import 4 records" in capsys.readouterr().out
    assert main(["--data-dir", other, "import", str(target), "--identity",
                 str(key_file)]) == 0
    assert main(["--data-dir", other, "export", "--format", "json", "-o",
                 str(tmp_path / "again.json")]) == 0
    assert (tmp_path / "again.json").read_bytes() == plain


def test_mistakes_when_opening_an_export_import_nothing(
        tmp_path: Path, key_pair: tuple[str, Path],
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    quick_passphrase_sealing(monkeypatch)  # each wrong or right try: no second of scrypt
    home = _filled_home(tmp_path / "a")
    sealed = tmp_path / "journal.csv.age"
    pass_file = _secret_file(tmp_path / "pass", PASSPHRASE.encode())
    assert main(["--data-dir", home, "export", "--encrypt", "--export-passphrase-file", pass_file,
                 "-o", str(sealed)]) == 0
    capsys.readouterr()
    truncated = tmp_path / "cut.age"
    truncated.write_bytes(sealed.read_bytes()[:-40])
    not_age = tmp_path / "noise.age"
    not_age.write_bytes(b"\x00\xffnot an export")
    other = str(tmp_path / "b")
    cases = [
        ([str(sealed), "--export-passphrase-file", _secret_file(tmp_path / "wrong", b"tide pool")],
         "wrong passphrase for "),
        ([str(sealed), "--export-passphrase-file", _secret_file(tmp_path / "empty", b"\n")],
         "the passphrase is empty"),
        ([str(sealed), "--export-passphrase-file", _secret_file(tmp_path / "latin", b"caf\xe9")],
         "latin is not valid UTF-8 text"),
        ([str(sealed), "--export-passphrase-file", str(tmp_path / "missing")],
         "missing does not exist"),
        ([str(sealed), "--identity", str(key_pair[1])],
         "encrypted with a passphrase, not to a key"),
        ([str(truncated), "--export-passphrase-file", pass_file],
         "cut.age is damaged or incomplete"),
        ([str(not_age)], "noise.age: not a UTF-8 text file"),
        ([str(sealed), "--from", "daylio", "--export-passphrase-file", pass_file],
         "--export-passphrase-file and --identity go with an Ebbtide export"),
    ]
    for arguments, message in cases:
        assert main(["--data-dir", other, "import", *arguments]) == 2, arguments
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err, (arguments, err)
        assert err.startswith("ebbtide: ") and err.count("\n") == 1
    assert _count(other) == 0 and _count(other, "medication") == 0


def test_a_world_readable_passphrase_file_is_used_with_a_warning(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    quick_passphrase_sealing(monkeypatch)
    home = _filled_home(tmp_path / "a")
    loose = _secret_file(tmp_path / "loose", PASSPHRASE.encode(), mode=0o644)
    monkeypatch.setenv("EBBTIDE_EXPORT_PASSPHRASE_FILE", loose)
    target = tmp_path / "r.md.age"
    assert main(["--data-dir", home, "report", "--encrypt", "-o", str(target)]) == 0
    err = capsys.readouterr().err
    assert "warning: others on this machine can read the passphrase file" in err
    assert "(mode 0644); chmod 600 it" in err
    assert "Wrote the MD report" in err and "age-encrypted with a passphrase" in err
    report = bytes(pyrage.passphrase.decrypt(target.read_bytes(), PASSPHRASE)).decode()
    assert report.startswith("# Ebbtide report") and NOTE.encode() not in target.read_bytes()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the person types at each passphrase prompt (stdin is a terminal)."""
    answers: list[str] = []
    monkeypatch.setattr(sys, "stdin", _Terminal())

    def prompt(_prompt: str = "") -> str:
        if not answers:
            raise EOFError
        return answers.pop(0)

    monkeypatch.setattr(getpass, "getpass", prompt)
    return answers


def test_the_passphrase_is_asked_twice_and_must_match(
        tmp_path: Path, typed: list[str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    quick_passphrase_sealing(monkeypatch)
    home = _filled_home(tmp_path / "a")
    target = tmp_path / "j.csv.age"
    for answers, message in ((["one", "two"], "the two passphrases differ"),
                             (["", ""], "the passphrase is empty"),
                             (["pass\udcff"], "not valid UTF-8"),
                             ([], "no passphrase was given")):
        typed[:] = answers
        assert main(["--data-dir", home, "export", "--encrypt", "-o", str(target)]) == 2
        assert message in capsys.readouterr().err
        assert not target.exists() and os.listdir(tmp_path) == ["a"]
    typed[:] = [PASSPHRASE, PASSPHRASE]
    assert main(["--data-dir", home, "export", "--encrypt", "-o", str(target)]) == 0
    typed[:] = [PASSPHRASE]
    other = str(tmp_path / "b")
    assert main(["--data-dir", other, "import", str(target)]) == 0
    assert _count(other) == 1


def test_without_a_terminal_or_file_there_is_no_passphrase(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    home = _filled_home(tmp_path / "a")
    monkeypatch.setattr(sys, "stdin", io.StringIO("typed\n"))
    assert main(["--data-dir", home, "export", "--encrypt", "-o",
                 str(tmp_path / "x.age")]) == 2
    assert "no terminal to ask for the passphrase: use --export-passphrase-file PATH (or set " \
           "EBBTIDE_EXPORT_PASSPHRASE_FILE)" in capsys.readouterr().err
    assert not (tmp_path / "x.age").exists()


def test_options_are_checked_before_anything_is_written(
        tmp_path: Path, key_pair: tuple[str, Path],
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    home = _filled_home(tmp_path / "a")
    target = str(tmp_path / "x.age")
    pass_file = _secret_file(tmp_path / "pass", PASSPHRASE.encode())
    for command, message in (
            (["export", "--armor"], "--armor, --recipient and --export-passphrase-file go with "
                                    "--encrypt"),
            (["report", "-r", key_pair[0]], "go with --encrypt"),
            (["export", "--encrypt", "-r", key_pair[0], "--export-passphrase-file", pass_file],
             "with a passphrase or to --recipient keys, not both"),
            (["export", "--encrypt", "-r", "ssh-rsa AAAA"],
             "'ssh-rsa AAAA' is not a valid age public key; an age public key starts with "
             "'age1'"),
            (["export", "--encrypt", "-r", "age1qqqq"], "'age1qqqq' is not a valid age "
                                                        "public key")):
        assert main(["--data-dir", home, *command, "-o", target]) == 2, command
        assert message in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdout", _Terminal())
    assert main(["--data-dir", home, "export", "--encrypt", "-r", key_pair[0]]) == 2
    assert "would garble the terminal: add -o FILE, or --armor" in capsys.readouterr().err
    assert sorted(os.listdir(tmp_path)) == ["a", "key.txt", "pass"]


def test_encrypted_output_goes_to_a_pipe_binary_or_armored(
        tmp_path: Path, key_pair: tuple[str, Path],
        capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    public, key_file = key_pair
    home = _filled_home(tmp_path / "a")
    identity = [pyrage.x25519.Identity.from_str(key_file.read_text().splitlines()[1])]
    assert main(["--data-dir", home, "export", "--encrypt", "-r", public]) == 0
    binary = capsysbinary.readouterr().out
    assert binary.startswith(b"age-encryption.org/v1\n")
    assert NOTE.encode() in pyrage.decrypt(binary, identity)
    assert main(["--data-dir", home, "report", "--encrypt", "--armor", "-r", public]) == 0
    armored = capsysbinary.readouterr().out
    assert armored.startswith(b"-----BEGIN AGE ENCRYPTED FILE-----")
    assert pyrage.decrypt(armored, identity).startswith(b"# Ebbtide report")


def test_without_the_extra_the_message_says_what_to_install_before_asking(
        tmp_path: Path, key_pair: tuple[str, Path], typed: list[str],
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    home = _filled_home(tmp_path / "a")
    sealed = tmp_path / "x.age"
    assert main(["--data-dir", home, "export", "--encrypt", "-r", key_pair[0], "-o",
                 str(sealed)]) == 0
    capsys.readouterr()
    monkeypatch.setitem(sys.modules, "pyrage", None)  # `import pyrage` raises ImportError
    typed[:] = ["never asked", "never asked"]
    for command in (["export", "--encrypt", "-o", str(tmp_path / "y.age")],
                    ["import", str(sealed)]):
        assert main(["--data-dir", str(tmp_path / "b"), *command]) == 2
        assert "encrypted files need the optional pyrage package: pip install " \
               "'ebbtide[encryption]'" in capsys.readouterr().err
    assert typed == ["never asked", "never asked"] and not (tmp_path / "y.age").exists()
