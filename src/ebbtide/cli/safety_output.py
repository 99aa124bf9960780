"""What the CLI prints when something typed needs help now: the crisis resources for the
person's region (core.health.crisis, the one source of truth) and the urgent-sign notice.
Everything heavy (settings, phrase files, crisis numbers) is imported only when called."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ebbtide.core.paths import Paths

CRISIS_WIDTH = 78  # never wider than this, even in a wide terminal


def region(paths: Paths) -> str:
    """The `region` setting ("" when unset or when settings.toml cannot be read)."""
    from ebbtide.core.settings import load_settings

    return load_settings(paths.settings_file).settings.region


def output_width(out: TextIO) -> int:
    """Wrap width for `out`: the terminal's (at most CRISIS_WIDTH), or CRISIS_WIDTH when
    `out` is not a terminal."""
    import shutil

    try:
        tty = out.isatty()
    except (AttributeError, ValueError):
        tty = False
    columns = shutil.get_terminal_size((CRISIS_WIDTH, 24)).columns if tty else CRISIS_WIDTH
    return max(40, min(CRISIS_WIDTH, columns - 1))


def print_crisis(paths: Paths, out: TextIO) -> None:
    """The crisis resources for the person's region, as plain text."""
    from ebbtide.core.health.crisis import crisis_plain

    print("", file=out)
    print(crisis_plain(output_width(out), region(paths)), file=out)


def urgent_text(names: list[str], emergency: str) -> str:
    """One paragraph for the urgent signs logged (names as typed, already made inert)."""
    quoted = [f"'{n}'" for n in dict.fromkeys(names)]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
    call = ("your local emergency number (for example 911 in the US, 999 in the UK)"
            if emergency == "your local emergency number" else emergency)
    return (f"Seek medical help now: {listed} can be a sign of a serious reaction, an "
            f"overdose or withdrawal. If it is happening now or getting worse, call {call} "
            "or go to an emergency department. Tell your prescriber as soon as you can.")


def print_urgent(paths: Paths, out: TextIO, names: list[str]) -> None:
    import textwrap

    from ebbtide.core.health.crisis import emergency_number

    text = urgent_text(names, emergency_number(region(paths)))
    print("", file=out)
    print(textwrap.fill(text, output_width(out)), file=out)
