"""Following links from reader articles.

`parse_link` and `action_route` are pure: they turn an href into what it means.
`follow_link` does it: `article:ID[#anchor]` opens the article, `glossary:KEY` shows the
definition, `action:...` opens that part of the app (`action:crisis` shows crisis
resources), and `http(s)://...` is never opened: the full address is shown instead, with
a key to copy it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ebbtide.launch import StartRoute

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp
    from ebbtide.tui.screens.read.article import ArticleScreen

LinkKind = Literal["article", "glossary", "action", "external", "unknown"]


@dataclass(frozen=True)
class LinkTarget:
    kind: LinkKind
    target: str  # article id, glossary key, action name, full address, or the raw href
    anchor: str = ""
    route: StartRoute | None = field(default=None, compare=False)


def action_route(name: str) -> StartRoute | None:
    """The app route for an `action:` name, or None for `crisis` and unknown names.

    breathe/ID -> breathe {"pattern": ID}; meditate/ID -> meditate {"script": ID};
    journal/FORM -> journal {"form": FORM}; report -> report {}; check/ID -> check
    {"check": ID}."""
    section, _, rest = name.strip().partition("/")
    if section == "breathe" and rest:
        return StartRoute("breathe", {"pattern": rest})
    if section == "meditate" and rest:
        return StartRoute("meditate", {"script": rest})
    if section == "journal":
        return StartRoute("journal", {"form": rest} if rest else {})
    if section == "report" and not rest:
        return StartRoute("report", {})
    if section == "check" and rest:
        return StartRoute("check", {"check": rest})
    return None


def parse_link(href: str) -> LinkTarget:
    href = href.strip()
    scheme, colon, rest = href.partition(":")
    scheme = scheme.lower()
    if not colon:
        return LinkTarget("unknown", href)
    if scheme in ("http", "https"):
        return LinkTarget("external", href)
    if scheme == "article":
        article_id, _, anchor = rest.partition("#")
        return LinkTarget("article", article_id, anchor)
    if scheme == "glossary":
        return LinkTarget("glossary", rest)
    if scheme == "action":
        if rest == "crisis":
            return LinkTarget("action", rest)
        route = action_route(rest)
        return LinkTarget("action", rest, route=route) if route else LinkTarget("unknown", href)
    return LinkTarget("unknown", href)


def follow_link(app: EbbtideApp, href: str, current: ArticleScreen | None = None) -> None:
    """Do what a link in an article means. `current` is the article it was clicked in."""
    link = parse_link(href)
    if link.kind == "article":
        _open_article(app, link, current)
    elif link.kind == "glossary":
        _show_term(app, link.target)
    elif link.kind == "action" and link.target == "crisis":
        from ebbtide.tui.screens.common.crisis import CrisisScreen

        app.push_screen(CrisisScreen())
    elif link.kind == "action" and link.route is not None:
        _open_action(app, link.route)
    elif link.kind == "external":
        from ebbtide.tui.screens.read.address import AddressScreen

        app.push_screen(AddressScreen(link.target))
    else:
        app.notify(f"Ebbtide does not know how to open '{href}'.", title="Link",
                   severity="warning", markup=False)


def _open_article(app: EbbtideApp, link: LinkTarget, current: ArticleScreen | None) -> None:
    from ebbtide.core.errors import ContentError
    from ebbtide.tui.screens.read.article import ArticleScreen
    from ebbtide.tui.screens.read.library import get_library

    if current is not None and link.target in ("", current.article.id):
        if link.anchor:
            current.goto_anchor(link.anchor)
        return
    try:
        library = get_library()
    except ContentError as exc:
        app.notify(str(exc), severity="error", markup=False)
        return
    if library.get(link.target) is None:
        app.notify(f"No article called '{link.target}'.", severity="warning", markup=False)
        return
    if app.current_mode != "read":
        app.go("read")
    app.push_screen(ArticleScreen(library, link.target, anchor=link.anchor or None))


def _show_term(app: EbbtideApp, key: str) -> None:
    from ebbtide.core.errors import ContentError
    from ebbtide.tui.screens.read.glossary import GlossaryScreen
    from ebbtide.tui.screens.read.library import get_library

    try:
        term = get_library().glossary.get(key)
    except ContentError as exc:
        app.notify(str(exc), severity="error", markup=False)
        return
    if term is None:
        app.notify(f"'{key}' is not in the glossary.", severity="warning", markup=False)
        return
    app.push_screen(GlossaryScreen(term))


def _open_action(app: EbbtideApp, route: StartRoute) -> None:
    from ebbtide.tui.routes import ROUTE_OPENERS, open_route

    if route.screen not in ROUTE_OPENERS and route.screen not in app.MODES:
        # Parts of the journal (report, self-checks) that have no route yet.
        route = StartRoute("journal", {"view": route.screen, **route.args})
    open_route(app, route)
