"""The consumer under an import's bulk (ADR 026): events nobody handles pass without a trace, and reporting keeps a
polled bulk in its event store in a few statements, in the order applied, once — against reporting's real database.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator

import pytest
from kafka.consumer.fetcher import ConsumerRecord
from sqlalchemy import Engine, create_engine, text

from embedded_stack.stack import Stack
from mentorship.registry.v1 import events_pb2
from mentorship_kit.consumer import IdempotentConsumer
from mentorship_kit.envelope import Envelope
from reporting.entrypoints.event_handlers import HANDLERS
from reporting.entrypoints.recording import recorded

UNHANDLED = "mentorship.registry.mentor_training_recorded_for_tests.v1"


@pytest.fixture(scope="module")
def system(stack: Stack) -> Iterator[Engine]:
    engine = create_engine(stack.databases["reporting"].system_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def consumer(system: Engine) -> IdempotentConsumer:
    return IdempotentConsumer(system, recorded(HANDLERS))  # as `python -m reporting consume` runs it


def _tenant() -> dict[str, str]:
    return {"org_id": str(uuid.uuid4()), "municipality_id": str(uuid.uuid4()), "region_id": str(uuid.uuid4())}


def _person_added(tenant: dict[str, str]) -> Envelope:
    person_id = str(uuid.uuid4())
    state = events_pb2.CountedState(entity_kind="person", entity_id=person_id, version=1, facets=["person.student"])
    return Envelope.wrap(type="mentorship.registry.person_added.v1", source="tests", subject=tenant["org_id"],
                         payload=events_pb2.PersonChanged(person_id=person_id, state=state), traceparent=None,
                         **tenant)


def _unhandled(tenant: dict[str, str]) -> Envelope:
    return Envelope(type=UNHANDLED, source="tests", subject=tenant["org_id"], data={"anything": 1}, **tenant)


def _record(offset: int, envelope: Envelope, *, header: bool = True) -> ConsumerRecord:
    value = envelope.to_json()
    headers = [("ce_type", envelope.type.encode())] if header else []
    return ConsumerRecord("registry.events", 0, None, offset, 0, 0, b"k", value, headers, None, 1, len(value), 0)


def _known(system: Engine, table: str, ids: list[str]) -> list[str]:
    order = "seq" if table == "received_events" else "event_id"
    with system.connect() as conn:
        return [str(r[0]) for r in conn.execute(
            text(f"SELECT event_id FROM {table} WHERE event_id = ANY(CAST(:ids AS uuid[])) ORDER BY {order}"),
            {"ids": ids})]


def test_events_nobody_handles_leave_no_processed_row_and_do_not_disturb_the_bulk(
        consumer: IdempotentConsumer, system: Engine) -> None:
    tenant = _tenant()
    counted = [_person_added(tenant) for _ in range(30)]
    ignored = [_unhandled(tenant) for _ in range(6)]
    # mixed in one poll; two of the ignored ones without the relay's header, judged by their JSON
    records = [_record(i, e, header=i % 5 != 0) for i, e in enumerate([*ignored[:3], *counted, *ignored[3:]])]
    consumer.handle_batch(records)
    assert _known(system, "processed_events", [e.id for e in ignored]) == []
    assert sorted(_known(system, "processed_events", [e.id for e in counted])) == sorted(e.id for e in counted)
    assert consumer.apply(ignored[0]) is True, "nothing to apply is not a duplicate"
    assert _known(system, "processed_events", [ignored[0].id]) == []
    with system.connect() as conn:
        failed = conn.execute(text("SELECT count(*) FROM failed_events WHERE event_id = ANY(:ids)"),
                              {"ids": [e.id for e in ignored]}).scalar_one()
    assert failed == 0, "an event of another kind is not a failure"


def test_a_bulk_is_stored_once_in_the_order_applied_and_counted_once(
        consumer: IdempotentConsumer, system: Engine) -> None:
    tenant = _tenant()
    counted = [_person_added(tenant) for _ in range(1200)]  # more than one INSERT of the store
    consumer.handle_batch([_record(i, e) for i, e in enumerate(counted[:600])])
    consumer.handle_batch([_record(600 + i, e) for i, e in enumerate(counted[600:])])
    consumer.handle_batch([_record(2000 + i, e) for i, e in enumerate(counted[::2])])  # a redelivery
    assert _known(system, "received_events", [e.id for e in counted]) == [e.id for e in counted]
    with system.connect() as conn:
        total = conn.execute(text("SELECT sum(count) FROM participant_counts WHERE org_id = :o AND facet = "
                                  "'person.student'"), {"o": tenant["org_id"]}).scalar_one()
    assert total == 1200


def test_a_bulk_claims_its_ids_in_one_statement_whatever_their_spelling(
        consumer: IdempotentConsumer, system: Engine) -> None:
    """The claim returns ids as PostgreSQL spells them; an event whose id came in upper case, or twice in one poll,
    is still applied once (not taken for a duplicate and dropped)."""
    tenant = _tenant()
    counted = [dataclasses.replace(e, id=e.id.upper()) for e in (_person_added(tenant) for _ in range(25))]
    consumer.handle_batch([_record(i, e) for i, e in enumerate([*counted, *counted[:5]])])
    assert sorted(_known(system, "processed_events", [e.id for e in counted])) == sorted(e.id.lower()
                                                                                        for e in counted)
    with system.connect() as conn:
        total = conn.execute(text("SELECT sum(count) FROM participant_counts WHERE org_id = :o AND facet = "
                                  "'person.student'"), {"o": tenant["org_id"]}).scalar_one()
    assert total == 25


def _people_imported(tenant: dict[str, str], people: list[tuple[str, int, list[str]]]) -> Envelope:
    """One chunk of an import as the registry announces it (ADR 027): (person id, version, facets) each."""
    return Envelope.wrap(
        type="mentorship.registry.people_imported.v1", source="tests", subject=f"imports/{uuid.uuid4()}",
        payload=events_pb2.PeopleImported(import_id=str(uuid.uuid4()), people=[events_pb2.PersonChanged(
            person_id=p, state=events_pb2.CountedState(entity_kind="person", entity_id=p, version=v, facets=f))
            for p, v, f in people]), traceparent=None, **tenant)


def _counts(system: Engine, org_id: str) -> dict[str, int]:
    with system.connect() as conn:
        return {r.facet: int(r.count) for r in conn.execute(text(
            "SELECT facet, count FROM participant_counts WHERE org_id = :o AND count <> 0"), {"o": org_id})}


def test_a_chunk_of_an_import_counts_each_person_once_as_their_own_events_would(
        consumer: IdempotentConsumer, system: Engine) -> None:
    tenant = _tenant()
    students = [str(uuid.uuid4()) for _ in range(1000)]
    staff = [str(uuid.uuid4()) for _ in range(40)]
    first = _people_imported(tenant, [(p, 1, ["person.student", "person.student.born.2012"]) for p in students])
    second = _people_imported(tenant, [(p, 1, ["person.staff"]) for p in staff])
    consumer.handle_batch([_record(0, first), _record(1, second)])
    consumer.handle_batch([_record(2, first)])  # a redelivery changes nothing
    assert _counts(system, tenant["org_id"]) == {"person.student": 1000, "person.student.born.2012": 1000,
                                                 "person.staff": 40}
    # a later import changes ten of the students (a newer version), and an older chunk arriving late is ignored
    moved = _people_imported(tenant, [(p, 2, ["person.student", "person.student.born.2013"]) for p in students[:10]])
    late = _people_imported(tenant, [(p, 1, ["person.student", "person.student.born.2011"]) for p in students[:10]])
    consumer.handle_batch([_record(3, moved)])
    consumer.handle_batch([_record(4, late)])
    assert _counts(system, tenant["org_id"]) == {"person.student": 1000, "person.student.born.2012": 990,
                                                 "person.student.born.2013": 10, "person.staff": 40}
    assert _known(system, "received_events", [first.id, second.id, moved.id, late.id]) == [
        first.id, second.id, moved.id, late.id], "each chunk is kept once, for the rebuild"
    with system.connect() as conn:
        kept = conn.execute(text("SELECT count(*) FROM participant_states WHERE entity_kind = 'coverage' "
                                 "AND entity_id = ANY(CAST(:ids AS uuid[]))"), {"ids": students}).scalar_one()
    assert kept == 0, "a person nobody mentors has no coverage state to keep"


def test_a_chunk_with_a_state_that_is_not_a_persons_is_parked_whole(
        consumer: IdempotentConsumer, system: Engine) -> None:
    tenant = _tenant()
    person = str(uuid.uuid4())
    bad = _people_imported(tenant, [(person, 1, ["person.student"])])
    bad.data["people"].append({"person_id": str(uuid.uuid4()), "state": {"entity_kind": "mentor",
                                                                         "entity_id": str(uuid.uuid4()),
                                                                         "version": "1", "facets": ["mentor"]}})
    consumer.handle_record(_record(0, bad))
    with system.connect() as conn:
        parked = conn.execute(text("SELECT error FROM failed_events WHERE event_id = :i"), {"i": bad.id}).scalar_one()
    assert "not a person" in parked
    assert _counts(system, tenant["org_id"]) == {}, "nothing of a refused chunk is counted"
