"""The text of the scheduler entries: systemd user units (a .service running
`ebbtide notify KIND`, a .timer with OnCalendar and Persistent=true) or a crontab block
between two marker lines. Pure: the caller writes them."""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ebbtide.core.reminders.config import DAYS, ReminderConfig

UNIT_PREFIX = "ebbtide-remind-"
CRON_BEGIN = ("# >>> ebbtide reminders (written by `ebbtide remind install`; "
              "`ebbtide remind uninstall` removes them)")
CRON_END = "# <<< ebbtide reminders"
_WRITTEN_BY = "# Written by `ebbtide remind install`; `ebbtide remind uninstall` removes it.\n"
_SAFE_WORD = re.compile(r"[A-Za-z0-9_./:+,@=-]+")


@dataclass(frozen=True)
class Schedule:
    kind: str
    times: tuple[str, ...]  # "HH:MM", local
    day: str | None = None  # "mon".."sun" for a weekly reminder


def schedules(config: ReminderConfig, dose_times: Sequence[str]) -> list[Schedule]:
    """One schedule per reminder that is on. Doses take every time in the medication
    schedule; with no times there, the dose reminder has nothing to schedule."""
    found = []
    for reminder in config.reminders:
        if reminder.kind == "dose":
            if dose_times:
                found.append(Schedule("dose", tuple(sorted(set(dose_times)))))
        elif reminder.time is not None:
            found.append(Schedule(reminder.kind, (reminder.time,), reminder.day))
    return found


def unit_name(kind: str, suffix: str) -> str:
    return f"{UNIT_PREFIX}{kind}.{suffix}"


def systemd_units(plan: Sequence[Schedule], command: Sequence[str],
                  environment: Mapping[str, str]) -> dict[str, str]:
    """File name -> content, a .service and a .timer per schedule."""
    env_lines = "".join(f"Environment={_systemd_word(f'{k}={v}')}\n"
                        for k, v in sorted(environment.items()))
    units: dict[str, str] = {}
    for item in plan:
        exec_line = " ".join(_systemd_word(w) for w in (*command, "notify", item.kind))
        units[unit_name(item.kind, "service")] = (
            f"{_WRITTEN_BY}[Unit]\nDescription=Ebbtide reminder: {item.kind}\n\n"
            f"[Service]\nType=oneshot\n{env_lines}ExecStart={exec_line}\n")
        day = f"{item.day.capitalize()} " if item.day else ""
        calendar = "".join(f"OnCalendar={day}*-*-* {t}:00\n" for t in item.times)
        units[unit_name(item.kind, "timer")] = (
            f"{_WRITTEN_BY}[Unit]\nDescription=Ebbtide reminder timer: {item.kind}\n\n"
            f"[Timer]\n{calendar}Persistent=true\n\n[Install]\nWantedBy=timers.target\n")
    return units


def _systemd_word(word: str) -> str:
    """One ExecStart/Environment word: `%` specifiers and `$` expansion escaped, quoted
    when it holds anything but plain path characters."""
    escaped = word.replace("%", "%%").replace("$", "$$")
    if _SAFE_WORD.fullmatch(word):
        return escaped
    return '"' + escaped.replace("\\", "\\\\").replace('"', '\\"') + '"'


def crontab_block(plan: Sequence[Schedule], command: Sequence[str],
                  environment: Mapping[str, str]) -> list[str]:
    """The marked lines for a crontab (cron has no catch-up: a reminder due while the
    computer sleeps is not sent later)."""
    env_words = [shlex.quote(f"{k}={v}") for k, v in sorted(environment.items())]
    lines = [CRON_BEGIN]
    for item in plan:
        words = [*env_words, *(shlex.quote(w) for w in (*command, "notify", item.kind))]
        # In a crontab an unescaped % ends the command.
        run = " ".join(words).replace("%", "\\%")
        weekday = str((DAYS.index(item.day) + 1) % 7) if item.day else "*"
        for time in item.times:
            hour, minute = time.split(":")
            lines.append(f"{int(minute)} {int(hour)} * * {weekday} {run}")
    lines.append(CRON_END)
    return lines


def without_block(crontab: str) -> tuple[str, bool]:
    """`crontab` with every Ebbtide block removed, and whether there was one. Lines
    outside the markers are kept exactly; if the end marker was deleted by hand, only the
    begin marker and the `notify` lines after it are removed."""
    kept: list[str] = []
    inside: list[str] | None = None
    found = False
    for line in crontab.splitlines():
        if line == CRON_BEGIN:
            inside, found = [], True
        elif inside is not None and line == CRON_END:
            inside = None
        elif inside is not None:
            inside.append(line)
        else:
            kept.append(line)
    if inside:
        kept += [line for line in inside if not _ours(line)]
    text = "\n".join(kept)
    return (text + "\n" if text else ""), found


def _ours(line: str) -> bool:
    return "ebbtide" in line and " notify " in line


def with_block(crontab: str, block: Sequence[str]) -> str:
    base, _ = without_block(crontab)
    return base + "\n".join(block) + "\n"


_TIMER_TIME = re.compile(r"^OnCalendar=\*-\*-\* (\d\d:\d\d):00$", re.MULTILINE)
_CRON_DOSE = re.compile(r"^(\d+) (\d+) \* \* \* .* notify dose$")


def scheduled_dose_times(timer: str | None, crontab: str | None) -> tuple[str, ...] | None:
    """The times an installed dose reminder fires at, from its .timer or the crontab
    block; None when no dose reminder is installed."""
    if timer is not None:
        return tuple(sorted(_TIMER_TIME.findall(timer)))
    if crontab is None or CRON_BEGIN not in crontab:
        return None
    block = crontab.split(CRON_BEGIN, 1)[1].split(CRON_END, 1)[0]
    found = [f"{int(m.group(2)):02d}:{int(m.group(1)):02d}"
             for m in map(_CRON_DOSE.match, block.splitlines()) if m]
    return tuple(sorted(found)) if found else None
