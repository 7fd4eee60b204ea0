"""The gateway's own tables: accounts of the local identity provider and login sessions.

They are not tenant tables: an account is looked up by login name before any tenant is known.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, MetaData, Table, Text, func
from sqlalchemy.dialects.postgresql import UUID

metadata = MetaData()

accounts = Table(
    "accounts", metadata,
    Column("id", UUID(as_uuid=False), primary_key=True),
    Column("username", Text, nullable=False, unique=True),
    Column("display_name", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("org_id", UUID(as_uuid=False)),
    Column("municipality_id", UUID(as_uuid=False)),
    Column("region_id", UUID(as_uuid=False)),
    Column("password_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False, server_default="true"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

sessions = Table(
    "sessions", metadata,
    Column("token_hash", Text, primary_key=True),
    Column("account_id", UUID(as_uuid=False), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("csrf_token", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)
