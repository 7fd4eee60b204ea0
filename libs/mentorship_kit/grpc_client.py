"""The one way a process calls another service: traced channels, internal token, mapped errors."""

from __future__ import annotations

import grpc
from google.rpc import code_pb2, error_details_pb2
from grpc_status import rpc_status
from opentelemetry.instrumentation.grpc import GrpcInstrumentorClient

from mentorship_kit import errors

_instrumented = False
MAX_MESSAGE_BYTES = 16 * 1024 * 1024  # the same bound as the servers (grpc_server)

# Calls are spread over every address the target resolves to (ADR 014): a Kubernetes headless Service
# (``dns:///registry:50051``) or a list (``ipv4:127.0.0.1:50051,127.0.0.1:50061``). gRPC's default, pick_first,
# would pin a long-lived channel to one instance, and a second instance would never see a call. A dead instance
# leaves the rotation when its connection drops. One address behaves as before.
SERVICE_CONFIG = '{"loadBalancingConfig": [{"round_robin": {}}]}'


def make_channel(target: str) -> grpc.Channel:
    global _instrumented
    if not _instrumented:
        GrpcInstrumentorClient().instrument()
        _instrumented = True
    return grpc.insecure_channel(target, options=[("grpc.enable_retries", 1),
                                                  ("grpc.service_config", SERVICE_CONFIG),
                                                  ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
                                                  ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES)])


def bearer(token: str) -> list[tuple[str, str]]:
    return [("authorization", f"Bearer {token}")]


def to_domain_error(err: grpc.RpcError) -> errors.DomainError:
    """Turn a failed call back into the error the service raised, with its field problems."""
    status = rpc_status.from_call(err)
    code = err.code() if hasattr(err, "code") else None
    message = (status.message if status else None) or (err.details() if hasattr(err, "details") else "") or ""
    if status is not None and status.code == code_pb2.INVALID_ARGUMENT:
        problems: list[errors.FieldProblem] = []
        for detail in status.details:
            bad = error_details_pb2.BadRequest()
            if detail.Unpack(bad):
                problems += [errors.FieldProblem(v.field, v.description) for v in bad.field_violations]
        return errors.ValidationFailed(problems or [errors.FieldProblem("", message)])
    mapping: dict[grpc.StatusCode | None, type[errors.DomainError]] = {
        grpc.StatusCode.INVALID_ARGUMENT: errors.ValidationFailed,
        grpc.StatusCode.NOT_FOUND: errors.NotFound,
        grpc.StatusCode.PERMISSION_DENIED: errors.Forbidden,
        grpc.StatusCode.ALREADY_EXISTS: errors.Conflict,
        grpc.StatusCode.UNAUTHENTICATED: errors.Unauthenticated,
    }
    cls = mapping.get(code, errors.Unavailable)
    if cls is errors.ValidationFailed:
        return errors.ValidationFailed([errors.FieldProblem("", message)])
    if cls is errors.Unavailable:
        return errors.Unavailable("Сервис временно недоступен, повторите попытку позже")
    return cls(message)
