"""The region's page counts the schools' evaluation levels per municipality from 60 rows and the evaluated schools
(``level_counts``, ADR 028); the municipality's page lists each school (``levels_report``). Both must count alike:
the same municipalities, levels, totals and periods for any schools and evaluations."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from reporting.domain.evaluation_levels import SchoolEvaluation, Unit, level_counts, levels_report

PERIODS = ["2025-H1", "2025-H2", "2025-2026", "2026-H1", "2026-2027"]
LEVELS = ["optimal", "acceptable", "unacceptable"]

schools = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 20)), min_size=0, max_size=25, unique_by=lambda t: t[1])
evaluations = st.lists(st.tuples(st.integers(0, 25), st.sampled_from(PERIODS), st.integers(1, 3),
                                 st.sampled_from(LEVELS)), max_size=40)


@given(schools, evaluations, st.sampled_from(["", *PERIODS]))
def test_counted_per_municipality_as_the_list_of_schools_counts(placed: list[tuple[int, int]],
                                                                 found: list[tuple[int, str, int, str]],
                                                                 period: str) -> None:
    units = [Unit(f"org-{o}", f"Школа № {o}", f"m-{m}", f"Район {m}") for m, o in placed]
    where = {u.org_id: u.municipality_id for u in units}
    evaluated = [SchoolEvaluation(f"org-{o}", p, v, 10, level) for o, p, v, level in found]
    # what the adapter reads: only schools in reach have evaluations here (row-level security and the unit join)
    in_reach = [e for e in evaluated if e.org_id in where]
    listed = levels_report(units, in_reach, period)
    names = {u.municipality_id: u.municipality_name for u in units}
    per_municipality = Counter(u.municipality_id for u in units)
    counted = level_counts([(m, names[m], n) for m, n in per_municipality.items()],
                           [(where[e.org_id], e) for e in in_reach], period)
    assert counted.municipalities == listed.municipalities
    assert counted.totals == listed.totals
    assert counted.periods == listed.periods and counted.schools == []


def test_a_hand_counted_region() -> None:
    counted = level_counts([("m1", "Первый район", 2), ("m2", "Второй район", 1)], [
        ("m1", SchoolEvaluation("a", "2025-H2", 1, 8, "unacceptable")),
        ("m1", SchoolEvaluation("a", "2026-H1", 2, 16, "optimal")),  # the latest period of «a» counts
        ("m2", SchoolEvaluation("c", "2025-2026", 1, 12, "acceptable"))])
    assert [(c.unit_name, c.optimal, c.acceptable, c.unacceptable, c.not_evaluated) for c in counted.municipalities] \
        == [("Второй район", 0, 1, 0, 0), ("Первый район", 1, 0, 0, 1)]
    t = counted.totals
    assert (t.optimal, t.acceptable, t.unacceptable, t.not_evaluated) == (1, 1, 0, 1)
    assert counted.periods == ["2026-H1", "2025-2026", "2025-H2"]
