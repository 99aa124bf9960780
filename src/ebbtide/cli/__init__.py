"""The command line: argparse, one module per command, and the TUI when no command is given."""

import importlib
import sys

if sys.version_info < (3, 12) and "datetime" not in sys.modules:
    # Python 3.11's datetime.py defines every class in Python, then replaces them all with
    # those of its C module _datetime: about a millisecond of each command that needs
    # dates (`ebbtide log`, the app). Python 3.12 moved the Python classes out of it; here
    # `datetime` is the C module itself, with the same names and the same classes.
    sys.modules["datetime"] = importlib.import_module("_datetime")

from ebbtide.cli.main import main  # after `datetime` is settled

__all__ = ["main"]
