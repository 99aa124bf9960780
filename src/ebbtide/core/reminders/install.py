"""What `ebbtide remind install` does, shared by the CLI and the Settings → Reminders
screen: the dose times from the journal, the plan (which scheduler, which files or crontab
lines), its exact text, and carrying it out."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ebbtide.core.paths import HOME_ENV, Paths, resolve_paths
from ebbtide.core.reminders import scheduler, units
from ebbtide.core.reminders.config import ReminderConfig, ReminderError

CRON_NOTE = "cron sends no reminder that fell due while the computer was off or asleep"
CRON_PREVIEW = ("Would add to your crontab (replacing earlier Ebbtide lines, keeping all "
                "others):")


def dose_times(journal_file: Path, today: date) -> tuple[str, ...] | None:
    """Every time in the active medication schedule; None if the journal can't be read."""
    from ebbtide.core.journal.glance import GlanceUnavailable, read_glance

    try:
        glance = read_glance(journal_file, today)
    except GlanceUnavailable:
        return None
    return glance.scheduled_times if glance else ()


def scheduled_where(system: scheduler.System) -> tuple[str | None, tuple[str, ...] | None]:
    """Where reminders are scheduled (None: nowhere), and the dose times scheduled."""
    found = scheduler.installed_units(system)
    if found:
        timer = found[0].parent / units.unit_name("dose", "timer")
        text = timer.read_text() if timer.exists() else ""
        return (f"Scheduled with systemd user timers in {found[0].parent}",
                units.scheduled_dose_times(text, None) if text else None)
    try:
        crontab = system.read_crontab() if system.has("crontab") else ""
    except ReminderError:
        crontab = ""
    if units.without_block(crontab)[1]:
        return "Scheduled in your crontab", units.scheduled_dose_times(None, crontab)
    return None, None


def notify_command(paths: Paths, data_dir_given: bool,
                   environ: Mapping[str, str]) -> tuple[list[str], dict[str, str]]:
    """How the scheduler runs `ebbtide notify` with this Python and these locations: the
    one folder given by --data-dir or EBBTIDE_HOME, else the XDG variables in effect."""
    command = [sys.executable, "-m", "ebbtide"]
    if data_dir_given or environ.get(HOME_ENV):
        return [*command, "--data-dir", str(paths.config_dir.parent)], {}
    carried = {k: environ[k] for k in ("XDG_CONFIG_HOME", "XDG_DATA_HOME") if environ.get(k)}
    return command, carried


def one_folder(paths: Paths, environ: Mapping[str, str]) -> bool:
    """Whether `paths` came from one folder (--data-dir) rather than the usual places."""
    usual = resolve_paths(environ={k: v for k, v in environ.items() if k != HOME_ENV})
    return paths != usual


def dose_note(config: ReminderConfig, times: tuple[str, ...] | None) -> str | None:
    """Why the dose reminder has nothing to schedule, when it is on but does not."""
    if not config.get("dose") or times:
        return None
    return ("Dose reminders: " + ("the journal cannot be read right now" if times is None
            else "no medication has scheduled times yet") + "; doses are skipped.")


@dataclass(frozen=True)
class InstallPlan:
    backend: str  # scheduler.SYSTEMD or scheduler.CRON
    files: dict[str, str] = field(default_factory=dict)  # systemd: unit name -> text
    cron_lines: tuple[str, ...] = ()  # cron: the marked block


def plan_install(config: ReminderConfig, times: tuple[str, ...] | None,
                 system: scheduler.System, command: list[str], carried: dict[str, str],
                 using: str | None = None) -> InstallPlan:
    """What installing `config` would write. Raises ReminderError when nothing is on or no
    scheduler is there."""
    if not config.reminders:
        raise ReminderError("no reminder is on: turn one on first, e.g. `ebbtide remind "
                            "add checkin 20:00` (`ebbtide remind uninstall` removes "
                            "reminders scheduled before)")
    plan = units.schedules(config, times or ())
    if not plan:
        raise ReminderError("nothing to schedule")
    backend = using or system.backend()
    if backend is None:
        raise ReminderError(scheduler.NO_SCHEDULER)
    if backend == scheduler.SYSTEMD:
        return InstallPlan(backend, files=units.systemd_units(plan, command, carried))
    return InstallPlan(backend,
                       cron_lines=tuple(units.crontab_block(plan, command, carried)))


def preview(plan: InstallPlan, system: scheduler.System) -> list[str]:
    """Exactly what `plan` writes and runs (what `--dry-run` prints)."""
    if plan.backend != scheduler.SYSTEMD:
        return [CRON_PREVIEW, *plan.cron_lines]
    lines = []
    for name, text in plan.files.items():
        lines += [f"Would write {system.units_dir / name}:", text]
    timers = " ".join(sorted(n for n in plan.files if n.endswith(".timer")))
    return [*lines, "Would run: systemctl --user daemon-reload",
            f"Would run: systemctl --user enable --now {timers}"]


def carry_out(plan: InstallPlan, system: scheduler.System) -> list[str]:
    """Write the plan into the scheduler. Returns what was done, one line each; raises
    ReminderError (nothing half-written is left behind)."""
    if plan.backend == scheduler.SYSTEMD:
        return scheduler.install_systemd(system, plan.files)
    if not system.has("crontab"):
        raise ReminderError(scheduler.NO_SCHEDULER)
    return [*scheduler.install_cron(system, plan.cron_lines), CRON_NOTE]


def written(plan: InstallPlan, system: scheduler.System) -> list[str]:
    """What an installed plan put where: each unit file in full, or the crontab lines."""
    if plan.backend != scheduler.SYSTEMD:
        return ["In your crontab:", *plan.cron_lines]
    lines = []
    for name, text in plan.files.items():
        lines += [f"{system.units_dir / name}:", text]
    return lines
