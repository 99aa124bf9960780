"""Benchmarks: each compares Ebbtide with a baseline in the same run and prints ratios."""
