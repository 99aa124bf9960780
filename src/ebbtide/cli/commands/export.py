"""`ebbtide export`: the journal as CSV or JSON, to a file (0600) or stdout."""

from __future__ import annotations

import argparse

from ebbtide.cli.context import CommandContext


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
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from pathlib import Path

    from ebbtide.core.atomic import private_text_file
    from ebbtide.core.errors import EbbtideError
    from ebbtide.core.journal.exchange import export_csv, export_json
    from ebbtide.core.journal.models import parse_day
    from ebbtide.core.journal.store import Journal

    since = parse_day(args.since, "since") if args.since else None
    until = parse_day(args.until, "until") if args.until else None
    if since and until and since > until:
        raise EbbtideError(f"--since {since} is after --until {until}")
    target = Path(args.output) if args.output and args.output != "-" else None
    fmt = args.format or ("json" if target and target.suffix.lower() == ".json" else "csv")
    write = export_json if fmt == "json" else export_csv
    with Journal.open(ctx.paths, verify=False) as journal:
        if target is None:
            write(journal, ctx.out, since, until)
            ctx.out.flush()
            return 0
        if target.is_dir():
            raise EbbtideError(f"{target} is a folder: give a file name with -o")
        try:
            with private_text_file(target) as handle:
                count = write(journal, handle, since, until)
        except OSError as exc:
            raise EbbtideError(f"cannot write {target}: {exc.strerror or exc}") from None
    print(f"Exported {count} records to {target} ({fmt.upper()}).", file=ctx.err)
    return 0
