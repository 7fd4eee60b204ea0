"""Row-level security of the outer contour's tables (migration 0017, ADR 024), straight in the database as the
registry's application role: each tier sees exactly its reach, whatever the application code does.

The tenants fixture: municipality M1 with schools A and C, M2 with school B, all in one region."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from mentorship_kit.principal import Principal, Role, Scope

TABLES = ("program_publications", "cooperation_agreements", "mentor_agreement_links", "training_courses",
          "course_seats", "course_enrolments", "young_teacher_plans", "young_teacher_sessions",
          "young_teacher_attendance", "young_teacher_attendance_counts", "risk_mitigations")
NOW = datetime.now(UTC)


def _as(conn: Connection, scope: str, org_id: str = "", municipality_id: str = "", region_id: str = "") -> None:
    conn.execute(text("SELECT set_config('app.scope', :s, true), set_config('app.org_id', :o, true),"
                      " set_config('app.municipality_id', :m, true), set_config('app.region_id', :r, true)"),
                 {"s": scope, "o": org_id, "m": municipality_id, "r": region_id})


@pytest.fixture(scope="module")
def app(stack):  # type: ignore[no-untyped-def]
    engine = create_engine(stack.databases["registry"].app_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def places(tenants) -> dict[str, tuple[str, ...]]:  # type: ignore[no-untyped-def]
    r = tenants.region_id
    return {"a": ("org", tenants.school_a, tenants.m1_id, r), "b": ("org", tenants.school_b, tenants.m2_id, r),
            "c": ("org", tenants.school_c, tenants.m1_id, r), "m1": ("municipality", "", tenants.m1_id, r),
            "m2": ("municipality", "", tenants.m2_id, r), "region": ("region", "", "", r),
            "other_region": ("region", "", "", str(uuid.uuid4()))}


def _count(app, place: tuple[str, ...], sql: str, **params: object) -> int:  # type: ignore[no-untyped-def]
    with app.connect() as conn, conn.begin():
        _as(conn, *place)
        return int(conn.execute(text(sql), params).scalar_one())


def test_every_new_table_has_forced_row_level_security(stack) -> None:  # type: ignore[no-untyped-def]
    admin = create_engine(stack.databases["registry"].admin_url)
    with admin.connect() as conn:
        found = {r.relname: (r.relrowsecurity, r.relforcerowsecurity) for r in conn.execute(text(
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ANY(:t)"),
            {"t": list(TABLES)})}
    admin.dispose()
    assert found == dict.fromkeys(TABLES, (True, True))


def test_agreements_region_wide_or_the_municipalitys_own(app, places, tenants) -> None:  # type: ignore[no-untyped-def]
    regional, municipal = str(uuid.uuid4()), str(uuid.uuid4())
    insert = ("INSERT INTO cooperation_agreements (id, municipality_id, region_id, number, signed_on, kind, parties,"
              " subject, valid_from, created_at, created_by) VALUES (:id, :m, :r, :n, :d, 'with_operator',"
              " ARRAY['x','y'], '', :d, :now, 't')")
    values = {"r": tenants.region_id, "d": date.today(), "now": NOW}
    with app.connect() as conn, conn.begin():
        _as(conn, *places["region"])
        conn.execute(text(insert), {**values, "id": regional, "m": None, "n": f"R-{regional[:8]}"})
    with app.connect() as conn, conn.begin():
        _as(conn, *places["m1"])
        conn.execute(text(insert), {**values, "id": municipal, "m": tenants.m1_id, "n": f"M-{municipal[:8]}"})
    with app.connect() as conn, conn.begin():
        _as(conn, *places["m2"])  # M2 may not write an agreement for M1, nor one of the region's
        with pytest.raises(DBAPIError, match="row-level security"):
            conn.execute(text(insert), {**values, "id": str(uuid.uuid4()), "m": tenants.m1_id, "n": "подлог"})
    sql = "SELECT count(*) FROM cooperation_agreements WHERE id = :id"
    for who, sees_regional, sees_municipal in (("a", 1, 1), ("c", 1, 1), ("b", 1, 0), ("m1", 1, 1), ("m2", 1, 0),
                                               ("region", 1, 1), ("other_region", 0, 0)):
        assert (_count(app, places[who], sql, id=regional), _count(app, places[who], sql, id=municipal)) == (
            sees_regional, sees_municipal), who
    with app.connect() as conn, conn.begin():
        _as(conn, *places["region"])  # the region reads M1's agreement but does not change it
        changed = conn.execute(text("UPDATE cooperation_agreements SET ended_on = :d WHERE id = :id"),
                               {"d": date.today(), "id": municipal})
        assert changed.rowcount == 0


def test_course_seats_reach_the_school_its_municipality_and_the_region(app, places, tenants) -> None:  # type: ignore[no-untyped-def]
    course = str(uuid.uuid4())
    with app.connect() as conn, conn.begin():
        _as(conn, *places["region"])
        conn.execute(text("INSERT INTO training_courses (id, region_id, title, hours, provider, study_form, starts_on,"
                          " ends_on, seats, created_at, created_by) VALUES (:id, :r, 'Курс', 36, 'ЦНППМ', '', :d, :d,"
                          " 5, :now, 't')"), {"id": course, "r": tenants.region_id, "d": date.today(), "now": NOW})
    seat = ("INSERT INTO course_seats (course_id, org_id, municipality_id, region_id, seats, asked_at, asked_by)"
            " VALUES (:c, :o, :m, :r, 2, :now, 't')")
    with app.connect() as conn, conn.begin():
        _as(conn, *places["m1"])
        conn.execute(text(seat), {"c": course, "o": tenants.school_a, "m": tenants.m1_id, "r": tenants.region_id,
                                  "now": NOW})
    with app.connect() as conn, conn.begin():
        _as(conn, *places["m2"])
        with pytest.raises(DBAPIError, match="row-level security"):
            conn.execute(text(seat), {"c": course, "o": tenants.school_c, "m": tenants.m1_id,
                                      "r": tenants.region_id, "now": NOW})
    sql = "SELECT count(*) FROM course_seats WHERE course_id = :c"
    seen = {who: _count(app, places[who], sql, c=course) for who in ("a", "b", "c", "m1", "m2", "region")}
    assert seen == {"a": 1, "b": 0, "c": 0, "m1": 1, "m2": 0, "region": 1}
    assert _count(app, places["other_region"], "SELECT count(*) FROM training_courses WHERE id = :c", c=course) == 0


def test_young_teachers_names_stay_in_the_school_and_the_count_goes_up(app, places, tenants,  # type: ignore[no-untyped-def]
                                                                     gateway_container) -> None:
    curator_a = Principal(user_id="t", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG,
                          org_id=tenants.school_a, municipality_id=tenants.m1_id, region_id=tenants.region_id)
    person = gateway_container.participants.add_person(curator_a, {
        "kind": "staff", "last_name": "Молодой", "first_name": "Учитель", "hired_on": "2025-09-01",
        "position": "Учитель"})
    session = str(uuid.uuid4())
    with app.connect() as conn, conn.begin():
        _as(conn, *places["m1"])
        conn.execute(text("INSERT INTO young_teacher_plans (municipality_id, region_id, first_year, updated_at,"
                          " updated_by) VALUES (:m, :r, 2026, :now, 't') ON CONFLICT DO NOTHING"),
                     {"m": tenants.m1_id, "r": tenants.region_id, "now": NOW})
        conn.execute(text("INSERT INTO young_teacher_sessions (id, municipality_id, region_id, month, topic)"
                          " VALUES (:id, :m, :r, :month, 'Тема')"),
                     {"id": session, "m": tenants.m1_id, "r": tenants.region_id,
                      "month": date(2090 + int(session[:2], 16) % 9, 1 + int(session[2:4], 16) % 12, 1)})
    with app.connect() as conn, conn.begin():
        _as(conn, *places["a"])
        conn.execute(text("INSERT INTO young_teacher_attendance (session_id, person_id, org_id, municipality_id,"
                          " region_id, marked_at) VALUES (:s, :p, :o, :m, :r, :now)"),
                     {"s": session, "p": person.id, "o": tenants.school_a, "m": tenants.m1_id,
                      "r": tenants.region_id, "now": NOW})
        conn.execute(text("INSERT INTO young_teacher_attendance_counts (session_id, org_id, municipality_id,"
                          " region_id, attended) VALUES (:s, :o, :m, :r, 1)"),
                     {"s": session, "o": tenants.school_a, "m": tenants.m1_id, "r": tenants.region_id})
    names = "SELECT count(*) FROM young_teacher_attendance WHERE session_id = :s"
    counts = "SELECT count(*) FROM young_teacher_attendance_counts WHERE session_id = :s"
    sessions = "SELECT count(*) FROM young_teacher_sessions WHERE id = :s"
    for who, sees_names, sees_count, sees_session in (("a", 1, 1, 1), ("c", 0, 0, 1), ("b", 0, 0, 0),
                                                       ("m1", 0, 1, 1), ("m2", 0, 0, 0), ("region", 0, 1, 1),
                                                       ("other_region", 0, 0, 0)):
        assert (_count(app, places[who], names, s=session), _count(app, places[who], counts, s=session),
                _count(app, places[who], sessions, s=session)) == (sees_names, sees_count, sees_session), who
    with app.connect() as conn, conn.begin():
        _as(conn, *places["a"])  # the school does not change the municipality's plan
        assert conn.execute(text("UPDATE young_teacher_sessions SET topic = 'x' WHERE id = :s"),
                            {"s": session}).rowcount == 0


def test_the_mitigation_log_is_the_outer_contours_own(app, places, tenants) -> None:  # type: ignore[no-untyped-def]
    note = str(uuid.uuid4())
    insert = ("INSERT INTO risk_mitigations (id, org_id, municipality_id, region_id, risk, text, author_name,"
              " author_role, at) VALUES (:id, :o, :m, :r, 'formalism', 'Консультация', 't', 'municipal_curator',"
              " :now)")
    values = {"o": tenants.school_a, "m": tenants.m1_id, "r": tenants.region_id, "now": NOW}
    with app.connect() as conn, conn.begin():
        _as(conn, *places["m1"])
        conn.execute(text(insert), {**values, "id": note})
    for who in ("m2", "a"):
        with app.connect() as conn, conn.begin():
            _as(conn, *places[who])
            with pytest.raises(DBAPIError, match="row-level security"):
                conn.execute(text(insert), {**values, "id": str(uuid.uuid4())})
    sql = "SELECT count(*) FROM risk_mitigations WHERE id = :id"
    seen = {who: _count(app, places[who], sql, id=note) for who in ("a", "m1", "m2", "region", "other_region")}
    assert seen == {"a": 0, "m1": 1, "m2": 0, "region": 1, "other_region": 0}
