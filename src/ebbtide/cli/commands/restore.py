"""`ebbtide restore`: bring the journal back from a backup without opening the app.

`--list` shows every backup, newest first, with what a check found (entries, no entries,
damaged). Without options the newest backup that passes `PRAGMA quick_check` and holds
entries is restored, skipping newer damaged or empty ones and saying so; `--from FILE`
restores that file instead. The journal file there now is kept aside (renamed, never
deleted). A journal that is sound and holds entries is replaced only with `--replace`."""

from __future__ import annotations

import argparse
from pathlib import Path

from ebbtide.cli.context import CommandContext
from ebbtide.core.errors import EbbtideError
from ebbtide.core.text import inert


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "restore", help="restore the journal from a backup (or list the backups)",
        description="Restore the newest backup that is sound and holds entries (newer "
                    "damaged or empty ones are skipped). The journal file there now is "
                    "kept aside under a new name, never deleted.")
    parser.add_argument("--list", action="store_true",
                        help="list the backups, newest first, with what a check found")
    parser.add_argument("--from", dest="source", metavar="FILE",
                        help="restore this file (a backup or a copy of a journal)")
    parser.add_argument("--replace", action="store_true",
                        help="restore even when the journal is sound and holds entries")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    if args.list:
        return _list(ctx)
    from ebbtide.core.journal.backup import restore_newest_backup

    paths = ctx.paths
    source = Path(args.source).expanduser() if args.source is not None else None
    if not args.replace:
        rows = _sound_entries(ctx)
        if rows:
            raise EbbtideError(
                f"the journal at {paths.journal_file} is sound ({rows} entries), so nothing "
                "was restored. To replace it anyway add --replace (it is kept aside under a "
                "new name, not deleted).")
    from datetime import datetime

    result = restore_newest_backup(paths, source=source,
                                   clock=lambda: datetime.now().astimezone())
    for skipped in result.skipped:
        print(f"Skipped {skipped.path.name}: {inert(skipped.describe(), 200)}.", file=ctx.out)
    print(f"Restored {result.backup.name} ({result.rows} "
          f"entr{'y' if result.rows == 1 else 'ies'}) into {paths.journal_file}.",
          file=ctx.out)
    if result.damaged is not None:
        print(f"The journal file that was there is kept as {result.damaged}.", file=ctx.out)
    return 0


def _sound_entries(ctx: CommandContext) -> int:
    """Entries in the journal if it opens and passes its check; 0 when it is missing,
    empty or damaged (then restoring replaces nothing of value)."""
    from ebbtide.core.journal.backup import count_rows
    from ebbtide.core.journal.store import Journal, JournalCorrupt

    journal_file = ctx.paths.journal_file
    try:
        if journal_file.stat().st_size == 0:
            return 0
    except OSError:
        return 0
    try:
        with Journal.open(ctx.paths, verify=True) as journal:
            return count_rows(journal.connection)
    except JournalCorrupt:
        return 0


def _list(ctx: CommandContext) -> int:
    from datetime import datetime

    from ebbtide.core.journal.backup import checked_backups

    backup_dir = ctx.paths.backup_dir
    checks = checked_backups(backup_dir)
    if not checks:
        print(f"There are no backups in {backup_dir} yet.", file=ctx.out)
        return 0
    print(f"Backups in {backup_dir}, newest first:", file=ctx.out)
    for check in checks:
        try:
            made = datetime.fromtimestamp(check.path.stat().st_mtime).strftime("%d %b %Y %H:%M")
        except OSError:
            made = "?"
        mark = "" if check.good else "  (cannot be restored)"
        print(f"  {check.path.name}  made {made}  {inert(check.describe(), 200)}{mark}",
              file=ctx.out)
    return 0
