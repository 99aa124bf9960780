"""Real encrypted files at test speed.

age: pyrage calibrates scrypt to about a second on this machine for every passphrase
encryption, and opening such a file costs the same second again. `age_passphrase_file`
writes a real age v1 passphrase file (age-encryption.org/v1, one scrypt stanza) at a small
work factor, with the standard library and a plain ChaCha20-Poly1305 (RFC 8439) below;
pyrage opens it like any other (tests/core/test_age_file.py checks that), and so does the
`age` tool. Tests about opening or importing such files use it, and so do tests that encrypt
with a passphrase through `Sealing` (`quick_passphrase_sealing`), but one: the export round
trip through the reference `age` tool (tests/cli/test_encrypted_exchange_cli.py) keeps
pyrage's own calibrated encryption, and opens the file with `age` and imports it back.

SQLCipher: `cipher.derive` (PBKDF2, 256,000 rounds, ~0.1 s) is a pure function of the
passphrase and the file's salt. Tests that call `cipher.forget()` to stand for a new
process would derive the same key again; `journal_keys_derived_once` keeps each key
instead (`cipher` still checks every key against the file)."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
import struct

import pytest

from ebbtide.core.journal import age_file, cipher

AGE_HEADER = b"age-encryption.org/v1\n"
SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"
CHUNK = 64 * 1024
QUICK_LOG_N = 10  # 2**10 rounds: ~2 ms instead of ~1 s (rage picks about 2**20 here)

_MASK = 0xFFFFFFFF
_P1305 = (1 << 130) - 5


def age_passphrase_file(plain: bytes, passphrase: str, *, armored: bool = False,
                        log_n: int = QUICK_LOG_N) -> bytes:
    """`plain` encrypted with `passphrase` in the age format, scrypt work factor 2**log_n."""
    file_key, salt, nonce = os.urandom(16), os.urandom(16), os.urandom(16)
    wrap_key = hashlib.scrypt(passphrase.encode(), salt=SCRYPT_LABEL + salt, n=1 << log_n,
                              r=8, p=1, maxmem=(1 << 31) - 1, dklen=32)
    body = _b64(chacha20_poly1305(wrap_key, bytes(12), file_key))
    header = AGE_HEADER + b"-> scrypt " + _b64(salt) + b" %d\n" % log_n + body + b"\n---"
    mac = hmac.digest(_hkdf(file_key, b"", b"header"), header, "sha256")
    payload_key = _hkdf(file_key, nonce, b"payload")
    chunks = [plain[start:start + CHUNK] for start in range(0, len(plain), CHUNK)] or [b""]
    sealed = b"".join(
        chacha20_poly1305(payload_key, struct.pack(">xxxQ?", n, n == len(chunks) - 1), chunk)
        for n, chunk in enumerate(chunks))
    binary = header + b" " + _b64(mac) + b"\n" + nonce + sealed
    return _armor(binary) if armored else binary


def quick_passphrase_sealing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Passphrase encryption (`Sealing.seal`, hence the export, the report and the report
    screen) writes its age file at a small scrypt work factor; every check before it runs
    as usual, and the file opens with pyrage or `age` as any other."""

    def encrypt(data: bytes, passphrase: str, *, armored: bool) -> bytes:
        age_file.check_passphrase(passphrase)
        age_file.require_age()
        return age_passphrase_file(data, passphrase, armored=armored)

    monkeypatch.setattr(age_file, "encrypt_with_passphrase", encrypt)


_derived = functools.cache(cipher.derive)


@pytest.fixture(autouse=True)  # for each test of a module that imports it
def journal_keys_derived_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """`cipher.derive` computed once per passphrase and salt (a copied journal keeps its
    salt, so its key is derived once for all the tests that copy it)."""
    monkeypatch.setattr(cipher, "derive", _derived)


def _b64(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def _armor(binary: bytes) -> bytes:
    text = base64.b64encode(binary)
    lines = [text[at:at + 64] for at in range(0, len(text), 64)]
    return b"\n".join([b"-----BEGIN AGE ENCRYPTED FILE-----", *lines,
                       b"-----END AGE ENCRYPTED FILE-----"]) + b"\n"


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    """HKDF-SHA-256 (RFC 5869) of 32 bytes."""
    prk = hmac.digest(salt, key, "sha256")  # an empty salt is HashLen zeros, as in HMAC
    return hmac.digest(prk, info + b"\x01", "sha256")


# ---------------------------------------------------------------- ChaCha20-Poly1305


def chacha20_poly1305(key: bytes, nonce: bytes, plain: bytes) -> bytes:
    """AEAD_CHACHA20_POLY1305 (RFC 8439) without associated data: ciphertext and tag."""
    key_words = struct.unpack("<8L", key)
    nonce_words = struct.unpack("<3L", nonce)
    blocks = -(-len(plain) // 64)
    stream = b"".join(_chacha_block(key_words, counter, nonce_words)
                      for counter in range(1, blocks + 1))
    size = len(plain)
    cipher_text = (int.from_bytes(plain, "little") ^ int.from_bytes(stream[:size], "little")
                   ).to_bytes(size, "little")
    mac_data = cipher_text + bytes(-size % 16) + struct.pack("<QQ", 0, size)
    return cipher_text + _poly1305(_chacha_block(key_words, 0, nonce_words)[:32], mac_data)


def _chacha_block(key: tuple[int, ...], counter: int, nonce: tuple[int, ...]) -> bytes:
    start = [0x61707865, 0x3320646E, 0x79622D32, 0x6B206574, *key, counter, *nonce]
    x = list(start)
    for _ in range(10):
        for a, b, c, d in ((0, 4, 8, 12), (1, 5, 9, 13), (2, 6, 10, 14), (3, 7, 11, 15),
                           (0, 5, 10, 15), (1, 6, 11, 12), (2, 7, 8, 13), (3, 4, 9, 14)):
            x[a] = (x[a] + x[b]) & _MASK
            x[d] ^= x[a]
            x[d] = ((x[d] << 16) | (x[d] >> 16)) & _MASK
            x[c] = (x[c] + x[d]) & _MASK
            x[b] ^= x[c]
            x[b] = ((x[b] << 12) | (x[b] >> 20)) & _MASK
            x[a] = (x[a] + x[b]) & _MASK
            x[d] ^= x[a]
            x[d] = ((x[d] << 8) | (x[d] >> 24)) & _MASK
            x[c] = (x[c] + x[d]) & _MASK
            x[b] ^= x[c]
            x[b] = ((x[b] << 7) | (x[b] >> 25)) & _MASK
    return struct.pack("<16L", *((x[i] + start[i]) & _MASK for i in range(16)))


def _poly1305(key: bytes, data: bytes) -> bytes:
    r = int.from_bytes(key[:16], "little") & 0x0FFFFFFC0FFFFFFC0FFFFFFC0FFFFFFF
    s = int.from_bytes(key[16:], "little")
    acc = 0
    for at in range(0, len(data), 16):
        acc = (acc + int.from_bytes(data[at:at + 16] + b"\x01", "little")) * r % _P1305
    return ((acc + s) & ((1 << 128) - 1)).to_bytes(16, "little")
