"""A region of its own for the indicators' drill-down tests (issue 14): two municipalities, three schools, the
regional operator, both municipal curators and a curator of the first school — and two mentors plus a pair without
meetings for eight weeks in that school, visible in the region's counts (no other test's counts move these)."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.conftest import PASSWORD
from tests.matching_support import mentor
from tests.support import Api, wait_until


def drill_region(gateway_container: Any) -> dict[str, str]:
    from mentorship_kit.principal import Principal, Role, Scope

    tag = secrets.token_hex(4)
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    registry, auth = gateway_container.registry, gateway_container.auth
    r = registry.create_region(admin, name=f"Область срезов {tag}", code=f"dr-r-{tag}")
    m1 = registry.create_municipality(admin, region_id=r.id, name=f"Северный округ {tag}", code=f"dr-m1-{tag}")
    m2 = registry.create_municipality(admin, region_id=r.id, name=f"Южный округ {tag}", code=f"dr-m2-{tag}")
    a = registry.create_organisation(admin, municipality_id=m1.id, kind="school", name=f"Школа Север-1 {tag}",
                                     code=f"dr-a-{tag}")
    c = registry.create_organisation(admin, municipality_id=m1.id, kind="school", name=f"Школа Север-2 {tag}",
                                     code=f"dr-c-{tag}")
    b = registry.create_organisation(admin, municipality_id=m2.id, kind="school", name=f"Школа Юг-1 {tag}",
                                     code=f"dr-b-{tag}")
    names = {k: f"dr-{k}-{tag}" for k in ("region_op", "mun_1", "mun_2", "curator_a")}
    auth.create_account(username=names["region_op"], password=PASSWORD, display_name="Регион",
                        role=Role.REGIONAL_OPERATOR, region_id=r.id)
    auth.create_account(username=names["mun_1"], password=PASSWORD, display_name="Север",
                        role=Role.MUNICIPAL_CURATOR, municipality_id=m1.id, region_id=r.id)
    auth.create_account(username=names["mun_2"], password=PASSWORD, display_name="Юг",
                        role=Role.MUNICIPAL_CURATOR, municipality_id=m2.id, region_id=r.id)
    auth.create_account(username=names["curator_a"], password=PASSWORD, display_name="Куратор",
                        role=Role.SCHOOL_CURATOR, org_id=a.id, municipality_id=m1.id, region_id=r.id)
    return {**names, "region_id": r.id, "m1": m1.id, "m2": m2.id, "a": a.id, "b": b.id, "c": c.id,
            "m1_name": m1.name, "m2_name": m2.name, "a_name": a.name, "b_name": b.name, "c_name": c.name}


def stale_pair_in_reporting(stack: Any, place: dict[str, str], org: str) -> None:
    """Matching's PairFormed of a pair formed two months ago (no run can publish one in the past), applied through
    reporting's own consumer as it would arrive from matching.events: the pair has had no meeting for 8 weeks."""
    from sqlalchemy import create_engine

    from mentorship.matching.v1 import events_pb2
    from mentorship_kit.consumer import IdempotentConsumer
    from mentorship_kit.envelope import Envelope
    from reporting.entrypoints.event_handlers import HANDLERS

    pair_id = str(uuid.uuid4())
    started = datetime.now(UTC).date() - timedelta(days=60)
    payload = events_pb2.PairFormed(
        pair_id=pair_id, run_id=str(uuid.uuid4()), mode="manual", mentor_id=str(uuid.uuid4()),
        mentee_id=str(uuid.uuid4()), request_id=str(uuid.uuid4()), term_start=started.isoformat(),
        term_end=(started + timedelta(days=270)).isoformat(),
        state=events_pb2.PairState(pair_id=pair_id, version=1,
                                   facets=["pair", "pair.form.teacher_pupil", "pair.kind.individual"]))
    system = create_engine(stack.databases["reporting"].system_url)
    try:
        IdempotentConsumer(system, HANDLERS).apply(Envelope.wrap(
            type="mentorship.matching.pair_formed.v1", source="tests", subject=f"pairs/{pair_id}", payload=payload,
            org_id=org, municipality_id=place["m1"], region_id=place["region_id"], traceparent=None))
    finally:
        system.dispose()


def counted_region(stack: Any, gateway_container: Any) -> dict[str, str]:
    """The region with two mentors of «Север-1» seen by the regional operator and the stale pair in reporting."""
    region = drill_region(gateway_container)
    curator = Api(stack.gateway_url).login(region["curator_a"], PASSWORD)
    for _ in range(2):
        mentor(curator, "staff", "teacher", 1)
    curator.close()
    stale_pair_in_reporting(stack, region, region["a"])
    operator = Api(stack.gateway_url).login(region["region_op"], PASSWORD)
    wait_until(lambda: operator.count_for(region["m1"]) == 2 or None, timeout=30,
               what="the two mentors of «Север-1» in the region's counts")
    operator.close()
    return region
