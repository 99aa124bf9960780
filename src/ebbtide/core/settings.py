"""settings.toml: read with tomllib, written atomically with tomli-w (mode 0600).

A broken file is never overwritten: the app runs on defaults, says why (file and line),
and refuses to save until the user fixes it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ebbtide.core.atomic import write_private
from ebbtide.core.errors import SettingsError

DEFAULT_THEME = "ebbtide-dusk"
KEYMAP_TABLE = "keymap"  # binding ids to keys; see core/keymap.py


class Settings(NamedTuple):
    """What settings.toml holds (the defaults when it does not), command-line overrides
    aside.

    A NamedTuple, not a frozen dataclass: the app imports it before its first frame, and
    under Python 3.11 a frozen dataclass of twenty fields costs about 8 M instructions to
    create (each generated method is compiled on its own), a NamedTuple about 1 M."""

    theme: str = DEFAULT_THEME
    sound: bool = True
    volume: int = 60
    breath_cues: bool = True
    bells: bool = True
    voice: bool = True  # guided scripts spoken aloud (when a voice is installed)
    voice_pace: int = 100  # percent of the voice's natural pace
    voice_volume: int = 80
    # Breathing phases: "tones", "words" ("in", "out"), "both", or "counted" (the words and
    # then the seconds: "in, two, three, four").
    breath_voice: str = "tones"
    reduced_motion: bool = False
    default_minutes: int = 5
    start_delay: int = 3
    show_streak: bool = False  # streaks stress some people: shown only when turned on
    region: str = ""  # crisis lines for: one of REGIONS ("" = local emergency number + main lines)
    paper: str = "a4"  # the PDF report's page size: "a4" or "letter"
    plain: bool = False  # sessions from the command line as plain lines (screen readers)
    soundscape: str = ""  # played under sessions: one of SOUNDSCAPE_KINDS ("" = none)
    soundscape_volume: int = 40

    def with_changes(self, **changes: Any) -> Settings:
        return self._replace(**changes)


# (minimum, maximum) for numeric settings, used by the settings screen too.
RANGES: dict[str, tuple[int, int]] = {
    "volume": (0, 100),
    "voice_pace": (50, 150),
    "voice_volume": (0, 100),
    "default_minutes": (1, 120),
    "start_delay": (0, 30),
    "soundscape_volume": (0, 100),
}

# Background sound generated on the machine (audio/soundscape.py makes them).
SOUNDSCAPE_KINDS = ("", "brown", "pink", "rain", "waves")

# Text settings limited to a few values. Region ids match content/safety/crisis.toml
# (a core test checks they agree).
CHOICES: dict[str, tuple[str, ...]] = {
    "region": ("", "us", "uk", "ie", "ca", "au"),
    "breath_voice": ("tones", "words", "both", "counted"),
    "paper": ("a4", "letter"),
    "soundscape": SOUNDSCAPE_KINDS,
}

_FIELD_TYPES: dict[str, type] = {
    name: type(value) for name, value in Settings._field_defaults.items()
}


@dataclass
class LoadResult:
    """settings.toml as read: the settings, what was wrong with the file, and whether it
    may be written back."""

    settings: Settings
    problems: list[str] = field(default_factory=list)
    # False when the file on disk could not be parsed: we must not overwrite it.
    writable: bool = True
    # The [keymap] table as written (checked by core.keymap against the app's bindings),
    # and the file's text, to name the line of a bad entry.
    keymap: object = None
    text: str = ""


def load_settings(path: Path) -> LoadResult:
    try:
        path.stat()
    except FileNotFoundError:  # most starts: no file yet, so no TOML helper to import
        return LoadResult(Settings())
    except OSError:
        pass  # read_toml says what is wrong
    from ebbtide.core.toml_schema import TomlFileError, read_toml

    try:
        data, text = read_toml(path)
    except TomlFileError as exc:
        if exc.missing:
            return LoadResult(Settings())
        return LoadResult(Settings(), [f"{path}: {exc}; using defaults."], writable=False)
    result = _from_mapping(data, path)
    result.text = text
    return result


def _from_mapping(data: dict[str, Any], path: Path) -> LoadResult:
    values: dict[str, Any] = {}
    problems: list[str] = []
    keymap = data.pop(KEYMAP_TABLE, None)
    for key, value in data.items():
        expected = _FIELD_TYPES.get(key)
        if expected is None:
            problems.append(f"{path}: unknown setting '{key}' ignored.")
            continue
        if (expected is int and isinstance(value, bool)) or not isinstance(value, expected):
            problems.append(
                f"{path}: '{key}' should be {_type_word(expected)}, not {value!r}; using default."
            )
            continue
        if key in RANGES and isinstance(value, int):
            low, high = RANGES[key]
            if not low <= value <= high:
                problems.append(
                    f"{path}: '{key}' = {value} is outside {low}–{high}; using default."
                )
                continue
        if key in CHOICES and value not in CHOICES[key]:
            problems.append(f"{path}: '{key}' = {value!r} is not one of "
                            f"{_choices_text(key)}; using default.")
            continue
        values[key] = value
    return LoadResult(Settings(**values), problems, keymap=keymap)


def _choices_text(key: str) -> str:
    return ", ".join(c or '"" (not set)' for c in CHOICES[key])


def _type_word(kind: type) -> str:
    return {bool: "true or false", int: "a whole number", str: "text"}.get(kind, kind.__name__)


def validate_setting(key: str, value: Any) -> str | None:
    """Return a user-facing problem with `value` for `key`, or None when fine."""
    expected = _FIELD_TYPES.get(key)
    if expected is None:
        return f"unknown setting '{key}'"
    if (expected is int and isinstance(value, bool)) or not isinstance(value, expected):
        return f"{key} should be {_type_word(expected)}"
    if key in RANGES and isinstance(value, int):
        low, high = RANGES[key]
        if not low <= value <= high:
            return f"{key} must be between {low} and {high}"
    if key in CHOICES and value not in CHOICES[key]:
        return f"{key} must be one of {_choices_text(key)}"
    return None


def save_settings(path: Path, settings: Settings, keymap: object = None) -> None:
    """Write `settings`, and the user's `[keymap]` table as it was read, if any."""
    import tomli_w  # only needed when saving

    data: dict[str, Any] = settings._asdict()
    if keymap is not None:
        data[KEYMAP_TABLE] = keymap
    try:
        write_private(path, tomli_w.dumps(data).encode("utf-8"))
    except OSError as exc:
        raise SettingsError(f"could not save {path}: {exc.strerror or exc}") from exc
