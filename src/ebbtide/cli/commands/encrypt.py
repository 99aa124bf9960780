"""`ebbtide encrypt`: encrypt the journal and its backups with a new passphrase."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ebbtide.cli.journal_encryption import add_options, encrypt
    from ebbtide.core.journal.encrypting import NO_RECOVERY

    parser = sub.add_parser(
        "encrypt", help="encrypt the journal with a passphrase (needs the encryption extra)",
        description="Encrypt the journal and its backups with a passphrase (SQLCipher). "
                    + NO_RECOVERY)
    add_options(parser, sets_new=True)
    parser.set_defaults(handler=encrypt)
