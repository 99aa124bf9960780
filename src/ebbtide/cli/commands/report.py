"""`ebbtide report`: a one-page report of your diary for a clinician, as Markdown, HTML or
PDF, to a file (private: 0600; an existing file is replaced only with --force) or the
screen. Default: the last 30 days."""

from __future__ import annotations

import argparse
from pathlib import Path

from ebbtide.cli.context import CommandContext
from ebbtide.cli.files import open_journal_for_reading, output_file, shown, signals_end_cleanly

PAPERS = ("a4", "letter")  # as core.settings.CHOICES["paper"], without importing it here


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("report",
                            help="a one-page report for your clinician (md, html or pdf)",
                            description="Summarise a period of your diary for an appointment: "
                                        "medications and doses, mood and anxiety charts, side "
                                        "effects, self-checks, practices, safety notes and "
                                        "the notes you flagged. Self-reported data; nothing "
                                        "leaves this machine unless you send the file.")
    parser.add_argument("--since", metavar="DATE", help="first day, YYYY-MM-DD "
                                                        "(default: 30 days before --until)")
    parser.add_argument("--until", metavar="DATE", help="last day, YYYY-MM-DD (default today)")
    parser.add_argument("--format", choices=("md", "html", "pdf"),
                        help="md (default, or from the -o file name), html or pdf (needs -o "
                             "and the optional fpdf2 package)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write to FILE (private: mode 0600) instead of the screen")
    parser.add_argument("--force", action="store_true",
                        help="replace FILE if it already exists")
    parser.add_argument("--paper", choices=PAPERS,
                        help="the PDF's page size (default: the 'paper' setting, a4)")
    parser.add_argument("--name", metavar="NAME",
                        help="a name to print on the report (none by default)")
    parser.set_defaults(handler=run)


def _format(args: argparse.Namespace, suffix: str) -> str:
    if args.format:
        return str(args.format)
    return {".html": "html", ".htm": "html", ".pdf": "pdf"}.get(suffix.lower(), "md")


def _writable_target(target: Path, force: bool) -> Path:
    """A regular file replaced only with --force (which also follows a symlink)."""
    from ebbtide.core.errors import EbbtideError

    resolved = output_file(target, force=force)
    if resolved.exists() and not force:
        raise EbbtideError(f"{shown(target)} already exists: add --force to replace it, or "
                           "choose another file name with -o")
    return resolved


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from datetime import timedelta

    from ebbtide.cli.safety_output import region
    from ebbtide.core.atomic import write_private
    from ebbtide.core.content.titles import practice_titles
    from ebbtide.core.errors import EbbtideError
    from ebbtide.core.health.insights import load_snapshot
    from ebbtide.core.health.safety import HISTORY_DAYS
    from ebbtide.core.journal.models import local_now, parse_day
    from ebbtide.core.report.model import DEFAULT_DAYS, build_report
    from ebbtide.core.report.render import render, render_file
    from ebbtide.core.report.since import earlier_report, remember_saved, saved_record
    from ebbtide.core.state import AppState

    now = local_now()
    until = parse_day(args.until, "until") if args.until else now.date()
    since = parse_day(args.since, "since") if args.since else \
        until - timedelta(days=DEFAULT_DAYS - 1)
    if since > until:
        raise EbbtideError(f"--since {since} is after --until {until}")
    if (until - since).days > 3660:
        raise EbbtideError("the report covers at most 10 years: choose a later --since")
    target = Path(args.output) if args.output and args.output != "-" else None
    fmt = _format(args, target.suffix if target else "")
    if args.name is not None and (len(args.name) > 200 or not args.name.strip()):
        raise EbbtideError("--name must be 1 to 200 characters")
    if target is None and fmt == "pdf":
        raise EbbtideError("a PDF report goes to a file: add -o FILE (for example -o "
                           "report.pdf)")
    if target is not None and target.is_dir():
        raise EbbtideError(f"{shown(target)} is a folder: give a file name with -o")
    if target is not None:
        target = _writable_target(target, args.force)
    with open_journal_for_reading(ctx) as journal:
        snap = load_snapshot(journal, since - timedelta(days=HISTORY_DAYS), until)
        states = journal.note_states()
    report = build_report(snap, since, until, now, name=args.name,
                          titles=practice_titles(ctx.paths), region=region(ctx.paths),
                          note_states=states)
    if target is None:
        ctx.out.write(render(report, fmt))
        ctx.out.flush()
        return 0
    state = AppState.load(ctx.paths.state_file)
    paper = args.paper
    if paper is None:
        from ebbtide.core.settings import load_settings

        paper = load_settings(ctx.paths.settings_file).settings.paper
    data = render_file(report, fmt, paper=paper, earlier=earlier_report(state, now.date()))
    try:
        with signals_end_cleanly():
            write_private(target, data)
    except OSError as exc:
        raise EbbtideError(f"cannot write {shown(target)}: {exc.strerror or exc}") from None
    remember_saved(state, saved_record(report, fmt, now))
    print(f"Wrote the {fmt.upper()} report for {since} to {until} to {shown(target)}.",
          file=ctx.err)
    return 0
