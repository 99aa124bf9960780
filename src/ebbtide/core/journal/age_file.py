"""Files in the age format (age-encryption.org/v1): what `ebbtide export --encrypt` and
`ebbtide report --encrypt` write and `ebbtide import` reads back, so that the standard `age`
tool (or any age implementation) opens them elsewhere.

The encryption is pyrage's (the Rust `rage` library; MIT), in memory: plaintext never
touches the disk here. pyrage comes with the optional `encryption` extra and is imported only
when a file is encrypted or decrypted; detection needs nothing.

Every failure is an `AgeError` whose message is one sentence a person can act on: a wrong
passphrase, a key that does not open the file, a damaged or truncated file, a file that is
not age at all. Secrets read from files (`read_secret_file`) are UTF-8 text; a file that
others can read is used but reported (`Secret.warning`)."""

from __future__ import annotations

import base64
import binascii
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ebbtide.core.errors import EbbtideError
from ebbtide.core.text import inert

BINARY_HEADER = b"age-encryption.org/v1\n"
ARMOR_BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"
PUBLIC_KEY_PREFIX = "age1"
SECRET_KEY_PREFIX = "AGE-SECRET-KEY-1"
MAX_SECRET_FILE_BYTES = 64 * 1024  # far more than any passphrase or key list
_HEADER_PEEK = 64 * 1024
INSTALL_HINT = "pip install 'ebbtide[encryption]'"


class AgeError(EbbtideError):
    """An age file cannot be written or opened; the message says why and what to do."""


class AgeUnavailable(AgeError):
    """The optional pyrage package is not installed."""


class WrongPassphrase(AgeError):
    """The passphrase does not open the file."""


class WrongIdentity(AgeError):
    """None of the given keys opens the file."""


class DamagedAgeFile(AgeError):
    """The file starts like age but is truncated, altered or malformed."""


class NotAgeFile(AgeError):
    """The data is not in the age format at all."""


@dataclass(frozen=True)
class Secret:
    """Text read from a secret file, with a sentence to show when others can read it."""

    text: str
    warning: str | None = None


@dataclass(frozen=True)
class Sealing:
    """How to encrypt: with a passphrase, or to age public keys; binary or ASCII armor."""

    armored: bool
    passphrase: str | None = None
    recipients: list[Any] = field(default_factory=list)

    def seal(self, data: bytes) -> bytes:
        if self.passphrase is not None:
            return encrypt_with_passphrase(data, self.passphrase, armored=self.armored)
        return encrypt_to_recipients(data, self.recipients, armored=self.armored)

    def described(self) -> str:
        keys = len(self.recipients)
        how = "with a passphrase" if self.passphrase is not None else \
            f"to {keys} age key{'s' if keys != 1 else ''}"
        return f"age-encrypted {how}{', ASCII armor' if self.armored else ''}"


def sealed_path(path: Path) -> Path:
    """Where an encrypted copy of `path` goes: report.pdf -> report.pdf.age."""
    return path if path.suffix.lower() == ".age" else path.with_name(path.name + ".age")


def how_to_open(path: Path, shown: str | None = None) -> str:
    """The command that decrypts `path` with the standard age tool, e.g.
    'age -d report.pdf.age > report.pdf' (`shown` is how to write the path)."""
    name = shown or str(path)
    plain = name.removesuffix(".age") if name.lower().endswith(".age") else name + ".txt"
    return f"age -d {_quoted(name)} > {_quoted(plain)}"


def _quoted(text: str) -> str:
    import shlex

    if text.startswith("~/"):
        return "~/" + shlex.quote(text[2:]) if text[2:] else "~/"
    return shlex.quote(text)


def is_age(data: bytes) -> bool:
    """Whether `data` is an age file, binary or ASCII-armored (leading blank space allowed
    before the armor, as the age format permits)."""
    return data.startswith(BINARY_HEADER) or data.lstrip().startswith(ARMOR_BEGIN)


def is_armored(data: bytes) -> bool:
    return data.lstrip().startswith(ARMOR_BEGIN)


def suffix_inside(path: Path) -> str:
    """The suffix that tells the format, lower-case: ".csv" for export.csv and for
    export.csv.age alike."""
    suffix = path.suffix.lower()
    return Path(path.stem).suffix.lower() if suffix == ".age" else suffix


def recipient_kinds(data: bytes) -> list[str]:
    """The kinds of the header's recipient stanzas ("scrypt" for a passphrase, "X25519" for
    an age key...), read without decrypting; empty when the header cannot be read."""
    binary = _dearmored_start(data) if is_armored(data) else data[:_HEADER_PEEK]
    kinds: list[str] = []
    for line in binary.split(b"\n")[1:]:
        if line.startswith(b"---"):
            break
        if line.startswith(b"-> "):
            kinds.append(line[3:].split(b" ", 1)[0].decode("ascii", "replace"))
    return kinds


def _dearmored_start(data: bytes) -> bytes:
    lines = data.lstrip()[:_HEADER_PEEK * 2].split(b"\n")[1:]
    body = b"".join(line.strip() for line in lines if not line.startswith(b"-----"))
    try:
        return base64.b64decode(body[:len(body) // 4 * 4])
    except binascii.Error:
        return b""


def check_passphrase(passphrase: str) -> None:
    """Refuse an empty passphrase (it would protect nothing) or one that is not text."""
    if not passphrase:
        raise AgeError("the passphrase is empty: an empty passphrase protects nothing")
    try:
        passphrase.encode("utf-8")
    except UnicodeEncodeError:
        raise AgeError("the passphrase is not valid UTF-8 text; set your terminal to UTF-8 "
                       "or use a passphrase file") from None


def parse_recipients(texts: Sequence[str]) -> list[Any]:
    """age public keys (age1...) as pyrage recipients; a wrong one is named."""
    age = _pyrage()
    recipients = []
    for text in texts:
        key = text.strip()
        try:
            recipients.append(age.x25519.Recipient.from_str(key))
        except (age.RecipientError, ValueError):
            hint = "" if key.lower().startswith(PUBLIC_KEY_PREFIX) else \
                f"; an age public key starts with '{PUBLIC_KEY_PREFIX}' (age-keygen -y prints one)"
            raise AgeError(f"'{inert(key, 80)}' is not a valid age public key{hint}"
                           ) from None
    if not recipients:
        raise AgeError("no recipient given")
    return recipients


def parse_identities(text: str, source: str) -> list[Any]:
    """The secret keys (AGE-SECRET-KEY-1...) of an identity file as written by age-keygen;
    blank lines and # comments are skipped. `source` names the file in messages."""
    age = _pyrage()
    identities = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            if not line.upper().startswith(SECRET_KEY_PREFIX):
                raise ValueError
            identities.append(age.x25519.Identity.from_str(line))
        except (age.IdentityError, ValueError):
            raise AgeError(f"{source} line {number} is not an age secret key (the file "
                           "age-keygen writes holds one starting AGE-SECRET-KEY-1)") from None
    if not identities:
        raise AgeError(f"{source} holds no age secret key (the file age-keygen writes)")
    return identities


def encrypt_with_passphrase(data: bytes, passphrase: str, *, armored: bool) -> bytes:
    check_passphrase(passphrase)
    age = _pyrage()
    try:
        return bytes(age.passphrase.encrypt(data, passphrase, armored=armored))
    except age.EncryptError as exc:
        raise AgeError(f"could not encrypt: {exc}") from None


def encrypt_to_recipients(data: bytes, recipients: Sequence[Any], *, armored: bool) -> bytes:
    age = _pyrage()
    try:
        return bytes(age.encrypt(data, list(recipients), armored=armored))
    except age.EncryptError as exc:
        raise AgeError(f"could not encrypt: {exc}") from None


def decrypt_with_passphrase(data: bytes, passphrase: str, name: str) -> bytes:
    """The plaintext of a passphrase-encrypted age file; `name` names it in messages."""
    kinds = _opened_kinds(data, name)
    if "scrypt" not in kinds:
        raise AgeError(f"{name} was encrypted to an age key, not with a passphrase: give "
                       "the key file with --identity FILE")
    check_passphrase(passphrase)
    age = _pyrage()
    try:
        return bytes(age.passphrase.decrypt(_trimmed(data), passphrase))
    except age.DecryptError as exc:
        if str(exc) == "Decryption failed":
            raise WrongPassphrase(f"wrong passphrase for {name} (or the file was altered); "
                                  "nothing was read") from None
        raise _damaged(name, exc) from None


def decrypt_with_identities(data: bytes, identities: Sequence[Any], name: str) -> bytes:
    """The plaintext of an age file encrypted to a key; `name` names it in messages."""
    kinds = _opened_kinds(data, name)
    if "scrypt" in kinds:
        raise AgeError(f"{name} was encrypted with a passphrase, not to a key: leave out "
                       "--identity and type the passphrase (or use --export-passphrase-file)")
    age = _pyrage()
    try:
        return bytes(age.decrypt(_trimmed(data), list(identities)))
    except age.DecryptError as exc:
        if str(exc) == "No matching keys found":
            raise WrongIdentity(f"none of the given keys opens {name}: it was encrypted to "
                                "another age key; nothing was read") from None
        raise _damaged(name, exc) from None


def _opened_kinds(data: bytes, name: str) -> list[str]:
    if not is_age(data):
        raise NotAgeFile(f"{name} is not an age-encrypted file")
    kinds = recipient_kinds(data)
    if not kinds:
        raise DamagedAgeFile(f"{name} is damaged or incomplete: its age header cannot be "
                             "read; nothing was read")
    return kinds


def _trimmed(data: bytes) -> bytes:
    return data.lstrip() if is_armored(data) else data


def _damaged(name: str, exc: Exception) -> DamagedAgeFile:
    return DamagedAgeFile(f"{name} is damaged or incomplete (truncated or altered: "
                          f"{inert(str(exc), 80)}); nothing was read")


def read_secret_file(path: Path, what: str) -> Secret:
    """A passphrase or key file as text: UTF-8, at most 64 KB, one final line break dropped.
    A file that group or others can read is used, with a warning naming `what`."""
    name = inert(str(path))
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            data = handle.read(MAX_SECRET_FILE_BYTES + 1)
    except FileNotFoundError:
        raise AgeError(f"{what} file {name} does not exist") from None
    except OSError as exc:
        raise AgeError(f"cannot read the {what} file {name}: {exc.strerror or exc}"
                       ) from None
    if len(data) > MAX_SECRET_FILE_BYTES:
        raise AgeError(f"{what} file {name} is larger than 64 KB: is it the right file?")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise AgeError(f"{what} file {name} is not valid UTF-8 text") from None
    text = text.removesuffix("\n").removesuffix("\r")
    warning = None
    if stat.S_ISREG(info.st_mode) and info.st_mode & 0o044:
        warning = (f"warning: others on this machine can read the {what} file {name} "
                   f"(mode {stat.S_IMODE(info.st_mode):04o}); chmod 600 it")
    return Secret(text, warning)


def require_age() -> None:
    """Raise AgeUnavailable now (before asking for a passphrase) when pyrage is missing."""
    _pyrage()


def _pyrage() -> Any:
    try:
        import pyrage
    except ImportError:
        raise AgeUnavailable("encrypted files need the optional pyrage package: "
                             f"{INSTALL_HINT}") from None
    return pyrage
