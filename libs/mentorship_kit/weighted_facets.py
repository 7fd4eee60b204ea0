"""Counts of people carried by facets (ADR 025): a counted state's facets are a set — an entity has a facet or not —
so a number of participants travels as the binary digits of the number, one facet per digit set
(``<base>.x1``, ``<base>.x2``, ``<base>.x4`` …). Reporting counts entities per facet as it always does; the sum
of ``count(<base>.xW) × W`` over the digits is the number of participants over every entity, at any date, since
the ledger of counts keeps each facet's history (ADR 019). The registry splits, reporting sums: one rule here."""

from __future__ import annotations

from collections.abc import Mapping

WEIGHT_DIGITS = 17
"""Digits 1 … 65536: up to 131 071 people on one entry (the registry bounds a count at 100 000)."""

WEIGHTS: tuple[int, ...] = tuple(1 << d for d in range(WEIGHT_DIGITS))


def split(base: str, number: int) -> list[str]:
    """The facets that carry ``number`` (0 carries none)."""
    if not 0 <= number < (1 << WEIGHT_DIGITS):
        raise ValueError(f"{base}: {number} is outside 0 … {(1 << WEIGHT_DIGITS) - 1}")
    return [f"{base}.x{w}" for w in WEIGHTS if number & w]


def total(counts: Mapping[str, int], base: str) -> int:
    """The number of people the entities counted in ``counts`` carry under ``base``."""
    return sum(w * int(counts.get(f"{base}.x{w}", 0)) for w in WEIGHTS)


def weighted_names(base: str) -> list[str]:
    """Every facet ``base`` may be split into (for the vocabulary's titles)."""
    return [f"{base}.x{w}" for w in WEIGHTS]
