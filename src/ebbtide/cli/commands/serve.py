"""`ebbtide serve`: the whole app in a web browser on this machine, through textual-serve.

Listens on 127.0.0.1 only unless the person passes --allow-remote and confirms at a
terminal; the address it prints holds a one-time token. textual-serve (and aiohttp) are
imported only once the command runs, so no other command pays for them."""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
from pathlib import Path
from typing import TextIO

from ebbtide.cli.context import CommandContext
from ebbtide.core.errors import EbbtideError

DEFAULT_PORT = 8000
NOT_INSTALLED = ("'ebbtide serve' needs textual-serve, which is not installed. Install it "
                 "with: pip install 'ebbtide[serve]' (or: pip install textual-serve)")
_SERVE_PACKAGES = {"textual_serve", "aiohttp", "aiohttp_jinja2", "jinja2"}


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port (0-65535; 0 = any free)")
    return port


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "serve", help="open the whole app in a web browser on this machine",
        description="Run Ebbtide in your web browser. It listens on 127.0.0.1 (this machine "
                    "only) and prints an address with a one-time key; Ctrl+C stops it.")
    parser.add_argument("--port", type=_port, default=DEFAULT_PORT,
                        help=f"port to listen on (default {DEFAULT_PORT}; 0 = any free port)")
    parser.add_argument("--host", default="127.0.0.1", metavar="ADDRESS",
                        help="address to listen on (default 127.0.0.1; any other needs "
                             "--allow-remote and your confirmation)")
    parser.add_argument("--allow-remote", action="store_true",
                        help="let --host be an address other machines can reach (asks first)")
    parser.set_defaults(handler=run)


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def listen_address(host: str, allow_remote: bool, stdin: TextIO, out: TextIO) -> str:
    """The address to bind, or an EbbtideError when it is not this machine's own and the
    person has not both passed --allow-remote and typed 'yes' at a terminal."""
    if host == "localhost":
        return "127.0.0.1"
    if is_loopback(host):
        return host
    if not allow_remote:
        raise EbbtideError(
            f"'{host}' is not 127.0.0.1: other machines could reach your journal there. "
            "Ebbtide serves this machine only, unless you pass --allow-remote and confirm.")
    if not stdin.isatty():
        raise EbbtideError(f"serving on '{host}' needs your confirmation at a terminal, "
                           "and there is none to ask. Not serving.")
    print(f"Serving on '{host}' lets anyone who can reach this machine and has the address "
          "open your journal,\nsent unencrypted over the network.", file=out)
    print("Type 'yes' to serve there: ", end="", file=out, flush=True)
    answer = stdin.readline().strip().lower()
    if answer != "yes":
        raise EbbtideError("not confirmed. Not serving.")
    return host


def app_command(args: argparse.Namespace, ctx: CommandContext) -> str:
    """The shell command textual-serve runs for each browser: this Ebbtide, same flags."""
    words = [sys.executable, "-m", "ebbtide"]
    if args.data_dir is not None:
        words += ["--data-dir", str(Path(args.data_dir).expanduser().absolute())]
    if ctx.overrides.no_sound:
        words.append("--no-sound")
    if ctx.overrides.reduced_motion:
        words.append("--reduced-motion")
    if ctx.overrides.theme is not None:
        words += ["--theme", ctx.overrides.theme]
    return "exec " + shlex.join(words)  # the shell becomes the app: no extra process


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    host = listen_address(args.host, args.allow_remote, sys.stdin, ctx.out)
    try:
        from ebbtide.cli.web.server import TokenServer, bind_socket
    except ImportError as exc:
        if (exc.name or "").split(".")[0] in _SERVE_PACKAGES:
            raise EbbtideError(NOT_INSTALLED) from None
        raise
    from ebbtide.cli.web.lock import serve_lock

    ctx.paths.ensure()
    with serve_lock(ctx.paths.data_dir):
        sock = bind_socket(host, args.port)
        TokenServer(app_command(args, ctx), sock, loopback=is_loopback(host),
                    out=ctx.out).serve()
    return 0
