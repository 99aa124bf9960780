"""Typed access to the running EbbtideApp.

Textual types `.app` as a plain `App`; every screen, widget and palette provider here runs
inside an EbbtideApp, so this one cast tells the type checker so, instead of a
`# type: ignore` wherever the app's own attributes are used."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from textual.app import App

    from ebbtide.tui.app import EbbtideApp


class HasApp(Protocol):
    @property
    def app(self) -> App[Any]: ...


def ebbtide_app(owner: HasApp) -> EbbtideApp:
    return cast("EbbtideApp", owner.app)
