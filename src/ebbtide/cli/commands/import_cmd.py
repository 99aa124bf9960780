"""`ebbtide import FILE`: read an Ebbtide CSV or JSON export (plain, or encrypted in the age
format: decrypted in memory) back into the journal, in one transaction, with a summary by
record type. `ebbtide import --from daylio|emoods|csv FILE`:
bring check-ins from another app (see core/journal/imports). `--dry-run` shows what would
be imported and writes nothing."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ebbtide.cli.context import CommandContext
from ebbtide.cli.encryption import add_decrypt_options, opened_export

if TYPE_CHECKING:
    from ebbtide.core.journal.imports import ImportPlan

LABELS = {"medication": "medications", "checkin": "check-ins", "dose": "doses",
          "side_effect": "side effects", "practice": "practice sessions",
          "selfcheck": "self-checks", "plan": "plans", "plan_step": "plan steps"}
_SOURCES = ("ebbtide", "daylio", "emoods", "csv")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "import", help="import an Ebbtide export, or check-ins from Daylio, eMoods or a CSV",
        description="Read a file made by 'ebbtide export' back into the journal, all or "
                    "nothing, or bring check-ins from another app with --from. Records "
                    "already present are skipped. From another app, mood labels become "
                    "Ebbtide numbers through a small TOML mapping that the first run writes "
                    "(in the config folder's imports/ folder) for you to check. Run with "
                    "--dry-run first.")
    parser.add_argument("file", metavar="FILE",
                        help="the exported .csv (or .json, or encrypted .age) file")
    parser.add_argument("--from", dest="source", choices=_SOURCES, default="ebbtide",
                        help="where the file comes from (default: an Ebbtide export)")
    parser.add_argument("--mapping", metavar="MAP.toml",
                        help="the mapping to use (needed for --from csv; a new name gets a "
                             "template to fill in)")
    parser.add_argument("--dry-run", action="store_true",
                        help="show what would be imported; write nothing to the journal")
    parser.add_argument("--skip-unreadable", action="store_true",
                        help="import the readable rows even when some cannot be read")
    add_decrypt_options(parser)
    parser.set_defaults(handler=run)


def by_type(counts: Mapping[str, int]) -> str:
    """'3 check-ins, 1 self-checks' for the non-zero counts (a type not known here is shown
    by its own name rather than failing after the import)."""
    return ", ".join(f"{n} {LABELS.get(kind, kind)}" for kind, n in counts.items() if n)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from ebbtide.core.errors import EbbtideError

    if args.source != "ebbtide":
        if args.export_passphrase_file or args.identity:
            raise EbbtideError("--export-passphrase-file and --identity go with an Ebbtide export")
        return _run_foreign(args, ctx)
    if args.mapping or args.skip_unreadable:
        raise EbbtideError("--mapping and --skip-unreadable go with --from daylio, emoods "
                           "or csv")
    from pathlib import Path

    from ebbtide.core.journal.age_file import is_age
    from ebbtide.core.journal.exchange import import_file
    from ebbtide.core.journal.exchange_read import decode_export, read_bytes
    from ebbtide.core.journal.store import Journal

    file = Path(args.file)
    data = read_bytes(file)  # read and decrypted before the journal is opened for writing
    if is_age(data):
        data = opened_export(file, data, args, ctx)
    text = decode_export(file, data)
    with Journal.open(ctx.paths) as journal:
        report = import_file(journal, file, dry_run=args.dry_run, text=text)
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


def _run_foreign(args: argparse.Namespace, ctx: CommandContext) -> int:
    from pathlib import Path

    from ebbtide.core.journal.imports import apply_import, describe_result, plan_import
    from ebbtide.core.journal.store import Journal

    file = Path(args.file).expanduser()
    mapping = Path(args.mapping).expanduser() if args.mapping else None
    if args.dry_run and not ctx.paths.journal_file.exists():  # do not create one to look
        _print_plan(plan_import(None, args.source, file, ctx.paths.config_dir, mapping), ctx)
        return 0
    with Journal.open(ctx.paths) as journal:
        plan = plan_import(journal, args.source, file, ctx.paths.config_dir, mapping)
        if args.dry_run:
            _print_plan(plan, ctx)
            return 0
        if plan.blocking or (plan.unreadable and not args.skip_unreadable):
            _print_plan(plan, ctx, dry_run=False)  # what stops it, then the refusal
        result = apply_import(journal, plan, skip_unreadable=args.skip_unreadable)
    print(describe_result(plan, result), file=ctx.out)
    return 0


def _print_plan(plan: ImportPlan, ctx: CommandContext, dry_run: bool = True) -> None:
    from ebbtide.core.journal.imports import describe_plan

    print("\n".join(describe_plan(plan)), file=ctx.out)
    if dry_run:
        print("Dry run: nothing was written to the journal.", file=ctx.out)
