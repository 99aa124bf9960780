"""`ebbtide meditate [SCRIPT] [--minutes N] [--skip-ratings] [--list]`: open straight into a
guided meditation, or list the scripts."""

from __future__ import annotations

import argparse
import math
from typing import TYPE_CHECKING

from ebbtide.cli.context import CommandContext
from ebbtide.core.errors import EbbtideError
from ebbtide.launch import StartRoute

if TYPE_CHECKING:
    from ebbtide.core.content.meditations import Script, ScriptLibrary

MINUTES_RANGE = (1, 120)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "meditate",
        help="start a guided meditation (or --list the scripts)",
        description="Open Ebbtide straight into a guided meditation. Without SCRIPT, the app "
                    "lets you choose one.",
    )
    parser.add_argument("script", nargs="?", metavar="SCRIPT",
                        help="script id, e.g. body-scan-10, grounding-5-4-3-2-1 (see --list)")
    parser.add_argument("--minutes", metavar="N",
                        help="stretch or shrink the script to N minutes, 1–120 "
                             "(every step keeps at least 10 seconds)")
    parser.add_argument("--skip-ratings", action="store_true",
                        help="don't ask how anxious you feel before and after")
    parser.add_argument("--list", action="store_true", help="list the scripts and exit")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from ebbtide.core.content.meditations import load_scripts

    minutes = _minutes(args.minutes)
    library = load_scripts()
    for problem in library.problems:
        print(f"ebbtide: {problem}", file=ctx.err)
    if args.list:
        _print_list(library, ctx)
        return 0

    script_id: str | None = None
    script: Script | None = None
    if args.script is not None:
        script = library.scripts.get(args.script)
        if script is None:
            raise EbbtideError(_unknown_message(args.script, library))
        script_id = script.id
        if minutes is not None:
            script.scaled(minutes)  # raises a one-line EbbtideError when it cannot fit

    from ebbtide.cli.plain_session import wants_plain

    if wants_plain(ctx):
        if script is None:
            raise EbbtideError("plain mode needs a script, e.g. 'ebbtide meditate "
                               "body-scan-10 --plain' (see 'ebbtide meditate --list')")
        return _run_plain(ctx, script, minutes)

    route_args: dict[str, object] = {
        "script": script_id,
        "minutes": minutes,
        "skip_ratings": bool(args.skip_ratings),
    }
    return ctx.run_app(StartRoute(screen="meditate", args=route_args, exit_after=True))


def _run_plain(ctx: CommandContext, script: Script, minutes: float | None) -> int:
    from ebbtide.cli import plain_session
    from ebbtide.core.practice.guide import GuideRun
    from ebbtide.core.practice.plain import guided_events
    from ebbtide.core.practice.session_flow import SessionFlow

    flow = SessionFlow(GuideRun(script, plain_session.clock, minutes), ask_ratings=False,
                       clock=plain_session.clock, log=plain_session.journal_log(ctx))
    return plain_session.run_plain(ctx, flow, guided_events(flow), cue_kind="bells")


def _minutes(text: str | None) -> float | None:
    if text is None:
        return None
    low, high = MINUTES_RANGE
    try:
        value = float(text)
    except ValueError:
        raise EbbtideError(f"--minutes must be a number from {low} to {high} (got {text!r})"
                           ) from None
    if not math.isfinite(value) or not low <= value <= high:
        raise EbbtideError(f"--minutes must be a number from {low} to {high} (got {text})")
    return value


def _unknown_message(query: str, library: ScriptLibrary) -> str:
    names = {s.id: s.id for s in library.scripts.values()}
    names.update({s.name.casefold(): s.id for s in library.scripts.values()})
    import difflib

    close = difflib.get_close_matches(query.casefold(), list(names), n=3, cutoff=0.5)
    suggestions = list(dict.fromkeys(names[c] for c in close))
    if suggestions:
        return (f"unknown meditation '{query}'. Did you mean: {', '.join(suggestions)}? "
                "(see 'ebbtide meditate --list')")
    return f"unknown meditation '{query}'. Scripts: {', '.join(library.ids)}"


def _print_list(library: ScriptLibrary, ctx: CommandContext) -> None:
    rows = [("ID", "MIN", "NAME", "PURPOSE")]
    for script in library.ordered():
        rows.append((script.id, f"{script.minutes:g}", script.name, script.purpose))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        line = "  ".join(
            [row[0].ljust(widths[0]), row[1].rjust(widths[1]), row[2].ljust(widths[2]), row[3]]
        )
        print(line.rstrip(), file=ctx.out)
