"""Sessions that carry the principal and (for SSO) the IdP's tokens; login flows; login failures; audit.

Revision ID: 0002
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

APP = rls.app_role("gateway")


def upgrade() -> None:
    for statement in rls.CONTEXT_FUNCTIONS:
        op.execute(statement)
    op.execute("DELETE FROM sessions")  # sessions of the old shape cannot be resolved any more
    op.execute("""
        ALTER TABLE sessions
            ALTER COLUMN account_id DROP NOT NULL,
            ADD COLUMN idp text NOT NULL DEFAULT 'local',
            ADD COLUMN subject text NOT NULL,
            ADD COLUMN username text NOT NULL,
            ADD COLUMN display_name text NOT NULL,
            ADD COLUMN roles text[] NOT NULL,
            ADD COLUMN scope text NOT NULL,
            ADD COLUMN org_id uuid,
            ADD COLUMN municipality_id uuid,
            ADD COLUMN region_id uuid,
            ADD COLUMN access_token text,
            ADD COLUMN refresh_token text,
            ADD COLUMN id_token text,
            ADD COLUMN access_expires_at timestamptz""")
    op.execute("""
        ALTER TABLE accounts
            ADD COLUMN idp text NOT NULL DEFAULT 'local',
            ADD COLUMN external_id text,
            ALTER COLUMN password_hash DROP NOT NULL""")
    op.execute("""
        CREATE TABLE login_flows (
            state_hash text PRIMARY KEY,
            code_verifier text NOT NULL,
            nonce text NOT NULL,
            expires_at timestamptz NOT NULL
        )""")
    op.execute("""
        CREATE TABLE login_failures (
            key text NOT NULL,
            failed_at timestamptz NOT NULL DEFAULT now()
        )""")
    op.execute("CREATE INDEX login_failures_by_key ON login_failures (key, failed_at)")
    op.execute("""
        CREATE TABLE audit_events (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at timestamptz NOT NULL DEFAULT now(),
            user_id text NOT NULL,
            username text NOT NULL,
            roles text[] NOT NULL,
            scope text NOT NULL,
            org_id uuid,
            municipality_id uuid,
            region_id uuid,
            action text NOT NULL,
            subject text NOT NULL,
            records integer NOT NULL,
            endpoint text NOT NULL,
            client_ip text NOT NULL,
            user_agent text NOT NULL
        )""")
    op.execute("CREATE INDEX audit_by_org ON audit_events (org_id, at DESC)")
    op.execute(f"GRANT SELECT, INSERT, DELETE ON login_flows, login_failures TO {APP}")
    # The audit log is append-only for the application and readable only inside the organisation.
    for statement in rls.enable("audit_events"):
        op.execute(statement)
    op.execute(f"GRANT SELECT, INSERT ON audit_events TO {APP}")
    op.execute(rls.policy("audit_events", "audit_append", role=APP, command="INSERT",
                          check="app_scope() IS NOT NULL AND user_id = current_setting('app.user_id', true)"))
    op.execute(rls.policy("audit_events", "audit_read_own_org", role=APP, command="SELECT", using=rls.ORG_ONLY))


def downgrade() -> None:
    for table in ("audit_events", "login_failures", "login_flows"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
