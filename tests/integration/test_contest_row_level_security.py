"""Row-level security of the contests (migration 0018, ADR 023), straight in the database as the registry's
application role: a juror — a login of the region's scope with the role «jury» — reaches only the contest he or she
judges, and writes only his or her own scores; a school reads its own applications, not another school's.

The tenants fixture: municipality M1 with schools A and C, M2 with school B, all in one region."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

TABLES = ("contests", "contest_jurors", "contest_applications", "contest_scores")
NOW = datetime.now(UTC)


def _as(conn: Connection, scope: str, org_id: str = "", municipality_id: str = "", region_id: str = "",
        user_id: str = "", roles: str = "") -> None:
    conn.execute(text("SELECT set_config('app.scope', :s, true), set_config('app.org_id', :o, true),"
                      " set_config('app.municipality_id', :m, true), set_config('app.region_id', :r, true),"
                      " set_config('app.user_id', :u, true), set_config('app.roles', :roles, true)"),
                 {"s": scope, "o": org_id, "m": municipality_id, "r": region_id, "u": user_id, "roles": roles})


@pytest.fixture(scope="module")
def app(stack):  # type: ignore[no-untyped-def]
    engine = create_engine(stack.databases["registry"].app_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def world(app: Engine, tenants) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Two regional contests (X judged by juror 1, Y by juror 2), an application of school A to each."""
    r = tenants.region_id
    ids = {k: str(uuid.uuid4()) for k in ("x", "y", "app_x", "app_y")}
    ids |= {"juror_1": f"jury-{uuid.uuid4()}", "juror_2": f"jury-{uuid.uuid4()}"}
    with app.connect() as conn, conn.begin():
        _as(conn, "region", region_id=r, user_id="operator", roles="regional_operator")
        for contest, juror in (("x", "juror_1"), ("y", "juror_2")):
            conn.execute(text(
                "INSERT INTO contests (id, level, region_id, kind, title, nominations, criteria, applications_until,"
                " results_on, state, organiser_name, created_at, created_by) VALUES (:id, 'region', :r,"
                " 'mentor_of_year', :t, ARRAY['Н'], CAST(:c AS jsonb), :u, :res, 'announced', 'Область', :now, 't')"),
                {"id": ids[contest], "r": r, "t": f"Конкурс {contest}", "c": json.dumps([{"title": "К",
                                                                                          "max_score": 10}]),
                 "u": date.today() + timedelta(days=9), "res": date.today() + timedelta(days=19), "now": NOW})
            conn.execute(text(
                "INSERT INTO contest_jurors (contest_id, user_id, full_name, region_id, contest_level, assigned_at,"
                " assigned_by) VALUES (:c, :u, 'Жюри', :r, 'region', :now, 't')"),
                {"c": ids[contest], "u": ids[juror], "r": r, "now": NOW})
    with app.connect() as conn, conn.begin():
        _as(conn, "org", tenants.school_a, tenants.m1_id, r, user_id="curator-a", roles="school_curator")
        for contest in ("x", "y"):
            conn.execute(text(
                "INSERT INTO contest_applications (id, contest_id, org_id, municipality_id, region_id, contest_level,"
                " nomination, subject_kind, subject_id, title, shown, applicant_name, state, submitted_at,"
                " submitted_by) VALUES (:id, :c, :o, :m, :r, 'region', 'Н', 'organisation', :s, 'Школа А',"
                " '[]', 'Школа А', 'submitted', :now, 't')"),
                {"id": ids[f"app_{contest}"], "c": ids[contest], "o": tenants.school_a, "s": tenants.school_a,
                 "m": tenants.m1_id, "r": r, "now": NOW})
    return ids


def _count(app: Engine, context: dict[str, str], sql: str, **params: object) -> int:
    with app.connect() as conn, conn.begin():
        _as(conn, **context)
        return int(conn.execute(text(sql), params).scalar_one())


def test_every_contest_table_has_forced_row_level_security(stack) -> None:  # type: ignore[no-untyped-def]
    admin = create_engine(stack.databases["registry"].admin_url)
    with admin.connect() as conn:
        found = {r.relname: (r.relrowsecurity, r.relforcerowsecurity) for r in conn.execute(text(
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ANY(:t)"),
            {"t": list(TABLES)})}
    admin.dispose()
    assert found == dict.fromkeys(TABLES, (True, True))


def test_a_juror_sees_only_the_contest_he_judges(app: Engine, world: dict[str, str], tenants) -> None:  # type: ignore[no-untyped-def]
    r = tenants.region_id
    juror_1 = {"scope": "jury", "region_id": r, "user_id": world["juror_1"], "roles": "jury"}
    juror_2 = {**juror_1, "user_id": world["juror_2"]}
    stranger = {**juror_1, "user_id": "jury-nobody"}
    contests = "SELECT count(*) FROM contests WHERE id IN (:x, :y)"
    applications = "SELECT count(*) FROM contest_applications WHERE id IN (:a, :b)"
    both = {"x": world["x"], "y": world["y"]}
    apps = {"a": world["app_x"], "b": world["app_y"]}
    assert _count(app, juror_1, contests, **both) == 1
    assert _count(app, juror_1, "SELECT count(*) FROM contests WHERE id = :x", x=world["x"]) == 1
    assert _count(app, juror_1, applications, **apps) == 1
    assert _count(app, juror_1, "SELECT count(*) FROM contest_applications WHERE id = :a", a=world["app_x"]) == 1
    assert _count(app, juror_2, "SELECT count(*) FROM contest_applications WHERE id = :b", b=world["app_y"]) == 1
    assert _count(app, stranger, contests, **both) == 0 and _count(app, stranger, applications, **apps) == 0
    # The same region scope without the jury role is the region's operator: every contest and application.
    operator = {"scope": "region", "region_id": r, "user_id": "operator", "roles": "regional_operator"}
    assert _count(app, operator, contests, **both) == 2 and _count(app, operator, applications, **apps) == 2
    # School B reads the announced contests but not A's applications; no context sees nothing.
    school_b = {"scope": "org", "org_id": tenants.school_b, "municipality_id": tenants.m2_id, "region_id": r,
                "user_id": "curator-b", "roles": "school_curator"}
    assert _count(app, school_b, contests, **both) == 2 and _count(app, school_b, applications, **apps) == 0
    assert _count(app, {"scope": ""}, contests, **both) == 0
    # Bound as «jury» (db.database_scope), a juror passes no tier's policy of the older tables.
    organisations = "SELECT count(*) FROM organisations WHERE region_id = :r"
    assert _count(app, operator, organisations, r=r) >= 3 and _count(app, juror_1, organisations, r=r) == 0
    # Had a juror's login the region's scope, the role alone still keeps it out of other contests.
    assert _count(app, {**stranger, "scope": "region"}, contests, **both) == 0


def test_a_juror_scores_only_as_himself_and_only_his_contest(app: Engine, world: dict[str, str],  # type: ignore[no-untyped-def]
                                                             tenants) -> None:
    r = tenants.region_id
    insert = ("INSERT INTO contest_scores (application_id, juror_user_id, juror_name, contest_id, region_id,"
              " contest_level, conflict, scores, total, scored_at) VALUES (:a, :j, 'Жюри', :c, :r, 'region', false,"
              " ARRAY[7], 7, :now)")
    juror_1 = {"scope": "jury", "region_id": r, "user_id": world["juror_1"], "roles": "jury"}
    with app.connect() as conn, conn.begin():
        _as(conn, **juror_1)
        conn.execute(text(insert), {"a": world["app_x"], "j": world["juror_1"], "c": world["x"], "r": r, "now": NOW})
    for values in ({"a": world["app_y"], "j": world["juror_1"], "c": world["y"]},   # a contest he does not judge
                   {"a": world["app_x"], "j": world["juror_2"], "c": world["x"]}):  # as another juror
        with app.connect() as conn, conn.begin():
            _as(conn, **juror_1)
            with pytest.raises(DBAPIError, match="row-level security"):
                conn.execute(text(insert), {**values, "r": r, "now": NOW})
    scores = "SELECT count(*) FROM contest_scores WHERE application_id = :a"
    assert _count(app, {**juror_1, "user_id": world["juror_2"]}, scores, a=world["app_x"]) == 0
    school_a = {"scope": "org", "org_id": tenants.school_a, "municipality_id": tenants.m1_id, "region_id": r,
                "user_id": "curator-a", "roles": "school_curator"}
    assert _count(app, school_a, scores, a=world["app_x"]) == 0  # an applicant never reads the jurors' scores
    operator = {"scope": "region", "region_id": r, "user_id": "operator", "roles": "regional_operator"}
    assert _count(app, operator, scores, a=world["app_x"]) == 1
    # A school may not play the organiser: it withdraws its application but cannot award it.
    with app.connect() as conn, conn.begin():
        _as(conn, **school_a)
        with pytest.raises(DBAPIError, match="row-level security"):
            conn.execute(text("UPDATE contest_applications SET award = 'winner', place = 1 WHERE id = :a"),
                         {"a": world["app_x"]})
    with app.connect() as conn, conn.begin():
        _as(conn, **school_a)
        withdrawn = conn.execute(text("UPDATE contest_applications SET state = 'withdrawn' WHERE id = :a"
                                      " RETURNING id"), {"a": world["app_y"]}).all()
        assert len(withdrawn) == 1
