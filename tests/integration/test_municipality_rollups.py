"""The municipalities' own sums of counts and of the ledger (ADR 027) always equal the sums of their schools' rows —
raised, lowered, moved between schools of two municipalities, late and duplicated — and only the outer contour reads
them, each its own reach."""

from __future__ import annotations

import uuid
from dataclasses import replace

from sqlalchemy import Engine, text

from mentorship.registry.v1 import events_pb2
from mentorship_kit.consumer import IdempotentConsumer
from mentorship_kit.envelope import Envelope
from reporting.entrypoints.event_handlers import HANDLERS


def _person(consumer: IdempotentConsumer, org: tuple[str, str, str], person_id: str, version: int, facets: list[str],
            day: str) -> Envelope:
    org_id, municipality_id, region_id = org
    envelope = Envelope.wrap(
        type="mentorship.registry.person_updated.v1", source="tests", subject=org_id,
        payload=events_pb2.PersonChanged(person_id=person_id, state=events_pb2.CountedState(
            entity_kind="person", entity_id=person_id, version=version, facets=facets)),
        org_id=org_id, municipality_id=municipality_id, region_id=region_id, traceparent=None)
    envelope = replace(envelope, time=f"{day}T09:00:00+00:00")
    consumer.apply(envelope)
    return envelope


def _sums(system: Engine, region_id: str) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int],
                                                   dict[tuple[str, str, str], int], dict[tuple[str, str, str], int]]:
    with system.connect() as c:
        schools = {(str(m), f): int(n) for m, f, n in c.execute(text(
            "SELECT municipality_id, facet, sum(count) FROM participant_counts WHERE region_id = :r "
            "GROUP BY 1, 2 HAVING sum(count) <> 0"), {"r": region_id})}
        rolled = {(str(m), f): int(n) for m, f, n in c.execute(text(
            "SELECT municipality_id, facet, count FROM municipality_counts WHERE region_id = :r AND count <> 0"),
            {"r": region_id})}
        ledger = {(str(m), f, str(d)): int(n) for m, f, d, n in c.execute(text(
            "SELECT municipality_id, facet, effective_on, sum(delta) FROM count_changes WHERE region_id = :r "
            "GROUP BY 1, 2, 3 HAVING sum(delta) <> 0"), {"r": region_id})}
        rolled_ledger = {(str(m), f, str(d)): int(n) for m, f, d, n in c.execute(text(
            "SELECT municipality_id, facet, effective_on, delta FROM municipality_count_changes WHERE region_id = :r "
            "AND delta <> 0"), {"r": region_id})}
    return schools, rolled, ledger, rolled_ledger


def test_the_municipalities_sums_follow_their_schools_rows(reporting_system: Engine, reporting_app: Engine) -> None:
    system, app = reporting_system, reporting_app
    consumer = IdempotentConsumer(system, HANDLERS)
    region, m1, m2 = (str(uuid.uuid4()) for _ in range(3))
    a, b, c = (str(uuid.uuid4()), m1, region), (str(uuid.uuid4()), m1, region), (str(uuid.uuid4()), m2, region)
    people = [str(uuid.uuid4()) for _ in range(6)]
    for i, p in enumerate(people):
        _person(consumer, (a, b, c)[i % 3], p, 1, ["person.staff", "person.staff.service_since.2024"], "2026-09-01")
    _person(consumer, c, people[0], 2, ["person.staff"], "2026-10-01")  # moves from A (M1) to C (M2)
    late = _person(consumer, b, people[1], 3, ["person.external"], "2026-11-01")
    _person(consumer, b, people[1], 2, ["person.staff"], "2026-10-15")  # older, arrives late: history only
    consumer.apply(late)  # a duplicate changes nothing
    schools, rolled, ledger, rolled_ledger = _sums(system, region)
    assert rolled == schools and rolled_ledger == ledger
    assert rolled[(m1, "person.staff")] == 2 and rolled[(m2, "person.staff")] == 3, "A 2−1, B 2−1, C 2+1"

    def visible(scope: str, **ids: str) -> set[str]:
        with app.connect() as conn, conn.begin():
            conn.execute(text("SELECT set_config('app.scope', :s, true), set_config('app.org_id', :o, true), "
                              "set_config('app.municipality_id', :m, true), set_config('app.region_id', :r, true)"),
                         {"s": scope, "o": ids.get("org", ""), "m": ids.get("municipality", ""), "r": region})
            return {str(m) for (m,) in conn.execute(text(
                "SELECT municipality_id FROM municipality_counts UNION SELECT municipality_id "
                "FROM municipality_count_changes"))} & {m1, m2}

    assert visible("region") == {m1, m2}
    assert visible("municipality", municipality=m2) == {m2}
    assert visible("org", org=c[0], municipality=m2) == set(), "a school reads its own rows, not its municipality's"
