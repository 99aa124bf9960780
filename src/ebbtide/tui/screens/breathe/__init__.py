"""Breathe: the pattern menu, the pattern form and the breathing session."""
