"""`ebbtide import FILE`: read an Ebbtide CSV or JSON export back into the journal, in one
transaction, with a summary by record type (`--dry-run`: the summary, nothing written)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from ebbtide.cli.context import CommandContext

LABELS = {"medication": "medications", "checkin": "check-ins", "dose": "doses",
          "side_effect": "side effects", "practice": "practice sessions",
          "selfcheck": "self-checks", "plan": "plans", "plan_step": "plan steps"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("import", help="import an Ebbtide CSV or JSON export",
                            description="Read a file made by 'ebbtide export' back into the "
                                        "journal, all or nothing. Records already present "
                                        "are skipped.")
    parser.add_argument("file", metavar="FILE", help="a .csv or .json export")
    parser.add_argument("--dry-run", action="store_true",
                        help="check the file and say what would be imported; write nothing")
    parser.set_defaults(handler=run)


def by_type(counts: Mapping[str, int]) -> str:
    """'3 check-ins, 1 self-checks' for the non-zero counts (a type not known here is shown
    by its own name rather than failing after the import)."""
    return ", ".join(f"{n} {LABELS.get(kind, kind)}" for kind, n in counts.items() if n)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from pathlib import Path

    from ebbtide.core.journal.exchange import import_file
    from ebbtide.core.journal.store import Journal

    with Journal.open(ctx.paths) as journal:
        report = import_file(journal, Path(args.file), dry_run=args.dry_run)
    added = by_type(report.added)
    verb = "Would import" if args.dry_run else "Imported"
    print(f"{verb} {report.total_added} records" + (f" ({added})" if added else "") + ".",
          file=ctx.out)
    if report.total_skipped:
        print(f"{'Would skip' if args.dry_run else 'Skipped'} {report.total_skipped} already "
              f"in the journal ({by_type(report.skipped)}).", file=ctx.out)
    if args.dry_run:
        print("Dry run: nothing was written.", file=ctx.out)
    return 0
