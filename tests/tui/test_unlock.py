"""The unlock screen: an encrypted journal asks for its passphrase at start; three wrong
tries (or Esc) leave it locked, and the rest of the app works as before."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import Input, Static

from ebbtide.core.journal import cipher, encrypting
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import Paths
from ebbtide.tui.screens.common.unlock import UnlockScreen
from tests.conftest import FIXED_NOW, home_summary_loaded, settle_until
from tests.quick_crypto import journal_keys_derived_once  # noqa: F401 (autouse)

MakeApp = Callable[..., Any]
PASSPHRASE = "low tide at noon"
NOTE = "nobody else should read this"


def _encrypted(paths: Paths) -> None:
    with Journal.open(paths, clock=lambda: FIXED_NOW) as journal:
        journal.add_checkin(mood=6, anxiety=4, note=NOTE)
    encrypting.convert(paths, PASSPHRASE)
    cipher.forget()


def _unlock_screen(app: Any) -> UnlockScreen | None:
    return next((s for s in app.screen_stack if isinstance(s, UnlockScreen)), None)


async def _asked(pilot: Any) -> None:
    await settle_until(pilot, lambda: _unlock_screen(pilot.app) is not None,
                       "the unlock screen is shown")


async def _type(pilot: Any, passphrase: str) -> None:
    screen = _unlock_screen(pilot.app)
    assert screen is not None
    field = screen.query_one("#unlock-passphrase", Input)
    assert field.password  # never shown as typed
    field.value = passphrase
    field.focus()
    await pilot.press("enter")
    await settle_until(pilot, lambda: not screen.checking, "the passphrase was checked")


def _message(app: Any) -> str:
    screen = _unlock_screen(app)
    assert screen is not None
    return str(screen.query_one("#unlock-message", Static).render())


def _glance(app: Any) -> str:
    return str(app.screen.query_one("#glance", Static).render())


async def test_the_right_passphrase_opens_the_journal(make_app: MakeApp,
                                                      welcomed: Paths) -> None:
    _encrypted(welcomed)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _asked(pilot)
        await _type(pilot, PASSPHRASE)
        await settle_until(pilot, lambda: _unlock_screen(app) is None, "it is dismissed")
        assert cipher.unlocked()
        # home reads the journal again once it is back in front
        await settle_until(pilot, lambda: "mood 6/10" in _glance(app), "home shows the entry")
        notes = [e.note for e in app.journal().entries_between() if hasattr(e, "note")]
        assert NOTE in notes


async def test_a_wrong_passphrase_says_so_and_allows_another_try(make_app: MakeApp,
                                                                 welcomed: Paths) -> None:
    _encrypted(welcomed)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _asked(pilot)
        await _type(pilot, "high tide at noon")
        assert "does not unlock" in _message(app) and "2 tries left" in _message(app)
        assert not cipher.unlocked()
        await _type(pilot, "")
        assert "Type the passphrase first" in _message(app) and "2 tries left" not in _message(app)
        await _type(pilot, PASSPHRASE)
        await settle_until(pilot, lambda: _unlock_screen(app) is None, "it is dismissed")
        assert cipher.unlocked()


async def test_three_wrong_tries_leave_it_locked_and_the_app_usable(
        make_app: MakeApp, welcomed: Paths) -> None:
    _encrypted(welcomed)
    before = welcomed.journal_file.read_bytes()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _asked(pilot)
        for guess in ("one", "two", "three"):
            await _type(pilot, guess)
        await settle_until(pilot, lambda: _unlock_screen(app) is None, "it gives up")
        assert not cipher.unlocked()
        await home_summary_loaded(pilot)
        assert "the journal is locked (press 4 to unlock it)" in _glance(app)
        await pilot.press("3")  # reading works
        await settle_until(pilot, lambda: app.current_mode == "read", "the reader opens")
        app.go("journal")
        await settle_until(pilot, lambda: _unlock_screen(app) is not None,
                           "the journal asks to unlock")
        await pilot.press("escape")
        await settle_until(pilot, lambda: _unlock_screen(app) is None, "kept locked")
        status = str(app.screen.query_one("#history-status", Static).render())
        assert "encrypted and locked" in status and "damaged" not in status
        await pilot.press("r")
        await settle_until(pilot, lambda: _unlock_screen(app) is not None, "asks again")
        await _type(pilot, PASSPHRASE)
        await settle_until(pilot, lambda: _unlock_screen(app) is None, "unlocked")
        await settle_until(pilot, lambda: bool(app.screen.summaries), "the journal shows")
    assert welcomed.journal_file.read_bytes()[:16] == before[:16]


def _encryption_screen(app: Any) -> Any:
    from ebbtide.tui.screens.common.encryption import EncryptionScreen

    return next((s for s in app.screen_stack if isinstance(s, EncryptionScreen)), None)


async def _fill(pilot: Any, values: dict[str, str], button: str) -> None:
    screen = _encryption_screen(pilot.app)
    for name, value in values.items():
        screen.query_one(f"#{name}", Input).value = value
    screen.query_one(f"#{button}").press()
    await settle_until(pilot, lambda: not screen.busy, "the conversion ended")


async def test_settings_encrypt_change_and_decrypt(make_app: MakeApp, welcomed: Paths) -> None:
    with Journal.open(welcomed, clock=lambda: FIXED_NOW) as journal:
        journal.add_checkin(mood=6, anxiety=4, note=NOTE)
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await home_summary_loaded(pilot)
        app.action_settings()
        await pilot.pause()
        app.screen.query_one("#open-encryption").press()
        await settle_until(pilot, lambda: _encryption_screen(app) is not None, "it opens")
        warning = str(_encryption_screen(app).query_one("#encryption-warning").render())
        assert "cannot be recovered" in warning
        await _fill(pilot, {"new": PASSPHRASE, "repeat": "typo"}, "apply")
        assert "differ" in str(_encryption_screen(app).query_one("#unlock-message").render())
        assert not cipher.is_encrypted(welcomed.journal_file)
        await _fill(pilot, {"new": PASSPHRASE, "repeat": PASSPHRASE}, "apply")
        await settle_until(pilot, lambda: _encryption_screen(app) is None, "encrypted")
        assert cipher.is_encrypted(welcomed.journal_file) and cipher.unlocked()
        assert NOTE.encode() not in welcomed.journal_file.read_bytes()
        assert any(getattr(e, "note", "") == NOTE for e in app.journal().entries_between())
        app.screen.query_one("#open-encryption").press()
        await settle_until(pilot, lambda: _encryption_screen(app) is not None, "it opens")
        await _fill(pilot, {"current": "not it"}, "decrypt")
        assert "does not unlock" in str(
            _encryption_screen(app).query_one("#unlock-message").render())
        await _fill(pilot, {"current": PASSPHRASE}, "decrypt")
        await settle_until(pilot, lambda: _encryption_screen(app) is None, "decrypted")
        assert not cipher.is_encrypted(welcomed.journal_file)
        assert any(getattr(e, "note", "") == NOTE for e in app.journal().entries_between())
