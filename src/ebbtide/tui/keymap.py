"""The user's keymap: the `[keymap]` table of settings.toml applied with App.set_keymap.

BINDING_IDS lists every binding id in the app, so a misspelt id is reported at start-up
without importing every screen; tests/tui/test_keymap.py fails when it and the BINDINGS
declared across ebbtide.tui drift apart."""

from __future__ import annotations

from pathlib import Path

from textual.keys import Keys, key_to_character

from ebbtide.core.keymap import KeymapResult, check_keymap

BINDING_IDS: frozenset[str] = frozenset({
    "address.close", "address.copy",
    "app.check_in", "app.command_palette", "app.help", "app.quit", "app.settings",
    "article.bookmark", "article.links", "article.next", "article.page_down", "article.previous",
    "article.search", "article.toc",
    "breathe.again", "breathe.another", "breathe.home", "breathe.pause", "breathe.skip",
    "breathe.skip_rating", "breathe.soundscape", "breathe.stop",
    "breathe_menu.delete", "breathe_menu.edit", "breathe_menu.length", "breathe_menu.new",
    "breathe_menu.start",
    "check.answer0", "check.answer1", "check.answer2", "check.answer3", "check.crisis",
    "check.done", "check.next", "check.previous", "check.save",
    "checkin.save",
    "confirm.no", "confirm.yes",
    "crisis.close",
    "encryption.close",
    "entry_edit.cancel", "entry_edit.save",
    "glossary.close",
    "glossary_index.down", "glossary_index.show", "glossary_index.up",
    "help.close",
    "home.breathe", "home.escape", "home.journal", "home.meditate", "home.quit", "home.read",
    "home.sleep", "home.sos", "home.suggested", "home.tools",
    "import.preview", "import.run",
    "insights.span30", "insights.span365", "insights.span90",
    "journal.all_days", "journal.calendar", "journal.filter", "journal.history", "journal.import",
    "journal.medications", "journal.older", "journal.repair", "journal.search",
    "journal.skip_offer", "journal.span", "journal.tools", "journal.trash", "journal.trends",
    "journal.undo",
    "journal_calendar.down", "journal_calendar.left", "journal_calendar.month",
    "journal_calendar.next", "journal_calendar.open", "journal_calendar.previous",
    "journal_calendar.right", "journal_calendar.today", "journal_calendar.up",
    "journal_calendar.year",
    "journal_day.delete", "journal_day.edit", "journal_day.full_note", "journal_day.next",
    "journal_day.previous", "journal_day.undo",
    "journal_filter.apply", "journal_filter.cancel",
    "links.close",
    "medication_form.save",
    "medications.add", "medications.delete", "medications.edit", "medications.plan",
    "meditate.again", "meditate.another", "meditate.end_now", "meditate.home", "meditate.next",
    "meditate.pause", "meditate.previous", "meditate.skip_rating", "meditate.soundscape",
    "meditate.start_now", "meditate.stop", "meditate.voice",
    "meditate_menu.length", "meditate_menu.start", "meditate_menu.timer",
    "note.close", "note.hide", "note.prescribed", "note.read",
    "pattern_form.save",
    "plan_form.remove",
    "rating.choose",
    "reader.bookmarks", "reader.glossary", "reader.open", "reader.search",
    "recovery.fresh", "recovery.not_now", "recovery.restore",
    "reminders.add", "reminders.install", "reminders.remove", "reminders.save", "reminders.toggle",
    "reminders.uninstall",
    "report.save_html", "report.save_md", "report.save_pdf",
    "screen.back",
    "seal.cancel",
    "search.edit", "search.results",
    "settings.save",
    "sleep_setup.15", "sleep_setup.30", "sleep_setup.45", "sleep_setup.60", "sleep_setup.sound",
    "sos.crisis",
    "tab_strip.next", "tab_strip.pick", "tab_strip.previous",
    "timer.preset_cancel", "timer.presets", "timer.save_preset", "timer.start",
    "tools.close",
    "trash.empty", "trash.restore",
    "unlock.later",
    "welcome.down", "welcome.end", "welcome.home", "welcome.ok", "welcome.page_down",
    "welcome.page_up", "welcome.up",
})

_KEY_NAMES = frozenset(key.value for key in Keys if "+" not in key.value
                       and not key.value.startswith("<"))


def is_key_name(name: str) -> bool:
    """A key Textual can bind without modifiers: a character, a named key (f5, space,
    pageup) or a character's Unicode name (question_mark)."""
    if len(name) == 1:
        return name.isprintable() and not name.isspace()
    return name in _KEY_NAMES or key_to_character(name) is not None


def read_keymap(table: object, path: Path, text: str) -> KeymapResult:
    return check_keymap(table, path, text, BINDING_IDS, is_key_name)
