"""Reading a file another app exported: refuse what is not a regular text file, find its
encoding, split it into CSV rows with the line each starts on, and fingerprint it so an
import can tell whether it changed before committing."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.values import MAX_NOTE_CHARS

MAX_FILE_BYTES = 100 * 1024 * 1024  # about a million check-ins with short notes
MAX_FIELD_CHARS = MAX_NOTE_CHARS  # one cell holds at most one note

# Longest BOM first: UTF-32 LE starts with the UTF-16 LE mark.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
         (codecs.BOM_UTF8, "utf-8", "UTF-8 with a byte-order mark"),
         (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
         (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"))
_NOT_TEXT = ((b"PK\x03\x04", "a zip archive (a Daylio backup or a spreadsheet?)"),
             (b"%PDF", "a PDF"), (b"SQLite format 3", "a database"),
             (b"\x89PNG", "a picture"), (b"\xff\xd8\xff", "a picture"))


class ForeignFileError(EbbtideError):
    """The file cannot be imported at all. The message names the file (and line)."""


@dataclass(frozen=True)
class Fingerprint:
    size: int
    mtime_ns: int
    sha256: str


@dataclass(frozen=True)
class SourceText:
    path: Path
    text: str
    encoding: str  # in words: "UTF-8", "UTF-16", "Windows-1252 (Latin-1)"
    note: str | None  # said to the person when the encoding was a guess
    fingerprint: Fingerprint


def _read_bytes(path: Path) -> tuple[bytes, os.stat_result]:
    """The whole file, refusing folders, pipes, devices and files over the limit. Opened
    without blocking, so a FIFO cannot hang the import."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ForeignFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ForeignFileError(f"{path} is a folder: name the exported file") from None
    except OSError as exc:
        raise ForeignFileError(f"{path}: cannot open it ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ForeignFileError(f"{path} is a folder: name the exported file")
        if not stat.S_ISREG(info.st_mode):
            raise ForeignFileError(f"{path} is not a regular file (a pipe, socket or device): "
                                   "save the export to a file and import that")
        if info.st_size > MAX_FILE_BYTES:
            raise ForeignFileError(f"{path} is {info.st_size / 1e6:,.0f} MB; Ebbtide imports "
                                   f"at most {MAX_FILE_BYTES // 2**20} MB at once: split it")
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ForeignFileError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise ForeignFileError(f"{path} grew past {MAX_FILE_BYTES // 2**20} MB while being "
                               "read")
    return data, info


def fingerprint(path: Path) -> Fingerprint:
    """Size, modification time and SHA-256 of the file as it is now."""
    data, info = _read_bytes(path)
    return Fingerprint(len(data), info.st_mtime_ns, hashlib.sha256(data).hexdigest())


def _decode(path: Path, data: bytes) -> tuple[str, str, str | None]:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), name, None
            except UnicodeDecodeError as exc:
                raise ForeignFileError(f"{path}: starts like {name} but byte {exc.start} is "
                                       "not valid: the file may be damaged") from None
    for magic, what in _NOT_TEXT:
        if data.startswith(magic):
            raise ForeignFileError(f"{path} is {what}, not a CSV export: export your entries "
                                   "as CSV and import that file")
    head = data[:4096]
    if b"\x00" in head:
        # UTF-16 without a mark: every other byte of plain text is zero.
        if head[1::2].count(0) > len(head) // 4:
            codec = "utf-16-le"
        elif head[0::2].count(0) > len(head) // 4:
            codec = "utf-16-be"
        else:
            raise ForeignFileError(f"{path} is not a text file: export your entries as CSV")
        try:
            return data.decode(codec), "UTF-16", None
        except UnicodeDecodeError:
            raise ForeignFileError(f"{path} is not a text file: export your entries as CSV"
                                   ) from None
    try:
        return data.decode("utf-8"), "UTF-8", None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        note = (f"not UTF-8 (line {line} has a byte UTF-8 does not allow): read as Windows-1252 "
                "(Latin-1); check accented letters in the preview")
    try:
        return data.decode("cp1252"), "Windows-1252", note
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1", note.replace("Windows-1252 (Latin-1)",
                                                               "Latin-1")


def read_source(path: Path) -> SourceText:
    """The file's text (any byte-order mark removed) and how it was read."""
    data, info = _read_bytes(path)
    text, encoding, note = _decode(path, data)
    if not text.strip():
        raise ForeignFileError(f"{path}: the file is empty")
    return SourceText(path, text, encoding, note,
                      Fingerprint(len(data), info.st_mtime_ns, hashlib.sha256(data).hexdigest()))


def csv_rows(source: SourceText, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """(line the row starts on, cells) for every non-empty row, header included. Line
    endings inside cells become \\n (CRLF is how the file was saved, not what was typed)."""
    if csv.field_size_limit() < MAX_FIELD_CHARS + 1:
        csv.field_size_limit(MAX_FIELD_CHARS + 1)
    reader = csv.reader(io.StringIO(source.text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield start, [cell.replace("\r\n", "\n") for cell in row]
            start = reader.line_num + 1
    except csv.Error as exc:
        detail = (f"a cell is longer than {MAX_FIELD_CHARS:,} characters, the longest note "
                  "Ebbtide keeps" if "field limit" in str(exc) else str(exc))
        raise ForeignFileError(f"{source.path} line {start}: {detail}; nothing was "
                               "imported") from None
