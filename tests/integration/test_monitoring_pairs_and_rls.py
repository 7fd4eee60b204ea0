"""Monitoring with a real database: matching's events applied through its idempotent consumer as its system role
(the same pair_formed twice, under two event ids, is one pair; a late formation does not reopen a closed pair; an
event of another school cannot touch the pair), and row-level security at SQL level — a foreign school, the outer
contour and a missing context see nothing of a school's pairs, meetings, plan or setting."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from google.protobuf.message import Message
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from embedded_stack.stack import Stack
from mentorship.matching.v1 import events_pb2
from mentorship_kit.consumer import IdempotentConsumer
from mentorship_kit.envelope import Envelope
from monitoring.entrypoints.pair_event_handlers import HANDLERS

TABLES = ("monitored_pairs", "meetings", "planned_meetings", "school_settings", "plan_documents",
          "mentor_reports")


def _envelope(fact: str, payload: Message, tenants, org: str = "") -> Envelope:  # type: ignore[no-untyped-def]
    return Envelope.wrap(type=f"mentorship.matching.{fact}.v1", source="tests", subject=f"pairs/{uuid.uuid4()}",
                         payload=payload, org_id=org or tenants.school_a, municipality_id=tenants.m1_id,
                         region_id=tenants.region_id, traceparent=None)


def formed(pair_id: str, tenants, org: str = "") -> Envelope:  # type: ignore[no-untyped-def]
    return _envelope("pair_formed", events_pb2.PairFormed(
        pair_id=pair_id, run_id=str(uuid.uuid4()), mode="optimal", mentor_id=str(uuid.uuid4()),
        mentee_id=str(uuid.uuid4()), request_id=str(uuid.uuid4()), term_start="2026-09-01", term_end="2027-05-28",
        state=events_pb2.PairState(pair_id=pair_id, version=1,
                                   facets=["pair", "pair.form.teacher_pupil", "pair.kind.virtual"])), tenants, org)


def closed(pair_id: str, tenants, org: str = "") -> Envelope:  # type: ignore[no-untyped-def]
    return _envelope("pair_closed", events_pb2.PairClosed(
        pair_id=pair_id, mentor_id=str(uuid.uuid4()), mentee_id=str(uuid.uuid4()), reason="замена наставника",
        state=events_pb2.PairState(pair_id=pair_id, version=2, facets=["pair.closed"])), tenants, org)


def again(envelope: Envelope) -> Envelope:
    """The relay republishing after a crash: the same event under a new id."""
    return Envelope(**{**envelope.to_dict(), "id": str(uuid.uuid4())})


@pytest.fixture(scope="module")
def consumer(stack: Stack) -> Iterator[IdempotentConsumer]:
    engine = create_engine(stack.databases["monitoring"].system_url)
    yield IdempotentConsumer(engine, HANDLERS)
    engine.dispose()


@pytest.fixture(scope="module")
def admin(stack: Stack) -> Iterator[Engine]:
    engine = create_engine(stack.databases["monitoring"].admin_url)
    yield engine
    engine.dispose()


def _pair_row(admin: Engine, pair_id: str) -> tuple[str, str, str, int] | None:
    with admin.connect() as conn:
        row = conn.execute(text("SELECT form, kind, status, version FROM monitored_pairs WHERE id = :i"),
                           {"i": pair_id}).first()
    return (row.form, row.kind, row.status, row.version) if row else None


def test_the_same_pair_formed_twice_is_one_pair(consumer, admin, tenants) -> None:  # type: ignore[no-untyped-def]
    pair_id = str(uuid.uuid4())
    event = formed(pair_id, tenants)
    assert consumer.apply(event) is True
    assert consumer.apply(event) is False  # the same delivery again: skipped by processed_events
    assert consumer.apply(again(event)) is True  # republished under a new id: applied, changes nothing
    with admin.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM monitored_pairs WHERE id = :i"), {"i": pair_id}).scalar() == 1
    assert _pair_row(admin, pair_id) == ("teacher_pupil", "virtual", "active", 1)

    assert consumer.apply(closed(pair_id, tenants)) is True
    assert consumer.apply(again(event)) is True  # the formation arriving late does not reopen the pair
    assert _pair_row(admin, pair_id) == ("teacher_pupil", "virtual", "closed", 2)


def test_an_event_of_another_school_cannot_touch_the_pair(consumer, admin, tenants) -> None:  # type: ignore[no-untyped-def]
    pair_id = str(uuid.uuid4())
    consumer.apply(formed(pair_id, tenants))
    # B's event names A's pair: the consumer binds school B, which sees no such row and cannot overwrite A's.
    consumer.apply(closed(pair_id, tenants, org=tenants.school_b))
    assert _pair_row(admin, pair_id) == ("teacher_pupil", "virtual", "active", 1)


def _context(conn: Connection, scope: str, org_id: str = "", municipality_id: str = "", region_id: str = "") -> None:
    conn.execute(text("SELECT set_config('app.scope', :s, true), set_config('app.org_id', :o, true),"
                      " set_config('app.municipality_id', :m, true), set_config('app.region_id', :r, true)"),
                 {"s": scope, "o": org_id, "m": municipality_id, "r": region_id})


@pytest.fixture(scope="module")
def rows_of_a(stack, tenants, consumer) -> dict[str, str]:  # type: ignore[no-untyped-def]
    ids = {"pair": str(uuid.uuid4()), "meeting": str(uuid.uuid4()), "planned": str(uuid.uuid4())}
    consumer.apply(formed(ids["pair"], tenants))
    tenant = {"org": tenants.school_a, "m": tenants.m1_id, "r": tenants.region_id}
    app = create_engine(stack.databases["monitoring"].app_url)
    with app.connect() as conn, conn.begin():
        _context(conn, "org", tenants.school_a, tenants.m1_id, tenants.region_id)
        conn.execute(text(
            "INSERT INTO meetings (id, org_id, municipality_id, region_id, pair_id, kind, held_on, format, topic,"
            " duration_minutes, participants, outcome, next_step, diary, recorded_by, recorded_at) VALUES (:id, :org,"
            " :m, :r, :pair, 'acquaintance', :day, 'in_person', 'Тайная тема', 45, '', '', '', 'Тайный дневник', 't',"
            " :now)"), {"id": ids["meeting"], "pair": ids["pair"], "day": date(2026, 9, 2), "now": datetime.now(UTC),
                        **tenant})
        conn.execute(text(
            "INSERT INTO planned_meetings (id, org_id, municipality_id, region_id, pair_id, kind, planned_on, topic)"
            " VALUES (:id, :org, :m, :r, :pair, 'final', :day, '')"),
            {"id": ids["planned"], "pair": ids["pair"], "day": date(2027, 5, 20), **tenant})
        conn.execute(text("INSERT INTO school_settings VALUES (:org, :m, :r, 3) ON CONFLICT (org_id) DO NOTHING"),
                     tenant)
        conn.execute(text(
            "INSERT INTO plan_documents (pair_id, org_id, municipality_id, region_id, kind, version, term_start,"
            " term_end, deficits, final_product, items, agreements, drafted_by, updated_at) VALUES (:pair, :org, :m,"
            " :r, 'development_plan', 1, :day, :day, '[\"Тайный дефицит\"]', '', '[]', '[]', 't', now())"),
            {"pair": ids["pair"], "day": date(2026, 9, 2), **tenant})
        conn.execute(text(
            "INSERT INTO mentor_reports (id, org_id, municipality_id, region_id, pair_id, period_number, period_start,"
            " period_end, done, results, difficulties, plans, submitted_by, submitted_at) VALUES (:id, :org, :m, :r,"
            " :pair, 1, :start, :end, 'Тайный отчёт', '', '', '', 't', :now)"),
            {"id": str(uuid.uuid4()), "pair": ids["pair"], "start": date(2026, 9, 1), "end": date(2026, 9, 30),
             "now": datetime.now(UTC), **tenant})
    app.dispose()
    return ids


def test_school_b_sees_and_changes_nothing_of_a(stack, tenants, rows_of_a) -> None:  # type: ignore[no-untyped-def]
    app = create_engine(stack.databases["monitoring"].app_url)
    with app.connect() as conn, conn.begin():
        _context(conn, "org", tenants.school_b, tenants.m2_id, tenants.region_id)
        assert [conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES] == [0] * len(TABLES)
        assert conn.execute(text("UPDATE planned_meetings SET topic = 'взлом' WHERE id = :id"),
                            {"id": rows_of_a["planned"]}).rowcount == 0
    with app.connect() as conn, conn.begin():
        _context(conn, "org", tenants.school_b, tenants.m2_id, tenants.region_id)
        with pytest.raises(DBAPIError, match="row-level security"):
            conn.execute(text(
                "INSERT INTO meetings (id, org_id, municipality_id, region_id, pair_id, kind, held_on, format, topic,"
                " duration_minutes, participants, outcome, next_step, diary, recorded_by, recorded_at) VALUES (:id,"
                " :org, :m, :r, :pair, 'regular', now(), 'remote', 'x', 10, '', '', '', '', 'b', now())"),
                {"id": str(uuid.uuid4()), "org": tenants.school_a, "m": tenants.m1_id, "r": tenants.region_id,
                 "pair": rows_of_a["pair"]})
    with app.connect() as conn, conn.begin():
        _context(conn, "org", tenants.school_a, tenants.m1_id, tenants.region_id)
        assert conn.execute(text("SELECT diary FROM meetings WHERE id = :i"),
                            {"i": rows_of_a["meeting"]}).scalar() == "Тайный дневник"
    app.dispose()


@pytest.mark.parametrize("scope", ["", "municipality", "region", "platform"])
def test_outer_contour_and_missing_context_see_nothing(stack, tenants, rows_of_a, scope) -> None:  # type: ignore[no-untyped-def]
    app = create_engine(stack.databases["monitoring"].app_url)
    with app.connect() as conn, conn.begin():
        if scope:
            _context(conn, scope, "", tenants.m1_id, tenants.region_id)
        assert [conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES] == [0] * len(TABLES)
    app.dispose()


def test_the_app_cannot_write_the_pairs_and_the_consumer_reaches_only_its_school(stack, tenants,  # type: ignore[no-untyped-def]
                                                                                 rows_of_a) -> None:
    app = create_engine(stack.databases["monitoring"].app_url)
    with app.connect() as conn, conn.begin(), pytest.raises(DBAPIError, match="permission denied"):
        _context(conn, "org", tenants.school_a, tenants.m1_id, tenants.region_id)
        conn.execute(text("UPDATE monitored_pairs SET status = 'closed' WHERE id = :i"), {"i": rows_of_a["pair"]})
    app.dispose()
    system = create_engine(stack.databases["monitoring"].system_url)
    with system.connect() as conn, conn.begin():
        assert conn.execute(text("SELECT count(*) FROM monitored_pairs")).scalar() == 0
        _context(conn, "org", tenants.school_a, tenants.m1_id, tenants.region_id)
        assert conn.execute(text("SELECT count(*) FROM monitored_pairs WHERE id = :i"),
                            {"i": rows_of_a["pair"]}).scalar() == 1
    with system.connect() as conn, conn.begin(), pytest.raises(DBAPIError, match="permission denied"):
        _context(conn, "org", tenants.school_a, tenants.m1_id, tenants.region_id)
        conn.execute(text("SELECT count(*) FROM meetings"))
    system.dispose()
