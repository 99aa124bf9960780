"""Screens grouped by section: home, breathe, meditate, read, journal, tools, common."""
