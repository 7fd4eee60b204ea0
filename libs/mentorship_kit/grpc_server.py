"""The one way a service serves gRPC: verified principal, mapped errors, health, traces.

Every unary handler is wrapped once here: the internal token is verified (health checks excepted), the
principal is bound to the call, and ``DomainError`` subclasses become status codes with
``google.rpc.BadRequest`` details. Anything else is logged and answered with a generic INTERNAL.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable, Iterable
from concurrent import futures
from typing import Any, Generic, TypeVar

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_status import rpc_status
from opentelemetry.instrumentation.grpc import GrpcInstrumentorServer

from mentorship_kit import errors
from mentorship_kit.internal_token import InvalidInternalToken, TokenVerifier
from mentorship_kit.principal import Principal

log = logging.getLogger(__name__)

# Spreadsheets of a whole school (up to 10 MB) travel in one message; the gRPC default is 4 MB.
MAX_MESSAGE_BYTES = 16 * 1024 * 1024

_principal: contextvars.ContextVar[Principal] = contextvars.ContextVar("principal")
_token: contextvars.ContextVar[str] = contextvars.ContextVar("internal_token")
_OPEN_METHODS = frozenset({"/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch",
                           "/grpc.health.v1.Health/List"})

_STATUS_OF: list[tuple[type[errors.DomainError], int]] = [
    (errors.ValidationFailed, code_pb2.INVALID_ARGUMENT),
    (errors.NotFound, code_pb2.NOT_FOUND),
    (errors.Forbidden, code_pb2.PERMISSION_DENIED),
    (errors.Conflict, code_pb2.ALREADY_EXISTS),
    (errors.Unauthenticated, code_pb2.UNAUTHENTICATED),
    (errors.Unavailable, code_pb2.UNAVAILABLE),
]


def current_principal() -> Principal:
    """The verified caller of the RPC being served."""
    return _principal.get()


def current_token() -> str:
    """The caller's verified internal token, for a service that calls another one *as the caller* (matching reads
    the pool from the registry this way, so the registry's policy and row-level security decide what it sees)."""
    return _token.get()


UnitOfWorkT = TypeVar("UnitOfWorkT")


class ServicerBase(Generic[UnitOfWorkT]):
    """What every gRPC servicer shares: a unit of work bound to the verified caller of the RPC.

    The rest is done once for all servicers by the interceptor of ``build_server``: the internal token is
    verified into the principal, and ``DomainError`` subclasses become status codes. A servicer method only
    translates the message, runs the use case with ``self.uow()`` and translates the result back.
    """

    def __init__(self, uow: Callable[[Principal], UnitOfWorkT]) -> None:
        self._new_uow = uow

    def uow(self) -> UnitOfWorkT:
        """A fresh unit of work for the caller of this RPC (one per use case call)."""
        return self._new_uow(current_principal())


MAX_PROBLEMS = 10
PROBLEMS_BUDGET = 4000
"""UTF-8 bytes of problem texts carried back at most."""
MESSAGE_MAX = 300
PROBLEM_MAX = 1000
"""Field problems carried back: the status travels in the call's trailers, which gRPC bounds (8 KiB by default,
and the message goes again percent-encoded) — a form with a thousand bad questions would otherwise fail as an
internal error instead of a 422. The caller rebuilds the problems from the details, not from the message."""


def shown_problems(exc: errors.ValidationFailed) -> list[errors.FieldProblem]:
    """The first problems that fit ``MAX_PROBLEMS`` and the byte budget (the first always, cut at ``PROBLEM_MAX``),
    and one more saying how many are left for the next try."""
    problems: list[errors.FieldProblem] = []
    spent = 0
    for p in exc.problems[:MAX_PROBLEMS]:
        message = p.message[:PROBLEM_MAX]
        size = len(message.encode())
        if problems and spent + size > PROBLEMS_BUDGET:
            break
        problems.append(errors.FieldProblem(p.field, message))
        spent += size
    if len(exc.problems) > len(problems):
        problems.append(errors.FieldProblem("", f"…и ещё замечаний: {len(exc.problems) - len(problems)}; "
                                                "исправьте эти и отправьте снова"))
    return problems


def _status_for(exc: errors.DomainError) -> status_pb2.Status:
    code = next((c for cls, c in _STATUS_OF if isinstance(exc, cls)), code_pb2.FAILED_PRECONDITION)
    status = status_pb2.Status(code=code, message=exc.message[:PROBLEM_MAX])
    if isinstance(exc, errors.ValidationFailed):
        problems = shown_problems(exc)
        status.message = "; ".join(p.message for p in problems)[:MESSAGE_MAX] or exc.message[:MESSAGE_MAX]
        detail = any_pb2.Any()
        detail.Pack(error_details_pb2.BadRequest(field_violations=[
            error_details_pb2.BadRequest.FieldViolation(field=p.field, description=p.message)
            for p in problems
        ]))
        status.details.append(detail)
    return status


class _AuthAndErrors(grpc.ServerInterceptor):
    def __init__(self, verifier: TokenVerifier) -> None:
        self._verifier = verifier

    def intercept_service(self, continuation: Callable[..., Any], details: grpc.HandlerCallDetails) -> Any:
        handler = continuation(details)
        if handler is None or details.method in _OPEN_METHODS or handler.unary_unary is None:
            return handler
        metadata = dict(details.invocation_metadata or ())
        inner = handler.unary_unary
        verifier = self._verifier

        def wrapped(request: Any, context: grpc.ServicerContext) -> Any:
            auth = str(metadata.get("authorization", ""))
            if not auth.startswith("Bearer "):
                context.abort(grpc.StatusCode.UNAUTHENTICATED, "missing internal token")
            try:
                principal = verifier.verify(auth.removeprefix("Bearer "))
            except InvalidInternalToken as exc:
                context.abort(grpc.StatusCode.UNAUTHENTICATED, str(exc))
            token = _principal.set(principal)
            raw = _token.set(auth.removeprefix("Bearer "))
            try:
                return inner(request, context)
            except errors.DomainError as exc:
                context.abort_with_status(rpc_status.to_status(_status_for(exc)))
            except Exception:
                log.exception("unexpected error in %s", details.method)
                context.abort(grpc.StatusCode.INTERNAL, "internal error")
            finally:
                _token.reset(raw)
                _principal.reset(token)

        return grpc.unary_unary_rpc_method_handler(
            wrapped, request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer)


def build_server(*, listen: str, verifier: TokenVerifier,
                 register: Iterable[Callable[[grpc.Server], None]], max_workers: int = 16) -> tuple[grpc.Server, int]:
    """Create (not start) a server; returns it with the bound port (``listen`` may end in ``:0``)."""
    GrpcInstrumentorServer().instrument()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=max_workers),
                         interceptors=[_AuthAndErrors(verifier)],
                         options=[("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
                                  ("grpc.max_send_message_length", MAX_MESSAGE_BYTES)])
    for add in register:
        add(server)
    health_servicer = health.HealthServicer()
    health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    port = server.add_insecure_port(listen)
    if port == 0:
        raise RuntimeError(f"cannot listen on {listen}")
    return server, port
