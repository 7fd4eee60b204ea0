"""The database itself refuses a foreign tenant, whatever the application code does."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from mentorship_kit import rls
from mentorship_kit.principal import Principal, Role, Scope
from tests.support import wait_until

SERVICES_WITH_TENANT_DATA = ("registry", "reporting", "matching", "monitoring")


def _context(conn, scope: str, org_id: str = "", municipality_id: str = "", region_id: str = "") -> None:  # type: ignore[no-untyped-def]
    conn.execute(text("SELECT set_config('app.scope', :s, true), set_config('app.org_id', :o, true),"
                      " set_config('app.municipality_id', :m, true), set_config('app.region_id', :r, true)"),
                 {"s": scope, "o": org_id, "m": municipality_id, "r": region_id})


@pytest.fixture(scope="module")
def mentor_of_a(tenants, gateway_container) -> str:  # type: ignore[no-untyped-def]
    curator_a = Principal(user_id="t", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG,
                          org_id=tenants.school_a, municipality_id=tenants.m1_id, region_id=tenants.region_id)
    bases = gateway_container.participants
    person = bases.add_person(curator_a, {"kind": "staff", "last_name": "Секретный", "first_name": "Наставник",
                                          "hired_on": "2015-09-01", "position": "Учитель"})
    bases.give_consent(curator_a, person.id, {"purpose": "participation", "given_by": "self"})
    return str(bases.register_mentor(curator_a, person.id, {"origin": "teacher", "capacity": 1}).id)


def test_school_b_context_sees_nothing_of_a_and_cannot_write_as_a(stack, tenants, mentor_of_a) -> None:
    app = create_engine(stack.databases["registry"].app_url)
    with app.connect() as conn, conn.begin():
        _context(conn, "org", tenants.school_b, tenants.m2_id, tenants.region_id)
        rows = conn.execute(text("SELECT id, full_name FROM mentors WHERE org_id = :a"), {"a": tenants.school_a}).all()
        assert rows == []
        assert conn.execute(text("SELECT count(*) FROM mentors WHERE id = :id"), {"id": mentor_of_a}).scalar() == 0
    with app.connect() as conn, conn.begin():
        _context(conn, "org", tenants.school_b, tenants.m2_id, tenants.region_id)
        with pytest.raises(DBAPIError, match="row-level security"):
            conn.execute(text(
                "INSERT INTO mentors (id, org_id, municipality_id, region_id, full_name, origin, capacity,"
                " registered_at, registered_by) VALUES (:id, :org, :m, :r, 'Подлог', 'teacher', 1, :now, 'b')"),
                {"id": str(uuid.uuid4()), "org": tenants.school_a, "m": tenants.m1_id, "r": tenants.region_id,
                 "now": datetime.now(UTC)})
    with app.connect() as conn, conn.begin():
        _context(conn, "org", tenants.school_b, tenants.m2_id, tenants.region_id)
        changed = conn.execute(text("UPDATE mentors SET full_name = 'Взлом' WHERE id = :id"), {"id": mentor_of_a})
        assert changed.rowcount == 0
    app.dispose()


def test_school_a_context_does_see_its_own_row(stack, tenants, mentor_of_a) -> None:
    app = create_engine(stack.databases["registry"].app_url)
    with app.connect() as conn, conn.begin():
        _context(conn, "org", tenants.school_a, tenants.m1_id, tenants.region_id)
        assert conn.execute(text("SELECT full_name FROM mentors WHERE id = :id"), {"id": mentor_of_a}).scalar() \
            == "Секретный Наставник"
    app.dispose()


@pytest.mark.parametrize("scope", ["", "municipality", "region", "platform"])
def test_outer_contour_and_missing_context_see_no_personal_data(stack, tenants, mentor_of_a, scope) -> None:
    app = create_engine(stack.databases["registry"].app_url)
    with app.connect() as conn, conn.begin():
        if scope:
            _context(conn, scope, "", tenants.m1_id, tenants.region_id)
        assert conn.execute(text("SELECT count(*) FROM mentors")).scalar() == 0
    app.dispose()


def test_application_role_may_append_to_the_outbox_but_never_read_it(stack, tenants) -> None:
    app = create_engine(stack.databases["registry"].app_url)
    with app.connect() as conn, conn.begin(), pytest.raises(DBAPIError, match="permission denied"):
        _context(conn, "org", tenants.school_a, tenants.m1_id, tenants.region_id)
        conn.execute(text("SELECT count(*) FROM outbox"))
    app.dispose()


def test_reporting_counts_are_tiered(stack, tenants, mentor_of_a) -> None:
    app = create_engine(stack.databases["reporting"].app_url)

    def visible(scope: str, org: str = "", municipality: str = "", region: str = "") -> set[str]:
        with app.connect() as conn, conn.begin():
            _context(conn, scope, org, municipality, region)
            return {str(r[0]) for r in conn.execute(text(
                "SELECT org_id FROM participant_counts WHERE facet = 'mentor'")).all()}

    wait_until(lambda: tenants.school_a in visible("region", region=tenants.region_id), what="projection of A")
    assert tenants.school_a not in visible("org", tenants.school_b, tenants.m2_id, tenants.region_id)
    assert tenants.school_a not in visible("municipality", municipality=tenants.m2_id, region=tenants.region_id)
    assert tenants.school_a in visible("municipality", municipality=tenants.m1_id, region=tenants.region_id)
    assert visible("") == set()
    with app.connect() as conn, conn.begin(), pytest.raises(DBAPIError, match="permission denied"):
        _context(conn, "region", region_id=tenants.region_id)
        conn.execute(text("UPDATE participant_counts SET count = count + 100"))
    app.dispose()


@pytest.mark.parametrize("service", SERVICES_WITH_TENANT_DATA)
def test_every_table_has_forced_rls_and_roles_cannot_bypass_it(stack, service) -> None:
    admin = create_engine(stack.databases[service].admin_url)
    with admin.connect() as conn:
        tables = conn.execute(text(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner)"
            " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'alembic_version'")).all()
        roles = conn.execute(text(
            "SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname IN (:app, :system)"),
            {"app": f"{service}_app", "system": f"{service}_system"}).all()
    admin.dispose()
    assert tables, "no tables found"
    assert [t.relname for t in tables if not (t.relrowsecurity and t.relforcerowsecurity)] == []
    assert {t[3] for t in tables}.isdisjoint({f"{service}_app", f"{service}_system"})
    assert sorted((r.rolname, r.rolsuper, r.rolbypassrls) for r in roles) == [
        (f"{service}_app", False, False), (f"{service}_system", False, False)]


def test_a_roster_upload_is_seen_by_its_region_only(stack, tenants) -> None:  # type: ignore[no-untyped-def]
    """The gateway's roster uploads hold curators' names and e-mails: another region, a school or a session
    without context sees nothing, and may not write one for the region."""
    upload = str(uuid.uuid4())
    admin = create_engine(stack.databases["gateway"].admin_url)
    with admin.begin() as conn:
        conn.execute(text("INSERT INTO roster_uploads (id, region_id, author_id, filename, rows, problems, status)"
                          " VALUES (:id, :r, 't', 'реестр.xlsx', '[{\"email\": \"curator@school.example\"}]',"
                          " '[]', 'preview')"), {"id": upload, "r": tenants.region_id})
    admin.dispose()
    app = create_engine(stack.databases["gateway"].app_url)
    other_region = str(uuid.uuid4())
    seen = {}
    for name, scope, region in (("own", "region", tenants.region_id), ("other", "region", other_region),
                                ("school", "org", tenants.region_id), ("none", "", ""),
                                ("platform", "platform", "")):
        with app.begin() as conn:
            _context(conn, scope, org_id=tenants.school_a if scope == "org" else "", region_id=region)
            seen[name] = conn.execute(text("SELECT count(*) FROM roster_uploads WHERE id = :id"),
                                      {"id": upload}).scalar()
    assert seen == {"own": 1, "other": 0, "school": 0, "none": 0, "platform": 1}
    with pytest.raises(DBAPIError), app.begin() as conn:
        _context(conn, "region", region_id=other_region)
        conn.execute(text("INSERT INTO roster_uploads (id, region_id, author_id, filename, rows, problems, status)"
                          " VALUES (:id, :r, 't', 'x.xlsx', '[]', '[]', 'preview')"),
                     {"id": str(uuid.uuid4()), "r": tenants.region_id})
    app.dispose()


def test_school_b_cannot_read_a_s_program_evaluation_and_nobody_can_change_a_completed_one(stack, tenants) -> None:  # type: ignore[no-untyped-def]
    """Issue 13 (ADR 013): an evaluation row of school A is invisible to school B and to the outer contour in
    monitoring (they see levels through reporting), cannot be inserted as A by B, and is frozen for A itself: the
    application role has no UPDATE or DELETE on it."""
    app = create_engine(stack.databases["monitoring"].app_url)
    evaluation_id = str(uuid.uuid4())
    insert = text("INSERT INTO program_evaluations (id, org_id, municipality_id, region_id, period, version, scores,"
                  " notes, total, level, commission, reason, completed_by, completed_at) VALUES (:id, :org, :m, :r,"
                  " '2025-2026', 1, '{}', '{}', 12, 'acceptable', 'Комиссия', '', 'u', now())")
    a = {"org": tenants.school_a, "m": tenants.m1_id, "r": tenants.region_id}
    with app.connect() as conn, conn.begin():
        _context(conn, "org", tenants.school_a, tenants.m1_id, tenants.region_id)
        conn.execute(insert, {"id": evaluation_id, **a})
    with app.connect() as conn, conn.begin():
        _context(conn, "org", tenants.school_b, tenants.m2_id, tenants.region_id)
        assert conn.execute(text("SELECT count(*) FROM program_evaluations WHERE id = :id"),
                            {"id": evaluation_id}).scalar() == 0
    for scope in ("municipality", "region", ""):
        with app.connect() as conn, conn.begin():
            if scope:
                _context(conn, scope, "", tenants.m1_id, tenants.region_id)
            assert conn.execute(text("SELECT count(*) FROM program_evaluations")).scalar() == 0
    with app.connect() as conn, conn.begin():
        _context(conn, "org", tenants.school_b, tenants.m2_id, tenants.region_id)
        with pytest.raises(DBAPIError, match="row-level security"):
            conn.execute(insert, {"id": str(uuid.uuid4()), **a})
    for statement in ("UPDATE program_evaluations SET total = 18 WHERE id = :id",
                      "DELETE FROM program_evaluations WHERE id = :id"):
        with app.connect() as conn, conn.begin():
            _context(conn, "org", tenants.school_a, tenants.m1_id, tenants.region_id)
            with pytest.raises(DBAPIError, match="permission denied"):
                conn.execute(text(statement), {"id": evaluation_id})
    with app.connect() as conn, conn.begin():
        _context(conn, "org", tenants.school_a, tenants.m1_id, tenants.region_id)
        assert conn.execute(text("SELECT total FROM program_evaluations WHERE id = :id"),
                            {"id": evaluation_id}).scalar() == 12
    app.dispose()


def test_a_bulk_insert_from_json_is_checked_row_by_row(stack, tenants) -> None:
    """``insert_rows`` (one INSERT from a JSON array, ADR 027) is refused whole when one row is another school's."""
    from sqlalchemy.orm import Session

    from mentorship_kit.bulk_insert import insert_rows
    from registry.adapters.participant_tables import persons

    app = create_engine(stack.databases["registry"].app_url)
    now = datetime.now(UTC)

    def person(org: str, municipality: str, key: str) -> dict[str, object]:
        return {"id": str(uuid.uuid4()), "org_id": org, "municipality_id": municipality,
                "region_id": tenants.region_id, "kind": "student", "external_key": key, "last_name": "Пакетный",
                "first_name": "Ученик", "middle_name": "", "birth_date": now.date(), "class_name": "5А",
                "guardian_name": "", "guardian_contact": "", "position": "", "education": "", "affiliation": "",
                "email": "", "phone": "", "created_at": now, "created_by": "t", "updated_at": now, "version": 1}

    tag = uuid.uuid4().hex[:8]
    own = [person(tenants.school_b, tenants.m2_id, f"bulk-{tag}-{i}") for i in range(3)]
    with Session(app) as session, session.begin():
        _context(session, "org", tenants.school_b, tenants.m2_id, tenants.region_id)
        with pytest.raises(DBAPIError, match="row-level security"):
            insert_rows(session, persons, [*own, person(tenants.school_a, tenants.m1_id, f"bulk-{tag}-x")])
    with Session(app) as session, session.begin():
        _context(session, "org", tenants.school_b, tenants.m2_id, tenants.region_id)
        assert session.execute(text("SELECT count(*) FROM persons WHERE external_key LIKE :k"),
                               {"k": f"bulk-{tag}-%"}).scalar() == 0, "nothing of the refused statement stays"
        insert_rows(session, persons, own)
        found = session.execute(text("SELECT birth_date, created_at, full_name FROM persons WHERE external_key = :k"),
                                {"k": own[0]["external_key"]}).one()
    assert (found.birth_date, found.created_at, found.full_name) == (now.date(), now, "Пакетный Ученик")
    app.dispose()


@pytest.mark.parametrize("service", (*SERVICES_WITH_TENANT_DATA, "gateway"))
def test_every_policy_reads_the_callers_context_once_per_statement(stack, service) -> None:  # type: ignore[no-untyped-def]
    """ADR 033: a context function called per row cost a fifth of PostgreSQL's CPU on the region's page. Every policy
    of the migrated database spells its calls as scalar subqueries, and the planner runs them once (InitPlan)."""
    admin = create_engine(stack.databases[service].admin_url)
    with admin.connect() as conn:
        policies = conn.execute(text("SELECT tablename, policyname, coalesce(qual, ''), coalesce(with_check, '')"
                                     " FROM pg_policies WHERE schemaname = 'public'")).all()
    admin.dispose()
    assert any("app_" in using + check for _, _, using, check in policies), "no tenant policy found"
    assert [(table, name) for table, name, using, check in policies
            if rls.once_per_statement(using) != using or rls.once_per_statement(check) != check] == []


def test_the_tiered_read_evaluates_the_context_once(stack, tenants) -> None:  # type: ignore[no-untyped-def]
    app = create_engine(stack.databases["reporting"].app_url)
    with app.begin() as conn:
        _context(conn, "region", region_id=tenants.region_id)
        plan = [r[0] for r in conn.execute(text("EXPLAIN VERBOSE SELECT count(*) FROM organisation_units"))]
    app.dispose()
    filters = [line for line in plan if line.strip().startswith("Filter:")]
    assert any("InitPlan" in line for line in plan) and filters, plan
    assert not any("current_setting" in line for line in filters), plan
