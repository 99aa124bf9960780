"""Tags and times are stored as a compact JSON array, text kept verbatim. The writer skips
`json` for text with nothing to escape; every text must come out exactly as `json` writes
it, and read back as typed."""

from __future__ import annotations

import json

from ebbtide.core.journal.writer import dump_list

SAMPLES = [
    "bench", "stressful day", "", " ", "café", "😴 tired", "missed dose", "'single'",
    'said "no"', "back\\slash", "tab\there", "line\nbreak", "\x1b[31mred", "\x7f", "\u2028",
    "\u200b", "[b]markup[/b]", "a,b", "[\"x\"]", "日本語", "\ud800", "\x00",
]


def test_every_list_is_written_exactly_as_json_writes_it() -> None:
    each_character = [chr(code) for code in range(0x00, 0x250)]
    for items in ([], *([s] for s in SAMPLES), SAMPLES, each_character,
                  [f"x{c}y" for c in each_character]):
        assert dump_list(items) == json.dumps(list(items), ensure_ascii=False,
                                              separators=(",", ":")), items


def test_what_is_written_reads_back_as_typed() -> None:
    readable = [s for s in SAMPLES if s != "\ud800"]
    assert json.loads(dump_list(readable)) == readable
