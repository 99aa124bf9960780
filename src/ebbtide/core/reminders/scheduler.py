"""Hand reminders to the system's own scheduler, and take them back.

systemd user timers when a user manager answers (`systemctl --user show-environment`),
else a marked block in the crontab, else a clear refusal. Every outside program is run
through a `Runner`, so tests put small recording scripts first on PATH."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ebbtide.core.atomic import write_private
from ebbtide.core.reminders.config import ReminderError
from ebbtide.core.reminders.units import UNIT_PREFIX, with_block, without_block

SYSTEMD = "systemd"
CRON = "cron"
BACKENDS = (SYSTEMD, CRON)


@dataclass(frozen=True)
class RunResult:
    code: int
    out: str = ""
    err: str = ""


Runner = Callable[[Sequence[str], str | None], RunResult]


def run_program(argv: Sequence[str], stdin: str | None = None) -> RunResult:
    """Run `argv` (found on PATH), its output captured; a missing program is code 127."""
    try:
        done = subprocess.run(list(argv), input=stdin, capture_output=True, text=True,
                              timeout=30, check=False)
    except FileNotFoundError:
        return RunResult(127, err=f"{argv[0]}: not found")
    except (OSError, subprocess.TimeoutExpired) as exc:
        return RunResult(126, err=f"{argv[0]}: {exc}")
    return RunResult(done.returncode, done.stdout, done.stderr)


@dataclass
class System:
    """The outside world the scheduler touches: environment, programs, files."""

    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    run: Runner = run_program

    def has(self, program: str) -> bool:
        return shutil.which(program, path=self.env.get("PATH", os.defpath)) is not None

    @property
    def units_dir(self) -> Path:
        base = self.env.get("XDG_CONFIG_HOME") or ""
        root = Path(base) if os.path.isabs(base) else Path.home() / ".config"
        return root / "systemd" / "user"

    def systemd_answers(self) -> bool:
        return self.has("systemctl") and \
            self.run(["systemctl", "--user", "show-environment"], None).code == 0

    def backend(self) -> str | None:
        if self.systemd_answers():
            return SYSTEMD
        if self.has("crontab"):
            return CRON
        return None

    def systemctl(self, *args: str) -> None:
        result = self.run(["systemctl", "--user", *args], None)
        if result.code != 0:
            why = (result.err or result.out).strip().splitlines()
            raise ReminderError(f"systemctl --user {' '.join(args)} failed"
                                + (f": {why[-1]}" if why else ""))

    def read_crontab(self) -> str:
        result = self.run(["crontab", "-l"], None)
        if result.code == 0:
            return result.out
        if "no crontab" in (result.err + result.out).lower():
            return ""
        raise ReminderError("crontab -l failed: " + (result.err.strip() or "no reason given")
                            + "; your crontab was not changed")

    def write_crontab(self, text: str) -> None:
        result = self.run(["crontab", "-"], text)
        if result.code != 0:
            raise ReminderError("crontab - failed: " + (result.err.strip() or "no reason "
                                "given") + "; your crontab was not changed")


NO_SCHEDULER = ("neither systemd (a user manager answering `systemctl --user`) nor "
                "`crontab` is available here, so reminders cannot be scheduled. Install "
                "cron, or see `ebbtide remind install --dry-run --using systemd`.")


def installed_units(system: System) -> list[Path]:
    folder = system.units_dir
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{UNIT_PREFIX}*") if p.suffix in (".service",
                                                                             ".timer"))


def install_systemd(system: System, units: Mapping[str, str]) -> list[str]:
    """Write the units, drop ones no longer wanted, reload and start the timers. Returns
    what was done, one line each."""
    try:  # moving from cron to systemd: no reminder twice
        done = _remove_cron_block(system)
    except ReminderError:
        done = []
    folder = system.units_dir
    stale = [p for p in installed_units(system) if p.name not in units]
    stale_timers = [p.name for p in stale if p.suffix == ".timer"]
    if stale_timers:
        system.systemctl("disable", "--now", *stale_timers)
    written: list[Path] = []
    try:
        for name, text in units.items():
            write_private(folder / name, text.encode("utf-8"))
            written.append(folder / name)
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise ReminderError(f"cannot write {folder}: {exc.strerror or exc}; no reminder "
                            "was scheduled") from exc
    for path in stale:
        path.unlink(missing_ok=True)
        done.append(f"removed {path}")
    done += [f"wrote {path}" for path in written]
    timers = sorted(n for n in units if n.endswith(".timer"))
    system.systemctl("daemon-reload")
    system.systemctl("enable", "--now", *timers)
    done.append(f"enabled {', '.join(timers)}")
    return done


def install_cron(system: System, block: Sequence[str]) -> list[str]:
    done = _remove_units(system)
    current = system.read_crontab()
    system.write_crontab(with_block(current, block))
    return [*done, f"added {len(block) - 2} line(s) to your crontab, between Ebbtide's "
                   "marker comments"]


def uninstall(system: System, dry_run: bool = False) -> list[str]:
    """Remove every unit and crontab line Ebbtide wrote. Returns what was (or would be)
    removed; empty when there was nothing."""
    if dry_run:
        found = [f"would remove {p}" for p in installed_units(system)]
        found += [f"would remove {p}" for p in _wants_links(system)]
        if system.has("crontab") and without_block(system.read_crontab())[1]:
            found.append("would remove Ebbtide's lines from your crontab")
        return found
    return _remove_units(system) + _remove_cron_block(system)


def _wants_links(system: System) -> list[Path]:
    wants = system.units_dir / "timers.target.wants"
    return sorted(wants.glob(f"{UNIT_PREFIX}*.timer")) if wants.is_dir() else []


def _remove_units(system: System) -> list[str]:
    units = installed_units(system)
    links = _wants_links(system)
    if not units and not links:
        return []
    can_ask = system.systemd_answers()
    timers = [p.name for p in units if p.suffix == ".timer"]
    if can_ask and timers:
        system.run(["systemctl", "--user", "disable", "--now", *timers], None)
    removed = []
    try:
        for path in (*units, *links):
            if path.is_symlink() or path.exists():
                path.unlink()
                removed.append(f"removed {path}")
    except OSError as exc:
        raise ReminderError(f"cannot remove {exc.filename}: {exc.strerror or exc}") from exc
    if can_ask:
        system.run(["systemctl", "--user", "daemon-reload"], None)
    return removed


def _remove_cron_block(system: System) -> list[str]:
    if not system.has("crontab"):
        return []
    current = system.read_crontab()
    kept, found = without_block(current)
    if not found:
        return []
    system.write_crontab(kept)
    return ["removed Ebbtide's lines from your crontab"]
