"""Reading an export file safely: only a regular file (a FIFO, device or folder is refused
before it is opened, and opened non-blocking in case one appears meanwhile), at most
`MAX_IMPORT_BYTES`, UTF-8, then CSV or JSON parsed into raw records with limits that match
what the app itself stores (a note up to 1,000,000 characters), so that a hostile or broken
file gets one clear sentence instead of a traceback, a hang or all the memory.

Text is kept verbatim, escape sequences included (the app stores what people type and shows
it inert everywhere); a NUL character is refused where the app never writes one (ids, kinds,
dates, numbers) and kept in notes and names, where the app itself keeps it."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ebbtide.core.atomic import kind_of_file
from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.age_file import is_age, suffix_inside
from ebbtide.core.journal.exchange_format import (
    BOOLS,
    CSV_HEADER,
    FLOAT_COLUMNS,
    FREE_TEXT,
    INT_COLUMNS,
    JSON_FORMAT,
    JSON_LISTS,
    JSON_VERSION,
    TEXT_COLUMNS,
    restored,
)
from ebbtide.core.journal.values import MAX_NOTE_CHARS
from ebbtide.core.text import inert

MAX_IMPORT_BYTES = 256 * 1024 * 1024
# A CSV cell holds at most a note (plus the formula guard); tag lists may be longer. The
# record checks then name the field and the app's own limit.
CSV_FIELD_LIMIT = 4 * MAX_NOTE_CHARS
MAX_NUMBER_CHARS = 40  # no value the app stores needs more
# Where a NUL is kept: text the app stores verbatim, NUL included.
_NUL_KEPT = TEXT_COLUMNS | {"medication", "side_effect", "tags", "times"}


class JournalImportError(EbbtideError):
    """The file cannot be imported. The message names the file, line/record and problem."""


class BadValue(Exception):
    """One value in one record is wrong (the caller adds the file and line)."""


def shown(path: Path) -> str:
    """A path as it may be printed (it came from the command line: shown inert)."""
    return inert(str(path))


def read_text(path: Path) -> str:
    """The whole file as text, or JournalImportError saying why not."""
    return decode_export(path, read_bytes(path))


def read_bytes(path: Path) -> bytes:
    """The whole file (a regular file of at most MAX_IMPORT_BYTES), or JournalImportError
    saying why not."""
    name = shown(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise JournalImportError(f"{name}: no such file") from None
    except OSError as exc:
        raise JournalImportError(f"{name}: cannot read it ({exc.strerror or exc})") from None
    _check_regular(name, info)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise JournalImportError(f"{name}: cannot read it ({exc.strerror or exc})") from None
    try:
        _check_regular(name, os.fstat(fd))  # it may have been swapped since the stat
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        raise JournalImportError(f"{name}: cannot read it ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    _check_size(name, len(data))
    return data


def decode_export(path: Path, data: bytes) -> str:
    """The content of an export file (read from `path`, or decrypted from it) as text."""
    name = shown(path)
    _check_size(name, len(data))
    if is_age(data):
        raise JournalImportError(f"{name} is encrypted (age format): import it with "
                                 "'ebbtide import FILE', which asks for the passphrase")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise JournalImportError(f"{name}: not a UTF-8 text file") from None
    return text[1:] if text.startswith("\ufeff") else text


def _check_regular(name: str, info: os.stat_result) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise JournalImportError(f"{name}: cannot import {kind_of_file(info.st_mode)}; "
                                 "give the .csv or .json file 'ebbtide export' wrote")
    _check_size(name, info.st_size)


def _check_size(name: str, size: int) -> None:
    if size > MAX_IMPORT_BYTES:
        raise JournalImportError(
            f"{name}: the file is larger than {MAX_IMPORT_BYTES // 2**20} MB, more than any "
            "Ebbtide export; split it with --since/--until when exporting")


def read_records(path: Path, text: str | None = None
                 ) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, raw record) pairs; `where` is "line N" (CSV) or "record N" (JSON). `text`:
    the file's content already read (a decrypted export), else the file is read."""
    text = read_text(path) if text is None else text
    suffix = suffix_inside(path)
    if suffix == ".json" or (suffix != ".csv" and text.lstrip().startswith("{")):
        yield from _json_records(path, text)
    else:
        yield from _csv_records(path, text)


def _parse_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise BadValue(f"a number with {len(text):,} digits is longer than any value "
                       "Ebbtide stores")
    return int(text)


def _parse_float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise BadValue(f"a number with {len(text):,} characters is longer than any value "
                       "Ebbtide stores")
    return float(text)


def _no_constant(text: str) -> float:
    raise BadValue(f"{text} is not a number Ebbtide stores")


def _json_records(path: Path, text: str) -> Iterator[tuple[str, dict[str, Any]]]:
    name = shown(path)
    try:
        doc = json.loads(text, parse_int=_parse_int, parse_float=_parse_float,
                         parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise JournalImportError(f"{name}: not valid JSON (line {exc.lineno}: {exc.msg})"
                                 ) from None
    except RecursionError:
        raise JournalImportError(f"{name}: the JSON is nested far deeper than an Ebbtide "
                                 "export (4 levels)") from None
    except BadValue as exc:
        raise JournalImportError(f"{name}: {exc}") from None
    if not isinstance(doc, dict) or doc.get("format") != JSON_FORMAT:
        raise JournalImportError(f'{name}: not an Ebbtide journal export (no "format": '
                                 f'"{JSON_FORMAT}")')
    if doc.get("version") != JSON_VERSION:
        raise JournalImportError(f"{name}: export version {inert(repr(doc.get('version')), 40)}"
                                 f" is not one this Ebbtide reads ({JSON_VERSION})")
    records = doc.get("records")
    if not isinstance(records, list):
        raise JournalImportError(f'{name}: "records" must be a list')
    for n, record in enumerate(records, 1):
        if not isinstance(record, dict):
            raise JournalImportError(f"{name} record {n}: must be an object")
        try:
            converted = {k: _from_json(k, v) for k, v in record.items()}
        except BadValue as exc:
            raise JournalImportError(f"{name} record {n}: {exc}") from None
        yield f"record {n}", converted


@contextlib.contextmanager
def _csv_field_limit(limit: int) -> Iterator[None]:
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _csv_records(path: Path, text: str) -> Iterator[tuple[str, dict[str, Any]]]:
    name = shown(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    with _csv_field_limit(CSV_FIELD_LIMIT):
        try:
            header = next(reader)
        except StopIteration:
            raise JournalImportError(f"{name}: the file is empty") from None
        except csv.Error as exc:
            raise JournalImportError(f"{name} line 1: {_csv_problem(exc)}") from None
        unknown = [h for h in header if h not in CSV_HEADER]
        if "type" not in header or "uid" not in header or unknown:
            detail = (f"unknown column '{inert(unknown[0], 40)}'" if unknown
                      else "no 'type'/'uid' column")
            raise JournalImportError(f"{name} line 1: not an Ebbtide journal CSV ({detail})")
        guarded = {h for h in header if h in FREE_TEXT}
        try:
            for row in reader:
                line = reader.line_num
                if not row:
                    continue
                if len(row) != len(header):
                    raise JournalImportError(f"{name} line {line}: {len(row)} columns, "
                                             f"expected {len(header)}")
                try:
                    values = {h: _from_csv(h, restored(v) if h in guarded else v)
                              for h, v in zip(header, row, strict=True)
                              if v != "" or h in TEXT_COLUMNS}
                except BadValue as exc:
                    raise JournalImportError(f"{name} line {line}: {exc}") from None
                yield f"line {line}", values
        except csv.Error as exc:
            raise JournalImportError(f"{name} line {reader.line_num}: {_csv_problem(exc)}"
                                     ) from None


def _csv_problem(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return (f"a value is longer than {CSV_FIELD_LIMIT:,} characters (a note may hold "
                f"{MAX_NOTE_CHARS:,})")
    return str(exc)


def _no_nul(name: str, value: str) -> str:
    if "\x00" in value and name not in _NUL_KEPT:
        raise BadValue(f"{name} contains a NUL character")
    return value


def _from_csv(name: str, value: str) -> Any:
    _no_nul(name, value)
    try:
        if name in INT_COLUMNS:
            return _parse_int(value)
        if name in FLOAT_COLUMNS:
            number = _parse_float(value)
            if not math.isfinite(number):
                raise ValueError
            return number
        if name in JSON_LISTS:
            items = json.loads(value, parse_int=_parse_int, parse_float=_parse_float,
                               parse_constant=_no_constant)
            kind = int if name == "answers" else str
            if not isinstance(items, list) or not all(
                    isinstance(i, kind) and not isinstance(i, bool) for i in items):
                raise ValueError
            return items
    except (ValueError, RecursionError, BadValue):
        raise BadValue(f"{name} '{inert(value, 40)}' is not valid") from None
    return value


def _from_json(name: str, value: Any) -> Any:
    if isinstance(value, str):
        return _no_nul(name, value)
    if name in BOOLS and isinstance(value, bool):
        return int(value)
    if name == "answers" and value is not None and (
            not isinstance(value, list) or not all(
                isinstance(i, int) and not isinstance(i, bool) for i in value)):
        raise BadValue("answers must be a list of whole numbers")
    if name in JSON_LISTS and name != "answers" and value is not None and (
            not isinstance(value, list) or not all(isinstance(i, str) for i in value)):
        raise BadValue(f"{name} must be a list of text")
    return value
