"""Ebbtide's own themes, registered next to Textual's built-in ones."""

from __future__ import annotations

from textual.theme import BUILTIN_THEMES, Theme

DUSK = Theme(
    name="ebbtide-dusk",
    primary="#7FB3D5",
    secondary="#A9CCE3",
    accent="#D7BDE2",
    warning="#F5CBA7",
    error="#F1948A",
    success="#A9DFBF",
    foreground="#E8EEF2",
    background="#16202A",
    surface="#1C2833",
    panel="#243342",
    dark=True,
)

DAWN = Theme(
    name="ebbtide-dawn",
    primary="#2E6F95",
    secondary="#4A8DB7",
    accent="#8E5BA8",
    warning="#A05A00",
    error="#B03A2E",
    success="#1E7B45",
    foreground="#1B2631",
    background="#F6F3EE",
    surface="#FFFFFF",
    panel="#E9E4DC",
    dark=False,
)

# Pure black and white with saturated accents: WCAG AAA contrast for text.
HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FF80FF",
    warning="#FFB000",
    error="#FF5050",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#FFFFFF",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
)

# For the dark: low light, warm and muted (no bright blue or white), text still easy to
# read (about 8:1), so a session at bedtime does not wake the person up again.
NIGHT = Theme(
    name="ebbtide-night",
    primary="#8A6E52",
    secondary="#9C8A76",
    accent="#7E6C86",
    warning="#B8925E",
    error="#C07A6E",
    success="#7F9A7A",
    foreground="#B9AFA4",
    background="#0A0B0D",
    surface="#111316",
    panel="#1A1D21",
    dark=True,
)

EBBTIDE_THEMES: tuple[Theme, ...] = (DUSK, DAWN, NIGHT, HIGH_CONTRAST)


def theme_names() -> set[str]:
    return set(BUILTIN_THEMES) | {theme.name for theme in EBBTIDE_THEMES}
