"""How fast this machine is today: the same work took 2.3× the CPU on one day as on the day before (ADR 028), so each
bench prints a fixed reference beside its numbers and runs of different days can be compared."""

from __future__ import annotations

import time

REFERENCE_LOOP = 5_000_000


def reference_ms() -> float:
    """CPU-ms of a fixed pure-Python loop, the best of three (the least disturbed by anything else running)."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        total = 0
        for i in range(REFERENCE_LOOP):
            total += i
        best = min(best, (time.process_time() - started) * 1000)
    return best


def describe() -> str:
    return (f"machine reference: {reference_ms():.0f} CPU-ms for {REFERENCE_LOOP:,} additions in pure Python "
            "(lower is faster)")
