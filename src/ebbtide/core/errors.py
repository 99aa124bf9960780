"""Errors a user can act on. Their message is shown as-is, on one line, never as a traceback."""


class EbbtideError(Exception):
    """Base for problems we explain to the user."""


class ContentError(EbbtideError):
    """Shipped or user content (TOML, Markdown) is invalid. The message names file and line."""


class SettingsError(EbbtideError):
    """settings.toml could not be read."""


class DataDirError(EbbtideError):
    """A config or data location cannot be used."""
