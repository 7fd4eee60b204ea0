"""SQL for row-level security, shared by every service's migrations so policies read the same everywhere.

Roles per service: ``<service>_app`` (the application; RLS applies) and ``<service>_system`` (the named
role of the short list of cross-tenant jobs: outbox relay, projections). Neither owns tables, is
superuser or has BYPASSRLS. Every table gets RLS enabled *and forced*.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import Connection, text

CONTEXT_FUNCTIONS = [
    """CREATE OR REPLACE FUNCTION app_scope() RETURNS text LANGUAGE sql STABLE
       AS $$ SELECT NULLIF(current_setting('app.scope', true), '') $$""",
    """CREATE OR REPLACE FUNCTION app_org_id() RETURNS uuid LANGUAGE sql STABLE
       AS $$ SELECT NULLIF(current_setting('app.org_id', true), '')::uuid $$""",
    """CREATE OR REPLACE FUNCTION app_municipality_id() RETURNS uuid LANGUAGE sql STABLE
       AS $$ SELECT NULLIF(current_setting('app.municipality_id', true), '')::uuid $$""",
    """CREATE OR REPLACE FUNCTION app_region_id() RETURNS uuid LANGUAGE sql STABLE
       AS $$ SELECT NULLIF(current_setting('app.region_id', true), '')::uuid $$""",
]

# The caller's user id, bound with the tenant by ``db.bind_tenant`` (``app.user_id``): a policy of the ``assigned``
# reach (a tutor's routes, ADR 011) compares a row's assignee with it. Created by the migration that first needs it.
USER_FUNCTION = """CREATE OR REPLACE FUNCTION app_user_id() RETURNS text LANGUAGE sql STABLE
   AS $$ SELECT NULLIF(current_setting('app.user_id', true), '') $$"""

# A tutor (region scope) reaches a row assigned to him or her within the region — never by tier alone.
ASSIGNED_TUTOR = ("app_scope() = 'region' AND region_id = app_region_id() AND tutor_user_id IS NOT NULL"
                  " AND tutor_user_id = app_user_id()")

# The caller's roles, bound with the tenant by ``db.bind_tenant`` (``app.roles``, comma-separated): a juror's login
# has the region's scope but reaches only the contests he or she judges (ADR 023). Created by the migration that
# first needs it.
ROLES_FUNCTION = """CREATE OR REPLACE FUNCTION app_has_role(wanted text) RETURNS boolean LANGUAGE sql STABLE
   AS $$ SELECT wanted = ANY(string_to_array(coalesce(current_setting('app.roles', true), ''), ',')) $$"""


_CONTEXT_CALL = re.compile(
    r"(?<!SELECT )\b(app_(?:scope|org_id|municipality_id|region_id|user_id|participant_role|participant_id)\(\)"
    r"|app_has_role\('[^']*'(?:::text)?\))")
_CACHED_CALL = re.compile(r"\(\s*SELECT (app_[a-z_]+\((?:'[^']*'(?:::text)?)?\))(?: AS [a-z_]+)?\)")


def once_per_statement(expression: str) -> str:
    """``expression`` with each call of a context function as a scalar subquery, ``(SELECT app_scope())``: PostgreSQL
    then reads the setting once per statement (an InitPlan) instead of once per row. The same rows pass — the
    settings are the transaction's, constant within a statement; on the region's page the per-row calls were a fifth
    of PostgreSQL's CPU (ADR 033). ``policy`` and ``own_policy`` spell their expressions so."""
    return _CONTEXT_CALL.sub(r"(SELECT \1)", expression)


def per_row(expression: str) -> str:
    """The calls of ``once_per_statement`` back as plain calls (in PostgreSQL's own spelling of a policy, too)."""
    return _CACHED_CALL.sub(r"\1", expression)


def rewrite_policies(connection: Connection, rewrite: Callable[[str], str]) -> int:
    """Every policy of the database's schema with its USING and WITH CHECK expressions rewritten (``ALTER POLICY``
    keeps its name, command, roles and kind); the number of policies changed."""
    changed = 0
    for table, name, using, check in connection.execute(text(
            "SELECT tablename, policyname, qual, with_check FROM pg_policies WHERE schemaname = current_schema()")):
        clauses = [f"{clause} ({new})" for clause, found in (("USING", using), ("WITH CHECK", check))
                   if found is not None and (new := rewrite(found)) != found]
        if clauses:
            connection.execute(text(f'ALTER POLICY "{name}" ON "{table}" ' + " ".join(clauses)))
            changed += 1
    return changed


def has_role(role: str) -> str:
    return f"app_has_role('{role}')"


# A mentor's or a teacher mentee's login (ADR 010): which participant it is, bound by the unit of work; NULL for staff.
PARTICIPANT_FUNCTIONS = [
    """CREATE OR REPLACE FUNCTION app_participant_role() RETURNS text LANGUAGE sql STABLE
       AS $$ SELECT NULLIF(current_setting('app.participant_role', true), '') $$""",
    """CREATE OR REPLACE FUNCTION app_participant_id() RETURNS uuid LANGUAGE sql STABLE
       AS $$ SELECT NULLIF(current_setting('app.participant_id', true), '')::uuid $$""",
]


def own_rows(*, mentor: str, mentee: str) -> str:
    """Staff pass; a mentor sees the rows where ``mentor`` holds his card id, a mentee where ``mentee`` holds hers.
    Each side is a boolean SQL expression over the row (``'false'`` when that role has nothing here)."""
    return (f"app_participant_role() IS NULL OR (app_participant_role() = 'mentor' AND ({mentor}))"
            f" OR (app_participant_role() = 'mentee' AND ({mentee}))")


def own_policy(table: str, *, role: str, using: str) -> str:
    """A *restrictive* policy: ANDed with the table's tenant policies, so a participant's login keeps only its own
    pairs' rows on top of its school's (``SET LOCAL app.participant_*`` by the unit of work)."""
    using = once_per_statement(using)
    return (f"CREATE POLICY {table}_own ON {table} AS RESTRICTIVE FOR ALL TO {role}"
            f" USING ({using}) WITH CHECK ({using})")


# Who may read a row that carries org/municipality/region ids, by the caller's scope.
TIERED_VISIBILITY = """CASE app_scope()
    WHEN 'org' THEN org_id = app_org_id()
    WHEN 'municipality' THEN municipality_id = app_municipality_id()
    WHEN 'region' THEN region_id = app_region_id()
    WHEN 'platform' THEN true
    ELSE false END"""

# Personal data stays in the school: only the organisation's own inner contour sees it.
ORG_ONLY = "app_scope() = 'org' AND org_id = app_org_id()"


def app_role(service: str) -> str:
    return f"{service}_app"


def system_role(service: str) -> str:
    return f"{service}_system"


def enable(table: str) -> list[str]:
    return [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY"]


def policy(table: str, name: str, *, role: str, command: str = "ALL", using: str | None = None,
           check: str | None = None) -> str:
    sql = f"CREATE POLICY {name} ON {table} AS PERMISSIVE FOR {command} TO {role}"
    if using is not None:
        sql += f" USING ({once_per_statement(using)})"
    if check is not None:
        sql += f" WITH CHECK ({once_per_statement(check)})"
    return sql


def outbox_policies(service: str) -> list[str]:
    """The application may only append (inside a bound tenant); the relay reads and marks."""
    app, system = app_role(service), system_role(service)
    return [
        *enable("outbox"),
        f"GRANT INSERT ON outbox TO {app}",
        f"GRANT SELECT, UPDATE ON outbox TO {system}",
        policy("outbox", "outbox_append", role=app, command="INSERT", check="app_scope() IS NOT NULL"),
        policy("outbox", "outbox_relay", role=system, using="true", check="true"),
    ]


def projection_policies(service: str, table: str, *, projector_may: str = "SELECT, INSERT, UPDATE") -> list[str]:
    """A read model: each tier reads its slice, only the service's projector (system role) writes it."""
    app, system = app_role(service), system_role(service)
    return [
        *enable(table),
        f"GRANT SELECT ON {table} TO {app}",
        f"GRANT {projector_may} ON {table} TO {system}",
        policy(table, f"{table}_read", role=app, command="SELECT", using=TIERED_VISIBILITY),
        policy(table, f"{table}_project", role=system, using="true", check="true"),
    ]


def consumer_policies(service: str) -> list[str]:
    system = system_role(service)
    statements: list[str] = []
    for table in ("processed_events", "failed_events"):
        statements += [
            *enable(table),
            f"GRANT SELECT, INSERT ON {table} TO {system}",
            policy(table, f"{table}_consumer", role=system, using="true", check="true"),
        ]
    return statements


# Frozen DDL of the shared tables, for migrations (which must not follow later edits of ``Table`` objects).
OUTBOX_V1 = [
    """CREATE TABLE outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        topic text NOT NULL,
        message_key text NOT NULL,
        envelope jsonb NOT NULL,
        trace_headers jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
    )""",
    "CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL",
]

OUTBOX_CHANNEL = "outbox"
# A commit that wrote the outbox rings the relay (ADR 032): one notification per statement, and PostgreSQL folds the
# same notification of one transaction into one; the relay sleeps until it comes instead of polling.
OUTBOX_NOTIFY_V1 = [
    f"""CREATE FUNCTION notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{OUTBOX_CHANNEL}', '');
    RETURN NULL;
END $$""",
    "CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox()",
]
OUTBOX_NOTIFY_V1_DOWN = ["DROP TRIGGER outbox_notify ON outbox", "DROP FUNCTION notify_outbox()"]

CONSUMER_TABLES_V1 = [
    """CREATE TABLE processed_events (
        event_id uuid PRIMARY KEY,
        event_type text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now()
    )""",
    """CREATE TABLE failed_events (
        event_id text PRIMARY KEY,
        topic text NOT NULL,
        raw text NOT NULL,
        error text NOT NULL,
        failed_at timestamptz NOT NULL DEFAULT now()
    )""",
]
