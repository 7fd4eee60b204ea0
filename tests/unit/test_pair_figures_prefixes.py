"""A pair report reads only the facets that start with PAIR_FACET_PREFIXES (ADR 027): the figures are the same as from
every facet of the unit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reporting.domain.pair_figures import PAIR_FACET_PREFIXES, pair_figures

FACETS = ["pair", "pair.form.teacher_student", "pair.kind.individual", "pair.closed", "pair.completed",
          "mentee.in_pair", "mentee.in_group", "mentee", "mentee.student", "group", "group.form.team_team",
          "group.kind.team", "meeting", "meeting.kind.online", "plan.agreed", "plan.item.done", "report.submitted",
          "person.student", "person.student.born.2012", "mentor", "mentor.trained", "request.status.open",
          "consent.participation", "contest.application", "coverage.student"]


@given(st.dictionaries(st.sampled_from(FACETS), st.integers(min_value=0, max_value=10_000)))
def test_the_pair_figures_of_the_pair_facets_are_those_of_all_facets(counts: dict[str, int]) -> None:
    kept = {f: n for f, n in counts.items() if f.startswith(PAIR_FACET_PREFIXES)}
    assert pair_figures(kept) == pair_figures(counts)
