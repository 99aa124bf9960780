"""Stand-ins for Textual's own widgets and machinery, kept only where a measurement shows
they pay (or, for Tick, where the stock widget hides state without colour). Each module
says why it exists, the figure behind it, and which Textual internals it relies on;
tests/tui/test_tuned.py fails when those internals change."""
