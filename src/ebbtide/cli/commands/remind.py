"""`ebbtide remind`: list, add and remove reminders, quiet hours and a snooze, and hand
them to the system scheduler (`install`, `uninstall`). All off by default."""

from __future__ import annotations

import argparse
import os
from datetime import datetime
from typing import TYPE_CHECKING

from ebbtide.cli.context import CommandContext

if TYPE_CHECKING:
    from ebbtide.core.reminders.config import ReminderConfig

_KINDS_HELP = ("dose (at the times in your medication schedule), checkin (daily, "
               "default 20:00), wind-down (evening, default 21:30), self-check (weekly, "
               "default sun 18:00)")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "remind", help="reminders from your system's scheduler (all off by default)",
        description="Reminders for doses, a daily check-in, an evening wind-down and a "
                    "weekly self-check, sent by your system's own scheduler (systemd "
                    "timers or cron) through `ebbtide notify`. Nothing of Ebbtide keeps "
                    "running between reminders. With no action: list them.",
        epilog=f"Kinds: {_KINDS_HELP}. Settings live in reminders.toml in the config "
               "folder (`ebbtide paths`).")
    actions = parser.add_subparsers(title="actions", metavar="ACTION",
                                    parser_class=type(parser))
    listing = actions.add_parser("list", help="show reminders, quiet hours, snooze")
    listing.set_defaults(handler=run_list)
    add = actions.add_parser("add", help="turn a reminder on (or change its time)",
                             description=f"Kinds: {_KINDS_HELP}.")
    add.add_argument("kind", metavar="KIND", help="dose, checkin, wind-down or self-check")
    add.add_argument("time", metavar="TIME", nargs="?", help="HH:MM, 24-hour local time")
    add.add_argument("--day", metavar="DAY", help="self-check only: mon ... sun")
    add.set_defaults(handler=run_add)
    remove = actions.add_parser("remove", help="turn a reminder off")
    remove.add_argument("kind", metavar="KIND", help="dose, checkin, wind-down or self-check")
    remove.set_defaults(handler=run_remove)
    quiet = actions.add_parser("quiet", help="set quiet hours: START END, or 'off'",
                               description="No reminder is sent between START and END "
                                           "(e.g. 22:30 07:30). 'off' removes them.")
    quiet.add_argument("span", metavar="START END | off", nargs="+")
    quiet.set_defaults(handler=run_quiet)
    snooze = actions.add_parser("snooze", help="pause every reminder: 30m, 2h, or 'off'")
    snooze.add_argument("length", metavar="LENGTH", help="30m, 2h, 1h30m, 1d, or off")
    snooze.set_defaults(handler=run_snooze)
    install = actions.add_parser("install", help="schedule the reminders that are on",
                                 description="Write systemd user timers (or, without "
                                             "systemd, a crontab block) for the reminders "
                                             "that are on. Run again after changes.")
    install.add_argument("--dry-run", action="store_true",
                         help="print exactly what would be written, change nothing")
    install.add_argument("--using", choices=("systemd", "cron"),
                         help="pick the scheduler instead of detecting it")
    install.set_defaults(handler=run_install)
    uninstall = actions.add_parser("uninstall", help="remove every scheduled reminder")
    uninstall.add_argument("--dry-run", action="store_true",
                           help="print what would be removed, change nothing")
    uninstall.set_defaults(handler=run_uninstall)
    parser.set_defaults(handler=run_list)


def now() -> datetime:
    """The local wall clock (tests replace it)."""
    return datetime.now().astimezone()


def _load(ctx: CommandContext) -> ReminderConfig:
    from ebbtide.core.reminders.config import load_config, reminders_file

    return load_config(reminders_file(ctx.paths.config_dir))


def _save(ctx: CommandContext, config: ReminderConfig, done: str) -> int:
    from ebbtide.core.reminders.config import reminders_file, save_config

    save_config(reminders_file(ctx.paths.config_dir), config)
    print(done, file=ctx.out)
    return 0


def _dose_times(ctx: CommandContext) -> tuple[str, ...] | None:
    from ebbtide.core.reminders.install import dose_times

    return dose_times(ctx.paths.journal_file, now().date())


def run_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from ebbtide.core.reminders.config import KINDS, reminders_file
    from ebbtide.core.reminders.install import scheduled_where
    from ebbtide.core.reminders.relevance import snoozed
    from ebbtide.core.reminders.scheduler import System

    config = _load(ctx)
    out = ctx.out
    print(f"Reminders ({reminders_file(ctx.paths.config_dir)}):", file=out)
    for kind in KINDS:
        reminder = config.get(kind)
        if reminder is None:
            when = "off"
        elif kind == "dose":
            times = _dose_times(ctx)
            when = ("on, at your medication times: " + ", ".join(times)) if times else \
                "on, but no medication has scheduled times yet"
        elif reminder.day:
            when = f"on, weekly {reminder.day} {reminder.time}"
        else:
            when = f"on, daily {reminder.time}"
        print(f"  {kind:<11} {when}", file=out)
    quiet = f"{config.quiet_start}–{config.quiet_end}" if config.quiet_start else "none"
    print(f"Quiet hours: {quiet}", file=out)
    at = now()
    if config.snoozed_until is not None and snoozed(config, at):
        until = config.snoozed_until.astimezone(at.tzinfo)
        print(f"Snoozed until {until:%Y-%m-%d %H:%M}", file=out)
    where, dose_times = scheduled_where(System())
    print(where or ("All off. Turn one on with `ebbtide remind add checkin 20:00`."
                    if not config.reminders else "Not scheduled yet: run `ebbtide remind "
                    "install`."), file=out)
    if where and config.get("dose") and (dose_times or ()) != (_dose_times(ctx) or ()):
        print("The scheduled dose reminders do not match your medication times: run "
              "`ebbtide remind install` again.", file=out)
    return 0


def run_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    from ebbtide.core.reminders.config import make_reminder

    reminder = make_reminder(args.kind, args.time, args.day)
    config = _load(ctx).with_reminder(reminder)
    if reminder.kind == "dose":
        times = _dose_times(ctx)
        what = ("at your medication times: " + ", ".join(times)) if times else \
            "but no medication has scheduled times yet: add them in Journal → Medications"
    else:
        what = f"{reminder.day} {reminder.time}" if reminder.day else f"at {reminder.time}"
    return _save(ctx, config, f"Reminder on: {reminder.kind} {what}. Run `ebbtide remind "
                              "install` to schedule it.")


def run_remove(args: argparse.Namespace, ctx: CommandContext) -> int:
    from ebbtide.core.reminders.config import check_kind

    kind = check_kind(args.kind)
    config = _load(ctx)
    if config.get(kind) is None:
        print(f"The {kind} reminder was already off.", file=ctx.out)
        return 0
    return _save(ctx, config.without(kind), f"Reminder off: {kind}. Run `ebbtide remind "
                                            "install` to update the schedule.")


def run_quiet(args: argparse.Namespace, ctx: CommandContext) -> int:
    from dataclasses import replace

    from ebbtide.core.reminders.config import ReminderError, parse_clock

    config = _load(ctx)
    if [w.lower() for w in args.span] == ["off"]:
        return _save(ctx, replace(config, quiet_start=None, quiet_end=None),
                     "Quiet hours off.")
    if len(args.span) != 2:
        raise ReminderError("quiet hours take a start and an end, like 22:30 07:30 "
                            "(or 'off')")
    start, end = (parse_clock(w) for w in args.span)
    if start == end:
        raise ReminderError("quiet hours start and end at the same time")
    return _save(ctx, replace(config, quiet_start=start, quiet_end=end),
                 f"Quiet hours {start}–{end}: no reminder is sent then.")


def run_snooze(args: argparse.Namespace, ctx: CommandContext) -> int:
    from dataclasses import replace

    from ebbtide.core.reminders.config import parse_snooze

    config = _load(ctx)
    if args.length.strip().lower() == "off":
        return _save(ctx, replace(config, snoozed_until=None), "Snooze off.")
    until = (now() + parse_snooze(args.length)).replace(microsecond=0)
    return _save(ctx, replace(config, snoozed_until=until),
                 f"Reminders snoozed until {until:%H:%M} ({until:%a %d %b}).")


def run_install(args: argparse.Namespace, ctx: CommandContext) -> int:
    from ebbtide.core.reminders import install
    from ebbtide.core.reminders.scheduler import System

    config = _load(ctx)
    times = _dose_times(ctx)
    out = ctx.out
    note = install.dose_note(config, times)
    if note:
        print(note, file=out)
    system = System()
    command, carried = install.notify_command(ctx.paths, bool(args.data_dir), os.environ)
    plan = install.plan_install(config, times, system, command, carried, args.using)
    if args.dry_run:
        print("\n".join(install.preview(plan, system)), file=out)
        return 0
    print("\n".join(install.carry_out(plan, system)), file=out)
    print("Reminders scheduled. Nothing of Ebbtide runs between them; `ebbtide remind "
          "uninstall` removes them.", file=out)
    return 0


def run_uninstall(args: argparse.Namespace, ctx: CommandContext) -> int:
    from ebbtide.core.reminders.scheduler import System, uninstall

    done = uninstall(System(), dry_run=args.dry_run)
    print("\n".join(done) if done else "No Ebbtide reminders were scheduled; nothing to "
          "remove.", file=ctx.out)
    return 0
