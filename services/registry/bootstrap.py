"""Composition root of the registry: the only place that builds engines and wires the use cases."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from mentorship.registry.v1 import documents_pb2_grpc, organisations_pb2_grpc, participants_pb2_grpc
from mentorship_kit.db import make_engine
from mentorship_kit.principal import Principal
from mentorship_kit.service_cli import GrpcRegistration, ServiceDefinition
from mentorship_kit.settings import ServiceSettings
from registry.adapters.proto_codec import SOURCE, TOPIC, encode_event
from registry.entrypoints.document_servicer import DocumentServicer
from registry.entrypoints.grpc_servicer import OrganisationServicer, ParticipantServicer
from registry.service_layer.unit_of_work import RegistryUnitOfWork


class RegistrySettings(ServiceSettings):
    pass


def grpc_services(settings: ServiceSettings) -> list[GrpcRegistration]:
    engine = make_engine(settings.db_app_url)

    def factory(principal: Principal) -> RegistryUnitOfWork:
        return RegistryUnitOfWork(engine, principal=principal, source=SOURCE, topic=TOPIC, encode=encode_event)

    return [
        partial(organisations_pb2_grpc.add_OrganisationServiceServicer_to_server, OrganisationServicer(factory)),
        partial(participants_pb2_grpc.add_ParticipantServiceServicer_to_server, ParticipantServicer(factory)),
        partial(documents_pb2_grpc.add_DocumentServiceServicer_to_server, DocumentServicer(factory)),
    ]


SERVICE = ServiceDefinition(
    name="registry",
    settings=RegistrySettings,  # type: ignore[arg-type]
    migrations_dir=Path(__file__).parent / "migrations",
    grpc=grpc_services,
    topic=TOPIC,
)
