"""The version of reporting's projections in its real database (ADR 029): every committed write to any reporting table
moves it, once per transaction; reads and rolled-back writes do not; every tier may read it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

import reporting
from mentorship.registry.v1 import events_pb2
from mentorship_kit.consumer import IdempotentConsumer
from mentorship_kit.db import single_statement_reads
from mentorship_kit.envelope import Envelope
from mentorship_kit.principal import Principal, Role, Scope
from reporting.adapters.read_version import ProjectionsVersion
from reporting.domain.indicators import Grouping
from reporting.entrypoints.code_version import code_version
from reporting.entrypoints.event_handlers import HANDLERS
from reporting.entrypoints.recording import recorded
from reporting.service_layer.queries import get_participant_counts, get_read_version
from reporting.service_layer.unit_of_work import ReportingUnitOfWork

REGION, MUNICIPALITY, ORG = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
OPERATOR = Principal(user_id="op", roles=frozenset({Role.REGIONAL_OPERATOR}), scope=Scope.REGION, region_id=REGION)
CURATOR = Principal(user_id="c", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG, org_id=ORG,
                    municipality_id=MUNICIPALITY, region_id=REGION)


@pytest.fixture
def system(reporting_system: Engine) -> Engine:
    return reporting_system


@pytest.fixture
def app(reporting_app: Engine) -> Engine:
    return reporting_app


def _version(app: Engine) -> int:
    """As reporting's server reads it: the application role, no tenant bound, one statement in autocommit."""
    return int(get_read_version(ProjectionsVersion(app)).split("/")[0])


def _created() -> Envelope:
    payload = events_pb2.OrganisationCreated(organisation_id=ORG, name="Школа версий", code=f"v-{ORG[:8]}",
                                             municipality_id=MUNICIPALITY, municipality_name="Округ версий",
                                             region_id=REGION, region_name="Область версий")
    return Envelope.wrap(type="mentorship.registry.organisation_created.v1", source="tests", subject=ORG,
                         payload=payload, org_id=ORG, municipality_id=MUNICIPALITY, region_id=REGION,
                         traceparent=None)


def test_every_reporting_table_moves_the_version(system: Engine) -> None:
    with system.connect() as c:
        tables = set(c.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")))
        versioned = set(c.scalars(text("SELECT tgrelid::regclass::text FROM pg_trigger"
                                       " WHERE tgname = tgrelid::regclass::text || '_read_version'")))
    assert {"participant_counts", "organisation_units", "processed_events"} <= versioned
    assert tables - versioned == {"read_versions", "alembic_version"}


def test_a_committed_write_moves_it_once_and_a_read_or_a_rollback_does_not(system: Engine, app: Engine) -> None:
    before = _version(app)
    get_participant_counts(Grouping.ORGANISATION, ReportingUnitOfWork(app, principal=OPERATOR))
    assert _version(app) == before  # a read writes nothing

    with system.connect() as c, c.begin() as tx:
        c.execute(text("UPDATE organisation_units SET org_name = org_name WHERE false"))
        tx.rollback()
    assert _version(app) == before

    with system.begin() as c:  # three statements on two tables, one transaction: one step
        c.execute(text("UPDATE organisation_units SET org_name = org_name WHERE false"))
        c.execute(text("UPDATE organisation_units SET org_name = org_name WHERE false"))
        c.execute(text("UPDATE participant_counts SET count = count WHERE false"))
    assert _version(app) == before + 1

    consumer = IdempotentConsumer(system, recorded(HANDLERS))
    assert consumer.apply(_created())
    after = _version(app)
    assert after > before + 1
    rows = get_participant_counts(Grouping.ORGANISATION, ReportingUnitOfWork(app, principal=CURATOR)).rows
    assert [r.unit_id for r in rows] == [ORG]  # the write the version moved for is what the school now reads
    assert _version(app) == after


def test_the_version_is_read_outside_any_transaction_as_the_application_role(system: Engine, app: Engine) -> None:
    """No tenant is bound and no transaction is open around the read (ADR 035), and the application role still sees
    every slot: the same sum as the projector's role (which writes them), or a later one."""
    with system.connect() as c:
        written = int(c.execute(text("SELECT coalesce(sum(version), 0) FROM read_versions")).scalar_one())
    assert written > 0
    assert ProjectionsVersion(app)() >= written
    with single_statement_reads(app).connect() as c:
        c.execute(text("SELECT 1"))
        assert c.execute(text("SELECT now() = statement_timestamp()")).scalar_one() is True, \
            "each statement its own transaction: autocommit"
    with app.connect() as c:  # the contrast: a connection's statements share one transaction
        c.execute(text("SELECT 1"))
        assert c.execute(text("SELECT now() = statement_timestamp()")).scalar_one() is False


def test_the_version_names_reporting_s_days() -> None:
    late_evening = datetime(2026, 11, 28, 22, 30, tzinfo=UTC)  # Moscow is already in the 29th
    found = get_read_version(lambda: 41, code="c0de", now=late_evening)
    assert found == "41/2026-11-28/2026-11-29/c0de"


def test_the_code_that_answers_is_part_of_the_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A deploy that changes a definition without writing a row still changes the version."""
    first = code_version()
    assert first == code_version() and len(first) == 16
    package = tmp_path / "reporting"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "rule.py").write_text("LIMIT = 1\n")
    monkeypatch.setattr(reporting, "__file__", str(package / "__init__.py"))
    try:
        code_version.cache_clear()
        before = code_version()
        (package / "rule.py").write_text("LIMIT = 2\n")
        code_version.cache_clear()
        assert code_version() != before
    finally:
        code_version.cache_clear()
