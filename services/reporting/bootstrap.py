"""Composition root of reporting."""

from __future__ import annotations

import logging
import threading
from functools import partial
from pathlib import Path

from mentorship.reporting.v1 import (
    control_pb2_grpc,
    evaluation_pb2_grpc,
    history_pb2_grpc,
    kpis_pb2_grpc,
    reporting_pb2_grpc,
    risks_pb2_grpc,
    surveys_pb2_grpc,
)
from mentorship_kit.consumer import EventHandler
from mentorship_kit.db import make_engine
from mentorship_kit.principal import Principal
from mentorship_kit.service_cli import GrpcRegistration, ServiceDefinition
from mentorship_kit.settings import ServiceSettings
from reporting.adapters.read_version import ProjectionsVersion
from reporting.entrypoints import retention_refresher
from reporting.entrypoints.control_servicer import ControlServicer
from reporting.entrypoints.event_handlers import HANDLERS, MATCHING_TOPIC, MONITORING_TOPIC, REGISTRY_TOPIC
from reporting.entrypoints.grpc_servicer import EvaluationReportingServicer, ReportingServicer
from reporting.entrypoints.history_servicer import CountHistoryServicer
from reporting.entrypoints.kpi_servicer import RegionalKpiServicer
from reporting.entrypoints.recording import rebuild, recorded
from reporting.entrypoints.risk_servicer import RiskSignalsServicer
from reporting.entrypoints.survey_servicer import SurveyFiguresServicer
from reporting.service_layer.unit_of_work import ReportingUnitOfWork

log = logging.getLogger(__name__)


class ReportingSettings(ServiceSettings):
    pass


def grpc_services(settings: ServiceSettings) -> list[GrpcRegistration]:
    engine = make_engine(settings.db_app_url)
    # Today's retention of young teachers is kept beside the server that reads it (ADR 027); a daemon thread that
    # ends with the process, its work redone by the next one.
    retention_refresher.start(make_engine(settings.db_system_url, pool_size=2), threading.Event())

    def factory(principal: Principal) -> ReportingUnitOfWork:
        return ReportingUnitOfWork(engine, principal=principal)

    return [partial(reporting_pb2_grpc.add_ReportingServiceServicer_to_server,
                    ReportingServicer(factory, versions=ProjectionsVersion(engine))),
            partial(evaluation_pb2_grpc.add_EvaluationReportingServiceServicer_to_server,
                    EvaluationReportingServicer(factory)),
            partial(surveys_pb2_grpc.add_SurveyFiguresServiceServicer_to_server, SurveyFiguresServicer(factory)),
            partial(history_pb2_grpc.add_CountHistoryServiceServicer_to_server, CountHistoryServicer(factory)),
            partial(kpis_pb2_grpc.add_RegionalKpiServiceServicer_to_server, RegionalKpiServicer(factory)),
            partial(risks_pb2_grpc.add_RiskSignalsServiceServicer_to_server, RiskSignalsServicer(factory)),
            partial(control_pb2_grpc.add_ControlServiceServicer_to_server, ControlServicer(factory))]


def consumes(settings: ServiceSettings) -> tuple[list[str], dict[str, EventHandler]]:
    # Each applied event is also kept in reporting's event store, for the rebuild (ADR 019).
    return [REGISTRY_TOPIC, MATCHING_TOPIC, MONITORING_TOPIC], recorded(HANDLERS)


def rebuild_projections(settings: ServiceSettings, force: bool) -> None:
    """``python -m reporting rebuild``: the projections recomputed from the event store by today's handlers."""
    report = rebuild(make_engine(settings.db_system_url, pool_size=1), HANDLERS, force=force,
                     progress=lambda n: log.info("replayed %s events", n))
    log.info("rebuilt %s from %s events", ", ".join(report.tables), report.events)
    print(f"rebuilt {len(report.tables)} projections from {report.events} events", flush=True)


SERVICE = ServiceDefinition(
    name="reporting",
    settings=ReportingSettings,  # type: ignore[arg-type]
    migrations_dir=Path(__file__).parent / "migrations",
    grpc=grpc_services,
    consumes=consumes,
    rebuild=rebuild_projections,
)
