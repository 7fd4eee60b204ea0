"""What the monitoring tests through the gateway share: a school with its curator and psychologist logins, a pair
learnt by monitoring as it would arrive from matching.events (formed in the past: no run can publish one), and
monitoring's published outbox envelopes."""

from __future__ import annotations

import secrets
import uuid
from datetime import date, timedelta
from typing import Any


def school_place(gateway_container: Any, *, code: str, title: str) -> dict[str, str]:
    """A new region, municipality and school (names «Область {title} …»), with a curator (``curator``) and a
    psychologist (``psychologist``) login of the school."""
    from mentorship_kit.principal import Principal, Role, Scope
    from tests.conftest import PASSWORD

    tag = secrets.token_hex(4)
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    registry, auth = gateway_container.registry, gateway_container.auth
    region = registry.create_region(admin, name=f"Область {title} {tag}", code=f"{code}-r-{tag}")
    municipality = registry.create_municipality(admin, region_id=region.id, name=f"Округ {tag}",
                                                code=f"{code}-m-{tag}")
    school = registry.create_organisation(admin, municipality_id=municipality.id, kind="school",
                                          name=f"Школа {title} {tag}", code=f"{code}-{tag}")
    homes = {"org_id": school.id, "municipality_id": municipality.id, "region_id": region.id}
    auth.create_account(username=f"{code}-{tag}", password=PASSWORD, display_name="Куратор",
                        role=Role.SCHOOL_CURATOR, **homes)
    auth.create_account(username=f"{code}-psy-{tag}", password=PASSWORD, display_name="Психолог",
                        role=Role.SCHOOL_PSYCHOLOGIST, **homes)
    return {**homes, "curator": f"{code}-{tag}", "psychologist": f"{code}-psy-{tag}"}


def formed_in_monitoring(stack: Any, place: dict[str, str], started: date, *, days: int = 270,
                         form: str = "student_student", kind: str = "peer", reporting: str = "") -> str:
    """A pair's PairFormed applied through monitoring's own consumer, as it would arrive from matching.events."""
    from sqlalchemy import create_engine

    from mentorship.matching.v1 import events_pb2
    from mentorship_kit.consumer import IdempotentConsumer
    from mentorship_kit.envelope import Envelope
    from monitoring.entrypoints.pair_event_handlers import HANDLERS

    pair_id = str(uuid.uuid4())
    payload = events_pb2.PairFormed(
        pair_id=pair_id, run_id=str(uuid.uuid4()), mode="manual", mentor_id=str(uuid.uuid4()),
        mentee_id=str(uuid.uuid4()), request_id=str(uuid.uuid4()), term_start=started.isoformat(),
        term_end=(started + timedelta(days=days)).isoformat(), reporting=reporting,
        state=events_pb2.PairState(pair_id=pair_id, version=1,
                                   facets=["pair", f"pair.form.{form}", f"pair.kind.{kind}"]))
    system = create_engine(stack.databases["monitoring"].system_url)
    try:
        IdempotentConsumer(system, HANDLERS).apply(Envelope.wrap(
            type="mentorship.matching.pair_formed.v1", source="tests", subject=f"pairs/{pair_id}", payload=payload,
            org_id=place["org_id"], municipality_id=place["municipality_id"], region_id=place["region_id"],
            traceparent=None))
    finally:
        system.dispose()
    return pair_id


def published_envelope(stack: Any, subject: str) -> dict[str, Any] | None:
    """Monitoring's outbox envelope with this subject once its relay has published it (None before)."""
    from sqlalchemy import create_engine, text

    admin = create_engine(stack.databases["monitoring"].admin_url)
    try:
        with admin.connect() as conn:
            row = conn.execute(text("SELECT envelope FROM outbox WHERE topic = 'monitoring.events' "
                                    "AND envelope->>'subject' = :s AND published_at IS NOT NULL"),
                               {"s": subject}).first()
    finally:
        admin.dispose()
    return dict(row.envelope) if row else None
