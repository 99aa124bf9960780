"""Command line: global flags, sub-commands, and the TUI when no command is given."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING

from ebbtide.cli.context import CommandContext
from ebbtide.core.errors import EbbtideError
from ebbtide.core.paths import resolve_paths
from ebbtide.launch import Overrides

if TYPE_CHECKING:
    from argparse import Namespace

PROG = "ebbtide"


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    problem = _not_utf8(words)
    if problem:
        print(f"{PROG}: {problem}", file=sys.stderr)
        return 2
    args: Namespace | SimpleNamespace
    if words:
        from ebbtide.cli.parser import build_parser

        args = build_parser(words).parse_args(words)
    else:  # plain `ebbtide`: straight to the app
        args = SimpleNamespace(data_dir=None, no_sound=False, reduced_motion=False, theme=None,
                               plain=False, passphrase_file=None)
    try:
        if args.theme is not None:
            _check_theme(args.theme)
        ctx = CommandContext(
            paths=resolve_paths(args.data_dir),
            overrides=Overrides(no_sound=args.no_sound, reduced_motion=args.reduced_motion,
                                theme=args.theme, plain=args.plain),
        )
        handler = getattr(args, "handler", None)
        if handler is not None or args.plain:  # the app has its own unlock screen
            from ebbtide.cli.passphrases import install_source

            install_source(args.passphrase_file, ctx.err)
        if handler is None and args.plain:
            from ebbtide.cli.plain_session import print_plain_menu

            return print_plain_menu(ctx)
        if handler is None:
            return ctx.run_app()
        code: int = handler(args, ctx)
        return code
    except EbbtideError as exc:
        from ebbtide.core.text import inert_lines

        print(f"{PROG}: {inert_lines(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: exit quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _not_utf8(words: Sequence[str]) -> str | None:
    """A sentence naming the first argument that is not valid UTF-8 (Python keeps such bytes
    as lone surrogates, which would fail much later with a traceback), or None."""
    for number, word in enumerate(words, 1):
        try:
            word.encode("utf-8")
        except UnicodeEncodeError:
            from ebbtide.core.text import inert

            raw = word.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            return (f"argument {number} ({inert(raw, 60)}) is not valid UTF-8 text; retype "
                    "it, or set your terminal to UTF-8")
    return None


def _check_theme(name: str) -> None:
    from ebbtide.tui.themes import theme_names

    names = theme_names()
    if name not in names:
        raise EbbtideError(f"unknown theme '{name}'. Themes: {', '.join(sorted(names))}")
