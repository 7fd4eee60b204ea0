"""Engines and the tenant binding every transaction starts with.

The tenant is written with ``set_config(..., true)`` — the ``SET LOCAL`` form — so it dies with the
transaction and a pooled connection never carries one school's context into the next request.
With no context the policies see NULL and return nothing (fail closed).
"""

from __future__ import annotations

import contextlib
import select
import time
from typing import Any

import psycopg
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from sqlalchemy import Engine, create_engine, event, exc, text
from sqlalchemy.orm import Session

from mentorship_kit.principal import Principal, Role

_BIND_TENANT = text(
    "SELECT set_config('app.scope', :scope, true), set_config('app.org_id', :org_id, true),"
    " set_config('app.municipality_id', :municipality_id, true),"
    " set_config('app.region_id', :region_id, true), set_config('app.user_id', :user_id, true),"
    " set_config('app.participant_role', :participant_role, true),"
    " set_config('app.participant_id', :participant_id, true), set_config('app.roles', :roles, true)"
)


SERVING_CONNECTIONS = 15
"""Connections a serving engine (a gRPC server's, the gateway's) opens at most — and keeps. The bound is the one it
had as 5 kept plus 10 of overflow; an overflow connection was closed when it came back, so every burst of parallel
reads (the region's page asks reporting nine things at once) started new PostgreSQL backends, each paying its fork,
its login and cold catalogue caches again: a third of PostgreSQL's CPU for that page (ADR 033)."""


def make_engine(url: str, *, pool_size: int | None = None) -> Engine:
    """A serving engine by default; a background job (relay, consumer, worker) names the few connections it keeps
    and may open 10 more for a moment. A pooled connection the server closed is replaced when it is checked out."""
    if pool_size is None:
        engine = create_engine(url, pool_size=SERVING_CONNECTIONS, max_overflow=0)
    else:
        engine = create_engine(url, pool_size=pool_size, max_overflow=10)
    event.listen(engine, "connect", _idle_from_now)
    event.listen(engine, "checkin", _idle_from_now)
    event.listen(engine, "checkout", _ended_while_idle)
    SQLAlchemyInstrumentor().instrument(engine=engine)
    return engine


PING_AFTER_IDLE_SECONDS = 5.0
"""A connection idle longer than this is pinged at checkout as ``pool_pre_ping`` did: a peer gone without closing
(a failover that moved the address, a middlebox's idle timeout) shows on no socket until the next write. A busy
pool hands its connections out again within moments and pings none (ADR 035)."""


def _idle_from_now(dbapi_connection: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _ended_while_idle(dbapi_connection: Any, record: Any, proxy: Any) -> None:
    """Instead of ``pool_pre_ping``'s round trip on every checkout (a quarter of a small transaction's client CPU,
    ADR 035): a connection idle in the pool has nothing to read unless the server ended it — its «terminating
    connection» message, or the end of the stream when it died. Such a connection, or one idle for long, is pinged;
    if the ping fails the pool opens a fresh one (``DisconnectionError`` in a checkout listener). Anything harmless
    that was waiting (a setting the server reports after a reload) is read by the ping and the connection kept."""
    if dbapi_connection.closed or dbapi_connection.broken:
        raise exc.DisconnectionError("the connection was closed while it was idle in the pool")
    idle = time.monotonic() - record.info.get("idle_since", float("-inf"))
    if idle > PING_AFTER_IDLE_SECONDS or readable(dbapi_connection.fileno()):
        _ping(dbapi_connection)


def _ping(dbapi_connection: Any) -> None:
    """``SELECT 1`` outside a transaction, as SQLAlchemy's own ping does (psycopg switches autocommit on the client)."""
    before = dbapi_connection.autocommit
    try:
        dbapi_connection.autocommit = True
        dbapi_connection.execute("SELECT 1")
    except psycopg.Error as err:
        raise exc.DisconnectionError("the server ended this connection while it was idle in the pool") from err
    finally:
        with contextlib.suppress(psycopg.Error):  # a connection that just failed is thrown away anyway
            if not dbapi_connection.closed:
                dbapi_connection.autocommit = before


def readable(fd: int) -> bool:
    """Whether the descriptor has something to read right now (an idle connection: the server spoke)."""
    poller = select.poll()  # not select(): a busy process may hold descriptors above FD_SETSIZE
    poller.register(fd, select.POLLIN | select.POLLERR | select.POLLHUP)
    return bool(poller.poll(0))


def single_statement_reads(engine: Engine) -> Engine:
    """The same pool in autocommit: for a read of one statement that binds no tenant (the gateway's session, the
    projections' version) — no BEGIN and no ROLLBACK around it, one round trip instead of three (ADR 035). A read
    of a tenant's rows goes through the unit of work: ``set_config(..., true)`` needs the transaction."""
    return engine.execution_options(isolation_level="AUTOCOMMIT")


JURY_SCOPE = "jury"


def database_scope(principal: Principal) -> str:
    """The scope the policies see. A login that is only a juror (ADR 023) carries its region for the policy table
    but reaches no tier's rows in any database: bound as ``jury``, every tier policy (``app_scope() IN …``) refuses
    it, and only the contests' juror policies (``app_has_role('jury')``, its ``app.user_id``) admit it."""
    if principal.roles == {Role.JURY}:
        return JURY_SCOPE
    return principal.scope.value


def bind_tenant(session: Session, principal: Principal) -> None:
    session.execute(_BIND_TENANT, {
        "scope": database_scope(principal),
        "org_id": principal.org_id or "",
        "municipality_id": principal.municipality_id or "",
        "region_id": principal.region_id or "",
        "user_id": principal.user_id,
        # A mentor's or mentee's login: the restrictive «own» policies (``rls.OWN_PAIR``) keep its pairs only.
        "participant_role": principal.participant_role.value if principal.participant_role else "",
        "participant_id": principal.participant_id or "",
        # A juror (region scope) must not pass the region's tier policies: ``rls.has_role`` reads the roles.
        "roles": ",".join(sorted(r.value for r in principal.roles)),
    })
