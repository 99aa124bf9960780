"""`ebbtide encrypt`, `decrypt` and `passphrase` (the journal itself; encrypted exports are
`cli.encryption`): what each says before it starts, what it asks, and what it reports. The
conversion itself is `core.journal.encrypting`."""

from __future__ import annotations

import argparse
from pathlib import Path

from ebbtide.cli.context import CommandContext
from ebbtide.cli.passphrases import confirm, new_passphrase
from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.encrypting import NO_RECOVERY

CLOSE_OTHERS = "Close the Ebbtide app and other ebbtide commands first."


def add_options(parser: argparse.ArgumentParser, *, sets_new: bool) -> None:
    parser.add_argument("--yes", action="store_true",
                        help="go ahead without asking (for scripts)")
    if sets_new:
        parser.add_argument("--new-passphrase-file", metavar="FILE",
                            help="read the new passphrase from FILE instead of asking twice")


def encrypt(args: argparse.Namespace, ctx: CommandContext) -> int:
    journal = _existing_journal(ctx)
    from ebbtide.core.journal import cipher

    if cipher.is_encrypted(journal):
        raise EbbtideError("the journal is already encrypted; to change its passphrase use "
                           "`ebbtide passphrase`.")
    cipher.driver()  # the extra is there before anything is asked
    print("This encrypts your journal and its backups with a passphrase (SQLCipher, "
          "AES-256).", file=ctx.out)
    print(NO_RECOVERY, file=ctx.out)
    print(CLOSE_OTHERS, file=ctx.out)
    passphrase = new_passphrase(args.new_passphrase_file, ctx.err)
    confirm("Encrypt the journal now?", yes=args.yes, out=ctx.out)
    return _convert(ctx, passphrase)


def decrypt(args: argparse.Namespace, ctx: CommandContext) -> int:
    journal = _existing_journal(ctx)
    from ebbtide.core.journal import cipher

    if not cipher.is_encrypted(journal):
        raise EbbtideError("the journal is not encrypted: nothing to do.")
    cipher.key_for(journal)  # asks for the passphrase (or reads its file) first
    print("This stores your journal and its backups unencrypted: anyone who can read "
          "your files can read your entries.", file=ctx.out)
    print(CLOSE_OTHERS, file=ctx.out)
    confirm("Decrypt the journal now?", yes=args.yes, out=ctx.out)
    return _convert(ctx, None)


def change(args: argparse.Namespace, ctx: CommandContext) -> int:
    journal = _existing_journal(ctx)
    from ebbtide.core.journal import cipher

    if not cipher.is_encrypted(journal):
        raise EbbtideError("the journal is not encrypted: use `ebbtide encrypt` to set a "
                           "passphrase.")
    cipher.key_for(journal)  # the current passphrase first
    print("This re-encrypts your journal and its backups with a new passphrase.",
          file=ctx.out)
    print(NO_RECOVERY, file=ctx.out)
    print(CLOSE_OTHERS, file=ctx.out)
    passphrase = new_passphrase(args.new_passphrase_file, ctx.err)
    confirm("Change the passphrase now?", yes=args.yes, out=ctx.out)
    return _convert(ctx, passphrase)


def _existing_journal(ctx: CommandContext) -> Path:
    journal = ctx.paths.journal_file
    if not journal.is_file() or journal.stat().st_size == 0:
        raise EbbtideError(f"there is no journal at {journal} yet: nothing to convert.")
    return journal


def _convert(ctx: CommandContext, passphrase: str | None) -> int:
    from ebbtide.cli.files import shown
    from ebbtide.core.journal.encrypting import convert

    done = convert(ctx.paths, passphrase)
    state = "encrypted" if done.encrypted else "decrypted (stored in plain text)"
    print(f"The journal is {state} and checked: every table holds the same rows as before "
          f"({done.rows} in all).", file=ctx.out)
    if done.backups:
        print(f"{done.backups} backup{'s' if done.backups != 1 else ''} converted too.",
              file=ctx.out)
    for left in done.left_as_they_were:
        print(f"ebbtide: note: the backup {shown(left)} could not be opened, so it was left "
              "as it was.", file=ctx.err)
    if done.encrypted:
        _mention_plain_leftovers(ctx)
    return 0


def _mention_plain_leftovers(ctx: CommandContext) -> None:
    """Files set aside earlier (damaged journals) are copies Ebbtide never rewrites."""
    from ebbtide.cli.files import shown

    data = ctx.paths.journal_file.parent
    name = ctx.paths.journal_file.name
    kept = sorted(p for p in data.glob(f"{name}.damaged-*") if not p.name.endswith("-shm"))
    for path in kept:
        print(f"ebbtide: note: {shown(path)} is an older copy set aside earlier and is not "
              "encrypted; delete it when you no longer need it.", file=ctx.err)
