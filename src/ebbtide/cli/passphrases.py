"""Where the command line gets passphrases: a prompt without echo on the terminal (three
tries), or a file named by `--passphrase-file` or EBBTIDE_PASSPHRASE_FILE (for scripts,
SSH, cron). Never from the command line itself, never from the OS keyring; kept in memory
for this run only (`core.journal.cipher`).

Installed once for every command (`install_source`), so a command that opens an encrypted
journal asks only then; a plain journal never asks and never imports SQLCipher."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal import cipher

ENV_FILE = "EBBTIDE_PASSPHRASE_FILE"
PROMPT_TRIES = 3


def read_passphrase_file(path: Path, err: TextIO) -> str:
    """The passphrase in `path` (one trailing newline dropped), read as every secret file
    is (`age_file.read_secret_file`: it warns when others can read the file). EbbtideError
    when it is missing, empty or not UTF-8."""
    from ebbtide.cli.files import shown
    from ebbtide.core.journal.age_file import read_secret_file

    try:
        secret = read_secret_file(path, "passphrase")
    except EbbtideError as exc:
        raise EbbtideError(f"{exc}: nothing was read or changed.") from None
    if secret.warning:
        print(f"ebbtide: {secret.warning}", file=err)
    if not secret.text.strip():
        raise EbbtideError(f"the passphrase file {shown(path)} is empty: nothing was read or "
                           "changed.")
    return cipher.check_passphrase(secret.text)


def passphrase_file(option: str | None, env: str = ENV_FILE) -> Path | None:
    """The file from the option, else from the environment variable `env`, else None."""
    named = option if option is not None else os.environ.get(env) or None
    return Path(named).expanduser() if named is not None else None


def can_prompt() -> bool:
    return sys.stdin.isatty()


def prompt(text: str) -> str:
    import getpass

    return getpass.getpass(text)


def ask(text: str, *, no_terminal: str) -> str:
    """A passphrase typed without echo. EbbtideError(`no_terminal`) when stdin is not a
    terminal; a clear one for text that is not UTF-8 or an end of input."""
    if not can_prompt():
        raise EbbtideError(no_terminal)
    try:
        return prompt(text)
    except UnicodeDecodeError:
        raise EbbtideError("the passphrase typed is not valid UTF-8 text; set your terminal "
                           "to UTF-8 or use a passphrase file") from None
    except EOFError:
        raise EbbtideError("no passphrase was given") from None


class CommandLineSource:
    """Answers `cipher`'s request for the current passphrase."""

    def __init__(self, file: Path | None, err: TextIO) -> None:
        self.file = file
        self.err = err

    def __call__(self, path: Path, failed: int) -> str:
        if self.file is not None:
            if failed:
                raise cipher.WrongPassphrase(path)
            return read_passphrase_file(self.file, self.err)
        if not can_prompt():
            raise cipher.JournalLocked(
                f"the journal at {path} is encrypted and there is no terminal to ask for its "
                f"passphrase: name a file holding it with --passphrase-file FILE or "
                f"{ENV_FILE}. Nothing was read or changed.")
        if failed >= PROMPT_TRIES:
            raise cipher.WrongPassphrase(path)
        if failed:
            print("That passphrase does not unlock the journal. Try again.", file=self.err)
        return ask("Journal passphrase: ", no_terminal="no terminal to ask on")


def install_source(option: str | None, err: TextIO) -> None:
    cipher.set_source(CommandLineSource(passphrase_file(option), err))


def new_passphrase(file_option: str | None, err: TextIO) -> str:
    """A new passphrase: from `--new-passphrase-file`, or typed twice at the prompt."""
    if file_option is not None:
        return read_passphrase_file(Path(file_option).expanduser(), err)
    no_terminal = ("no terminal to type a new passphrase on: give it in a file with "
                   "--new-passphrase-file FILE. Nothing was changed.")
    first = cipher.check_passphrase(ask("New passphrase: ", no_terminal=no_terminal))
    if ask("The same passphrase again: ", no_terminal=no_terminal) != first:
        raise EbbtideError("the two passphrases differ: nothing was changed.")
    return first


def confirm(question: str, *, yes: bool, out: TextIO) -> None:
    """Ask `question` (y/N) unless `yes`; EbbtideError when not confirmed."""
    if yes:
        return
    if not can_prompt():
        raise EbbtideError("add --yes to go ahead without a terminal to confirm on. "
                           "Nothing was changed.")
    print(f"{question} [y/N] ", end="", file=out, flush=True)
    answer = sys.stdin.readline().strip().lower()
    if answer not in ("y", "yes"):
        raise EbbtideError("nothing was changed.")
