"""Composition root of matching: the only place that builds engines, the registry channel and the servicers."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from matching.adapters.event_codec import TOPIC
from matching.adapters.regional_repository import SqlMentorLoad
from matching.adapters.registry_pool import RegistryStubs
from matching.adapters.registry_regional import RegionalStubs
from matching.adapters.sql_unit_of_work import MatchingUnitOfWork
from matching.entrypoints.event_handlers import HANDLERS, REGISTRY_TOPIC
from matching.entrypoints.matching_servicer import MatchingServicer, PairServicer
from matching.entrypoints.regional_servicer import RegionalServicer
from mentorship.matching.v1 import matching_pb2_grpc, regional_pb2_grpc
from mentorship_kit.consumer import EventHandler
from mentorship_kit.db import make_engine
from mentorship_kit.grpc_client import make_channel
from mentorship_kit.principal import Principal
from mentorship_kit.service_cli import GrpcRegistration, ServiceDefinition
from mentorship_kit.settings import ServiceSettings


class MatchingSettings(ServiceSettings):
    registry_target: str = "127.0.0.1:50051"
    """The registry, asked for the pool of a run as the caller (ADR 006)."""


def grpc_services(settings: ServiceSettings) -> list[GrpcRegistration]:
    engine = make_engine(settings.db_app_url)

    def factory(principal: Principal) -> MatchingUnitOfWork:
        return MatchingUnitOfWork(engine, principal=principal)

    assert isinstance(settings, MatchingSettings), "SERVICE builds MatchingSettings"
    channel = make_channel(settings.registry_target)
    registry = RegistryStubs(channel)
    # Mentor seats across a region: counts read by the named system role bound to one region (ADR 009).
    load = SqlMentorLoad(make_engine(settings.db_system_url, pool_size=2))
    return [
        partial(matching_pb2_grpc.add_MatchingServiceServicer_to_server, MatchingServicer(factory, registry)),
        partial(matching_pb2_grpc.add_PairServiceServicer_to_server, PairServicer(factory, registry)),
        partial(regional_pb2_grpc.add_RegionalMatchingServiceServicer_to_server,
                RegionalServicer(factory, registry, RegionalStubs(channel), load)),
    ]


def consumes(settings: ServiceSettings) -> tuple[list[str], dict[str, EventHandler]]:
    return [REGISTRY_TOPIC], HANDLERS


SERVICE = ServiceDefinition(
    name="matching",
    settings=MatchingSettings,  # type: ignore[arg-type]
    migrations_dir=Path(__file__).parent / "migrations",
    grpc=grpc_services,
    topic=TOPIC,
    consumes=consumes,
)
