"""Record ids are version 4 UUIDs, as other tools that read an export expect."""

from __future__ import annotations

import uuid

from ebbtide.core.ids import new_uid


def test_ids_are_random_version_4_uuids() -> None:
    ids = [new_uid() for _ in range(200)]
    assert len(set(ids)) == len(ids)
    for text in ids:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 4
        assert parsed.variant == uuid.RFC_4122
