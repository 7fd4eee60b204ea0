"""Reporting's dated figures of the pairs' work (issue 12 item 7, ADR 017): «without meetings for N weeks» and
«plans on track» as of a given day."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from reporting.domain.work_figures import ON_TRACK, WITHOUT_MEETINGS, PairWork, on_track, without_meetings, work_counts

FORMED = date(2026, 9, 1)


def _work(**changes: object) -> PairWork:
    values: dict[str, object] = {"formed_on": FORMED, "active": True, "last_meeting_on": None, "plan_version": 1,
                                 "plan_due": {"i1": "2026-10-01", "i2": "2027-02-01"}, "plan_done": ["i1"]}
    return PairWork(**{**values, **changes})  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=400), st.one_of(st.none(), st.integers(min_value=0, max_value=300)))
def test_a_pair_is_silent_exactly_from_n_weeks_after_its_latest_meeting_or_formation(days: int,
                                                                                     met: int | None) -> None:
    last = FORMED + timedelta(days=met) if met is not None else None
    today = FORMED + timedelta(days=days)
    since = max(FORMED, last) if last else FORMED
    assert without_meetings(_work(last_meeting_on=last), today=today) == (today - since >= timedelta(weeks=4))
    assert not without_meetings(_work(last_meeting_on=last, active=False), today=today), "only active pairs"


def test_a_plan_is_on_track_while_every_item_past_its_date_is_done() -> None:
    assert on_track(_work(), today=date(2026, 12, 1))
    assert not on_track(_work(), today=date(2027, 2, 2)), "i2 is past its date and not done"
    assert on_track(_work(plan_done=["i1", "i2"]), today=date(2027, 2, 2))
    assert not on_track(_work(plan_version=0), today=date(2026, 12, 1)), "no agreed plan"
    assert not on_track(_work(active=False), today=date(2026, 12, 1)), "a closed pair's plan is not counted"
    assert work_counts([_work(), _work(last_meeting_on=date(2026, 11, 30))], today=date(2026, 12, 1)) == {
        WITHOUT_MEETINGS: 1, ON_TRACK: 2}
