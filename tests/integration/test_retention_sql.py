"""PostgreSQL counts the retention of young teachers exactly as ``domain/retention.py`` defines it (ADR 031), for any
histories: versions applied late or out of order, a version's day in Moscow around midnight UTC, teachers who leave,
come back, move between schools and municipalities, service years young and not, a malformed service facet; per
school, per municipality and in total, on any day (29 February too) — in the real reporting database, each example
rolled back."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from reporting.adapters.kpi_queries import retention_counts, staff_histories
from reporting.domain.count_history import end_of
from reporting.domain.kpis import STAFF_SINCE
from reporting.domain.retention import STAFF, retention, years_before

DAYS = [date(2026, 6, 15), date(2028, 2, 29), date(2025, 1, 1)]
ORGS = [(str(uuid.uuid4()), m) for m in (str(uuid.uuid4()), str(uuid.uuid4())) for _ in range(2)]
REGION = str(uuid.uuid4())

# the version's day: near the day asked or near the cohort's day (where a version's day decides), or anywhere
when = st.one_of(st.tuples(st.sampled_from(["day", "start"]), st.integers(-2, 2)),
                 st.tuples(st.just("start"), st.integers(-400, -3)),
                 st.tuples(st.just("day"), st.integers(-4 * 366, 20)))
version = st.tuples(
    when,
    st.sampled_from([time(0, 30), time(20, 59), time(21, 1), time(23, 59)]),  # UTC: 21:00 is midnight in Moscow
    st.integers(0, len(ORGS) - 1),
    st.sampled_from([True, True, True, False]),  # counted as staff
    st.sampled_from(["", "0", "1", "2", "3", "4", "6", "x"]),  # service began that many years before, or malformed
)
histories = st.lists(st.lists(version, min_size=1, max_size=4), min_size=1, max_size=12)


def _facets(staff: bool, since: str, day: date) -> list[str]:
    facets = ["person.student"] if not staff else [STAFF]
    if since:
        facets.append(STAFF_SINCE + (str(day.year - int(since)) if since.isdigit() else since))
    return facets


# A young teacher's only version, on the cohort's day a minute before and after midnight in Moscow: in, then out.
@example(drawn=[[(("start", 0), time(20, 59), 0, True, "1")]], day=DAYS[0], years=1)
@example(drawn=[[(("start", 0), time(21, 1), 0, True, "1")]], day=DAYS[0], years=1)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(histories, st.sampled_from(DAYS), st.sampled_from([1, 3]))
def test_postgresql_counts_retention_as_the_definition_does(reporting_system: Engine, drawn: list, day: date,
                                                            years: int) -> None:
    with reporting_system.connect() as conn:
        conn.begin()
        for versions in drawn:
            person = str(uuid.uuid4())
            for number, ((near, offset), at, org, staff, since) in enumerate(versions, start=1):
                org_id, municipality_id = ORGS[org]
                on = (day if near == "day" else years_before(day, years)) + timedelta(days=offset)
                conn.execute(text(
                    "INSERT INTO count_state_history (entity_kind, entity_id, version, org_id, municipality_id,"
                    " region_id, occurred_at, facets) VALUES ('person', :p, :v, :o, :m, :r, :at, :f)"),
                    {"p": person, "v": number, "o": org_id, "m": municipality_id, "r": REGION,
                     "at": datetime.combine(on, at, tzinfo=UTC),
                     "f": _facets(staff, since, day)})
        session = Session(bind=conn)
        until = end_of(day)
        for by_municipality in (False, True):
            expected = retention(staff_histories(session, until), day, years, by_municipality=by_municipality)
            found = retention_counts(session, day, until, by_municipality=by_municipality)[years]
            assert found == expected
        session.close()
        conn.rollback()
