"""Composition root of reporting."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from mentorship.reporting.v1 import control_pb2_grpc, evaluation_pb2_grpc, reporting_pb2_grpc, surveys_pb2_grpc
from mentorship_kit.consumer import EventHandler
from mentorship_kit.db import make_engine
from mentorship_kit.principal import Principal
from mentorship_kit.service_cli import GrpcRegistration, ServiceDefinition
from mentorship_kit.settings import ServiceSettings
from reporting.entrypoints.control_servicer import ControlServicer
from reporting.entrypoints.event_handlers import HANDLERS, MATCHING_TOPIC, MONITORING_TOPIC, REGISTRY_TOPIC
from reporting.entrypoints.grpc_servicer import EvaluationReportingServicer, ReportingServicer
from reporting.entrypoints.survey_servicer import SurveyFiguresServicer
from reporting.service_layer.unit_of_work import ReportingUnitOfWork


class ReportingSettings(ServiceSettings):
    pass


def grpc_services(settings: ServiceSettings) -> list[GrpcRegistration]:
    engine = make_engine(settings.db_app_url)

    def factory(principal: Principal) -> ReportingUnitOfWork:
        return ReportingUnitOfWork(engine, principal=principal)

    return [partial(reporting_pb2_grpc.add_ReportingServiceServicer_to_server, ReportingServicer(factory)),
            partial(evaluation_pb2_grpc.add_EvaluationReportingServiceServicer_to_server,
                    EvaluationReportingServicer(factory)),
            partial(surveys_pb2_grpc.add_SurveyFiguresServiceServicer_to_server, SurveyFiguresServicer(factory)),
            partial(control_pb2_grpc.add_ControlServiceServicer_to_server, ControlServicer(factory))]


def consumes(settings: ServiceSettings) -> tuple[list[str], dict[str, EventHandler]]:
    return [REGISTRY_TOPIC, MATCHING_TOPIC, MONITORING_TOPIC], HANDLERS


SERVICE = ServiceDefinition(
    name="reporting",
    settings=ReportingSettings,  # type: ignore[arg-type]
    migrations_dir=Path(__file__).parent / "migrations",
    grpc=grpc_services,
    consumes=consumes,
)
