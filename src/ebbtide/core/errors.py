"""Errors a user can act on. Their message is shown as-is, on one line, never as a traceback."""


class EbbtideError(Exception):
    """Base for problems we explain to the user."""


class ContentError(EbbtideError):
    """Shipped or user content (TOML, Markdown) is invalid. The message names file and line."""


class SettingsError(EbbtideError):
    """settings.toml could not be read."""


class DataDirError(EbbtideError):
    """A config or data location cannot be used."""

class InvalidEntry(EbbtideError):
    """A value a person typed is out of range. `field` names the form field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
