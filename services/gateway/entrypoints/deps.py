"""``Annotated`` dependencies of routes and pages: the container, the signed-in session, CSRF, policy gates."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request

from gateway.adapters.document_client import DocumentClient
from gateway.adapters.matching_client import MatchingClient
from gateway.adapters.monitoring_client import MonitoringClient
from gateway.adapters.outer_work_client import OuterWorkClient, RiskSignalsClient
from gateway.adapters.participant_client import ParticipantClient
from gateway.adapters.regional_client import RegionalClient
from gateway.adapters.register_client import RegisterClient
from gateway.adapters.service_clients import RegistryClient, ReportingClient
from gateway.container import Container
from gateway.domain.addresses import client_address, parse_networks
from gateway.service_layer.auth import AuthenticatedSession
from gateway.service_layer.contests import ContestDesk
from mentorship_kit.errors import Forbidden, Unauthenticated
from mentorship_kit.policy import Action, require
from mentorship_kit.principal import Principal

SESSION_COOKIE = "nst_session"
CSRF_HEADER = "X-CSRF-Token"
STALE_FORM = "Форма устарела: обновите страницу"


def _container(request: Request) -> Container:
    return request.app.state.container


ContainerDep = Annotated[Container, Depends(_container)]


def _session(request: Request, container: ContainerDep) -> AuthenticatedSession:
    found: AuthenticatedSession | None = getattr(request.state, "session", None)
    if found is None:
        found = container.auth.resolve(request.cookies.get(SESSION_COOKIE, ""))
    if found is None:
        raise Unauthenticated("Требуется вход в систему")
    request.state.session = found  # resolved once per request, whichever dependency asks first
    return found


def _csrf_checked(request: Request,
                  session: Annotated[AuthenticatedSession, Depends(_session)]) -> AuthenticatedSession:
    if not hmac.compare_digest(request.headers.get(CSRF_HEADER, ""), session.csrf_token):
        raise Forbidden("Запрос отклонён: нет или неверен CSRF-токен (заголовок X-CSRF-Token)")
    return session


CurrentSession = Annotated[AuthenticatedSession, Depends(_session)]
PageSession = CurrentSession
"""The same session on a page: a visitor without one is sent to the login page (``errors.failure``)."""
ChangingSession = Annotated[AuthenticatedSession, Depends(_csrf_checked)]


def _principal(session: CurrentSession) -> Principal:
    return session.principal


CurrentPrincipal = Annotated[Principal, Depends(_principal)]


def _registry(container: ContainerDep) -> RegistryClient:
    return container.registry


def _reporting(container: ContainerDep) -> ReportingClient:
    return container.reporting


def _documents(container: ContainerDep) -> DocumentClient:
    return container.documents


Registry = Annotated[RegistryClient, Depends(_registry)]
def _participants(container: ContainerDep) -> ParticipantClient:
    return container.participants


Documents = Annotated[DocumentClient, Depends(_documents)]
Participants = Annotated[ParticipantClient, Depends(_participants)]
Reporting = Annotated[ReportingClient, Depends(_reporting)]


def _matching(container: ContainerDep) -> MatchingClient:
    return container.matching


Matching = Annotated[MatchingClient, Depends(_matching)]


def _monitoring(container: ContainerDep) -> MonitoringClient:
    return container.monitoring


Monitoring = Annotated[MonitoringClient, Depends(_monitoring)]


def _regional(container: ContainerDep) -> RegionalClient:
    return container.regional


Regional = Annotated[RegionalClient, Depends(_regional)]


def _outer_work(container: ContainerDep) -> OuterWorkClient:
    return container.outer_work


OuterWork = Annotated[OuterWorkClient, Depends(_outer_work)]


def _contests(container: ContainerDep) -> ContestDesk:
    return container.contests


Contests = Annotated[ContestDesk, Depends(_contests)]


def _register(container: ContainerDep) -> RegisterClient:
    return container.register


Register = Annotated[RegisterClient, Depends(_register)]


def _risk_signals(container: ContainerDep) -> RiskSignalsClient:
    return container.risk_signals


RiskSignals = Annotated[RiskSignalsClient, Depends(_risk_signals)]


class PolicyGate:
    """Route dependency naming the route's action: refuses, with 403, what the policy table does not allow.

    Every API route and every page carries exactly one gate (or ``PUBLIC``); the policy-matrix test reads them.
    A page's refusal becomes the Russian 403 page, a page visitor without a session goes to /login
    (``errors.failure`` decides).
    """

    def __init__(self, action: Action | None) -> None:
        self.action = action

    def __call__(self, request: Request) -> None:
        if self.action is None:
            return
        session = _session(request, _container(request))
        require(session.principal, self.action)


def allowed(action: Action) -> PolicyGate:
    return PolicyGate(action)


PUBLIC = PolicyGate(None)


def form_csrf_ok(session: AuthenticatedSession, submitted: str) -> bool:
    return hmac.compare_digest(submitted or "", session.csrf_token)


def check_form_csrf(session: AuthenticatedSession, submitted: object) -> None:
    """A page form's hidden ``csrf_token`` must be the session's: refused with 403 (the error page) otherwise."""
    if not form_csrf_ok(session, submitted if isinstance(submitted, str) else ""):
        raise Forbidden(STALE_FORM)


def client_ip(request: Request) -> str:
    """The client's address for throttling and the audit log: ``X-Forwarded-For`` counts only from a proxy named in
    ``TRUSTED_PROXIES`` (none by default: the server's own proxy-header handling is off)."""
    peer = request.client.host if request.client else "unknown"
    proxies = parse_networks(request.app.state.container.settings.trusted_proxies)
    return client_address(peer, request.headers.get("x-forwarded-for", ""), proxies)


def audit_pii_read(request: Request, session: AuthenticatedSession, *, action: Action, subject: str,
                   records: int) -> None:
    """Record a read or export of personal data (called by every route that shows people)."""
    container: Container = request.app.state.container
    container.audit.record(session.principal, username=session.username, action=action.value, subject=subject,
                           records=records, endpoint=f"{request.method} {request.url.path}",
                           client_ip=client_ip(request), user_agent=request.headers.get("user-agent", ""))
