"""Individual routes (ИОМ, ADR 011) with a real database: the tutor's `assigned` reach at SQL level — the assigned tutor
reads and works his route, a second tutor of the same region sees and changes nothing, a tutor reads no pair and no
meeting of the school, cannot hand the route to someone else, and no tutor is ever stored without consent."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from embedded_stack.stack import Stack
from mentorship_kit.consumer import IdempotentConsumer
from mentorship_kit.errors import NotFound
from mentorship_kit.principal import Principal, Role, Scope
from monitoring.adapters.route_unit_of_work import RouteUnitOfWork
from monitoring.entrypoints.pair_event_handlers import HANDLERS
from monitoring.service_layer import route_handlers as h
from tests.integration.test_monitoring_pairs_and_rls import formed

TUTOR_1, TUTOR_2 = f"tutor-{uuid.uuid4()}", f"tutor-{uuid.uuid4()}"


def _context(conn: Connection, scope: str, *, org_id: str = "", municipality_id: str = "", region_id: str = "",
             user_id: str = "") -> None:
    conn.execute(text("SELECT set_config('app.scope', :s, true), set_config('app.org_id', :o, true),"
                      " set_config('app.municipality_id', :m, true), set_config('app.region_id', :r, true),"
                      " set_config('app.user_id', :u, true)"),
                 {"s": scope, "o": org_id, "m": municipality_id, "r": region_id, "u": user_id})


@pytest.fixture(scope="module")
def app(stack: Stack) -> Iterator[Engine]:
    engine = create_engine(stack.databases["monitoring"].app_url)
    yield engine
    engine.dispose()


def _curator(tenants, org: str = "", municipality: str = "") -> Principal:  # type: ignore[no-untyped-def]
    return Principal(user_id="curator", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG,
                     org_id=org or tenants.school_a, municipality_id=municipality or tenants.m1_id,
                     region_id=tenants.region_id)


def _tutor(tenants, user_id: str) -> Principal:  # type: ignore[no-untyped-def]
    return Principal(user_id=user_id, roles=frozenset({Role.TUTOR}), scope=Scope.REGION,
                     region_id=tenants.region_id, display_name="Тьютор")


@pytest.fixture(scope="module")
def route_id(app, tenants, stack) -> str:  # type: ignore[no-untyped-def]
    """School A's route of a teacher, consent given, tutor 1 assigned; and a pair of school A with a meeting."""
    school = RouteUnitOfWork(app, principal=_curator(tenants))
    route = h.create_route(school, teacher_person_id=str(uuid.uuid4()), teacher_name="Секретная Учительница",
                           years=5, starts_on="2026-09-01", ideal_image="")
    h.record_consent(route.id, school, consent_on="2026-08-30", consent_document="С-42")
    h.assign_tutor(route.id, school, tutor_user_id=TUTOR_1, tutor_name="Тьютор Первый",
                   teacher_name="Секретная Учительница", school_name="Школа А")
    system = create_engine(stack.databases["monitoring"].system_url)
    pair_id = str(uuid.uuid4())
    IdempotentConsumer(system, HANDLERS).apply(formed(pair_id, tenants))
    system.dispose()
    with app.connect() as conn, conn.begin():
        _context(conn, "org", org_id=tenants.school_a, municipality_id=tenants.m1_id, region_id=tenants.region_id)
        conn.execute(text(
            "INSERT INTO meetings (id, org_id, municipality_id, region_id, pair_id, kind, held_on, format, topic,"
            " duration_minutes, participants, outcome, next_step, diary, recorded_by, recorded_at) VALUES (:id, :org,"
            " :m, :r, :pair, 'acquaintance', now(), 'in_person', 'Тема', 45, '', '', '', 'Дневник', 't', :now)"),
            {"id": str(uuid.uuid4()), "org": tenants.school_a, "m": tenants.m1_id, "r": tenants.region_id,
             "pair": pair_id, "now": datetime.now(UTC)})
    return route.id


def _count(app: Engine, table: str, **context: str) -> int:
    with app.connect() as conn, conn.begin():
        _context(conn, **context)  # type: ignore[arg-type]
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() or 0)


def test_the_assigned_tutor_sees_his_route_and_a_second_tutor_sees_nothing(app, tenants, route_id) -> None:  # type: ignore[no-untyped-def]
    region = {"scope": "region", "region_id": tenants.region_id}
    with app.connect() as conn, conn.begin():
        _context(conn, "region", region_id=tenants.region_id, user_id=TUTOR_1)
        ids = [str(r.id) for r in conn.execute(text("SELECT id FROM individual_routes"))]
        assert ids == [route_id]
    assert _count(app, "individual_routes", **region, user_id=TUTOR_2) == 0
    assert _count(app, "individual_routes", **region, user_id="") == 0  # a regional operator: no assignment
    assert _count(app, "individual_routes", scope="region", region_id=str(uuid.uuid4()), user_id=TUTOR_1) == 0
    assert _count(app, "individual_routes", scope="municipality", municipality_id=tenants.m1_id,
                  region_id=tenants.region_id, user_id=TUTOR_1) == 0
    # through the use cases too: the second tutor's list is empty and the route does not exist for him
    assert [r.id for r in h.list_routes(RouteUnitOfWork(app, principal=_tutor(tenants, TUTOR_1)))] == [route_id]
    second = RouteUnitOfWork(app, principal=_tutor(tenants, TUTOR_2))
    assert h.list_routes(second) == []
    with pytest.raises(NotFound):
        h.get_route(route_id, second)
    with pytest.raises(NotFound):
        h.add_note(route_id, second, kind="comment", text="чужой")


def test_a_tutor_reads_no_pair_and_no_meeting_of_the_school(app, tenants, route_id) -> None:  # type: ignore[no-untyped-def]
    school = {"scope": "org", "org_id": tenants.school_a, "municipality_id": tenants.m1_id,
              "region_id": tenants.region_id}
    assert _count(app, "monitored_pairs", **school) > 0 and _count(app, "meetings", **school) > 0
    for table in ("monitored_pairs", "meetings", "planned_meetings", "plan_documents", "mentor_reports",
                  "school_settings"):
        assert _count(app, table, scope="region", region_id=tenants.region_id, user_id=TUTOR_1) == 0, table


def test_the_tutor_works_his_route_but_cannot_hand_it_over_or_touch_another(app, tenants, route_id) -> None:  # type: ignore[no-untyped-def]
    tutor = RouteUnitOfWork(app, principal=_tutor(tenants, TUTOR_1))
    h.add_item(route_id, tutor, year=1, title="Курсы ДПО", form="courses", due_on="2026-11-01", product="")
    route = h.add_note(route_id, tutor, kind="reflection", text="Освоила формирующее оценивание")
    assert route.notes[0].author_role == "tutor" and len(route.items) == 1
    with app.connect() as conn, conn.begin(), pytest.raises(DBAPIError, match="row-level security"):
        _context(conn, "region", region_id=tenants.region_id, user_id=TUTOR_1)
        conn.execute(text("UPDATE individual_routes SET tutor_user_id = :t WHERE id = :i"),
                     {"t": TUTOR_2, "i": route_id})
    with app.connect() as conn, conn.begin():
        _context(conn, "region", region_id=tenants.region_id, user_id=TUTOR_2)
        assert conn.execute(text("UPDATE individual_routes SET ideal_image = 'взлом' WHERE id = :i"),
                            {"i": route_id}).rowcount == 0
    with app.connect() as conn, conn.begin(), pytest.raises(DBAPIError, match="row-level security"):
        _context(conn, "region", region_id=tenants.region_id, user_id=TUTOR_1)
        conn.execute(text(
            "INSERT INTO individual_routes (id, org_id, municipality_id, region_id, teacher_person_id, teacher_name,"
            " school_name, years, starts_on, ideal_image, consent_document, tutor_user_id, tutor_name, diagnoses,"
            " items, notes, created_by, created_at, version) VALUES (:id, :org, :m, :r, :id, 'x', '', 5, now(), '',"
            " '', :t, '', '[]', '[]', '[]', 't', now(), 1)"),
            {"id": str(uuid.uuid4()), "org": tenants.school_a, "m": tenants.m1_id, "r": tenants.region_id,
             "t": TUTOR_1})


def test_school_b_sees_nothing_and_no_tutor_is_stored_without_consent(app, tenants, route_id) -> None:  # type: ignore[no-untyped-def]
    assert _count(app, "individual_routes", scope="org", org_id=tenants.school_b, municipality_id=tenants.m2_id,
                  region_id=tenants.region_id) == 0
    school = RouteUnitOfWork(app, principal=_curator(tenants))
    fresh = h.create_route(school, teacher_person_id=str(uuid.uuid4()), teacher_name="Другая Учительница", years=4,
                           starts_on="2026-09-01", ideal_image="")
    with app.connect() as conn, conn.begin(), pytest.raises(DBAPIError, match="tutor_needs_consent"):
        _context(conn, "org", org_id=tenants.school_a, municipality_id=tenants.m1_id, region_id=tenants.region_id)
        conn.execute(text("UPDATE individual_routes SET tutor_user_id = :t WHERE id = :i"),
                     {"t": TUTOR_1, "i": fresh.id})
