"""What the gateway's routes depend on, built once by the composition root (``bootstrap.py``)."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.adapters.document_client import DocumentClient
from gateway.adapters.history_client import CountHistoryClient
from gateway.adapters.kpi_client import KpiClient
from gateway.adapters.matching_client import MatchingClient
from gateway.adapters.monitoring_client import MonitoringClient
from gateway.adapters.outer_work_client import OuterWorkClient, RiskSignalsClient
from gateway.adapters.participant_client import ParticipantClient
from gateway.adapters.preference_store import PreferenceStore
from gateway.adapters.questionnaire_client import QuestionnaireClient, SurveyFiguresClient
from gateway.adapters.regional_client import RegionalClient
from gateway.adapters.register_client import RegisterClient
from gateway.adapters.service_clients import RegistryClient, ReportingClient
from gateway.adapters.tier_client import TierClient
from gateway.service_layer.audit import AuditService
from gateway.service_layer.auth import AuthService
from gateway.service_layer.contests import ContestDesk
from gateway.service_layer.onboarding import OnboardingService
from gateway.service_layer.participant_logins import ParticipantLoginService
from gateway.service_layer.routes import RouteDesk
from gateway.service_layer.sso import SsoService
from gateway.service_layer.staff import StaffService
from gateway.settings import GatewaySettings


@dataclass(frozen=True)
class Container:
    settings: GatewaySettings
    auth: AuthService
    registry: RegistryClient
    reporting: ReportingClient
    audit: AuditService
    staff: StaffService
    documents: DocumentClient
    participants: ParticipantClient
    matching: MatchingClient
    monitoring: MonitoringClient
    onboarding: OnboardingService
    regional: RegionalClient
    routes: RouteDesk
    """The individual routes (ИОМ) with the ЦНППМ tutor (ADR 011)."""
    participant_logins: ParticipantLoginService
    questionnaires: QuestionnaireClient
    survey_figures: SurveyFiguresClient
    count_history: CountHistoryClient
    """Reporting's history of counts: as of a date, a program period's two dates (ADR 019)."""
    kpis: KpiClient
    """Reporting's regional KPIs (ADR 021)."""
    preferences: PreferenceStore
    """A person's own settings of the pages (the «версия для слабовидящих»)."""
    outer_work: OuterWorkClient
    """The outer contour's work (ADR 024): the regional base of programs, agreements, courses, ШМУ, mitigations."""
    risk_signals: RiskSignalsClient
    tiers: TierClient
    """The roadmaps above, self-diagnoses and the control of schools (issue 15)."""
    contests: ContestDesk
    """Contests with their juries (ADR 023): the registry's contests, the region's jury logins."""
    register: RegisterClient
    """The school's register of scientific-practical events and practices, the review, the catalogue (ADR 025)."""
    sso: SsoService | None = None
    """Present in Keycloak mode only."""
