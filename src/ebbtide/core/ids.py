"""Record ids: random (version 4) UUID strings, made without importing `uuid`, which
brings `platform` with it (about 2 ms of every `ebbtide log`)."""

from __future__ import annotations

import os


def new_uid() -> str:
    """A random (version 4) UUID string, as `str(uuid.uuid4())` gives."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
