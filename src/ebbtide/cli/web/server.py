"""textual-serve's Server behind a one-time token, on a socket bound before it starts.

Every route (page, static files, downloads, the websocket) needs the token: in the query
(`?token=…`, the address printed at start) or in the cookie the page sets on first load,
since textual-serve's script fetches its files and opens its websocket by fixed URLs. A
request from another origin or (on loopback) for another host name is refused too, so
neither a page on another local port nor DNS rebinding can reach the app."""

from __future__ import annotations

import asyncio
import errno
import hmac
import logging
import secrets
import signal
import socket
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from ebbtide.core.errors import EbbtideError

TEMPLATES = Path(__file__).with_name("templates")
FORBIDDEN_TEXT = "403: this address needs the token that 'ebbtide serve' printed.\n"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening socket, or an EbbtideError that says what to do instead."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(64)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise EbbtideError(f"port {port} on {host} is already in use. Choose another "
                               f"with --port (e.g. --port {port + 1}), or --port 0 for any "
                               "free port.") from None
        if exc.errno == errno.EACCES:
            raise EbbtideError(f"not allowed to listen on port {port}; ports below 1024 need "
                               "special rights. Choose another with --port.") from None
        raise EbbtideError(f"cannot listen on {host} port {port}: {exc.strerror}.") from None
    return sock


class TokenServer(Server):
    """Serves `command` (the Ebbtide app) on `sock` to holders of a one-time token."""

    def __init__(self, command: str, sock: socket.socket, *, loopback: bool,
                 out: TextIO) -> None:
        host, port = sock.getsockname()[:2]
        self.base_url = f"http://{url_host(host)}:{port}"
        super().__init__(command, host=host, port=port, title="Ebbtide",
                         public_url=self.base_url, templates_path=TEMPLATES)
        self.token = secrets.token_urlsafe(24)
        self.address = f"{self.base_url}/?token={self.token}"
        self._sock = sock
        self._sessions: set[web.WebSocketResponse] = set()
        self._out = out
        self._cookie = f"ebbtide-serve-{port}"  # cookies are shared across ports
        # On loopback the page can only be asked for by these names (DNS rebinding).
        self._hosts = ({f"{url_host(host)}:{port}", f"localhost:{port}"} if loopback
                       else None)

    def _matches(self, given: str) -> bool:
        return hmac.compare_digest(given.encode(), self.token.encode())

    def _authorised(self, request: web.Request) -> bool:
        if self._hosts is not None and request.host not in self._hosts:
            return False
        origin = request.headers.get("Origin")
        if origin is not None and origin != f"http://{request.host}":
            return False
        return self._matches(request.query.get("token", "")) or self._matches(
            request.cookies.get(self._cookie, ""))

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not self._authorised(request):
            return web.Response(status=403, text=FORBIDDEN_TEXT,
                                headers={"Cache-Control": "no-store"})
        response = await handler(request)
        if not response.prepared and self._matches(request.query.get("token", "")):
            # The page's script, styles and websocket carry no token: they use this.
            response.set_cookie(self._cookie, self.token, httponly=True, samesite="Strict",
                                path="/")
        return response

    async def _harden(self, request: web.Request, response: web.StreamResponse) -> None:
        """Headers for every answer: the browser itself refuses any outside fetch."""
        if response.status == 403:
            return
        websocket = self.base_url.replace("http://", "ws://", 1)
        response.headers["Content-Security-Policy"] = (
            f"default-src 'self'; connect-src 'self' {websocket}; "
            "script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none'")
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._guard)
        app.on_response_prepare.append(self._harden)
        return app

    async def _process_messages(self, websocket: web.WebSocketResponse,
                                app_service: AppService) -> None:
        self._sessions.add(websocket)
        try:
            await super()._process_messages(websocket, app_service)
        finally:
            self._sessions.discard(websocket)

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+C with a browser attached: close its session so its app is told to quit
        and the server stops, instead of waiting on the open websocket."""
        for websocket in list(self._sessions):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"Ebbtide stopped")

    async def on_startup(self, app: web.Application) -> None:
        print(f"Ebbtide is open in your browser at:\n\n    {self.address}\n\n"
              "The address holds a one-time key: keep it to yourself. Ctrl+C stops.",
              file=self._out, flush=True)

    def initialize_logging(self) -> None:
        logging.basicConfig(level=logging.WARNING, format="%(message)s")

    def serve(self, debug: bool = False) -> None:
        """Run until Ctrl+C or SIGTERM, on the socket bound beforehand."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self.request_exit)
        web.run_app(self._make_app(), sock=self._sock, handle_signals=False, loop=loop,
                    print=lambda *_args: None, access_log=None, shutdown_timeout=10)
