"""The projector's recount keeps today's retention snapshot equal to counting every teacher afresh (ADR 032), whatever
order the versions of teachers arrive in and however the consumer batches them: late versions, duplicates, teachers
who leave, come back and move between schools and municipalities, students who become teachers — through
``history_store.record_versions``, the projector's own path, in the real reporting database, each example rolled
back."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from reporting.adapters import history_store, retention_store
from reporting.adapters.kpi_queries import retention_by_school
from reporting.domain.count_history import StateVersion, end_of
from reporting.domain.kpis import STAFF_SINCE
from reporting.domain.retention import RETENTION_YEARS, STAFF, years_before

ORGS = [(str(uuid.uuid4()), m) for m in (str(uuid.uuid4()), str(uuid.uuid4())) for _ in range(2)]
REGION = str(uuid.uuid4())

version = st.tuples(
    st.sampled_from([0, 1, 3]),  # near today, or near the cohort's day 1 or 3 years back
    st.integers(-3, 2),  # days from there (a version after today waits for its day)
    st.sampled_from([time(8, 0), time(21, 30)]),  # UTC: 21:30 is the next day in Moscow
    st.integers(0, len(ORGS) - 1),
    st.booleans(),  # counted as staff
    st.sampled_from(["", "0", "2", "3", "5"]),  # service began that many years before
)
histories = st.lists(st.lists(version, min_size=1, max_size=4), min_size=1, max_size=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(histories, st.data())
def test_the_recounted_snapshot_equals_counting_every_teacher_afresh(reporting_system: Engine, drawn: list,
                                                                      data: st.DataObject) -> None:
    today = datetime.now(UTC).date()
    people = [str(uuid.uuid4()) for _ in drawn]
    arrivals = []  # every version as an event brings it: (person, version, its org, its facets, when)
    for person, versions in zip(people, drawn, strict=True):
        for number, (back, offset, at, org, staff, since) in enumerate(versions, start=1):
            on = years_before(today, back) + timedelta(days=offset)
            facets = [STAFF if staff else "person.student"]
            if since:
                facets.append(f"{STAFF_SINCE}{on.year - int(since)}")
            arrivals.append((person, number, org, tuple(facets), datetime.combine(on, at, tzinfo=UTC)))
    order = data.draw(st.permutations(arrivals), label="arrival order")
    order += data.draw(st.lists(st.sampled_from(arrivals), max_size=3), label="duplicates")
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(order) - 1)), max_size=4), label="batch ends"))
    batches = [order[a:b] for a, b in zip([0, *cuts], [*cuts, len(order)], strict=True)]

    with reporting_system.connect() as conn:
        conn.begin()
        session = Session(bind=conn)
        session.execute(text("INSERT INTO retention_marks (id, generation) VALUES (1, 0) ON CONFLICT (id) DO NOTHING"))
        session.execute(text("UPDATE retention_marks SET snapshot_day = :d, snapshot_generation = generation"),
                        {"d": today})
        for batch in batches:
            history_store.record_versions(session, [
                ("person", person, StateVersion(number, at, ORGS[org][0], facets), ORGS[org][1], REGION)
                for person, number, org, facets, at in batch])
        assert retention_store.marks(session).fresh_for(today), "kept fresh by the recounts"
        kept = retention_store.snapshot_retention(session, today, by_municipality=False)
        afresh = retention_by_school(session, today, end_of(today))
        ours = {org for org, _ in ORGS}
        for years in RETENTION_YEARS:
            expected = {c.org_id: c.share for c in afresh[years] if c.org_id in ours}
            assert {o: s for o, s in kept[years].per_unit.items() if o in ours} == expected
        session.close()
        conn.rollback()
