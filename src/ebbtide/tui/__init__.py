"""The terminal app (Textual): app, palette, themes, routes, screens by section, widgets and
styles. It renders what core computes."""
