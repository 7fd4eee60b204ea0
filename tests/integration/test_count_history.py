"""The history of counts in reporting's real database (ADR 019): as-of values on past dates, a late or repeated event
lands only where it belongs, a municipality sees only its own history, and ``rebuild`` recounts the same past from
reporting's own event store.

Envelopes are built by hand with the time of their fact and applied through the idempotent consumer with the
recording handlers, as the running consumer applies them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from google.protobuf.message import Message
from sqlalchemy import Engine, create_engine, text

import reporting
from embedded_stack.stack import Stack
from mentorship.registry.v1 import events_pb2, participants_pb2
from mentorship_kit.consumer import IdempotentConsumer
from mentorship_kit.envelope import Envelope
from mentorship_kit.migrations import upgrade
from mentorship_kit.principal import Principal, Role, Scope
from reporting.adapters import event_store
from reporting.domain.indicators import Grouping
from reporting.entrypoints.event_handlers import HANDLERS
from reporting.entrypoints.recording import IncompleteStore, rebuild, recorded
from reporting.service_layer.history import get_counts_as_of, get_period_indicators
from reporting.service_layer.queries import get_participant_counts
from reporting.service_layer.unit_of_work import ReportingUnitOfWork

TEACHER = ["mentor", "mentor.origin.teacher"]


@dataclass(frozen=True)
class School:
    org_id: str
    municipality_id: str
    region_id: str


def _envelope(fact: str, payload: Message, unit: School, at: str) -> Envelope:
    e = Envelope.wrap(type=f"mentorship.registry.{fact}.v1", source="tests", subject=unit.org_id, payload=payload,
                      org_id=unit.org_id, municipality_id=unit.municipality_id, region_id=unit.region_id,
                      traceparent=None)
    return Envelope(**{**e.to_dict(), "time": f"{at}T10:00:00+03:00"})


def _created(unit: School, at: str = "2025-01-01") -> Envelope:
    tag = unit.org_id[:8]
    return _envelope("organisation_created", events_pb2.OrganisationCreated(
        organisation_id=unit.org_id, name=f"Школа {tag}", code=f"s-{tag}", municipality_id=unit.municipality_id,
        municipality_name=f"Округ {tag}", region_id=unit.region_id, region_name=f"Область {tag}"), unit, at)


def _mentor(fact: str, unit: School, mentor_id: str, version: int, facets: list[str], at: str) -> Envelope:
    state = events_pb2.CountedState(entity_kind="mentor", entity_id=mentor_id, version=version, facets=facets)
    payload: Message = events_pb2.MentorRegistered(
        mentor_id=mentor_id, org_id=unit.org_id, origin=participants_pb2.MENTOR_ORIGIN_TEACHER, state=state) \
        if fact == "mentor_registered" else events_pb2.MentorChanged(mentor_id=mentor_id, state=state)
    return _envelope(fact, payload, unit, at)


def _new_school(municipality: School | None = None) -> School:
    return School(str(uuid.uuid4()), municipality.municipality_id if municipality else str(uuid.uuid4()),
                  municipality.region_id if municipality else str(uuid.uuid4()))


def _curator(unit: School) -> Principal:
    return Principal(user_id="t", roles=frozenset({Role.MUNICIPAL_CURATOR}), scope=Scope.MUNICIPALITY,
                     municipality_id=unit.municipality_id, region_id=unit.region_id)


def _regional(unit: School) -> Principal:
    return Principal(user_id="t", roles=frozenset({Role.REGIONAL_OPERATOR}), scope=Scope.REGION,
                     region_id=unit.region_id)


@pytest.fixture(scope="module")
def projector(stack: Stack) -> Iterator[IdempotentConsumer]:
    engine = create_engine(stack.databases["reporting"].system_url)
    yield IdempotentConsumer(engine, recorded(HANDLERS))
    engine.dispose()


@pytest.fixture(scope="module")
def app(stack: Stack) -> Iterator[Engine]:
    engine = create_engine(stack.databases["reporting"].app_url)
    yield engine
    engine.dispose()


def _as_of(app: Engine, unit: School, on: str) -> dict[str, int]:
    found = get_counts_as_of(Grouping.ORGANISATION, on, ReportingUnitOfWork(app, principal=_curator(unit)))
    return {r.unit_id: r.counts for r in found.report.rows}.get(unit.org_id, {})


def test_counts_as_of_past_dates_follow_the_days_of_the_facts(projector: IdempotentConsumer, app: Engine) -> None:
    school = _new_school()
    mentor = str(uuid.uuid4())
    for envelope in (_created(school), _mentor("mentor_registered", school, mentor, 1, TEACHER, "2025-09-10"),
                     _mentor("mentor_deactivated", school, mentor, 2, ["mentor.inactive"], "2026-02-01")):
        assert projector.apply(envelope)
    assert _as_of(app, school, "2025-09-09") == {}
    assert _as_of(app, school, "2025-09-10") == dict.fromkeys(TEACHER, 1)
    assert _as_of(app, school, "2026-01-31") == dict.fromkeys(TEACHER, 1)
    assert _as_of(app, school, "2026-03-01") == {"mentor.inactive": 1}
    # The end of the ledger is the fast path's current count.
    current = get_participant_counts(Grouping.ORGANISATION, ReportingUnitOfWork(app, principal=_curator(school)))
    assert {r.unit_id: {f: n for f, n in r.counts.items() if n} for r in current.rows}[school.org_id] == \
        _as_of(app, school, "2099-01-01")

    period = get_period_indicators(Grouping.ORGANISATION, "2025-09-01", "2026-01-31",
                                   ReportingUnitOfWork(app, principal=_curator(school)))
    row = {u.row.unit_id: {v.key: (v.at_start, v.at_end, v.change) for v in u.indicators} for u in period.rows}
    assert row[school.org_id]["2.2"] == (0, 1, 1)
    whole = {v.key: v for v in get_period_indicators(
        Grouping.ORGANISATION, "2025-09-01", "2026-08-31",
        ReportingUnitOfWork(app, principal=_curator(school))).facets}
    assert (whole["mentor"].at_start, whole["mentor"].at_end, whole["mentor"].change) == (0, 0, 0)
    assert whole["mentor"].trend[:7] == [0, 1, 1, 1, 1, 1, 0]  # Aug 31, Sep … Jan, Feb (deactivated on 1 Feb)
    # the drill-down's trend reads the reach's totals without a row per unit (ADR 028): the same figures, no rows
    for who in (_curator(school), _regional(school)):
        full = get_period_indicators(None, "2025-09-01", "2026-01-31", ReportingUnitOfWork(app, principal=who))
        light = get_period_indicators(None, "2025-09-01", "2026-01-31", ReportingUnitOfWork(app, principal=who),
                                      with_rows=False)
        assert light.rows == [] and full.rows
        assert (light.facets, light.indicators) == (full.facets, full.indicators)


def test_a_late_or_repeated_event_changes_only_the_days_it_belongs_to(
        projector: IdempotentConsumer, app: Engine) -> None:
    school = _new_school()
    mentor = str(uuid.uuid4())
    projector.apply(_created(school))
    projector.apply(_mentor("mentor_registered", school, mentor, 1, TEACHER, "2025-09-10"))
    projector.apply(_mentor("mentor_deactivated", school, mentor, 3, ["mentor.inactive"], "2026-02-01"))
    days = ["2025-09-09", "2025-10-31", "2025-11-30", "2026-01-31", "2026-03-01"]
    before = {d: _as_of(app, school, d) for d in days}
    # Version 2 (trained on 15 November) arrives after version 3, then once more under a new id.
    late = _mentor("mentor_updated", school, mentor, 2, [*TEACHER, "mentor.trained"], "2025-11-15")
    assert projector.apply(late)
    assert projector.apply(Envelope(**{**late.to_dict(), "id": str(uuid.uuid4())}))
    after = {d: _as_of(app, school, d) for d in days}
    for day in days:
        if day in ("2025-11-30", "2026-01-31"):
            assert after[day] == {**before[day], "mentor.trained": 1}
        else:
            assert after[day] == before[day]


def test_a_municipality_does_not_see_another_municipality_s_history(
        projector: IdempotentConsumer, app: Engine) -> None:
    ours, theirs = _new_school(), _new_school()
    for unit in (ours, theirs):
        projector.apply(_created(unit))
        projector.apply(_mentor("mentor_registered", unit, str(uuid.uuid4()), 1, TEACHER, "2025-09-10"))
    seen = get_counts_as_of(Grouping.ORGANISATION, "2026-01-01", ReportingUnitOfWork(app, principal=_curator(ours)))
    assert [r.unit_id for r in seen.report.rows] == [ours.org_id]
    with app.connect() as conn, conn.begin():
        conn.execute(text("SELECT set_config('app.scope', 'municipality', true), "
                          "set_config('app.municipality_id', :m, true)"), {"m": ours.municipality_id})
        rows = conn.execute(text("SELECT DISTINCT org_id FROM count_changes")).scalars().all()
        assert [str(r) for r in rows] == [ours.org_id]
        # The entities' versions are the projector's bookkeeping; the application reads only persons' (retention of
        # young teachers, reporting migration 0016) — here a mentor's versions stay invisible.
        assert conn.execute(text("SELECT count(*) FROM count_state_history")).scalar_one() == 0


# --- rebuild, in a database of its own (a rebuild empties every projection) ------------------------------------

@pytest.fixture(scope="module")
def scratch(stack: Stack) -> Iterator[Engine]:
    """A freshly migrated reporting database beside the session's (the same roles)."""
    cluster = stack._postgres
    assert cluster is not None
    name = f"reporting_rebuild_{uuid.uuid4().hex[:8]}"
    cluster.ensure_database(name)
    admin = cluster.url(name).render_as_string(hide_password=False)
    upgrade(admin_url=admin, service="reporting", migrations_dir=Path(reporting.__file__).parent / "migrations",
            role_password=stack.config.role_password)
    system = create_engine(cluster.url(name, user="reporting_system", password=stack.config.role_password or None))
    yield system
    system.dispose()
    drop = create_engine(cluster.url("postgres"), isolation_level="AUTOCOMMIT")
    with drop.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    drop.dispose()


SNAPSHOT = {
    "participant_counts": "SELECT org_id, facet, count FROM participant_counts WHERE count <> 0 ORDER BY 1, 2",
    "participant_states": "SELECT entity_kind, entity_id, org_id, version, facets FROM participant_states "
                          "ORDER BY 1, 2",
    "count_changes": "SELECT org_id, facet, effective_on, delta FROM count_changes WHERE delta <> 0 ORDER BY 1, 2, 3",
    "count_state_history": "SELECT entity_kind, entity_id, version, org_id, occurred_at, facets "
                           "FROM count_state_history ORDER BY 1, 2, 3",
    "organisation_units": "SELECT * FROM organisation_units ORDER BY org_id",
}


def _snapshot(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    with engine.connect() as conn:
        return {name: [tuple(r) for r in conn.execute(text(sql))] for name, sql in SNAPSHOT.items()}


def _as_of_ledger(engine: Engine, day: date) -> dict[tuple[str, str], int]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT org_id, facet, sum(delta) FROM count_changes WHERE effective_on <= :d "
                                 "GROUP BY 1, 2 HAVING sum(delta) <> 0"), {"d": day}).all()
    return {(str(o), f): int(n) for o, f, n in rows}


def test_rebuild_from_the_event_store_gives_the_same_projections_and_history(scratch: Engine) -> None:
    consumer = IdempotentConsumer(scratch, recorded(HANDLERS))
    a, b = _new_school(), _new_school()
    b = School(b.org_id, a.municipality_id, a.region_id)
    mentors = [str(uuid.uuid4()) for _ in range(3)]
    events = [_created(a), _created(b),
              _mentor("mentor_registered", a, mentors[0], 1, TEACHER, "2025-09-10"),
              _mentor("mentor_registered", b, mentors[1], 1, TEACHER, "2025-10-01"),
              _mentor("mentor_deactivated", a, mentors[0], 3, ["mentor.inactive"], "2026-02-01"),
              _mentor("mentor_updated", a, mentors[0], 2, [*TEACHER, "mentor.trained"], "2025-11-15"),  # late
              _mentor("mentor_registered", a, mentors[2], 1, TEACHER, "2026-03-01")]
    for envelope in events:
        assert consumer.apply(envelope)
    before = _snapshot(scratch)
    history = {d: _as_of_ledger(scratch, d) for d in (date(2025, 9, 30), date(2025, 12, 1), date(2026, 4, 1))}
    assert before["participant_counts"] and before["count_changes"]

    report = rebuild(scratch, HANDLERS)
    assert report.events == len(events)
    assert _snapshot(scratch) == before
    assert {d: _as_of_ledger(scratch, d) for d in history} == history

    # Corrupted projections are restored from the store.
    with scratch.begin() as conn:
        conn.execute(text("UPDATE participant_counts SET count = count + 7"))
        conn.execute(text("UPDATE count_changes SET delta = delta + 5 WHERE facet = 'mentor'"))
        conn.execute(text("UPDATE participant_states SET version = 99"))
    assert _snapshot(scratch) != before
    rebuild(scratch, HANDLERS)
    assert _snapshot(scratch) == before
    assert {d: _as_of_ledger(scratch, d) for d in history} == history


def test_the_projector_may_empty_every_projection_a_rebuild_truncates(scratch: Engine) -> None:
    with scratch.connect() as conn:
        refused = [t for t in event_store.PROJECTIONS
                   if not conn.execute(text("SELECT has_table_privilege(:t, 'TRUNCATE')"), {"t": t}).scalar()]
    assert refused == [], f"GRANT TRUNCATE … TO reporting_system in a migration for {refused}"


def test_rebuild_refuses_when_events_were_applied_without_the_store(scratch: Engine) -> None:
    unit = _new_school()
    IdempotentConsumer(scratch, HANDLERS).apply(_created(unit))  # applied, never stored
    with pytest.raises(IncompleteStore, match="not in received_events"):
        rebuild(scratch, HANDLERS)
    with scratch.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM organisation_units WHERE org_id = :o"),
                            {"o": unit.org_id}).scalar_one() == 1  # nothing truncated


def test_an_upgraded_deployment_keeps_its_counts_as_an_opening_balance(stack: Stack) -> None:
    """Migration 0009 on a database with counts: the current states become first versions and the counts an opening
    balance on the day of the upgrade, so as-of today equals the current counts."""
    cluster = stack._postgres
    assert cluster is not None
    name = f"reporting_upgrade_{uuid.uuid4().hex[:8]}"
    cluster.ensure_database(name)
    admin = cluster.url(name).render_as_string(hide_password=False)
    migrations = Path(reporting.__file__).parent / "migrations"
    upgrade(admin_url=admin, service="reporting", migrations_dir=migrations, role_password=stack.config.role_password,
            revision="0007")
    system = create_engine(cluster.url(name, user="reporting_system", password=stack.config.role_password or None))
    unit, mentor = _new_school(), str(uuid.uuid4())
    try:
        with system.begin() as conn:  # what 0007's projector had written
            conn.execute(text("INSERT INTO participant_states VALUES ('mentor', :e, :o, :m, :r, 2, :f)"),
                         {"e": mentor, "o": unit.org_id, "m": unit.municipality_id, "r": unit.region_id, "f": TEACHER})
            for facet in TEACHER:
                conn.execute(text("INSERT INTO participant_counts VALUES (:o, :f, :m, :r, 1)"),
                             {"o": unit.org_id, "f": facet, "m": unit.municipality_id, "r": unit.region_id})
        upgrade(admin_url=admin, service="reporting", migrations_dir=migrations,
                role_password=stack.config.role_password)
        with system.connect() as conn:
            kept = conn.execute(text("SELECT version, facets FROM count_state_history WHERE entity_id = :e"),
                                {"e": mentor}).all()
        assert [(v, list(f)) for v, f in kept] == [(2, TEACHER)]
        today = datetime.now(ZoneInfo("Europe/Moscow")).date()
        assert _as_of_ledger(system, today) == {(unit.org_id, f): 1 for f in TEACHER}
        assert _as_of_ledger(system, today - timedelta(days=1)) == {}
        # The next version moves the ledger from the opening balance on its own day.
        consumer = IdempotentConsumer(system, recorded(HANDLERS))
        consumer.apply(_created(unit))
        consumer.apply(_mentor("mentor_deactivated", unit, mentor, 3, ["mentor.inactive"], "2099-01-01"))
        assert _as_of_ledger(system, date(2099, 1, 1)) == {(unit.org_id, "mentor.inactive"): 1}
        assert _as_of_ledger(system, today) == {(unit.org_id, f): 1 for f in TEACHER}
    finally:
        system.dispose()
        drop = create_engine(cluster.url("postgres"), isolation_level="AUTOCOMMIT")
        with drop.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        drop.dispose()
