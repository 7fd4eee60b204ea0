"""The colour of a school's deadline light — overdue roadmap items and active pairs without meetings — in the two
spellings the platform needs: Python (the gateway's ``control_lights``, which adds the words) and SQL (reporting,
which counts a region's 2,000 schools by colour where they lie instead of sending a row per school; issue 14).
``tests/integration/test_work_light_counts.py`` holds the two equal on PostgreSQL.

- overdue items: none → green; 1–2 → yellow; ``OVERDUE_RED`` or more → red;
- pairs without meetings: no active pair → yellow; none without → green; up to a quarter of the active pairs →
  yellow; more → red;
- the school's light is the worse of the two (green < yellow < red; these two are never grey)."""

from __future__ import annotations

from fractions import Fraction

OVERDUE_RED = 3
WITHOUT_MEETINGS_YELLOW_SHARE = Fraction(1, 4)
"""An exact fraction, so that Python and SQL compare integers: ``without * 4 <= active``."""
RANK = {"green": 0, "grey": 1, "yellow": 2, "red": 3}
COLOURS = ("green", "yellow", "red")


def overdue_colour(items_overdue: int) -> str:
    if items_overdue == 0:
        return "green"
    return "red" if items_overdue >= OVERDUE_RED else "yellow"


def meetings_colour(active_pairs: int, pairs_without_meetings: int) -> str:
    if active_pairs == 0:
        return "yellow"
    if pairs_without_meetings == 0:
        return "green"
    share = WITHOUT_MEETINGS_YELLOW_SHARE
    return "yellow" if pairs_without_meetings * share.denominator <= active_pairs * share.numerator else "red"


def work_colour(items_overdue: int, active_pairs: int, pairs_without_meetings: int) -> str:
    return max(overdue_colour(items_overdue), meetings_colour(active_pairs, pairs_without_meetings),
               key=RANK.__getitem__)


def work_colour_sql(items_overdue: str, active_pairs: str, pairs_without_meetings: str) -> str:
    """``work_colour`` as a SQL expression over three integer expressions (columns of the caller's query)."""
    o, a, w = items_overdue, active_pairs, pairs_without_meetings
    num, den = WITHOUT_MEETINGS_YELLOW_SHARE.numerator, WITHOUT_MEETINGS_YELLOW_SHARE.denominator
    return (f"CASE WHEN {o} >= {OVERDUE_RED} OR ({a} > 0 AND {w} * {den} > {a} * {num}) THEN 'red'"
            f" WHEN {o} > 0 OR {a} = 0 OR {w} > 0 THEN 'yellow' ELSE 'green' END")
