"""Typed settings read from environment variables; one object per process, no secrets in code."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """What every gRPC service needs. Services subclass it to add their own fields."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    db_admin_url: str = ""
    """Owner connection of the service's database; used by migrations only."""
    db_app_url: str
    """The application role: not owner, not superuser, not BYPASSRLS; row-level security applies."""
    db_system_url: str = ""
    """The service's named system role for cross-tenant work (outbox relay, projections)."""
    db_role_password: str = ""
    """Password given to the service's roles when migrations create them (empty: trust/peer auth)."""
    kafka_bootstrap: str = "127.0.0.1:19092"
    kafka_topic_partitions: int = 3
    """Partitions of a topic this process creates because it is missing (a deployment creates them beforehand);
    the consumers of one group scale up to this count."""
    grpc_listen: str = "127.0.0.1:0"
    grpc_max_workers: int = 16
    """Threads answering gRPC calls at once; a service whose calls may wait (the registry's import status) has more."""
    internal_jwt_public_key_file: Path = Path(".data/keys/internal-jwt.pub")
    log_level: str = "INFO"
    outbox_retention_hours: float = 168.0
    """How long the relay keeps a published outbox row (ADR 018); 0 keeps every row."""
