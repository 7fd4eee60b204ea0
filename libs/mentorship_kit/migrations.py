"""Schema migrations (Alembic) and the database roles they grant to.

``upgrade`` runs under the owner connection: it makes sure the service's two login roles exist
(neither superuser nor BYPASSRLS nor owner), then applies the service's Alembic revisions.
Each service's ``migrations/env.py`` is two lines that call ``run_env``.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from mentorship_kit import rls


def ensure_roles(admin_url: str, service: str, password: str) -> None:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    database = make_url(admin_url).database
    with engine.connect() as conn:
        for role in (rls.app_role(service), rls.system_role(service)):
            exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
            verb = "ALTER" if exists else "CREATE"
            # DDL takes no bind parameters: the password is quoted as a literal instead.
            secret = f" PASSWORD '{password.replace(chr(39), chr(39) * 2)}'" if password else ""
            conn.execute(text(
                f"{verb} ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT{secret}"))
            conn.execute(text(f'GRANT CONNECT ON DATABASE "{database}" TO {role}'))
            conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {role}"))
    engine.dispose()


def upgrade(*, admin_url: str, service: str, migrations_dir: Path, role_password: str = "",
            revision: str = "head") -> None:
    """Apply the revisions up to ``revision`` (an older one only in tests of upgrading a restored backup)."""
    ensure_roles(admin_url, service, role_password)
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", admin_url.replace("%", "%%"))
    config.attributes["service"] = service
    command.upgrade(config, revision)


def run_env() -> None:
    """Body of every service's ``migrations/env.py`` (online mode only: we always have the database)."""
    url = context.config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url is set by mentorship_kit.migrations.upgrade"
    engine = create_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=None, transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def policies_read_context_once() -> None:
    """The body of each database's migration of ADR 033: every policy's calls of the context functions become
    scalar subqueries, evaluated once per statement (``rls.rewrite_policies``)."""
    from alembic import op
    rls.rewrite_policies(op.get_bind(), rls.once_per_statement)


def policies_read_context_per_row() -> None:
    """Its downgrade: the calls spelt back as plain calls."""
    from alembic import op
    rls.rewrite_policies(op.get_bind(), rls.per_row)
