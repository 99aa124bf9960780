"""Encrypted files on the command line, in the age format (core/journal/age_file does the
work): `--encrypt` for export and report (a passphrase asked twice without echo, or read from
--export-passphrase-file / $EBBTIDE_EXPORT_PASSPHRASE_FILE, or -r age public keys; --armor for
text), and opening an encrypted export for `ebbtide import` (the passphrase asked once, or
--export-passphrase-file, or --identity KEYFILE). A passphrase is never taken from the
command line itself: other users see the arguments of running processes. (The global
--passphrase-file is the encrypted journal's own passphrase, a different thing.)

The plaintext is encrypted in memory and only the encrypted bytes are written, through the
same private (0600), atomic write as a plain file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ebbtide.cli.context import CommandContext
from ebbtide.cli.files import shown, signals_end_cleanly
from ebbtide.cli.passphrases import ask, passphrase_file
from ebbtide.core.journal.age_file import Sealing

ENV_PASSPHRASE_FILE = "EBBTIDE_EXPORT_PASSPHRASE_FILE"
_FILE_HELP = ("read the exported file's passphrase from PATH (UTF-8, one line; or set "
              f"{ENV_PASSPHRASE_FILE} to the path); without it, it is asked for without echo")


def add_encrypt_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "encryption", "an age file that the standard 'age' tool opens (needs "
                      "ebbtide[encryption]); a forgotten passphrase cannot be recovered")
    group.add_argument("--encrypt", action="store_true",
                       help="encrypt with a passphrase (asked twice) or to -r keys")
    group.add_argument("--armor", action="store_true",
                       help="write ASCII text (-----BEGIN AGE ENCRYPTED FILE-----) instead "
                            "of binary")
    group.add_argument("-r", "--recipient", action="append", default=[], metavar="AGE1KEY",
                       help="encrypt to this age public key instead of a passphrase "
                            "(repeat for several)")
    group.add_argument("--export-passphrase-file", metavar="PATH", help=_FILE_HELP)


def add_decrypt_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "encrypted exports", "a FILE made with 'ebbtide export --encrypt' (or by age) is "
                             "recognised and decrypted in memory")
    group.add_argument("--export-passphrase-file", metavar="PATH", help=_FILE_HELP)
    group.add_argument("--identity", metavar="KEYFILE",
                       help="the age secret key file (from age-keygen) for a file encrypted "
                            "to a public key")


def sealing_from_args(args: argparse.Namespace, ctx: CommandContext) -> Sealing | None:
    """None without --encrypt; else how to encrypt, the passphrase asked for if needed."""
    from ebbtide.core.errors import EbbtideError
    from ebbtide.core.journal.age_file import parse_recipients, require_age

    if not args.encrypt:
        if args.armor or args.recipient or args.export_passphrase_file:
            raise EbbtideError("--armor, --recipient and --export-passphrase-file go with "
                               "--encrypt")
        return None
    require_age()
    if args.recipient and args.export_passphrase_file:
        raise EbbtideError("encrypt with a passphrase or to --recipient keys, not both")
    if args.recipient:
        return Sealing(args.armor, recipients=parse_recipients(args.recipient))
    return Sealing(args.armor, passphrase=_new_passphrase(args.export_passphrase_file, ctx))


def check_terminal_output(sealing: Sealing, ctx: CommandContext) -> None:
    """Refuse binary age output on a terminal (it would garble the screen)."""
    from ebbtide.core.errors import EbbtideError

    if not sealing.armored and ctx.out.isatty():
        raise EbbtideError("an encrypted file is binary and would garble the terminal: add "
                           "-o FILE, or --armor for text")


def write_output(data: bytes, target: Path | None, sealing: Sealing | None,
                 ctx: CommandContext) -> None:
    """Write `data` (UTF-8), encrypted in memory first when `sealing`: to `target`
    (private, atomic) or to stdout."""
    from ebbtide.core.atomic import write_private
    from ebbtide.core.errors import EbbtideError

    payload = data if sealing is None else sealing.seal(data)
    if target is None:
        if sealing is None or sealing.armored:
            ctx.out.write(payload.decode("utf-8"))
        else:
            ctx.out.flush()
            getattr(ctx.out, "buffer", sys.stdout.buffer).write(payload)
        ctx.out.flush()
        return
    try:
        with signals_end_cleanly():
            write_private(target, payload)
    except OSError as exc:
        raise EbbtideError(f"cannot write {shown(target)}: {exc.strerror or exc}") from None


def opened_export(path: Path, data: bytes, args: argparse.Namespace,
                  ctx: CommandContext) -> bytes:
    """The plaintext of an encrypted export read from `path`: with --identity, else with
    the passphrase (file or prompt)."""
    from ebbtide.core.errors import EbbtideError
    from ebbtide.core.journal.age_file import (
        decrypt_with_identities,
        decrypt_with_passphrase,
        parse_identities,
        recipient_kinds,
        require_age,
    )

    require_age()
    name = shown(path)
    if args.identity:
        key_file = Path(args.identity).expanduser()
        identities = parse_identities(_secret(key_file, "identity", ctx), shown(key_file))
        return decrypt_with_identities(data, identities, name)
    kinds = recipient_kinds(data)
    if kinds and "scrypt" not in kinds:
        raise EbbtideError(f"{name} was encrypted to an age key: add --identity KEYFILE "
                           "(the secret key file from age-keygen)")
    source = passphrase_file(args.export_passphrase_file, ENV_PASSPHRASE_FILE)
    passphrase = _secret(source, "passphrase", ctx) if source else \
        _ask(f"Passphrase for {name}: ")
    return decrypt_with_passphrase(data, passphrase, name)


def _new_passphrase(file_arg: str | None, ctx: CommandContext) -> str:
    from ebbtide.core.journal.age_file import AgeError, check_passphrase

    source = passphrase_file(file_arg, ENV_PASSPHRASE_FILE)
    if source is not None:
        passphrase = _secret(source, "passphrase", ctx)
        check_passphrase(passphrase)
        return passphrase
    passphrase = _ask("Passphrase for the encrypted file (it cannot be recovered if "
                      "forgotten): ")
    check_passphrase(passphrase)
    if _ask("The same passphrase again: ") != passphrase:
        raise AgeError("the two passphrases differ; nothing was written")
    return passphrase


def _secret(path: Path, what: str, ctx: CommandContext) -> str:
    from ebbtide.core.journal.age_file import read_secret_file

    secret = read_secret_file(path, what)
    if secret.warning:
        print(f"ebbtide: {secret.warning}", file=ctx.err)
    return secret.text


def _ask(prompt: str) -> str:
    """A passphrase typed on the terminal, without echo."""
    return ask(prompt, no_terminal="no terminal to ask for the passphrase: use "
               f"--export-passphrase-file PATH (or set {ENV_PASSPHRASE_FILE})")
