"""Composition root of monitoring: a shell for now (health only); meetings and surveys come later."""

from __future__ import annotations

from pathlib import Path

from mentorship_kit.service_cli import GrpcRegistration, ServiceDefinition
from mentorship_kit.settings import ServiceSettings


def grpc_services(settings: ServiceSettings) -> list[GrpcRegistration]:
    return []


SERVICE = ServiceDefinition(
    name="monitoring",
    settings=ServiceSettings,  # type: ignore[arg-type]
    migrations_dir=Path(__file__).parent / "migrations",
    grpc=grpc_services,
)
