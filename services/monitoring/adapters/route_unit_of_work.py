"""The unit of work of the individual routes (ADR 011): the kit's tenant-scoped one, which also binds the caller's
user id (``app.user_id``) — the routes' row-level security admits a tutor to the rows assigned to that id."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from mentorship_kit.principal import Principal
from mentorship_kit.unit_of_work import SqlUnitOfWork
from monitoring.adapters.event_codec import SOURCE, TOPIC, encode_event
from monitoring.adapters.route_repository import SqlRouteRepository


class RouteUnitOfWork(SqlUnitOfWork):
    routes: SqlRouteRepository

    def __init__(self, engine: Engine, *, principal: Principal) -> None:
        super().__init__(engine, principal=principal, source=SOURCE, topic=TOPIC, encode=encode_event)

    def bind_repositories(self, session: Session) -> None:
        self.routes = SqlRouteRepository(session)
