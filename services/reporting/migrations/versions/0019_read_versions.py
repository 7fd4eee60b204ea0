"""The version of the projections a reader sees (ADR 029): every transaction that writes a reporting table adds one to
its own slot of ``read_versions``, in the same transaction, by a statement trigger; the sum of the slots is the
version. Equal sums mean no write committed in between, so equal reads give equal answers.

Sixty-four slots by backend: concurrent writers rarely share a row lock, and the table never grows. A write bumps its
slot once per transaction (a transaction-local setting remembers it), not once per statement. No tenant data: every
tier may read it, as every tier's reads depend on it.

Revision ID: 0019
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

APP, SYSTEM = rls.app_role("reporting"), rls.system_role("reporting")
SLOTS = 64
UNVERSIONED = ("read_versions", "alembic_version")

BUMP = f"""CREATE OR REPLACE FUNCTION bump_read_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('reporting.read_version_bumped', true), '') <> '1' THEN
        PERFORM set_config('reporting.read_version_bumped', '1', true);
        INSERT INTO read_versions (slot, version) VALUES (pg_backend_pid() % {SLOTS}, 1)
        ON CONFLICT (slot) DO UPDATE SET version = read_versions.version + 1;
    END IF;
    RETURN NULL;
END $$"""


def versioned(table: str) -> str:
    """The trigger a new reporting table gets in its migration (tests/integration/test_read_versions.py checks)."""
    return (f"CREATE TRIGGER {table}_read_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION bump_read_version()")


def upgrade() -> None:
    op.execute("CREATE TABLE read_versions (slot integer PRIMARY KEY, version bigint NOT NULL)")
    for statement in [*rls.enable("read_versions"),
                      f"GRANT SELECT, INSERT, UPDATE ON read_versions TO {APP}, {SYSTEM}",
                      rls.policy("read_versions", "read_versions_any", role=f"{APP}, {SYSTEM}", using="true",
                                 check="true")]:
        op.execute(statement)
    op.execute(BUMP)
    tables = [row[0] for row in op.get_bind().exec_driver_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
        if row[0] not in UNVERSIONED]
    for table in tables:
        op.execute(versioned(table))


def downgrade() -> None:
    tables = [row[0] for row in op.get_bind().exec_driver_sql(
        "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE '%\\_read\\_version'")]
    for table in tables:
        op.execute(f"DROP TRIGGER {table}_read_version ON {table}")
    op.execute("DROP FUNCTION bump_read_version()")
    op.execute("DROP TABLE read_versions")
