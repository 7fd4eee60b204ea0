"""Gateway settings from the environment."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from gateway.adapters.token_cipher import decode_key
from gateway.domain.addresses import parse_networks


class GatewaySettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    db_admin_url: str = ""
    db_app_url: str
    db_role_password: str = ""
    registry_target: str = "127.0.0.1:50051"
    reporting_target: str = "127.0.0.1:50052"
    matching_target: str = "127.0.0.1:50053"
    monitoring_target: str = "127.0.0.1:50054"
    internal_jwt_private_key_file: Path = Path(".data/keys/internal-jwt.key")
    gateway_listen_host: str = "127.0.0.1"
    gateway_listen_port: int = 8000
    auth_mode: Literal["local", "keycloak"] = "local"
    public_url: str = ""
    """How browsers reach the gateway (for SSO redirect URIs); default http://host:port."""
    keycloak_server_url: str = ""
    keycloak_realm: str = "mentorship"
    keycloak_client_id: str = "mentorship-gateway"
    keycloak_client_secret: str = ""
    keycloak_admin_client_id: str = "mentorship-provisioner"
    keycloak_admin_client_secret: str = ""
    login_failures_per_login: int = 5
    login_failures_per_address: int = 100
    """Generous: a school's staff often share one NAT address; the per-login bound protects accounts."""
    cookie_secure: bool = False
    """Set behind TLS: cookies get ``Secure`` and responses get HSTS."""
    session_ttl_minutes: int = 480
    session_token_key: SecretStr = SecretStr("")
    """32 random bytes, URL-safe base64: seals the IdP's tokens in the sessions table. Required in Keycloak mode
    (the embedded launcher generates one into its data folder); a local-only gateway stores no IdP tokens."""
    max_body_bytes: int = 1_000_000
    max_upload_bytes: int = 10 * 1024 * 1024
    """The largest file a curator may upload (an import's XLSX or CSV): the upload forms, the import API and the
    body bound of the upload paths all say and check this one figure."""
    display_time_zone: str = "Europe/Moscow"
    """The zone pages show times in (the services keep UTC): an IANA name, e.g. Europe/Kaliningrad."""
    trusted_proxies: str = ""
    """Comma-separated addresses or networks (CIDR) of the reverse proxies in front of the gateway: only a request
    from one of them has its ``X-Forwarded-For`` believed (throttling, the audit log). Default: none."""
    read_cache_bytes: int = Field(default=32 * 1024 * 1024, ge=0)
    """Wire bytes of reporting's replies kept under its read version (ADR 029); 0 keeps none."""
    demo_password: str = "demo-2026"  # noqa: S105 (printed at start; demo accounts only)
    log_level: str = "INFO"

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: str) -> str:
        try:
            parse_networks(value)
        except ValueError as exc:
            raise ValueError(f"TRUSTED_PROXIES: {exc}") from exc
        return value

    @field_validator("display_time_zone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ValueError, ZoneInfoNotFoundError) as exc:
            raise ValueError(f"DISPLAY_TIME_ZONE: неизвестный часовой пояс «{value}»") from exc
        return value

    @field_validator("session_token_key")
    @classmethod
    def _key(cls, value: SecretStr) -> SecretStr:
        if value.get_secret_value():
            decode_key(value.get_secret_value())
        return value

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.gateway_listen_host}:{self.gateway_listen_port}").rstrip("/")


def settings_from(env: Mapping[str, str]) -> GatewaySettings:
    """Settings from an explicit environment (tests and tools that start the gateway's wiring in-process)."""
    fields = GatewaySettings.model_fields
    return GatewaySettings.model_validate({k.lower(): v for k, v in env.items() if k.lower() in fields})
