"""Composition root of monitoring: the only place that builds engines and the servicer (ADR 008)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from mentorship.monitoring.v1 import (
    evaluation_pb2_grpc,
    groups_pb2_grpc,
    monitoring_pb2_grpc,
    my_questionnaires_pb2_grpc,
    participants_pb2_grpc,
    questionnaires_pb2_grpc,
    reminders_pb2_grpc,
    routes_pb2_grpc,
)
from mentorship_kit.consumer import EventHandler
from mentorship_kit.db import make_engine
from mentorship_kit.principal import Principal
from mentorship_kit.service_cli import GrpcRegistration, ServiceDefinition
from mentorship_kit.settings import ServiceSettings
from monitoring.adapters.event_codec import TOPIC
from monitoring.adapters.questionnaire_unit_of_work import QuestionnaireUnitOfWork
from monitoring.adapters.route_unit_of_work import RouteUnitOfWork
from monitoring.adapters.sql_unit_of_work import MonitoringUnitOfWork
from monitoring.entrypoints import reminder_job
from monitoring.entrypoints.evaluation_servicer import ProgramEvaluationServicer
from monitoring.entrypoints.group_servicer import GroupWorkServicer
from monitoring.entrypoints.pair_event_handlers import HANDLERS, MATCHING_TOPIC
from monitoring.entrypoints.questionnaire_servicer import MyQuestionnaireServicer, QuestionnaireServicer
from monitoring.entrypoints.reminder_servicer import ReminderServicer
from monitoring.entrypoints.reports_due_servicer import ReportsDueServicer
from monitoring.entrypoints.route_servicer import RouteServicer
from monitoring.entrypoints.work_servicer import PairWorkServicer
from monitoring.settings import MonitoringSettings


def grpc_services(settings: ServiceSettings) -> list[GrpcRegistration]:
    engine = make_engine(settings.db_app_url)

    def factory(principal: Principal) -> MonitoringUnitOfWork:
        return MonitoringUnitOfWork(engine, principal=principal)

    def routes(principal: Principal) -> RouteUnitOfWork:
        return RouteUnitOfWork(engine, principal=principal)

    def questionnaires(principal: Principal) -> QuestionnaireUnitOfWork:
        return QuestionnaireUnitOfWork(engine, principal=principal)

    return [partial(monitoring_pb2_grpc.add_PairWorkServiceServicer_to_server, PairWorkServicer(factory)),
            partial(evaluation_pb2_grpc.add_ProgramEvaluationServiceServicer_to_server,
                    ProgramEvaluationServicer(factory)),
            partial(routes_pb2_grpc.add_RouteServiceServicer_to_server, RouteServicer(routes)),
            partial(reminders_pb2_grpc.add_ReminderServiceServicer_to_server, ReminderServicer(factory)),
            partial(groups_pb2_grpc.add_GroupWorkServiceServicer_to_server, GroupWorkServicer(factory)),
            partial(participants_pb2_grpc.add_ReportsDueServiceServicer_to_server, ReportsDueServicer(factory)),
            partial(questionnaires_pb2_grpc.add_QuestionnaireServiceServicer_to_server,
                    QuestionnaireServicer(questionnaires)),
            partial(my_questionnaires_pb2_grpc.add_MyQuestionnaireServiceServicer_to_server,
                    MyQuestionnaireServicer(questionnaires))]


def consumes(settings: ServiceSettings) -> tuple[list[str], dict[str, EventHandler]]:
    return [MATCHING_TOPIC], HANDLERS


SERVICE = ServiceDefinition(
    name="monitoring",
    settings=MonitoringSettings,  # type: ignore[arg-type]
    migrations_dir=Path(__file__).parent / "migrations",
    grpc=grpc_services,
    topic=TOPIC,
    consumes=consumes,
    work=reminder_job.run,  # type: ignore[arg-type]
)
