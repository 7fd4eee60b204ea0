"""Замер на входе и на выходе (001 §6, stage 2): the same instrument answered by a participant before entering the
program and after it; the dynamics per scale (mean at entry, at exit, mean change) and the share of participants who
improved (their mean over the scales rose), for one pair or the whole school.

Only participants with both an entry and an exit answer count; a scale only where both answers rated it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

STAGES = ("entry", "exit")


@dataclass(frozen=True)
class Measurement:
    respondent_id: str
    pair_id: str
    stage: str
    values: dict[str, float]  # scale key → value (questionnaires.scale_values)


@dataclass(frozen=True)
class ScaleChange:
    key: str
    label: str
    entry_mean: float
    exit_mean: float
    change: float
    participants: int


@dataclass(frozen=True)
class Dynamics:
    scales: tuple[ScaleChange, ...]
    participants: int   # with both measurements
    improved: int
    entry_only: int     # measured at entry, exit still to come

    @property
    def share_improved(self) -> float:
        return self.improved / self.participants if self.participants else 0.0


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return sum(items) / len(items) if items else 0.0


def dynamics(items: Sequence[tuple[str, str]], measurements: Iterable[Measurement]) -> Dynamics:
    """``items`` are the instrument's scales (key, label) in order; the latest answer per participant and stage wins
    (the caller passes them oldest first)."""
    by_person: dict[str, dict[str, Measurement]] = {}
    for m in measurements:
        by_person.setdefault(m.respondent_id, {})[m.stage] = m
    complete = [(s["entry"], s["exit"]) for s in by_person.values() if "entry" in s and "exit" in s]
    entry_only = sum(1 for s in by_person.values() if "entry" in s and "exit" not in s)
    scales: list[ScaleChange] = []
    for key, label in items:
        both = [(a.values[key], b.values[key]) for a, b in complete if key in a.values and key in b.values]
        if not both:
            continue
        entry_mean, exit_mean = _mean(x for x, _ in both), _mean(y for _, y in both)
        scales.append(ScaleChange(key, label, round(entry_mean, 2), round(exit_mean, 2),
                                  round(exit_mean - entry_mean, 2), len(both)))
    improved = 0
    for a, b in complete:
        shared = [k for k in a.values if k in b.values]
        if shared and _mean(b.values[k] for k in shared) > _mean(a.values[k] for k in shared):
            improved += 1
    return Dynamics(tuple(scales), len(complete), improved, entry_only)


def mean_change(measurement: Measurement, entry: Measurement | None) -> tuple[float, float]:
    """(mean over the scales, its change against the entry measurement — 0 without one) for the event."""
    mean = round(_mean(measurement.values.values()), 2)
    if entry is None or measurement.stage != "exit":
        return mean, 0.0
    shared = [k for k in measurement.values if k in entry.values]
    change = _mean(measurement.values[k] for k in shared) - _mean(entry.values[k] for k in shared) if shared else 0.0
    return mean, round(change, 2)
