"""Opening journal files, encrypted or not: the one place that calls `connect`.

An encrypted journal is an SQLCipher 4 file (the `encryption` extra: sqlcipher3, with
SQLCipher built in). Whether a file is encrypted is read from its first page: a plain
SQLite file starts with "SQLite format 3\\0", an SQLCipher file with its random salt and
then ciphertext; no marker says more than that (see `is_encrypted`).

The key is SQLCipher 4's own derivation (PBKDF2-HMAC-SHA512, 256,000 iterations, salted
with the file's first 16 bytes) computed here with hashlib, so the derived key can be kept
in memory per salt and later connections open with the raw key (well under a millisecond
instead of ~0.1 s). Files made from a journal (its backups, a converted copy) reuse its
salt, so one unlock serves them all. Any SQLCipher 4 opens the file with
`PRAGMA key = 'the passphrase'`.

The passphrase and derived keys live in this process's memory only, never on disk or in
the environment. `unlock` holds them; otherwise the first encrypted open asks the source
set with `set_source` (the command line's prompt or passphrase file), and raises
JournalLocked when there is none. sqlcipher3 has its own exception classes: connections
returned here raise the standard `sqlite3` ones instead (same names and error codes), so
the journal's error handling is the same for both kinds of file. Standard library only
until a file is encrypted: `ebbtide log` imports this at start-up."""

from __future__ import annotations

import _thread
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal import held_files

HEADER = b"SQLite format 3\x00"
SALT_BYTES = 16
PAGE_BYTES = 4096  # SQLCipher 4's default page size, the one Ebbtide uses
KEY_BYTES = 32
KDF_ITERATIONS = 256_000  # SQLCipher 4's default (PBKDF2-HMAC-SHA512)
# Decrypted pages kept per connection (KiB): reading a page again then costs no AES and
# HMAC. The standard sqlite3 relies on the OS's file cache instead, which holds only
# ciphertext here.
CACHE_KIB = 65_536  # a 100k-entry journal is ~60 MB
BACKUP_FOLDER = "backups"
INSTALL_HINT = "pip install 'ebbtide[encryption]'"


class JournalLocked(EbbtideError):
    """The journal is encrypted and cannot be opened without its passphrase. Never a sign
    of damage: nothing was read or changed."""


class WrongPassphrase(JournalLocked):
    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"that passphrase does not unlock {path}. Nothing was read or "
                         "changed.")


class EncryptionUnavailable(JournalLocked):
    """The `encryption` extra (sqlcipher3) is not installed."""


# Asked for a passphrase for the encrypted file at `path` after `failed` wrong ones; it
# raises (e.g. the last WrongPassphrase) to stop asking.
PassphraseSource = Callable[[Path, int], str]


class _Keys:
    # A plain class and `_thread`'s lock, not a dataclass and `threading`: every
    # `ebbtide log` imports this module, and those cost it about 0.9 ms.
    __slots__ = ("derived", "passphrase", "source")

    def __init__(self) -> None:
        self.passphrase: str | None = None
        self.derived: dict[bytes, bytes] = {}  # salt -> raw key
        self.source: PassphraseSource | None = None


_keys = _Keys()
_lock = _thread.allocate_lock()


def is_encrypted(path: Path | str) -> bool:
    """True when the file's first page is an SQLCipher page: it does not start as a plain
    SQLite file does, and after the salt its bytes look random (ciphertext, IVs and MACs).
    A plain journal whose header was overwritten still has its readable page body (zeros,
    schema text), so it stays "damaged" and is never mistaken for a locked one."""
    page = held_files.head(path, PAGE_BYTES)
    if len(page) < PAGE_BYTES or page.startswith(HEADER):
        return False
    body = page[SALT_BYTES:]
    # Random bytes: ~16 zeros (sd 4) and ~2040 with the high bit set (sd 32) in 4080.
    high = len(body.translate(None, bytes(range(128))))
    return body.count(0) <= 48 and abs(high - len(body) // 2) <= 320


def check_passphrase(text: str) -> str:
    """`text` as a usable passphrase, or EbbtideError saying why not."""
    if not text.strip():
        raise EbbtideError("the passphrase is empty: nothing was changed.")
    if "\x00" in text:
        raise EbbtideError("the passphrase contains a NUL character: nothing was changed.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise EbbtideError("the passphrase is not valid UTF-8 text: nothing was "
                           "changed.") from None
    return text


def derive(passphrase: str, salt: bytes) -> bytes:
    """SQLCipher 4's key for `passphrase` and a file's `salt` (~0.1 s on purpose)."""
    import hashlib

    return hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS,
                               KEY_BYTES)


def set_source(source: PassphraseSource | None) -> None:
    """Where a passphrase comes from when an encrypted file is opened and none is held."""
    with _lock:
        _keys.source = source


def hold(passphrase: str, salt: bytes, key: bytes) -> None:
    """Keep `passphrase` (checked) and its `key` for `salt` for the rest of this process."""
    with _lock:
        _keys.passphrase = passphrase
        _keys.derived[salt] = key


def forget() -> None:
    """Drop the passphrase and every derived key (the source stays)."""
    with _lock:
        _keys.passphrase = None
        _keys.derived.clear()


def unlocked() -> bool:
    with _lock:
        return _keys.passphrase is not None


def unlock(path: Path, passphrase: str) -> None:
    """Check that `passphrase` opens the encrypted file at `path`, then hold it.
    WrongPassphrase (nothing held) otherwise."""
    check_passphrase(passphrase)
    salt = file_salt(path)
    hold(passphrase, salt, _checked_key(path, passphrase, salt))


def file_salt(path: Path) -> bytes:
    return held_files.head(path, SALT_BYTES)


def driver() -> Any:
    """The sqlcipher3 module, or EncryptionUnavailable."""
    try:
        import sqlcipher3
    except ImportError:
        raise EncryptionUnavailable(
            "the journal is encrypted, and this installation of Ebbtide cannot open "
            f"encrypted journals: install the encryption extra ({INSTALL_HINT}). "
            "Nothing was read or changed.") from None
    return sqlcipher3


def key_for(path: Path) -> bytes:
    """The raw key of the encrypted file at `path`: derived before for its salt, from the
    passphrase held, or asked of the source (again after a wrong one, as long as the source
    answers). JournalLocked when there is no passphrase, WrongPassphrase when it is not
    this file's."""
    salt = file_salt(path)
    with _lock:
        key, passphrase, source = _keys.derived.get(salt), _keys.passphrase, _keys.source
    if key is not None:
        return key
    if passphrase is not None:
        key = _checked_key(path, passphrase, salt)
        with _lock:
            _keys.derived[salt] = key
        return key
    if source is None:
        raise JournalLocked(f"the journal at {path} is encrypted and still locked: unlock "
                            "it with its passphrase first. Nothing was read or changed.")
    failed = 0
    while True:
        passphrase = check_passphrase(source(path, failed))
        try:
            key = _checked_key(path, passphrase, salt)
        except WrongPassphrase:
            failed += 1
            continue
        hold(passphrase, salt, key)
        return key


def new_key(passphrase: str) -> tuple[bytes, bytes]:
    """A fresh random salt and its key, for a file about to be encrypted."""
    salt = os.urandom(SALT_BYTES)
    return salt, derive(check_passphrase(passphrase), salt)


def _checked_key(path: Path, passphrase: str, salt: bytes) -> bytes:
    """The key, once it opens `path`, or a backup made from it when the journal's first
    page is damaged (then the damage shows as usual when the journal is read, and its
    backups can be restored)."""
    key = derive(passphrase, salt)
    if _opens(path, key, salt) or any(_opens(witness, key, salt)
                                      for witness in _same_salt_backups(path, salt)):
        return key
    raise WrongPassphrase(path)


def _opens(path: Path, key: bytes, salt: bytes) -> bool:
    # Page 1 of the main file decides: immutable, so not even an empty -wal/-shm is made.
    try:
        conn = _open(_target(path, "mode=ro&immutable=1"), key, salt, uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master")
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
            return False
        raise
    return True


def _same_salt_backups(path: Path, salt: bytes) -> list[Path]:
    """Backups beside the journal (`Paths.backup_dir` is `backups/` in its folder) made
    with its key: they share its salt."""
    try:
        found = sorted((path.parent / BACKUP_FOLDER).glob("*.sqlite3"), reverse=True)
    except OSError:
        return []
    same = []
    for candidate in found:
        try:
            if candidate != path and file_salt(candidate) == salt:
                same.append(candidate)
        except OSError:
            continue
    return same


# ---------------------------------------------------------------- connecting


def _target(path: Path | str, query: str) -> str:
    if not query:
        return str(path)
    return f"file:{quote(str(Path(path).absolute()))}?{query}"


def connect(path: Path | str, query: str = "", **options: Any) -> sqlite3.Connection:
    """A connection to the journal (or a backup) at `path`, decrypted when it is
    encrypted. `query`: URI parameters (e.g. "mode=ro"); `options`: `sqlite3.connect`'s.
    A missing or empty file, opened read-write while a passphrase is held (an encrypted
    journal started anew), is created encrypted."""
    file = Path(path)
    conn = _connect(file, _target(file, query), query, **options)
    if "immutable=1" not in query:  # a connection with locks: later looks must keep them
        conn.release = held_files.hold(file)  # type: ignore[attr-defined]
    return conn


def _connect(file: Path, target: str, query: str, **options: Any) -> sqlite3.Connection:
    if is_encrypted(file):
        driver()  # without the extra, say so before asking for a passphrase
        key = key_for(file)
        return _open(target, key, file_salt(file), uri=bool(query), **options)
    with _lock:
        passphrase = _keys.passphrase
    if passphrase is not None and not query and _empty(file):
        salt, key = new_key(passphrase)
        with _lock:
            _keys.derived[salt] = key
        return _open(target, key, salt, new=True, **options)
    plain: sqlite3.Connection = sqlite3.connect(target, uri=bool(query),
                                                factory=held_files.HeldConnection, **options)
    return plain


def connect_new_like(source: sqlite3.Connection, path: Path) -> sqlite3.Connection:
    """A new file at `path` encrypted as `source` is (same key and salt), or plain when
    `source` is: the target of `source.backup`."""
    if isinstance(source, CipherConnection):
        return _open(str(path), source.key, source.salt, new=True)
    return sqlite3.connect(str(path))


def connect_for_export(path: Path, **options: Any) -> sqlite3.Connection:
    """A connection through SQLCipher whether `path` is encrypted or not, for
    `sqlcipher_export` (which the standard sqlite3 lacks)."""
    if is_encrypted(path):
        return connect(path, **options)
    module = driver()
    try:
        raw = module.connect(str(path), **options)
    except module.Error as exc:
        raise _translated(exc) from None
    return cast(sqlite3.Connection, CipherConnection(raw, b"", b""))


def connect_keyed(path: Path, key: bytes) -> sqlite3.Connection:
    """An existing encrypted file opened with its raw `key` (a file just converted)."""
    return _open(str(path), key, b"")


def key_pragma(key: bytes, salt: bytes = b"") -> str:
    """`PRAGMA key` with a raw key (no derivation); with `salt` for a new file."""
    return f"PRAGMA key = \"x'{key.hex()}{salt.hex()}'\""


def _empty(path: Path) -> bool:
    try:
        return path.stat().st_size == 0
    except OSError:
        return True


_quiet = False


def _open(target: str, key: bytes, salt: bytes, *, new: bool = False,
          **options: Any) -> sqlite3.Connection:
    """`new`: the file is about to be made, with `salt` (an existing one has its own)."""
    global _quiet
    module = driver()
    try:
        raw = module.connect(target, **options)
        if not _quiet:  # SQLCipher logs a wrong key to stderr; the caller explains instead
            raw.execute("PRAGMA cipher_log_level = NONE")
            _quiet = True
        raw.execute(key_pragma(key, salt if new else b""))
        raw.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    except module.Error as exc:
        raise _translated(exc) from None
    return cast(sqlite3.Connection, CipherConnection(raw, key, salt))


def _translated(exc: BaseException) -> sqlite3.Error:
    """sqlcipher3's error as the standard sqlite3 one (same class name and codes)."""
    cls = getattr(sqlite3, type(exc).__name__, None)
    if not (isinstance(cls, type) and issubclass(cls, sqlite3.Error)):
        cls = sqlite3.DatabaseError
    error = cls(*exc.args)
    for name in ("sqlite_errorcode", "sqlite_errorname"):
        if hasattr(exc, name):
            setattr(error, name, getattr(exc, name))
    return error


class _Cursor:
    """A sqlcipher3 cursor raising sqlite3's errors."""

    def __init__(self, raw: Any, errors: type[BaseException]) -> None:
        self._raw = raw
        self._errors = errors

    def fetchone(self) -> Any:
        try:
            return self._raw.fetchone()
        except self._errors as exc:
            raise _translated(exc) from None

    def fetchall(self) -> list[Any]:
        try:
            return cast(list[Any], self._raw.fetchall())
        except self._errors as exc:
            raise _translated(exc) from None

    def fetchmany(self, size: int = 1) -> list[Any]:
        try:
            return cast(list[Any], self._raw.fetchmany(size))
        except self._errors as exc:
            raise _translated(exc) from None

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        try:
            return next(self._raw)
        except self._errors as exc:
            raise _translated(exc) from None

    def __getattr__(self, name: str) -> Any:  # lastrowid, rowcount, description, close...
        return getattr(self._raw, name)


class CipherConnection:
    """A sqlcipher3 connection that raises sqlite3's errors; `key` and `salt` let a new
    file (a backup) be encrypted the same way."""

    def __init__(self, raw: Any, key: bytes, salt: bytes) -> None:
        self._raw = raw
        self.key = key
        self.salt = salt
        self._errors: type[BaseException] = driver().Error

    def execute(self, sql: str, parameters: Any = ()) -> _Cursor:
        try:
            return _Cursor(self._raw.execute(sql, parameters), self._errors)
        except self._errors as exc:
            raise _translated(exc) from None

    def backup(self, target: Any, **options: Any) -> None:
        try:
            self._raw.backup(getattr(target, "_raw", target), **options)
        except self._errors as exc:
            raise _translated(exc) from None

    release: Callable[[], None] | None = None  # see held_files.HeldConnection

    def close(self) -> None:
        try:
            self._raw.close()
        except self._errors as exc:
            raise _translated(exc) from None
        release, self.release = self.release, None
        if release is not None:
            release()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)
