"""Meditate: the script menu, guided sessions and the bell timer."""
