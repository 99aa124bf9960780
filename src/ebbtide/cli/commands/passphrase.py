"""`ebbtide passphrase`: change the passphrase of an encrypted journal."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ebbtide.cli.journal_encryption import add_options, change
    from ebbtide.core.journal.encrypting import NO_RECOVERY

    parser = sub.add_parser(
        "passphrase", help="change the encrypted journal's passphrase",
        description="Re-encrypt the journal and its backups with a new passphrase (asks "
                    "for the current one first). " + NO_RECOVERY)
    add_options(parser, sets_new=True)
    parser.set_defaults(handler=change)
