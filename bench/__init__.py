"""Benchmarks (figures, not tests): ``python -m bench`` writes bench/results.md."""
