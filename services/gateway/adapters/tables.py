"""The gateway's own tables. Accounts, sessions, login flows and failures are not tenant data of a
school (an account is found by login before any tenant is known); the audit log is, and has RLS."""

from __future__ import annotations

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    FetchedValue,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from mentorship_kit.tenant_columns import tenant_columns

metadata = MetaData()

accounts = Table(
    "accounts", metadata,
    Column("id", UUID(as_uuid=False), primary_key=True),
    Column("username", Text, nullable=False, unique=True),
    Column("display_name", Text, nullable=False),
    Column("role", Text, nullable=False),
    *tenant_columns(outer_required=False),
    Column("password_hash", Text),
    Column("active", Boolean, nullable=False, server_default="true"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("idp", Text, nullable=False, server_default="local"),
    Column("external_id", Text),
    Column("participant_id", UUID(as_uuid=False)),
    Index("accounts_one_login_per_participant", "role", "participant_id", unique=True,
          postgresql_where=text("participant_id IS NOT NULL AND active")),
)

sessions = Table(
    "sessions", metadata,
    Column("token_hash", Text, primary_key=True),
    Column("account_id", UUID(as_uuid=False), ForeignKey("accounts.id", ondelete="CASCADE")),
    Column("csrf_token", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("idp", Text, nullable=False),
    Column("subject", Text, nullable=False),
    Column("username", Text, nullable=False),
    Column("display_name", Text, nullable=False),
    Column("roles", ARRAY(Text), nullable=False),
    Column("scope", Text, nullable=False),
    *tenant_columns(outer_required=False),
    Column("access_token", Text),
    Column("refresh_token", Text),
    Column("id_token", Text),
    Column("access_expires_at", DateTime(timezone=True)),
    Column("participant_id", UUID(as_uuid=False)),
)

user_preferences = Table(
    "user_preferences", metadata,
    Column("user_id", Text, primary_key=True),
    Column("low_vision", Boolean, nullable=False, server_default="false"),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

login_flows = Table(
    "login_flows", metadata,
    Column("state_hash", Text, primary_key=True),
    Column("code_verifier", Text, nullable=False),
    Column("nonce", Text, nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

login_throttle = Table(
    "login_throttle", metadata,
    Column("key", Text, primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_at", DateTime(timezone=True), nullable=False),
)

audit_events = Table(
    "audit_events", metadata,
    Column("id", BigInteger, primary_key=True, server_default=FetchedValue()),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("user_id", Text, nullable=False),
    Column("username", Text, nullable=False),
    Column("roles", ARRAY(Text), nullable=False),
    Column("scope", Text, nullable=False),
    *tenant_columns(outer_required=False),
    Column("action", Text, nullable=False),
    Column("subject", Text, nullable=False),
    Column("records", Integer, nullable=False),
    Column("endpoint", Text, nullable=False),
    Column("client_ip", Text, nullable=False),
    Column("user_agent", Text, nullable=False),
    implicit_returning=False,
)

roster_uploads = Table(
    "roster_uploads", metadata,
    Column("id", UUID(as_uuid=False), primary_key=True),
    Column("region_id", UUID(as_uuid=False), nullable=False),
    Column("author_id", Text, nullable=False),
    Column("filename", Text, nullable=False),
    Column("rows", JSONB, nullable=False),
    Column("problems", JSONB, nullable=False),
    Column("status", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("confirmed_at", DateTime(timezone=True)),
)
