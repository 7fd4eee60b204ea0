"""Composition root of the registry: the only place that builds engines and wires the use cases."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path

from mentorship.registry.v1 import (
    contests_pb2_grpc,
    digests_pb2_grpc,
    documents_pb2_grpc,
    imports_pb2_grpc,
    organisations_pb2_grpc,
    outer_work_pb2_grpc,
    participants_pb2_grpc,
    persons_pb2_grpc,
    register_pb2_grpc,
    tiers_pb2_grpc,
)
from mentorship_kit.change_watch import ChangeWatch
from mentorship_kit.consumer import EventHandler
from mentorship_kit.db import make_engine
from mentorship_kit.principal import Principal
from mentorship_kit.service_cli import GrpcRegistration, ServiceDefinition
from mentorship_kit.settings import ServiceSettings
from registry.adapters.digest_reader import SqlDigestReader
from registry.adapters.event_codec import SOURCE, TOPIC, encode_event
from registry.adapters.sql_unit_of_work import RegistryUnitOfWork
from registry.entrypoints import reminder_job
from registry.entrypoints.contest_servicer import ContestServicer
from registry.entrypoints.digest_servicer import RequestDigestServicer
from registry.entrypoints.document_servicer import DocumentServicer
from registry.entrypoints.import_servicer import IMPORT_CHANNEL, ImportServicer
from registry.entrypoints.import_worker import ImportWorker
from registry.entrypoints.monitoring_event_handlers import HANDLERS as MONITORING_HANDLERS
from registry.entrypoints.monitoring_event_handlers import MONITORING_TOPIC
from registry.entrypoints.outer_work_servicer import OuterWorkServicer
from registry.entrypoints.pair_event_handlers import HANDLERS, MATCHING_TOPIC
from registry.entrypoints.participant_servicer import ParticipantServicer, PersonServicer
from registry.entrypoints.register_servicer import RegisterServicer
from registry.entrypoints.structure_servicer import OrganisationServicer
from registry.entrypoints.tier_servicer import TierServicer


class RegistrySettings(ServiceSettings):
    """The kit's settings plus the reminder e-mail, as monitoring's (ADR 017 addendum): none by default."""

    smtp_url: str = ""
    """``smtp://host:port`` of the mail relay; empty: the registry's reminders are on the home page only."""
    reminder_from: str = "nastavnichestvo@localhost"
    public_url: str = "http://127.0.0.1:8000"
    """The gateway's address, for the link in a reminder."""
    reminder_interval_seconds: float = 3600.0
    grpc_max_workers: int = 48
    """16 for the calls that answer at once, the rest for status requests waiting for an import to move on."""
    import_preview_retention_hours: float = 72.0
    """A preview nobody applied expires after this, and a finished import's rows and file go (ADR 018)."""


def _uow_factory(settings: ServiceSettings) -> Callable[[Principal], RegistryUnitOfWork]:
    engine = make_engine(settings.db_app_url)

    def factory(principal: Principal) -> RegistryUnitOfWork:
        return RegistryUnitOfWork(engine, principal=principal, source=SOURCE, topic=TOPIC, encode=encode_event)

    return factory


IMMEDIATE_CALLS = 16
"""gRPC threads kept for calls that answer at once, whatever number of status requests wait."""


def _import_watch(settings: ServiceSettings) -> ChangeWatch | None:
    """The LISTEN behind waiting status requests (ADR 031); none when the threads leave no room for waiting."""
    waiters = settings.grpc_max_workers - IMMEDIATE_CALLS
    if waiters <= 0:
        return None
    watch = ChangeWatch(settings.db_app_url, IMPORT_CHANNEL, max_waiters=waiters)
    watch.start()
    return watch


def grpc_services(settings: ServiceSettings) -> list[GrpcRegistration]:
    factory = _uow_factory(settings)
    return [
        partial(organisations_pb2_grpc.add_OrganisationServiceServicer_to_server, OrganisationServicer(factory)),
        partial(participants_pb2_grpc.add_ParticipantServiceServicer_to_server, ParticipantServicer(factory)),
        partial(documents_pb2_grpc.add_DocumentServiceServicer_to_server, DocumentServicer(factory)),
        partial(persons_pb2_grpc.add_PersonServiceServicer_to_server, PersonServicer(factory)),
        partial(imports_pb2_grpc.add_ImportServiceServicer_to_server,
                ImportServicer(factory, watch=_import_watch(settings))),
        partial(outer_work_pb2_grpc.add_OuterWorkServiceServicer_to_server, OuterWorkServicer(factory)),
        partial(contests_pb2_grpc.add_ContestServiceServicer_to_server, ContestServicer(factory)),
        partial(tiers_pb2_grpc.add_TierServiceServicer_to_server, TierServicer(factory)),
        partial(register_pb2_grpc.add_RegisterServiceServicer_to_server, RegisterServicer(factory)),
        # Digests of many schools' open requests, read by the named system role bound to the caller's outer
        # tier (ADR 009): no names or person ids are granted to it.
        partial(digests_pb2_grpc.add_RequestDigestServiceServicer_to_server,
                RequestDigestServicer(SqlDigestReader(make_engine(settings.db_system_url, pool_size=2)))),
    ]


def work(settings: RegistrySettings, stop: threading.Event) -> None:
    """Bulk imports, off the request path: a school's 20,000-row file never holds up anybody's request; and, in a
    thread beside them, the reminder e-mails of the schools' documents (when SMTP_URL is set)."""
    reminders = threading.Thread(target=partial(
        reminder_job.run, settings.smtp_url, settings.reminder_from, app=make_engine(settings.db_app_url, pool_size=1),
        system=make_engine(settings.db_system_url, pool_size=1), link_base=settings.public_url,
        interval_seconds=settings.reminder_interval_seconds, stop=stop), name="registry-reminders", daemon=True)
    reminders.start()
    retention = settings.import_preview_retention_hours
    bell = ChangeWatch(settings.db_system_url, IMPORT_CHANNEL, max_waiters=1)
    bell.start()
    ImportWorker(make_engine(settings.db_system_url, pool_size=2), _uow_factory(settings),
                 preview_retention=timedelta(hours=retention) if retention > 0 else None, bell=bell).run(stop)
    bell.stop()
    reminders.join(timeout=5)


def consumes(settings: ServiceSettings) -> tuple[list[str], dict[str, EventHandler]]:
    """Requests follow matching's pairs (ADR 007): matched on PairFormed, open again on an early PairClosed; the
    school's reminder addresses follow monitoring's settings (ADR 017 addendum)."""
    return [MATCHING_TOPIC, MONITORING_TOPIC], {**HANDLERS, **MONITORING_HANDLERS}


SERVICE = ServiceDefinition(
    name="registry",
    settings=RegistrySettings,  # type: ignore[arg-type]
    migrations_dir=Path(__file__).parent / "migrations",
    grpc=grpc_services,
    topic=TOPIC,
    consumes=consumes,
    work=work,  # type: ignore[arg-type]
)
