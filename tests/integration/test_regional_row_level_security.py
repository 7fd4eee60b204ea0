"""Virtual mentoring across organisations at SQL level (ADR 009): the outer tier writes offers only inside its
reach, a school reads and decides only its own, the other tiers read what their scope covers; the registry's
system role reads request digests bound to an outer tier, and nothing that names a person."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.exc import DBAPIError


def _context(conn: Connection, scope: str, org_id: str = "", municipality_id: str = "", region_id: str = "") -> None:
    conn.execute(text("SELECT set_config('app.scope', :s, true), set_config('app.org_id', :o, true),"
                      " set_config('app.municipality_id', :m, true), set_config('app.region_id', :r, true)"),
                 {"s": scope, "o": org_id, "m": municipality_id, "r": region_id})


def _offer(conn: Connection, run: str, org: str, m: str, r: str) -> None:
    conn.execute(text("INSERT INTO regional_offers (run_id, org_id, municipality_id, region_id, proposed, created_at)"
                      " VALUES (:run, :org, :m, :r, 1, :now)"),
                 {"run": run, "org": org, "m": m, "r": r, "now": datetime.now(UTC)})


@pytest.fixture(scope="module")
def run_of_m1(stack, tenants) -> str:  # type: ignore[no-untyped-def]
    run = str(uuid.uuid4())
    app = create_engine(stack.databases["matching"].app_url)
    with app.connect() as conn, conn.begin():
        _context(conn, "municipality", municipality_id=tenants.m1_id, region_id=tenants.region_id)
        conn.execute(text("INSERT INTO regional_runs (id, municipality_id, region_id, scope, objective, weights,"
                          " created_by, created_at) VALUES (:id, :m, :r, 'municipality', 'max_score', '{}', 't',"
                          " :now)"), {"id": run, "m": tenants.m1_id, "r": tenants.region_id,
                                      "now": datetime.now(UTC)})
        _offer(conn, run, tenants.school_a, tenants.m1_id, tenants.region_id)
        conn.execute(text("INSERT INTO regional_offer_items (run_id, token, org_id, municipality_id, region_id,"
                          " mentor_id, mentor_name, mentor_organisation, mentor_org_id, mentor_capacity, form, score,"
                          " reasons, decision) VALUES (:run, :t, :org, :m, :r, :x, 'Публичный Наставник', 'Школа',"
                          " :y, 1, 'teacher_pupil', 1, '', 'pending')"),
                     {"run": run, "t": str(uuid.uuid4()), "org": tenants.school_a, "m": tenants.m1_id,
                      "r": tenants.region_id, "x": str(uuid.uuid4()), "y": tenants.school_c})
    app.dispose()
    return run


def test_the_outer_tier_offers_only_inside_its_reach(stack, tenants, run_of_m1) -> None:  # type: ignore[no-untyped-def]
    app = create_engine(stack.databases["matching"].app_url)
    try:
        with app.connect() as conn, conn.begin():
            _context(conn, "municipality", municipality_id=tenants.m1_id, region_id=tenants.region_id)
            with pytest.raises(DBAPIError, match="row-level security"):
                _offer(conn, run_of_m1, tenants.school_b, tenants.m2_id, tenants.region_id)
        with app.connect() as conn, conn.begin():
            _context(conn, "org", tenants.school_a, tenants.m1_id, tenants.region_id)
            with pytest.raises(DBAPIError, match="row-level security"):
                _offer(conn, run_of_m1, tenants.school_a, tenants.m1_id, tenants.region_id)
    finally:
        app.dispose()


def test_each_tier_reads_what_its_scope_covers_and_only_the_school_decides(stack, tenants, run_of_m1) -> None:  # type: ignore[no-untyped-def]
    app = create_engine(stack.databases["matching"].app_url)
    count = "SELECT count(*) FROM regional_offer_items WHERE run_id = :run"
    decide = "UPDATE regional_offer_items SET decision = 'declined', reason = 'нет' WHERE run_id = :run"
    try:
        for scope, org, m, expected in (("org", tenants.school_a, tenants.m1_id, 1),
                                        ("org", tenants.school_c, tenants.m1_id, 0),
                                        ("municipality", "", tenants.m2_id, 0),
                                        ("municipality", "", tenants.m1_id, 1), ("region", "", "", 1)):
            with app.connect() as conn:
                trans = conn.begin()
                _context(conn, scope, org, m, tenants.region_id)
                assert conn.execute(text(count), {"run": run_of_m1}).scalar() == expected, (scope, org, m)
                runs = conn.execute(text("SELECT count(*) FROM regional_runs WHERE id = :run"),
                                    {"run": run_of_m1}).scalar()
                assert runs == (1 if scope != "org" and m != tenants.m2_id else 0), (scope, m)
                changed = conn.execute(text(decide), {"run": run_of_m1}).rowcount
                assert changed == (1 if org == tenants.school_a else 0), (scope, org)
                trans.rollback()  # the decision was a probe: the next tier sees the row pending again
    finally:
        app.dispose()


def test_the_registry_system_role_reads_digests_but_no_name(stack, tenants) -> None:  # type: ignore[no-untyped-def]
    system = create_engine(stack.databases["registry"].system_url)
    try:
        with system.connect() as conn, conn.begin():
            _context(conn, "municipality", municipality_id=tenants.m1_id, region_id=tenants.region_id)
            conn.execute(text("SELECT r.id, r.topics, r.desired_form, m.person_kind FROM mentoring_requests r"
                              " JOIN mentees m ON m.id = r.mentee_id WHERE r.status = 'open'")).all()
        for forbidden in ("SELECT goal FROM mentoring_requests", "SELECT notes FROM mentees",
                          "SELECT person_id FROM mentees", "SELECT last_name FROM persons"):
            with system.connect() as conn, conn.begin():
                _context(conn, "municipality", municipality_id=tenants.m1_id, region_id=tenants.region_id)
                with pytest.raises(DBAPIError, match="permission denied"):
                    conn.execute(text(forbidden))
    finally:
        system.dispose()
