"""`ebbtide decrypt`: store the journal and its backups unencrypted again."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ebbtide.cli.journal_encryption import add_options, decrypt

    parser = sub.add_parser(
        "decrypt", help="store the journal unencrypted again",
        description="Decrypt the journal and its backups (asks for the passphrase first).")
    add_options(parser, sets_new=False)
    parser.set_defaults(handler=decrypt)
