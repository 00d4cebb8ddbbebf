"""Benchmark, soak, fault and backup harness (issue 10); never imported by production."""
