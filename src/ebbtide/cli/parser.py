"""The argparse parser: global options and the sub-commands (imported only when the
command line has something to parse, so a bare `ebbtide` starts faster)."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence
from typing import NoReturn

from ebbtide import __version__
from ebbtide.cli.commands import COMMAND_MODULES

PROG = "ebbtide"


class _Parser(argparse.ArgumentParser):
    """argparse that reports a mistake in one line, without the usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")


PLAIN_SESSION_COMMANDS = frozenset({"breathe", "meditate", "timer", "sos", "sleep"})
PLAIN_HELP = ("sessions (breathe, meditate, timer, sos, sleep) as plain lines, for screen readers, "
              "braille displays, SSH and logs")

# Global options that take a value, so the command word can be found without argparse.
_VALUE_OPTIONS = ("--data-dir", "--theme", "--passphrase-file")


def command_name(module_name: str) -> str:
    """ebbtide.cli.commands.import_cmd -> import (a module is named after its command)."""
    return module_name.rsplit(".", 1)[1].removesuffix("_cmd")


def _modules_for(argv: Sequence[str] | None) -> tuple[str, ...]:
    """Only the named command's module is imported (start-up speed); all of them when
    help is asked for or the word is not a command, so argparse can list the choices."""
    if argv is None:
        return COMMAND_MODULES
    words = list(argv)
    index = 0
    while index < len(words):
        word = words[index]
        if word in ("-h", "--help"):
            return COMMAND_MODULES
        if word in _VALUE_OPTIONS:
            index += 2
            continue
        if word.startswith("-"):
            index += 1
            continue
        named = [m for m in COMMAND_MODULES if command_name(m) == word]
        return tuple(named) if named else COMMAND_MODULES
    return ()


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The full parser, or (given `argv`) one that knows only the command it names."""
    parser = _Parser(
        prog=PROG,
        description="A calm, private terminal companion: breathe, meditate, read, journal.",
        epilog="With no command, the app opens. Nothing you enter ever leaves this machine.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="keep settings and data under DIR (also: EBBTIDE_HOME)")
    parser.add_argument("--passphrase-file", metavar="FILE",
                        help="read an encrypted journal's passphrase from FILE instead of "
                             "asking (also: EBBTIDE_PASSPHRASE_FILE)")
    parser.add_argument("--no-sound", action="store_true", help="play no sound this time")
    parser.add_argument("--reduced-motion", action="store_true",
                        help="no animation: words, counts and static bars only")
    parser.add_argument("--theme", metavar="NAME", help="colour theme for this run")
    parser.add_argument("--plain", action="store_true", help=PLAIN_HELP)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    for module_name in _modules_for(argv):
        importlib.import_module(module_name).register(sub)
    for command in sub.choices.values():  # after the command too: `log --passphrase-file F`
        command.add_argument("--passphrase-file", metavar="FILE", default=argparse.SUPPRESS,
                             help="read an encrypted journal's passphrase from FILE")
    for name in PLAIN_SESSION_COMMANDS & sub.choices.keys():
        # Also after the command (`ebbtide breathe box --plain`); unset there, the global
        # flag's value stands.
        sub.choices[name].add_argument("--plain", action="store_true", default=argparse.SUPPRESS,
                                       help=PLAIN_HELP)
    return parser
