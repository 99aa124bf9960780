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
    """The passphrase in `path` (one trailing newline dropped). Warns when others can read
    the file; EbbtideError when it is missing, empty or not UTF-8."""
    from ebbtide.cli.files import shown as shown_path

    shown = shown_path(path)
    try:
        mode = path.stat().st_mode
        raw = path.read_bytes()
    except FileNotFoundError:
        raise EbbtideError(f"the passphrase file {shown} does not exist: nothing was "
                           "read or changed.") from None
    except OSError as exc:
        raise EbbtideError(f"the passphrase file {shown} cannot be read "
                           f"({exc.strerror or exc}): nothing was read or changed.") from None
    if mode & 0o077:
        print(f"ebbtide: warning: the passphrase file {shown} can be read by other users "
              f"(mode {mode & 0o777:o}); make it private with: chmod 600 {shown}", file=err)
    text = raw.removesuffix(b"\n").removesuffix(b"\r")
    try:
        passphrase = text.decode("utf-8")
    except UnicodeDecodeError:
        raise EbbtideError(f"the passphrase file {shown} is not valid UTF-8 text: nothing "
                           "was read or changed.") from None
    if not passphrase.strip():
        raise EbbtideError(f"the passphrase file {shown} is empty: nothing was read or "
                           "changed.")
    return cipher.check_passphrase(passphrase)


def passphrase_file(option: str | None) -> Path | None:
    """The file from `--passphrase-file`, else from EBBTIDE_PASSPHRASE_FILE, else None."""
    named = option if option is not None else os.environ.get(ENV_FILE) or None
    return Path(named).expanduser() if named is not None else None


def can_prompt() -> bool:
    return sys.stdin.isatty()


def prompt(text: str) -> str:
    import getpass

    return getpass.getpass(text)


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
        return prompt("Journal passphrase: ")


def install_source(option: str | None, err: TextIO) -> None:
    cipher.set_source(CommandLineSource(passphrase_file(option), err))


def new_passphrase(file_option: str | None, err: TextIO) -> str:
    """A new passphrase: from `--new-passphrase-file`, or typed twice at the prompt."""
    if file_option is not None:
        return read_passphrase_file(Path(file_option).expanduser(), err)
    if not can_prompt():
        raise EbbtideError("no terminal to type a new passphrase on: give it in a file with "
                           "--new-passphrase-file FILE. Nothing was changed.")
    first = cipher.check_passphrase(prompt("New passphrase: "))
    if prompt("The same passphrase again: ") != first:
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
