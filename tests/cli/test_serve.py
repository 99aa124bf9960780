"""`ebbtide serve`: the token, the loopback-only rule, and the clear refusals (port in use,
a second serve on the same journal, textual-serve missing). The real browser is in
test_serve_browser.py."""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.serve import Served, start_serve
from ebbtide.cli.commands.serve import listen_address
from ebbtide.cli.main import main

pytest.importorskip("textual_serve", reason="textual-serve not installed (the serve extra)")


def _get(url: str, cookie: str | None = None) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode(), dict(refused.headers)


class _Terminal(io.StringIO):
    """Standard input that is a terminal, with the person's typed answer."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("EBBTIDE_HOME", str(folder))
    return folder


@pytest.fixture
def served(home: Path) -> Iterator[Served]:
    server = start_serve(home)
    yield server
    server.stop()


def test_the_app_needs_the_token(served: Served) -> None:
    for url in (f"{served.base}/", f"{served.base}/?token=wrong",
                f"{served.base}/static/js/textual.js", f"{served.base}/ws",
                f"{served.base}/download/anything"):
        status, body, _headers = _get(url)
        assert status == 403, url
        assert "needs the token" in body and "textual" not in body.lower()

    status, page, headers = _get(served.address)
    assert status == 200
    assert "textual.js" in page
    # The page's script, styles and websocket use the cookie the first load sets.
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    assert _get(f"{served.base}/static/js/textual.js", cookie)[0] == 200
    assert "HttpOnly" in headers["Set-Cookie"] and "SameSite=Strict" in headers["Set-Cookie"]


def test_the_page_fetches_nothing_from_outside_this_machine(served: Served) -> None:
    _status, page, headers = _get(served.address)
    fetched = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url\(["']?([^"')]+)""", page)
    urls = [one or other for one, other in fetched]
    assert urls and all(url.startswith(f"{served.base}/") for url in urls), urls
    assert "googleapis" not in page
    assert "default-src 'self'" in headers["Content-Security-Policy"]


def test_another_host_name_is_refused_even_with_the_token(served: Served) -> None:
    port = served.base.rsplit(":", 1)[1]
    request = urllib.request.Request(served.address, headers={"Host": f"evil.test:{port}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=15)
    assert refused.value.code == 403


def test_ctrl_c_stops_it_and_releases_the_lock(served: Served, home: Path) -> None:
    lock = home / "data" / "serve.lock"
    assert lock.read_text().strip() == str(served.proc.pid)
    assert served.stop() == 0
    assert not lock.exists()


def test_a_second_serve_on_the_same_journal_is_refused(
        served: Served, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert "already serving" in err and f"PID {served.proc.pid}" in err
    assert "Traceback" not in err
    assert _get(served.address)[0] == 200  # the first one is untouched


def test_a_port_in_use_is_named_and_a_stale_lock_taken_over(
        home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    lock = home / "data" / "serve.lock"
    lock.parent.mkdir(parents=True)
    lock.write_text(f"{gone.pid}\n")  # left by a serve that crashed
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"port {port} on 127.0.0.1 is already in use" in err and "--port" in err
    assert "Traceback" not in err
    assert not lock.exists()


@pytest.mark.parametrize("address", ["0.0.0.0", "192.168.1.20", "example.org", "::"])
def test_an_address_other_machines_reach_is_refused(
        address: str, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", address]) == 2
    err = capsys.readouterr().err
    assert "is not 127.0.0.1" in err and "--allow-remote" in err
    assert not (home / "data" / "serve.lock").exists()


def test_allow_remote_still_needs_a_terminal_to_confirm(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("yes\n"))  # piped: nobody to ask
    assert main(["serve", "--host", "0.0.0.0", "--allow-remote"]) == 2
    assert "no" in capsys.readouterr().err.split("confirmation")[1]


def test_allow_remote_goes_ahead_only_on_yes(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", _Terminal("no\n"))
    assert main(["serve", "--host", "0.0.0.0", "--allow-remote"]) == 2
    captured = capsys.readouterr()
    assert "Type 'yes'" in captured.out and "not confirmed" in captured.err
    out = io.StringIO()
    assert listen_address("0.0.0.0", True, _Terminal("yes\n"), out) == "0.0.0.0"
    assert "unencrypted" in out.getvalue()
    assert listen_address("localhost", False, io.StringIO(), out) == "127.0.0.1"
    assert listen_address("::1", False, io.StringIO(), out) == "::1"


def test_without_textual_serve_it_says_what_to_install(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    monkeypatch.delitem(sys.modules, "ebbtide.cli.web.server", raising=False)
    assert main(["serve", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'ebbtide[serve]'" in err and "Traceback" not in err


def test_other_commands_never_import_the_web_server() -> None:
    code = ("import sys; from ebbtide.cli.parser import build_parser; build_parser(); "
            "from ebbtide.cli.main import main; main(['paths']); "
            "assert not {'textual_serve', 'aiohttp'} & set(sys.modules), 'imported'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ}, timeout=60)
    assert result.returncode == 0, result.stderr
