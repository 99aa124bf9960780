"""The app's settings and look: settings.toml with the command line's overrides, the user's
keymap, the theme (saved wherever it is picked) and reduced motion."""

from __future__ import annotations

from textual._types import AnimationLevel
from textual.app import App
from textual.theme import Theme

from ebbtide.core.paths import Paths
from ebbtide.core.settings import DEFAULT_THEME, LoadResult, Settings, save_settings
from ebbtide.launch import Overrides
from ebbtide.tui.themes import theme_names
from ebbtide.tui.tuned.stylesheet import IncrementalStylesheet


class AppLook(App[int]):
    """The part of `EbbtideApp` that keeps its settings and theme."""

    paths: Paths
    overrides: Overrides
    settings: Settings
    saved_settings: Settings
    settings_problems: list[str]
    settings_writable: bool
    keymap_table: object
    _previewed_theme: str | None
    _default_animation: AnimationLevel
    # Set once the saved theme is: see `get_css_variables`.
    _initial_theme_set = False
    _theme_variables_of: Theme | None = None  # the theme `theme_variables` were made for

    def _apply_sound(self) -> None:
        """Sound and voice settings take effect (see `app_sound.AppSound`)."""

    def _with_overrides(self, settings: Settings) -> Settings:
        names = theme_names()
        if settings.theme not in names:
            self.settings_problems.append(
                f"{self.paths.settings_file}: unknown theme '{settings.theme}'; "
                f"using {DEFAULT_THEME}."
            )
            settings = settings.with_changes(theme=DEFAULT_THEME)
        changes: dict[str, object] = {}
        if self.overrides.no_sound:
            changes["sound"] = False
        if self.overrides.reduced_motion:
            changes["reduced_motion"] = True
        if self.overrides.theme:
            changes["theme"] = self.overrides.theme
        return settings.with_changes(**changes)

    def _apply_keymap(self, loaded: LoadResult) -> None:
        if loaded.keymap is None:
            return
        from ebbtide.tui.keymap import read_keymap

        keymap = read_keymap(loaded.keymap, self.paths.settings_file, loaded.text)
        self.settings_problems.extend(keymap.problems)
        if keymap.keymap:
            self.set_keymap(keymap.keymap)

    def apply_settings(self, new: Settings, *, save: bool = True) -> str | None:
        """Use `new` now; save it unless the user's file is broken. Returns a problem to show,
        or None."""
        self.settings = new
        self._previewed_theme = None
        self._apply_look()
        self._apply_sound()
        if not save:
            return None
        if not self.settings_writable:
            return (f"{self.paths.settings_file} has an error, so it was left untouched. "
                    "Changes apply until you quit.")
        try:
            save_settings(self.paths.settings_file, new, self.keymap_table)
        except OSError as exc:
            return f"Could not save settings: {exc}"
        except Exception as exc:  # SettingsError and friends: explain, keep running
            return f"{str(exc).rstrip('. ')}. Changes apply until you quit."
        self.saved_settings = new
        return None

    def get_css_variables(self) -> dict[str, str]:
        if not self._initial_theme_set:
            # `App.__init__` builds a stylesheet from the default theme's variables, which
            # `_set_initial_theme` replaces at once: working them out costs 6 M instructions
            # (0.5 % of start-up), for nothing.
            return {}
        # Textual works them out again at each CSS refresh (the first mode's screen, a
        # section's first open, every theme change): the same theme gives the same ones.
        theme = self.current_theme
        if theme is not self._theme_variables_of:
            super().get_css_variables()  # keeps what it works out in `theme_variables`
            self._theme_variables_of = theme
        return self.theme_variables

    def _set_initial_theme(self, name: str) -> None:
        # Set before the stylesheet is first parsed, without the watcher: assigning
        # `self.theme` here would parse the whole stylesheet a second time at start-up.
        self.set_reactive(App.theme, name)
        dark = self.current_theme.dark
        self.update_classes({f"-theme-{name}": True, "-dark-mode": dark,
                             "-light-mode": not dark}, update=False)
        self._initial_theme_set = True
        self.stylesheet = IncrementalStylesheet(variables=self.get_css_variables())

    def preview_theme(self, name: str) -> None:
        """Show `name` without saving it (the Settings screen, until Save or Esc)."""
        self._previewed_theme = name
        self.theme = name

    def _theme_changed(self, theme: Theme) -> None:
        """A theme picked anywhere else (Textual's "Change theme" command included) is
        saved, so it is the one the app starts with next time."""
        name = theme.name
        if name != self.theme:
            return  # a stale signal: the theme has moved on since
        if name in (self.settings.theme, self._previewed_theme):
            return
        self.action_set_theme(name)

    def _apply_look(self) -> None:
        if self.theme != self.settings.theme:
            self.theme = self.settings.theme
        self.animation_level = "none" if self.settings.reduced_motion else self._default_animation

    def action_set_theme(self, name: str) -> None:
        if name in theme_names():
            problem = self.apply_settings(self.settings.with_changes(theme=name))
            if problem:
                self.notify(problem, severity="warning", markup=False)
