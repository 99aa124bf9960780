"""Small stand-ins for outside programs (systemctl, crontab, notify-send): real scripts
placed first on PATH that record their arguments, so tests see exactly what was run."""

from __future__ import annotations

from pathlib import Path

RECORD = 'printf "%s %s\\n" "${{0##*/}}" "$*" >> "{log}"\n'

SCRIPTS = {
    "systemctl": "exit 0\n",
    "notify-send": "exit 0\n",
    "crontab": (
        'case "$1" in\n'
        '  -l) if [ -f "{tab}" ]; then /bin/cat "{tab}"; else\n'
        '        echo "no crontab for tester" >&2; exit 1; fi ;;\n'
        '  -) /bin/cat > "{tab}" ;;\n'
        "esac\n"),
}


class FakePrograms:
    """`folder` holds the scripts; `log` gets one line per call; `crontab` is the table."""

    def __init__(self, root: Path) -> None:
        self.folder = root / "fakebin"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.log = root / "calls.log"
        self.crontab = root / "crontab.txt"

    def add(self, name: str, body: str | None = None) -> None:
        script = self.folder / name
        text = body if body is not None else SCRIPTS[name]
        script.write_text("#!/bin/sh\n" + RECORD.format(log=self.log)
                          + text.format(tab=self.crontab))
        script.chmod(0o755)

    def calls(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []
