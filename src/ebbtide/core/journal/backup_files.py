"""The backups folder's daily files: their names and which exist. Apart from `backup` so
that `ebbtide log` can ask "is today's backup made?" without importing the backup code."""

from __future__ import annotations

from datetime import date
from pathlib import Path

BACKUP_PREFIX = "journal-"
BACKUP_SUFFIX = ".sqlite3"


def backup_path(backup_dir: Path, day: date) -> Path:
    """Where the backup made on local `day` goes."""
    return backup_dir / f"{BACKUP_PREFIX}{day.isoformat()}{BACKUP_SUFFIX}"


def list_backups(backup_dir: Path) -> list[Path]:
    """Backups, oldest first."""
    try:
        names = sorted(p for p in backup_dir.iterdir()
                       if p.name.startswith(BACKUP_PREFIX) and p.name.endswith(BACKUP_SUFFIX))
    except OSError:
        return []
    return names


def newest_backup(backup_dir: Path) -> Path | None:
    backups = list_backups(backup_dir)
    return backups[-1] if backups else None
