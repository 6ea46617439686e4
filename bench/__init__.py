"""Benchmarks and fault-injection scripts: each prints its figures."""
