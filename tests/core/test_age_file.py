"""core.journal.age_file: age files recognised without decrypting, encrypted and decrypted in
memory, and every failure (wrong passphrase or key, truncated, altered, not age, bad key
text, bad passphrase file) one typed error with a sentence, never pyrage's own exception."""

from __future__ import annotations

from pathlib import Path

import pyrage
import pytest

from ebbtide.core.journal.age_file import (
    AgeError,
    DamagedAgeFile,
    NotAgeFile,
    WrongIdentity,
    WrongPassphrase,
    decrypt_with_identities,
    decrypt_with_passphrase,
    encrypt_to_recipients,
    encrypt_with_passphrase,
    is_age,
    is_armored,
    parse_identities,
    parse_recipients,
    read_secret_file,
    recipient_kinds,
    suffix_inside,
)
from tests.quick_crypto import age_passphrase_file, quick_passphrase_sealing

PLAIN = "type,uid,note\ncheckin,c1,the secret note ✓\n".encode() * 50


@pytest.fixture(scope="module")
def passphrase_file() -> bytes:
    """A passphrase-encrypted file at a small scrypt work factor: opening it (right or
    wrong) then costs milliseconds, not pyrage's calibrated second per try."""
    return age_passphrase_file(PLAIN, "correct horse")


@pytest.mark.parametrize("size", [0, 5, 64 * 1024, 64 * 1024 + 1])
def test_the_tests_quick_passphrase_files_are_real_age_files(size: int) -> None:
    """tests/quick_crypto writes what pyrage writes, chunked and armored alike."""
    plain = bytes(range(256)) * (size // 256) + b"tide!"[:size % 256]
    for armored in (False, True):
        sealed = age_passphrase_file(plain, "pässphrase", armored=armored)
        assert is_armored(sealed) == armored and recipient_kinds(sealed) == ["scrypt"]
        assert pyrage.passphrase.decrypt(sealed, "pässphrase") == plain
        with pytest.raises(pyrage.DecryptError):
            pyrage.passphrase.decrypt(sealed, "passphrase")


def test_a_passphrase_file_opens_with_its_passphrase_only(passphrase_file: bytes) -> None:
    assert is_age(passphrase_file) and recipient_kinds(passphrase_file) == ["scrypt"]
    assert b"secret note" not in passphrase_file
    assert decrypt_with_passphrase(passphrase_file, "correct horse", "x.age") == PLAIN
    with pytest.raises(WrongPassphrase, match=r"wrong passphrase for x.age"):
        decrypt_with_passphrase(passphrase_file, "correct hors", "x.age")
    with pytest.raises(AgeError, match="encrypted with a passphrase, not to a key"):
        decrypt_with_identities(passphrase_file, [pyrage.x25519.Identity.generate()], "x.age")


def test_keys_round_trip_armored_and_a_wrong_key_is_named() -> None:
    mine, theirs = pyrage.x25519.Identity.generate(), pyrage.x25519.Identity.generate()
    recipients = parse_recipients([str(mine.to_public()), f" {theirs.to_public()}\n"])
    sealed = encrypt_to_recipients(PLAIN, recipients, armored=True)
    assert sealed.startswith(b"-----BEGIN AGE ENCRYPTED FILE-----\n")
    assert recipient_kinds(sealed).count("X25519") == 2  # rage adds a random "grease" one
    text = f"# created: today\n# public key: {mine.to_public()}\n{mine}\n"
    assert decrypt_with_identities(b"\n  " + sealed, parse_identities(text, "k"), "f") == PLAIN
    stranger = [pyrage.x25519.Identity.generate()]
    with pytest.raises(WrongIdentity, match="none of the given keys opens f"):
        decrypt_with_identities(sealed, stranger, "f")
    with pytest.raises(AgeError, match="encrypted to an age key, not with a passphrase"):
        decrypt_with_passphrase(sealed, "anything", "f")


@pytest.mark.parametrize("armored", [False, True])
def test_truncated_or_altered_files_are_damaged_not_a_wrong_key(armored: bool) -> None:
    me = pyrage.x25519.Identity.generate()
    sealed = encrypt_to_recipients(PLAIN, [me.to_public()], armored=armored)
    altered = bytearray(sealed)  # one byte of the payload changed (still valid base64)
    altered[-60] = ord("A") if altered[-60] != ord("A") else ord("B")
    for broken in (sealed[:len(sealed) // 2], sealed[:-30], bytes(altered)):
        with pytest.raises(DamagedAgeFile, match="damaged or incomplete"):
            decrypt_with_identities(broken, [me], "f.age")
    with pytest.raises(DamagedAgeFile, match="header cannot be read"):
        decrypt_with_identities(b"age-encryption.org/v1\n", [me], "f.age")


def test_only_age_data_is_taken_for_age() -> None:
    assert not is_age(b"type,uid\n") and not is_age(b"") and not is_age(b"{\"format\"")
    assert not is_age(b"age-encryption.org/v2\n")
    with pytest.raises(NotAgeFile, match=r"f.csv is not an age-encrypted file"):
        decrypt_with_passphrase(b"type,uid\n", "pw", "f.csv")
    assert suffix_inside(Path("a/export.JSON.age")) == ".json"
    assert suffix_inside(Path("report.pdf")) == ".pdf" and suffix_inside(Path("x.age")) == ""


def test_an_empty_passphrase_is_refused_before_any_work() -> None:
    with pytest.raises(AgeError, match="the passphrase is empty"):
        encrypt_with_passphrase(PLAIN, "", armored=False)
    with pytest.raises(AgeError, match="not valid UTF-8"):
        encrypt_with_passphrase(PLAIN, "pass\udcff", armored=False)


def test_key_text_that_is_not_a_key_is_named() -> None:
    with pytest.raises(AgeError, match="'nope' is not a valid age public key; an age public "
                                       "key starts with 'age1'"):
        parse_recipients(["nope"])
    with pytest.raises(AgeError, match=r"'age1xyz' is not a valid age public key$"):
        parse_recipients(["age1xyz"])
    with pytest.raises(AgeError, match=r"keys.txt line 2 is not an age secret key"):
        parse_identities("# comment\nAGE-SECRET-KEY-1NOPE\n", "keys.txt")
    with pytest.raises(AgeError, match=r"keys.txt holds no age secret key"):
        parse_identities("# only a comment\n\n", "keys.txt")


def test_secret_files_are_read_as_one_line_of_utf8(tmp_path: Path) -> None:
    good = tmp_path / "pass"
    good.write_bytes("pässword\r\n".encode())
    good.chmod(0o600)
    assert read_secret_file(good, "passphrase").text == "pässword"
    assert read_secret_file(good, "passphrase").warning is None
    good.chmod(0o644)
    warning = read_secret_file(good, "passphrase").warning
    assert warning is not None and "others on this machine can read the passphrase file" \
        in warning and "0644" in warning
    bad = tmp_path / "latin1"
    bad.write_bytes(b"caf\xe9\n")
    with pytest.raises(AgeError, match="latin1 is not valid UTF-8 text"):
        read_secret_file(bad, "passphrase")
    with pytest.raises(AgeError, match=r"passphrase file .*missing does not exist"):
        read_secret_file(tmp_path / "missing", "passphrase")
    with pytest.raises(AgeError, match="cannot read the passphrase file"):
        read_secret_file(tmp_path, "passphrase")
    big = tmp_path / "big"
    big.write_bytes(b"x" * (64 * 1024 + 1))
    with pytest.raises(AgeError, match="larger than 64 KB"):
        read_secret_file(big, "passphrase")


def test_sealed_path_adds_age_and_how_to_open_names_the_plain_file() -> None:
    from ebbtide.core.journal.age_file import how_to_open, sealed_path

    assert sealed_path(Path("/t/report.pdf")) == Path("/t/report.pdf.age")
    assert sealed_path(Path("/t/report.pdf.age")) == Path("/t/report.pdf.age")
    assert how_to_open(Path("/t/report.pdf.age")) == "age -d /t/report.pdf.age > /t/report.pdf"
    assert how_to_open(Path("/x"), "~/my report.md.age") == \
        "age -d ~/'my report.md.age' > ~/'my report.md'"


def test_a_sealing_encrypts_with_a_passphrase_or_to_a_key(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """At a small scrypt work factor: pyrage's own calibrated passphrase encryption (about
    a second each way) runs through Sealing.seal in the export round trip through `age`
    (tests/cli/test_encrypted_exchange_cli.py)."""
    from ebbtide.core.journal.age_file import Sealing

    quick_passphrase_sealing(monkeypatch)
    data = b"the report"
    sealed = Sealing(False, passphrase="long passphrase").seal(data)
    assert pyrage.passphrase.decrypt(sealed, "long passphrase") == data
    identity = pyrage.x25519.Identity.generate()
    to_key = Sealing(True, recipients=[identity.to_public()])
    assert pyrage.decrypt(to_key.seal(data), [identity]) == data
    assert to_key.described() == "age-encrypted to 1 age key, ASCII armor"
