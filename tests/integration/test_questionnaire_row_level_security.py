"""Questionnaires under row-level security (issue 13, ADR 012): school B sees and changes nothing of school A's
questionnaires, invitations and answers; the outer contour and a missing context see nothing; a link's token admits
its one invitation — read only — and nothing else of the school."""

from __future__ import annotations

import hashlib
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

TABLES = ("questionnaires", "questionnaire_invitations", "questionnaire_responses", "response_respondents")
TOKEN = "integration-token-" + uuid.uuid4().hex


def _context(conn, scope: str, org_id: str = "", municipality_id: str = "", region_id: str = "",  # type: ignore[no-untyped-def]
             token_hash: str = "") -> None:
    conn.execute(text("SELECT set_config('app.scope', :s, true), set_config('app.org_id', :o, true),"
                      " set_config('app.municipality_id', :m, true), set_config('app.region_id', :r, true),"
                      " set_config('app.token_hash', :h, true)"),
                 {"s": scope, "o": org_id, "m": municipality_id, "r": region_id, "h": token_hash})


@pytest.fixture(scope="module")
def rows_of_a(stack, tenants) -> dict[str, str]:  # type: ignore[no-untyped-def]
    ids = {"q": str(uuid.uuid4()), "inv": str(uuid.uuid4()), "resp": str(uuid.uuid4())}
    tenant = {"org": tenants.school_a, "m": tenants.m1_id, "r": tenants.region_id}
    app = create_engine(stack.databases["monitoring"].app_url)
    with app.connect() as conn, conn.begin():
        _context(conn, "org", tenants.school_a, tenants.m1_id, tenants.region_id)
        conn.execute(text(
            "INSERT INTO questionnaires (id, org_id, municipality_id, region_id, series_id, version, title, purpose,"
            " forms, anonymous, status, sections, created_by, created_at) VALUES (:q, :org, :m, :r, :q, 1,"
            " 'Тайная анкета', 'candidate_mentee', '[\"student_student\"]', false, 'published', '[]', 't', now())"),
            {"q": ids["q"], **tenant})
        conn.execute(text(
            "INSERT INTO questionnaire_invitations (id, org_id, municipality_id, region_id, questionnaire_id,"
            " token_hash, respondent_kind, respondent_id, label, pair_id, stage, run_id, who_id, options, expires_at,"
            " used, created_by, created_at) VALUES (:inv, :org, :m, :r, :q, :h, 'mentee', '', 'Тайный ученик', '',"
            " '', '', '', '[]', now() + interval '1 day', false, 't', now())"),
            {"inv": ids["inv"], "q": ids["q"], "h": hashlib.sha256(TOKEN.encode()).hexdigest(), **tenant})
        conn.execute(text(
            "INSERT INTO questionnaire_responses (id, org_id, municipality_id, region_id, questionnaire_id, channel,"
            " submitted_on, answers) VALUES (:resp, :org, :m, :r, :q, 'paper', now(), '{\"q1\": [\"Тайна\"]}')"),
            {"resp": ids["resp"], "q": ids["q"], **tenant})
        conn.execute(text(
            "INSERT INTO response_respondents (response_id, org_id, municipality_id, region_id, respondent_kind,"
            " respondent_id, label, pair_id, stage, submitted_at, recorded_by) VALUES (:resp, :org, :m, :r,"
            " 'mentee', '', 'Тайный ученик', '', '', now(), 't')"), {"resp": ids["resp"], **tenant})
    app.dispose()
    return ids


def test_school_b_sees_and_changes_nothing_of_a(stack, tenants, rows_of_a) -> None:  # type: ignore[no-untyped-def]
    app = create_engine(stack.databases["monitoring"].app_url)
    with app.connect() as conn, conn.begin():
        _context(conn, "org", tenants.school_b, tenants.m2_id, tenants.region_id)
        assert [conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES] == [0] * len(TABLES)
        assert conn.execute(text("UPDATE questionnaires SET title = 'взлом' WHERE id = :id"),
                            {"id": rows_of_a["q"]}).rowcount == 0
        assert conn.execute(text("UPDATE questionnaire_invitations SET used = true WHERE id = :id"),
                            {"id": rows_of_a["inv"]}).rowcount == 0
    with app.connect() as conn, conn.begin():
        _context(conn, "org", tenants.school_b, tenants.m2_id, tenants.region_id)
        with pytest.raises(DBAPIError, match="row-level security"):
            conn.execute(text(
                "INSERT INTO questionnaire_responses (id, org_id, municipality_id, region_id, questionnaire_id,"
                " channel, submitted_on, answers) VALUES (:id, :org, :m, :r, :q, 'paper', now(), '{}')"),
                {"id": str(uuid.uuid4()), "org": tenants.school_a, "m": tenants.m1_id, "r": tenants.region_id,
                 "q": rows_of_a["q"]})
    with app.connect() as conn, conn.begin():
        _context(conn, "org", tenants.school_a, tenants.m1_id, tenants.region_id)
        assert conn.execute(text("SELECT title FROM questionnaires WHERE id = :i"),
                            {"i": rows_of_a["q"]}).scalar() == "Тайная анкета"
    app.dispose()


@pytest.mark.parametrize("scope", ["", "municipality", "region", "platform", "system"])
def test_outer_contour_and_missing_context_see_nothing(stack, tenants, rows_of_a, scope) -> None:  # type: ignore[no-untyped-def]
    app = create_engine(stack.databases["monitoring"].app_url)
    with app.connect() as conn, conn.begin():
        if scope:
            _context(conn, scope, "", tenants.m1_id, tenants.region_id)
        assert [conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES] == [0] * len(TABLES)
    app.dispose()


def test_a_token_admits_its_one_invitation_read_only(stack, tenants, rows_of_a) -> None:  # type: ignore[no-untyped-def]
    app = create_engine(stack.databases["monitoring"].app_url)
    right = hashlib.sha256(TOKEN.encode()).hexdigest()
    with app.connect() as conn, conn.begin():
        _context(conn, "system", token_hash=hashlib.sha256(b"wrong").hexdigest())
        assert conn.execute(text("SELECT count(*) FROM questionnaire_invitations")).scalar() == 0
    with app.connect() as conn, conn.begin():
        _context(conn, "system", token_hash=right)
        assert conn.execute(text("SELECT id::text FROM questionnaire_invitations")).scalars().all() == [
            rows_of_a["inv"]]
        counts = [conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES if "invitation" not in t]
        assert counts == [0, 0, 0], "the token shows the invitation only: no questionnaire row, no answers"
        assert conn.execute(text("UPDATE questionnaire_invitations SET used = true")).rowcount == 0
    app.dispose()
