"""Matching's runs, proposals and pairs at SQL level: a foreign school, the outer contour and a missing context see
nothing; the consumer's system role reaches only the school it bound (ADR 006)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.exc import DBAPIError

TABLES = ("matching_runs", "run_proposals", "pairs")


def _context(conn: Connection, scope: str, org_id: str = "", municipality_id: str = "", region_id: str = "") -> None:
    conn.execute(text("SELECT set_config('app.scope', :s, true), set_config('app.org_id', :o, true),"
                      " set_config('app.municipality_id', :m, true), set_config('app.region_id', :r, true)"),
                 {"s": scope, "o": org_id, "m": municipality_id, "r": region_id})


@pytest.fixture(scope="module")
def rows_of_a(stack, tenants) -> dict[str, str]:  # type: ignore[no-untyped-def]
    ids = {"run": str(uuid.uuid4()), "pair": str(uuid.uuid4())}
    tenant = {"org": tenants.school_a, "m": tenants.m1_id, "r": tenants.region_id}
    app = create_engine(stack.databases["matching"].app_url)
    now = datetime.now(UTC)
    with app.connect() as conn, conn.begin():
        _context(conn, "org", tenants.school_a, tenants.m1_id, tenants.region_id)
        conn.execute(text(
            "INSERT INTO matching_runs (id, org_id, municipality_id, region_id, mode, objective, weights, status,"
            " created_by, created_at) VALUES (:id, :org, :m, :r, 'optimal', 'max_score', '{}', 'draft', 't', :now)"),
            {"id": ids["run"], "now": now, **tenant})
        conn.execute(text(
            "INSERT INTO run_proposals (run_id, request_id, mentor_id, org_id, municipality_id, region_id, mentee_id,"
            " mentee_name, mentor_name, form, score, reasons, rank) VALUES (:run, :x, :y, :org, :m, :r, :z,"
            " 'Тайный Ученик', 'Тайный Наставник', 'teacher_pupil', 1, '', 1)"),
            {"run": ids["run"], "x": str(uuid.uuid4()), "y": str(uuid.uuid4()), "z": str(uuid.uuid4()), **tenant})
        conn.execute(text(
            "INSERT INTO pairs (id, org_id, municipality_id, region_id, run_id, request_id, mentee_id, mentee_name,"
            " mentor_id, mentor_name, form, kind, term_start, term_end, reporting, status, created_by, created_at)"
            " VALUES (:id, :org, :m, :r, :run, :x, :z, 'Тайный Ученик', :y, 'Тайный Наставник', 'teacher_pupil',"
            " 'individual', :start, :end, 'monthly', 'active', 't', :now)"),
            {"id": ids["pair"], "run": ids["run"], "x": str(uuid.uuid4()), "y": str(uuid.uuid4()),
             "z": str(uuid.uuid4()), "start": date(2026, 9, 1), "end": date(2027, 5, 31), "now": now, **tenant})
    app.dispose()
    return ids


def _own_rows_seen(conn: Connection, rows: dict[str, str]) -> list[int]:
    """How many of the fixture's own run, proposal and pair the connection sees."""
    return [conn.execute(text(query), {"run": rows["run"], "pair": rows["pair"]}).scalar_one() for query in (
        "SELECT count(*) FROM matching_runs WHERE id = :run", "SELECT count(*) FROM run_proposals WHERE run_id = :run",
        "SELECT count(*) FROM pairs WHERE id = :pair")]


def test_school_b_sees_and_changes_nothing_of_a(stack, tenants, rows_of_a) -> None:  # type: ignore[no-untyped-def]
    app = create_engine(stack.databases["matching"].app_url)
    with app.connect() as conn, conn.begin():
        _context(conn, "org", tenants.school_b, tenants.m2_id, tenants.region_id)
        # Other tests work in these schools too: B must see none of A's rows, whatever rows of its own it has.
        assert [conn.execute(text(f"SELECT count(*) FROM {t} WHERE org_id = :a"), {"a": tenants.school_a}).scalar()
                for t in TABLES] == [0, 0, 0]
        assert _own_rows_seen(conn, rows_of_a) == [0, 0, 0]
        assert conn.execute(text("UPDATE pairs SET status = 'closed' WHERE id = :id"),
                            {"id": rows_of_a["pair"]}).rowcount == 0
    with app.connect() as conn, conn.begin():
        _context(conn, "org", tenants.school_b, tenants.m2_id, tenants.region_id)
        with pytest.raises(DBAPIError, match="row-level security"):
            conn.execute(text(
                "INSERT INTO matching_runs (id, org_id, municipality_id, region_id, mode, objective, weights, status,"
                " created_by, created_at) VALUES (:id, :org, :m, :r, 'manual', 'max_score', '{}', 'draft', 'b',"
                " now())"), {"id": str(uuid.uuid4()), "org": tenants.school_a, "m": tenants.m1_id,
                             "r": tenants.region_id})
    with app.connect() as conn, conn.begin():
        _context(conn, "org", tenants.school_a, tenants.m1_id, tenants.region_id)
        assert _own_rows_seen(conn, rows_of_a) == [1, 1, 1]
    app.dispose()


@pytest.mark.parametrize("scope", ["", "municipality", "region", "platform"])
def test_outer_contour_and_missing_context_see_no_pairs(stack, tenants, rows_of_a, scope) -> None:  # type: ignore[no-untyped-def]
    app = create_engine(stack.databases["matching"].app_url)
    with app.connect() as conn, conn.begin():
        if scope:
            _context(conn, scope, "", tenants.m1_id, tenants.region_id)
        assert [conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES] == [0, 0, 0]
    app.dispose()


def test_the_consumer_role_reaches_only_the_school_it_bound(stack, tenants, rows_of_a) -> None:  # type: ignore[no-untyped-def]
    system = create_engine(stack.databases["matching"].system_url)
    with system.connect() as conn, conn.begin():
        assert conn.execute(text("SELECT count(*) FROM pairs")).scalar() == 0
        _context(conn, "org", tenants.school_b, tenants.m2_id, tenants.region_id)
        assert conn.execute(text("SELECT count(*) FROM pairs")).scalar() == 0
    with system.connect() as conn, conn.begin():
        _context(conn, "org", tenants.school_a, tenants.m1_id, tenants.region_id)
        assert conn.execute(text("SELECT count(*) FROM pairs WHERE id = :id"), {"id": rows_of_a["pair"]}).scalar() == 1
    with system.connect() as conn, conn.begin(), pytest.raises(DBAPIError, match="permission denied"):
        _context(conn, "org", tenants.school_a, tenants.m1_id, tenants.region_id)
        conn.execute(text("SELECT count(*) FROM matching_runs"))
    system.dispose()
