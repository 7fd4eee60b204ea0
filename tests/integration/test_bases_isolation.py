"""The database itself keeps the school's bases in the school: every personal-data table of the registry,
at SQL level, as the application role under each tenant context; the public mentor profile is the only
row type another tier may read, and only in its own region."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from tests.integration.test_row_level_security import _context
from tests.support import Api, unique_name, wait_until

PERSONAL = ("persons", "consents", "mentors", "mentor_trainings", "mentor_level_history", "competency_terms",
            "mentees", "mentoring_requests", "mentee_transitions", "import_jobs", "import_rows")


@pytest.fixture(scope="module")
def school_a_data(stack, tenants) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from tests.conftest import PASSWORD

    with Api(stack.gateway_url) as curator:
        curator.login(tenants.curator_a, PASSWORD)
        mentee_person = curator.consenting_person("student", last_name=unique_name("Изоляция"))
        mentee = curator.post("/api/v1/mentees", json={"person_id": mentee_person["id"], "categories": ["gifted"]})
        curator.post("/api/v1/requests", json={"mentee_id": mentee.json()["id"], "topics": ["Т"], "source": "self"})
        mentor = curator.post("/api/v1/mentors", json={"person_id": mentee_person["id"], "origin": "student",
                                                       "capacity": 1}).json()
        curator.post(f"/api/v1/mentors/{mentor['id']}/level", json={"level": "gold", "reason": "Приказ"})
        curator.post(f"/api/v1/mentors/{mentor['id']}/trainings",
                     json={"course": "Курс", "hours": 36, "completed_on": "2026-01-01"})
        curator.post("/api/v1/competencies", json={"term": unique_name("Термин")})
        curator.give_consent(curator.get(f"/api/v1/persons/{mentee_person['id']}").json()["person"], "regional_base")
        job = curator.post("/api/v1/imports", data={"kind": "students"}, files={"file": (
            "a.csv", "Идентификатор;Фамилия;Имя;Дата рождения;Класс\nI-1;Петров;;01.01.2014;5А".encode())}).json()
        wait_until(lambda: curator.get(f"/api/v1/imports/{job['id']}").json()["status"] == "preview",
                   what="the import preview")
    return {"mentor_id": mentor["id"]}


def _count(engine, table: str, scope: str, org: str = "", municipality: str = "", region: str = "") -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn, conn.begin():
        if scope:
            _context(conn, scope, org, municipality, region)
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


@pytest.mark.parametrize("table", PERSONAL)
def test_only_the_school_itself_sees_its_rows(stack, tenants, school_a_data, table: str) -> None:
    app = create_engine(stack.databases["registry"].app_url)
    try:
        assert _count(app, table, "org", tenants.school_a, tenants.m1_id, tenants.region_id) > 0, table
        with app.connect() as conn, conn.begin():
            _context(conn, "org", tenants.school_b, tenants.m2_id, tenants.region_id)
            foreign = conn.execute(text(f"SELECT count(*) FROM {table} WHERE org_id = :a"),
                                   {"a": tenants.school_a}).scalar_one()
        assert foreign == 0
        for scope in ("municipality", "region", "platform", ""):
            assert _count(app, table, scope, "", tenants.m1_id, tenants.region_id) == 0, (table, scope)
    finally:
        app.dispose()


def test_another_school_cannot_write_into_the_school(stack, tenants, school_a_data) -> None:
    app = create_engine(stack.databases["registry"].app_url)
    try:
        with app.connect() as conn, conn.begin():
            _context(conn, "org", tenants.school_b, tenants.m2_id, tenants.region_id)
            changed = conn.execute(text("UPDATE persons SET last_name = 'Взлом' WHERE org_id = :a"),
                                   {"a": tenants.school_a}).rowcount
            assert changed == 0
        with app.connect() as conn, conn.begin(), pytest.raises(DBAPIError, match="row-level security"):
            _context(conn, "org", tenants.school_b, tenants.m2_id, tenants.region_id)
            conn.execute(text("INSERT INTO competency_terms (org_id, municipality_id, region_id, term, created_at,"
                              " created_by) VALUES (:a, :m, :r, 'Подлог', now(), 'b')"),
                         {"a": tenants.school_a, "m": tenants.m1_id, "r": tenants.region_id})
    finally:
        app.dispose()


def test_public_profiles_are_read_across_the_region_only_and_written_by_the_school(stack, tenants,
                                                                                   school_a_data) -> None:
    app = create_engine(stack.databases["registry"].app_url)
    mentor = school_a_data["mentor_id"]

    def visible(scope: str, org: str = "", municipality: str = "", region: str = "") -> bool:
        with app.connect() as conn, conn.begin():
            _context(conn, scope, org, municipality, region)
            return conn.execute(text("SELECT count(*) FROM public_mentor_profiles WHERE mentor_id = :id"),
                                {"id": mentor}).scalar_one() == 1

    try:
        assert visible("org", tenants.school_b, tenants.m2_id, tenants.region_id)
        assert visible("municipality", "", tenants.m2_id, tenants.region_id)
        assert visible("region", "", "", tenants.region_id)
        assert not visible("region", "", "", "00000000-0000-0000-0000-000000000001")
        assert not visible("platform") and not visible("")
        with app.connect() as conn, conn.begin():
            _context(conn, "region", "", "", tenants.region_id)
            assert conn.execute(text("UPDATE public_mentor_profiles SET capacity = 30 WHERE mentor_id = :id"),
                                {"id": mentor}).rowcount == 0
            columns = {r[0] for r in conn.execute(text(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'public_mentor_profiles'"))}
        assert columns == {"mentor_id", "org_id", "municipality_id", "region_id", "full_name", "organisation",
                           "origin", "subjects", "competencies", "capacity", "updated_at"}
    finally:
        app.dispose()


def test_the_import_worker_role_sees_only_the_queue_of_jobs(stack, school_a_data) -> None:
    system = create_engine(stack.databases["registry"].system_url)
    try:
        with system.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM import_jobs WHERE status IS NOT NULL")).scalar_one() >= 1
        # The worker may find the job ids that still hold preview rows (ADR 018), never what the rows say.
        with system.connect() as conn:
            assert isinstance(conn.execute(text("SELECT count(DISTINCT job_id) FROM import_rows")).scalar_one(), int)
        for query in ("SELECT content FROM import_jobs", "SELECT filename FROM import_jobs",
                      "SELECT data FROM import_rows", "SELECT errors FROM import_rows", "SELECT count(*) FROM persons"):
            with system.connect() as conn, pytest.raises(DBAPIError, match="permission denied"):
                conn.execute(text(query))
    finally:
        system.dispose()
