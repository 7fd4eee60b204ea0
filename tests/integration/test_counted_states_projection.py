"""The projector's counts equal counting each entity's newest state afresh (ADR 034: an entity new to the projection
is inserted with its newest state at once, the others locked and compared), whatever order the states arrive in and
however the consumer batches them — late versions, duplicates, entities moving between schools and municipalities —
through ``projection_store.apply_counted_states`` in the real reporting database, each example rolled back."""

from __future__ import annotations

import uuid
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from reporting.adapters.projection_store import TenantState, apply_counted_states
from reporting.domain.counted_state import CountedState

REGION = str(uuid.uuid4())
MUNICIPALITIES = [str(uuid.uuid4()) for _ in range(2)]
ORGS = [(str(uuid.uuid4()), m) for m in MUNICIPALITIES for _ in range(2)]
FACETS = ["mentor", "mentor.origin.teacher", "mentee", "person.staff"]

state = st.tuples(st.integers(0, len(ORGS) - 1), st.frozensets(st.sampled_from(FACETS)))
entities = st.lists(st.lists(state, min_size=1, max_size=4), min_size=1, max_size=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entities, st.data())
def test_counts_equal_each_entitys_newest_state(reporting_system: Engine, drawn: list, data: st.DataObject) -> None:
    ids = [str(uuid.uuid4()) for _ in drawn]
    arrivals = [(entity, number, org, facets) for entity, versions in zip(ids, drawn, strict=True)
                for number, (org, facets) in enumerate(versions, start=1)]
    order = data.draw(st.permutations(arrivals), label="arrival order")
    order += data.draw(st.lists(st.sampled_from(arrivals), max_size=3), label="duplicates")
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(order) - 1)), max_size=4), label="batch ends"))
    batches = [order[a:b] for a, b in zip([0, *cuts], [*cuts, len(order)], strict=True)]

    newest = {entity: (number, org, facets) for entity, number, org, facets in sorted(arrivals, key=lambda a: a[1])}
    expected = Counter((ORGS[org][0], facet) for _, org, facets in newest.values() for facet in facets)
    by_municipality = Counter((ORGS[org][1], facet) for _, org, facets in newest.values() for facet in facets)

    with reporting_system.connect() as conn:
        conn.begin()
        session = Session(bind=conn)
        for batch in batches:
            apply_counted_states(session, [
                TenantState(CountedState("mentor", entity, number, tuple(sorted(facets))), ORGS[org][0], ORGS[org][1],
                            REGION) for entity, number, org, facets in batch])
        counts = {(str(r.org_id), r.facet): int(r.n) for r in session.execute(text(
            "SELECT org_id, facet, count AS n FROM participant_counts WHERE org_id = ANY(CAST(:o AS uuid[]))"),
            {"o": [o for o, _ in ORGS]})}
        assert {k: v for k, v in counts.items() if v} == dict(expected)
        rollup = {(str(r.municipality_id), r.facet): int(r.n) for r in session.execute(text(
            "SELECT municipality_id, facet, count AS n FROM municipality_counts"
            " WHERE municipality_id = ANY(CAST(:m AS uuid[]))"), {"m": MUNICIPALITIES})}
        assert {k: v for k, v in rollup.items() if v} == dict(by_municipality)
        stored = {str(r.entity_id): (int(r.version), str(r.org_id), frozenset(r.facets)) for r in session.execute(
            text("SELECT entity_id, version, org_id, facets FROM participant_states"
                 " WHERE entity_kind = 'mentor' AND entity_id = ANY(CAST(:i AS uuid[]))"), {"i": ids})}
        assert stored == {e: (n, ORGS[o][0], f) for e, (n, o, f) in newest.items()}
        session.close()
        conn.rollback()
