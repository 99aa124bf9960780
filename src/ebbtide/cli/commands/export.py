"""`ebbtide export`: the journal as CSV or JSON, to a file (0600) or stdout.

-o writes into a regular file only: a device, FIFO or folder is refused, and a symlink is
followed only with --force (the message says where it points). On a terminal, the export
is shown inert (no escape sequence from a stored note reaches it)."""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ebbtide.cli.context import CommandContext
from ebbtide.cli.encryption import (
    add_encrypt_options,
    check_terminal_output,
    sealing_from_args,
    write_output,
)
from ebbtide.cli.files import open_journal_for_reading, output_file, shown, signals_end_cleanly

if TYPE_CHECKING:
    from ebbtide.core.journal.exchange_export import TextSink
    from ebbtide.core.journal.store import Journal

Exporter = Callable[["Journal", "TextSink", date | None, date | None], int]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("export", help="export your journal as CSV or JSON",
                            description="Write every journal record (one row per record, "
                                        "with a type column) as CSV or JSON. Nothing leaves "
                                        "this machine unless you send the file yourself.")
    parser.add_argument("--format", choices=("csv", "json"),
                        help="csv (default, or from the -o file name) or json")
    parser.add_argument("--since", metavar="DATE", help="first day, YYYY-MM-DD")
    parser.add_argument("--until", metavar="DATE", help="last day, YYYY-MM-DD")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write to FILE (private: mode 0600) instead of the screen")
    parser.add_argument("--force", action="store_true",
                        help="when FILE is a symlink, write to the file it points to")
    add_encrypt_options(parser)
    parser.set_defaults(handler=run)


class _InertTerminal(io.TextIOBase):
    """Passes text on to a terminal with every control character but the line break shown
    as a visible escape."""

    def __init__(self, out: TextIO) -> None:
        super().__init__()
        self._out = out

    def write(self, text: str) -> int:
        from ebbtide.core.text import inert

        self._out.write("\n".join(inert(line) for line in text.split("\n")))
        return len(text)

    def flush(self) -> None:
        self._out.flush()


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from ebbtide.core.errors import EbbtideError
    from ebbtide.core.journal.age_file import suffix_inside
    from ebbtide.core.journal.exchange import export_csv, export_json
    from ebbtide.core.journal.models import parse_day

    since = parse_day(args.since, "since") if args.since else None
    until = parse_day(args.until, "until") if args.until else None
    if since and until and since > until:
        raise EbbtideError(f"--since {since} is after --until {until}")
    target = Path(args.output) if args.output and args.output != "-" else None
    fmt = args.format or ("json" if target and suffix_inside(target) == ".json" else "csv")
    write = export_json if fmt == "json" else export_csv
    if target is not None:
        target = output_file(target, force=args.force)
    sealing = sealing_from_args(args, ctx)
    if sealing is not None:
        if target is None:
            check_terminal_output(sealing, ctx)
        plain = io.StringIO(newline="")  # the plaintext stays in memory
        with open_journal_for_reading(ctx) as journal:
            count = write(journal, plain, since, until)
        write_output(plain.getvalue().encode("utf-8"), target, sealing, ctx)
        how = f"{fmt.upper()}, {sealing.described()}"
    else:
        count = _export_plain(ctx, write, target, since, until)
        how = fmt.upper()
    if target is not None:
        print(f"Exported {count} records to {shown(target)} ({how}).", file=ctx.err)
    return 0


def _export_plain(ctx: CommandContext, write: Exporter, target: Path | None,
                  since: date | None, until: date | None) -> int:
    from ebbtide.core.atomic import private_text_file
    from ebbtide.core.errors import EbbtideError

    with open_journal_for_reading(ctx) as journal:
        if target is None:
            out = _InertTerminal(ctx.out) if ctx.out.isatty() else ctx.out
            count = write(journal, out, since, until)
            out.flush()
            return count
        try:
            with signals_end_cleanly(), private_text_file(target) as handle:
                return write(journal, handle, since, until)
        except OSError as exc:
            raise EbbtideError(f"cannot write {shown(target)}: {exc.strerror or exc}"
                               ) from None
