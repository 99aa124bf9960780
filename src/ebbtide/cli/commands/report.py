"""`ebbtide report`: a one-page report of your diary for a clinician, as Markdown or HTML,
to a file (private: 0600) or the screen. Default: the last 30 days."""

from __future__ import annotations

import argparse

from ebbtide.cli.context import CommandContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("report", help="a one-page report for your clinician (md or html)",
                            description="Summarise a period of your diary for an appointment: "
                                        "medications and doses, mood and anxiety charts, side "
                                        "effects, self-checks, practices, safety notes and "
                                        "the notes you flagged. Self-reported data; nothing "
                                        "leaves this machine unless you send the file.")
    parser.add_argument("--since", metavar="DATE", help="first day, YYYY-MM-DD "
                                                        "(default: 30 days before --until)")
    parser.add_argument("--until", metavar="DATE", help="last day, YYYY-MM-DD (default today)")
    parser.add_argument("--format", choices=("md", "html"),
                        help="md (default, or from the -o file name) or html")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write to FILE (private: mode 0600) instead of the screen")
    parser.add_argument("--name", metavar="NAME",
                        help="a name to print on the report (none by default)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from datetime import timedelta
    from pathlib import Path

    from ebbtide.cli.safety_output import region
    from ebbtide.core.atomic import private_text_file
    from ebbtide.core.content.titles import practice_titles
    from ebbtide.core.errors import EbbtideError
    from ebbtide.core.health.insights import load_snapshot
    from ebbtide.core.health.safety import HISTORY_DAYS
    from ebbtide.core.journal.models import local_now, parse_day
    from ebbtide.core.journal.store import Journal
    from ebbtide.core.report.model import DEFAULT_DAYS, build_report
    from ebbtide.core.report.render import render

    now = local_now()
    until = parse_day(args.until, "until") if args.until else now.date()
    since = parse_day(args.since, "since") if args.since else \
        until - timedelta(days=DEFAULT_DAYS - 1)
    if since > until:
        raise EbbtideError(f"--since {since} is after --until {until}")
    if (until - since).days > 3660:
        raise EbbtideError("the report covers at most 10 years: choose a later --since")
    target = Path(args.output) if args.output and args.output != "-" else None
    fmt = args.format or ("html" if target and target.suffix.lower() in (".html", ".htm")
                          else "md")
    if args.name is not None and (len(args.name) > 200 or not args.name.strip()):
        raise EbbtideError("--name must be 1 to 200 characters")
    with Journal.open(ctx.paths, verify=False) as journal:
        snap = load_snapshot(journal, since - timedelta(days=HISTORY_DAYS), until)
        states = journal.note_states()
    report = build_report(snap, since, until, now, name=args.name,
                          titles=practice_titles(ctx.paths), region=region(ctx.paths),
                          note_states=states)
    text = render(report, fmt)
    if target is None:
        ctx.out.write(text)
        ctx.out.flush()
        return 0
    if target.is_dir():
        raise EbbtideError(f"{target} is a folder: give a file name with -o")
    try:
        with private_text_file(target, newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        raise EbbtideError(f"cannot write {target}: {exc.strerror or exc}") from None
    print(f"Wrote the {fmt.upper()} report for {since} to {until} to {target}.", file=ctx.err)
    return 0
