"""Composition root of the gateway: builds the container and the FastAPI application."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

from gateway.adapters.account_store import AccountStore
from gateway.adapters.audit_store import AuditStore
from gateway.adapters.contest_client import ContestClient
from gateway.adapters.document_client import DocumentClient
from gateway.adapters.history_client import CountHistoryClient
from gateway.adapters.identity_admin import IdentityAdmin, KeycloakIdentityAdmin, LocalIdentityAdmin
from gateway.adapters.keycloak_oidc import KeycloakOidc
from gateway.adapters.kpi_client import KpiClient
from gateway.adapters.matching_client import MatchingClient
from gateway.adapters.monitoring_client import MonitoringClient
from gateway.adapters.outer_work_client import OuterWorkClient, RiskSignalsClient
from gateway.adapters.participant_client import ParticipantClient
from gateway.adapters.preference_store import PreferenceStore
from gateway.adapters.questionnaire_client import QuestionnaireClient, SurveyFiguresClient
from gateway.adapters.read_cache import ReadCache
from gateway.adapters.regional_client import RegionalClient
from gateway.adapters.register_client import RegisterClient
from gateway.adapters.roster_store import RosterStore
from gateway.adapters.route_client import RouteClient
from gateway.adapters.service_clients import RegistryClient, ReportingClient
from gateway.adapters.session_store import LoginFailureStore, LoginFlowStore, SessionStore
from gateway.adapters.tier_client import TierClient
from gateway.adapters.token_cipher import TokenCipher, new_key
from gateway.container import Container
from gateway.entrypoints import errors, middleware
from gateway.entrypoints.api import (
    audit,
    auth,
    contests,
    documents,
    evaluation,
    groups,
    imports,
    indicator_history,
    indicators,
    matching,
    matching_prefs,
    meetings,
    mentees,
    mentors,
    onboarding,
    outer_work,
    participant_logins,
    persons,
    plan_documents,
    questionnaires,
    regional,
    register,
    reports,
    routes,
    staff,
    structure,
    tiers,
)
from gateway.entrypoints.web import (
    accessibility_pages,
    base_forms,
    base_pages,
    contest_pages,
    control_pages,
    document_pages,
    evaluation_pages,
    group_pages,
    import_pages,
    indicator_history_pages,
    matching_pages,
    matching_prefs_pages,
    monitoring_pages,
    onboarding_pages,
    outer_work_pages,
    pages,
    pair_pages,
    person_pages,
    plan_pages,
    questionnaire_pages,
    regional_pages,
    register_pages,
    report_pages,
    route_pages,
    ru_format,
    sso_pages,
)
from gateway.service_layer.audit import AuditService
from gateway.service_layer.auth import AuthService, Throttle
from gateway.service_layer.contests import ContestDesk
from gateway.service_layer.onboarding import OnboardingService
from gateway.service_layer.participant_logins import ParticipantLoginService
from gateway.service_layer.routes import RouteDesk
from gateway.service_layer.sso import SsoService, TenantDirectory
from gateway.service_layer.staff import StaffService
from gateway.settings import GatewaySettings
from mentorship_kit.db import make_engine
from mentorship_kit.grpc_client import make_channel
from mentorship_kit.internal_token import TokenIssuer

DESCRIPTION = """REST API платформы «Наставничество» (целевая модель наставничества).

Вход: `POST /api/v1/auth/login` ставит cookie сеанса и возвращает `csrf_token`; каждый изменяющий запрос
передаёт его в заголовке `X-CSRF-Token`. Ошибки: `{"detail": "...", "errors": [{"field", "message"}]}`."""


ROUTERS = (auth.router, auth.locks_router, persons.router, participant_logins.router, mentors.router, mentees.router,
           matching.router, groups.router, meetings.router, plan_documents.router, reports.router,
           imports.router, indicators.router, structure.router, staff.router, onboarding.router, audit.router,
           documents.router, pages.router, sso_pages.router, document_pages.router, person_pages.router,
           base_pages.router, base_forms.router, import_pages.router, matching_pages.router,
           matching_prefs_pages.router, matching_prefs.router, group_pages.router, monitoring_pages.router,
           plan_pages.router, report_pages.router, questionnaire_pages.router, questionnaires.router,
           onboarding_pages.router, pair_pages.router, regional.router,
           regional_pages.router, evaluation.router, evaluation_pages.router, routes.router,
           route_pages.router, accessibility_pages.router,
           indicator_history.router, indicator_history_pages.router,  # the two dates (ADR 019)
           outer_work.router, outer_work_pages.router, tiers.router, control_pages.router,
           contests.router, contest_pages.router,  # contests and their juries (ADR 023)
           register.router, register_pages.router)  # the school's register (ADR 025)
"""Every router of the gateway, in order; the policy-matrix test reads the routes from here."""


def _session_token_key(settings: GatewaySettings) -> str:
    key = settings.session_token_key.get_secret_value()
    if key:
        return key
    if settings.auth_mode == "keycloak":
        raise ValueError("SESSION_TOKEN_KEY is required in Keycloak mode: it seals the IdP's tokens at rest "
                         "(32 random bytes, URL-safe base64)")
    return new_key()  # local mode stores no IdP tokens: a key of this process only


def build_container(settings: GatewaySettings) -> Container:
    issuer = TokenIssuer(settings.internal_jwt_private_key_file.read_bytes())
    engine = make_engine(settings.db_app_url)
    accounts = AccountStore(engine)
    registry_channel = make_channel(settings.registry_target)
    registry = RegistryClient(registry_channel, issuer)
    oidc = None
    identity_admin: IdentityAdmin = LocalIdentityAdmin()
    if settings.auth_mode == "keycloak":
        oidc = KeycloakOidc(server_url=settings.keycloak_server_url, realm=settings.keycloak_realm,
                            client_id=settings.keycloak_client_id, client_secret=settings.keycloak_client_secret)
        identity_admin = KeycloakIdentityAdmin(
            server_url=settings.keycloak_server_url, realm=settings.keycloak_realm,
            client_id=settings.keycloak_admin_client_id, client_secret=settings.keycloak_admin_client_secret)
    auth = AuthService(accounts, SessionStore(engine, TokenCipher(_session_token_key(settings))),
                       LoginFailureStore(engine),
                       session_ttl=timedelta(minutes=settings.session_ttl_minutes), oidc=oidc,
                       throttle=Throttle(per_login=settings.login_failures_per_login,
                                         per_address=settings.login_failures_per_address))
    sso = None
    if oidc is not None:
        sso = SsoService(oidc, LoginFlowStore(engine), auth, TenantDirectory(registry),
                         redirect_uri=f"{settings.base_url}/auth/sso/callback")
    staff = StaffService(accounts, identity_admin, auth)
    matching_channel = make_channel(settings.matching_target)
    monitoring_channel = make_channel(settings.monitoring_target)
    participants = ParticipantClient(registry_channel, issuer)
    reporting_channel = make_channel(settings.reporting_target)
    reporting_replies = ReadCache(settings.read_cache_bytes) if settings.read_cache_bytes else None
    return Container(
        settings=settings, auth=auth, registry=registry,
        reporting=ReportingClient(reporting_channel, issuer, cache=reporting_replies),
        survey_figures=SurveyFiguresClient(reporting_channel, issuer, cache=reporting_replies),
        count_history=CountHistoryClient(reporting_channel, issuer, cache=reporting_replies),
        kpis=KpiClient(reporting_channel, issuer, cache=reporting_replies),
        audit=AuditService(AuditStore(engine)), staff=staff, sso=sso,
        documents=DocumentClient(registry_channel, issuer),
        participants=participants,
        matching=MatchingClient(matching_channel, issuer),
        regional=RegionalClient(matching_channel, issuer),
        monitoring=MonitoringClient(monitoring_channel, issuer),
        questionnaires=QuestionnaireClient(monitoring_channel, issuer),
        onboarding=OnboardingService(registry, staff, RosterStore(engine)),
        routes=RouteDesk(RouteClient(monitoring_channel, issuer), registry, participants, accounts),
        participant_logins=ParticipantLoginService(accounts, staff, participants),
        preferences=PreferenceStore(engine),
        outer_work=OuterWorkClient(registry_channel, issuer),
        risk_signals=RiskSignalsClient(reporting_channel, issuer),
        tiers=TierClient(registry_channel, reporting_channel, issuer),
        contests=ContestDesk(ContestClient(registry_channel, issuer), accounts, participants,
                             MatchingClient(matching_channel, issuer)),
        register=RegisterClient(registry_channel, issuer),
    )


UPLOAD_PATHS = ("/api/v1/imports", "/school/imports", "/api/v1/rosters$", "/onboarding/rosters$",
                r"/api/v1/matching/runs/[^/]+/rankings/import$", r"/school/matching/runs/[^/]+/rankings/import$")
"""Where a file is sent (patterns matched from the path's start): these get the file bound, not the form's."""


def create_app(container: Container) -> FastAPI:
    app = FastAPI(title="Наставничество — API", version="0.1.0", description=DESCRIPTION)
    app.state.container = container
    settings = container.settings
    idp = urlsplit(settings.keycloak_server_url) if settings.auth_mode == "keycloak" else None
    # Innermost first: the body bound wraps the app's own reads; the security headers go on every answer, the 413
    # included.
    app.add_middleware(middleware.BodyLimit, max_bytes=container.settings.max_body_bytes,
                       uploads=(UPLOAD_PATHS, settings.max_upload_bytes))
    ru_format.use_time_zone(settings.display_time_zone)
    app.add_middleware(middleware.SecurityHeaders, hsts=settings.cookie_secure,
                       idp_origin=f"{idp.scheme}://{idp.netloc}" if idp else "")
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=Path(pages.__file__).parent / "static"), name="static")
    # No spans of their own for the ASGI «http send»/«http receive» messages: two or three more spans per request
    # (0.07-0.2 ms each time, ADR 035) that say nothing the request's span does not.
    FastAPIInstrumentor.instrument_app(app, excluded_urls="healthz,static", exclude_spans=["receive", "send"])
    return app
