"""Saving the clinician report encrypted (age): a passphrase typed twice or an age public
key, encrypted in a worker that ends with a typed message, written privately with .age
added, and opened by age to the very bytes of the plain report; clear refusals, and what
to install when pyrage is missing. Passphrase files are written at a small scrypt work
factor (tests/quick_crypto.py): these tests are about the screen, and the wait while
encrypting is held open by the test itself."""

from __future__ import annotations

import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyrage
from rich.text import Text
from textual.widgets import Checkbox, Input, Static

from ebbtide.core.journal.age_file import Sealing
from ebbtide.launch import StartRoute
from ebbtide.tui.screens.common.seal import SealDialog
from ebbtide.tui.screens.tools.report import ReportScreen
from ebbtide.tui.screens.tools.report_sealed import ReportSealed
from tests.conftest import settle_until
from tests.quick_crypto import quick_passphrase_sealing
from tests.tui.test_report_screen import _ready, _seed, _set

MakeApp = Callable[..., Any]
SIZE = (80, 24)
PASSPHRASE = "correct horse battery staple"


def _text(widget: Static) -> str:
    content = widget.render()
    return content.plain if isinstance(content, Text) else str(content)


def _status(screen: ReportScreen) -> str:
    return _text(screen.query_one("#report-status", Static))


async def _open_dialog(app: Any, pilot: Any, screen: ReportScreen, path: Path,
                       key: str) -> SealDialog:
    screen.query_one("#report-encrypt", Checkbox).value = True
    _set(screen, "report-path", str(path))
    await pilot.press(key)
    await settle_until(pilot, lambda: isinstance(app.screen, SealDialog), "the dialog opens")
    dialog = app.screen
    assert isinstance(dialog, SealDialog)
    return dialog


def _fill(dialog: SealDialog, new: str = "", repeat: str = "", key: str = "") -> None:
    dialog.query_one("#new", Input).value = new
    dialog.query_one("#repeat", Input).value = repeat
    dialog.query_one("#recipient", Input).value = key


def _recording(monkeypatch: Any) -> list[tuple[ReportSealed, bool]]:
    """The ReportSealed messages the screen handles, and whether each came from a thread
    other than the app's."""
    seen: list[tuple[ReportSealed, bool]] = []
    real_post = ReportScreen.post_message

    def post(self: ReportScreen, message: Any) -> bool:
        if isinstance(message, ReportSealed):
            seen.append((message, threading.current_thread() is not threading.main_thread()))
        return real_post(self, message)

    monkeypatch.setattr(ReportScreen, "post_message", post)
    return seen


async def test_a_passphrase_report_opens_to_the_plain_reports_bytes(
    make_app: MakeApp, tmp_path: Path, monkeypatch: Any
) -> None:
    quick_passphrase_sealing(monkeypatch)  # the dialog's passphrase, a small scrypt
    seen = _recording(monkeypatch)
    app = make_app(route=StartRoute("report", {}))
    _seed(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(app, pilot)
        _set(screen, "report-path", str(tmp_path / "plain.md"))
        await pilot.press("ctrl+t")
        await pilot.pause()
        dialog = await _open_dialog(app, pilot, screen, tmp_path / "for-dr.md", "ctrl+t")
        _fill(dialog, PASSPHRASE, PASSPHRASE)
        await pilot.click("#seal-apply")
        await settle_until(pilot, lambda: bool(seen), "the worker reports")
        status = _status(screen)
    [(message, from_worker)] = seen
    target = tmp_path / "for-dr.md.age"
    assert from_worker and message.error is None and message.save.path == target
    assert f"to {target}, encrypted with your passphrase" in status
    assert f"Open it with: age -d {target} > {tmp_path / 'for-dr.md'}" in status
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not (tmp_path / "for-dr.md").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    plain = (tmp_path / "plain.md").read_bytes()
    assert pyrage.passphrase.decrypt(target.read_bytes(), PASSPHRASE) == plain


async def test_a_report_for_an_age_key_opens_with_its_secret_key(
    make_app: MakeApp, tmp_path: Path
) -> None:
    identity = pyrage.x25519.Identity.generate()
    app = make_app(route=StartRoute("report", {}))
    _seed(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(app, pilot)
        _set(screen, "report-path", str(tmp_path / "plain.html"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = await _open_dialog(app, pilot, screen, tmp_path / "for-dr.html", "ctrl+s")
        _fill(dialog, key=f"  {identity.to_public()} ")
        await pilot.press("enter")
        await settle_until(pilot, lambda: "Saved" in _status(screen), "the report is saved")
        assert "encrypted with the age key given" in _status(screen)
    target = tmp_path / "for-dr.html.age"
    plain = (tmp_path / "plain.html").read_bytes()
    assert pyrage.decrypt(target.read_bytes(), [identity]) == plain
    if shutil.which("age"):  # the reference implementation, when installed
        key_file = tmp_path / "key.txt"
        key_file.write_text(f"{identity}\n")
        key_file.chmod(0o600)
        opened = subprocess.run(["age", "-d", "-i", str(key_file), str(target)],
                                capture_output=True, check=True, timeout=30)
        assert opened.stdout == plain


async def test_bad_passphrases_and_keys_are_refused_with_a_clear_message(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app(route=StartRoute("report", {}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(app, pilot)
        dialog = await _open_dialog(app, pilot, screen, tmp_path / "out" / "r.md", "ctrl+t")
        message = dialog.query_one("#seal-message", Static)
        for fields, said in (
            ((PASSPHRASE, PASSPHRASE + "!"), "The two new passphrases differ: nothing was "
                                             "saved."),
            (("", ""), "The passphrase is empty"),
            ((PASSPHRASE, PASSPHRASE, "age1abc"), "a passphrase or an age public key, not "
                                                  "both"),
            (("", "", "ssh-ed25519 AAAA"), "'ssh-ed25519 AAAA' is not a valid age public "
                                           "key; an age public key starts with 'age1'"),
        ):
            _fill(dialog, *fields)
            dialog.query_one("#repeat", Input).focus()
            await pilot.press("enter")
            await pilot.pause()
            assert said in _text(message)
            assert app.screen is dialog
        await pilot.press("escape")
        await pilot.pause()
        assert _status(screen) == "Not saved: encryption cancelled."
    assert not (tmp_path / "out").exists()


async def test_the_screen_answers_while_the_report_is_encrypted(
    make_app: MakeApp, tmp_path: Path, monkeypatch: Any
) -> None:
    release = threading.Event()
    real_seal = Sealing.seal

    def held_seal(self: Sealing, data: bytes) -> bytes:
        assert threading.current_thread() is not threading.main_thread()
        release.wait(10)
        return real_seal(self, data)

    monkeypatch.setattr(Sealing, "seal", held_seal)
    quick_passphrase_sealing(monkeypatch)  # the wait is `release`, not scrypt
    app = make_app(route=StartRoute("report", {}))
    _seed(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(app, pilot)
        dialog = await _open_dialog(app, pilot, screen, tmp_path / "for-dr", "ctrl+r")
        _fill(dialog, PASSPHRASE, PASSPHRASE)
        await pilot.click("#seal-apply")
        await pilot.pause()
        assert _status(screen).startswith("Encrypting the report for")
        await pilot.press("f1")  # the screen still answers while scrypt runs
        await pilot.pause()
        assert app.screen is not screen
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+r")  # a second save waits for the first
        await pilot.pause()
        assert app.screen is screen
        assert _status(screen).startswith("Still encrypting the last report")
        release.set()
        await settle_until(pilot, lambda: "Saved the PDF" in _status(screen), "saved")
    data = pyrage.passphrase.decrypt((tmp_path / "for-dr.pdf.age").read_bytes(), PASSPHRASE)
    assert data.startswith(b"%PDF-")


async def test_without_pyrage_the_choice_says_what_to_install(
    make_app: MakeApp, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setitem(sys.modules, "pyrage", None)
    app = make_app(route=StartRoute("report", {}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(app, pilot)
        screen.query_one("#report-encrypt", Checkbox).value = True
        _set(screen, "report-path", str(tmp_path / "out" / "r.md"))
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.screen is screen
        assert "pip install 'ebbtide[encryption]'" in _status(screen)
    assert not (tmp_path / "out").exists()


async def test_an_existing_age_file_is_replaced_only_after_asking(
    make_app: MakeApp, tmp_path: Path
) -> None:
    from ebbtide.tui.screens.common.confirm import ConfirmScreen

    target = tmp_path / "report.md.age"
    target.write_bytes(b"an older encrypted report")
    app = make_app(route=StartRoute("report", {}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(app, pilot)
        screen.query_one("#report-encrypt", Checkbox).value = True
        _set(screen, "report-path", str(tmp_path / "report.md.age"))
        await pilot.press("ctrl+t")
        await settle_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "asked")
        await pilot.press("escape")
        await pilot.pause()
        assert "report.md.age already exists" in _status(screen)
    assert target.read_bytes() == b"an older encrypted report"
