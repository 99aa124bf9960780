"""Ebbtide: a calm, private terminal companion for breathing, meditation, reading and a diary."""

__version__ = "0.1.0"
