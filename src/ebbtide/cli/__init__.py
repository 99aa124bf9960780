"""The command line: argparse, one module per command, and the TUI when no command is given."""

from ebbtide.cli.main import main

__all__ = ["main"]
