"""Screens every section shares: base screen, practice flow, help, settings, dialogs."""
