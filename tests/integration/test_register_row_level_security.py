"""Row-level security of the school's register (migration 0019, ADR 025), straight in the database as the registry's
application role: the school writes its own events and practices, the tiers above read them, the experts of the
school's municipality or region change a practice's review, the region-wide catalogue reads only a passed practice
its school published, and a practice's authors stay in the school — whatever the application code does.

The tenants fixture: municipality M1 with schools A and C, M2 with school B, all in one region."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

TABLES = ("scientific_events", "practices", "practice_authors")
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
            "other_region": ("region", "", "", str(uuid.uuid4())),
            "other_school": ("org", str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4()))}


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


def test_events_are_written_by_the_school_and_read_by_the_tiers_above(app, places, tenants) -> None:  # type: ignore[no-untyped-def]
    event = str(uuid.uuid4())
    insert = ("INSERT INTO scientific_events (id, org_id, municipality_id, region_id, title, held_on, kind, level,"
              " role, host, participants, teachers, partners, mentors, mentees, version, created_at, created_by,"
              " updated_at) VALUES (:id, :o, :m, :r, 'Семинар', :d, 'seminar', 'school', 'held', '', 10, 1, 0, 0,"
              " 0, 1, :now, 't', :now)")
    values = {"o": tenants.school_a, "m": tenants.m1_id, "r": tenants.region_id, "d": date.today(), "now": NOW}
    for forger in ("b", "m1", "region"):  # nobody writes a school's register but the school
        with app.connect() as conn, conn.begin():
            _as(conn, *places[forger])
            with pytest.raises(DBAPIError, match="row-level security"):
                conn.execute(text(insert), {**values, "id": str(uuid.uuid4())})
    with app.connect() as conn, conn.begin():
        _as(conn, *places["a"])
        conn.execute(text(insert), {**values, "id": event})
    sql = "SELECT count(*) FROM scientific_events WHERE id = :id"
    seen = {who: _count(app, places[who], sql, id=event) for who in places}
    assert seen == {"a": 1, "b": 0, "c": 0, "m1": 1, "m2": 0, "region": 1, "other_region": 0, "other_school": 0}
    for who in ("m1", "region", "c"):
        with app.connect() as conn, conn.begin():
            _as(conn, *places[who])
            changed = conn.execute(text("UPDATE scientific_events SET participants = 999 WHERE id = :id"),
                                   {"id": event}).rowcount
        assert changed == 0, who


def test_practices_review_and_the_catalogue_and_the_authors(app, places, tenants) -> None:  # type: ignore[no-untyped-def]
    practice = str(uuid.uuid4())
    with app.connect() as conn, conn.begin():
        _as(conn, *places["a"])
        conn.execute(text(
            "INSERT INTO practices (id, org_id, municipality_id, region_id, title, forms, summary, links, state,"
            " review_note, published, organisation_name, municipality_name, version, submitted_at, created_by)"
            " VALUES (:id, :o, :m, :r, 'Практика', ARRAY['teacher_teacher'], '', ARRAY[]::text[], 'submitted', '',"
            " false, 'А', 'М1', 1, :now, 't')"),
            {"id": practice, "o": tenants.school_a, "m": tenants.m1_id, "r": tenants.region_id, "now": NOW})
        conn.execute(text("INSERT INTO practice_authors (practice_id, org_id, municipality_id, region_id, authors)"
                          " VALUES (:id, :o, :m, :r, 'Иванова И. И.')"),
                     {"id": practice, "o": tenants.school_a, "m": tenants.m1_id, "r": tenants.region_id})
    sql = "SELECT count(*) FROM practices WHERE id = :id"
    submitted = {who: _count(app, places[who], sql, id=practice) for who in places}
    assert submitted == {"a": 1, "b": 0, "c": 0, "m1": 1, "m2": 0, "region": 1, "other_region": 0,
                         "other_school": 0}

    def review(who: str, values: str) -> int:
        with app.connect() as conn, conn.begin():
            _as(conn, *places[who])
            return int(conn.execute(text(f"UPDATE practices SET {values} WHERE id = :id"), {"id": practice}).rowcount)

    assert review("m2", "state = 'under_review'") == 0  # another municipality's expert
    assert review("other_region", "state = 'under_review'") == 0
    assert review("m1", "state = 'passed', review_level = 'municipal'") == 1
    passed = {who: _count(app, places[who], sql, id=practice) for who in places}
    assert passed == submitted, "passed but not published: still not in the catalogue"
    assert review("a", "published = true") == 1
    published = {who: _count(app, places[who], sql, id=practice) for who in places}
    assert published == {"a": 1, "b": 1, "c": 1, "m1": 1, "m2": 1, "region": 1, "other_region": 0,
                         "other_school": 0}
    assert review("b", "title = 'чужая'") == 0  # the catalogue is read, never written by another school

    authors = "SELECT count(*) FROM practice_authors WHERE practice_id = :id"
    assert {who: _count(app, places[who], authors, id=practice) for who in places} == {
        "a": 1, "b": 0, "c": 0, "m1": 0, "m2": 0, "region": 0, "other_region": 0, "other_school": 0}
