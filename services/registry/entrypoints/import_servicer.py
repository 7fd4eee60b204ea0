"""gRPC entry points of bulk import."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeAlias

import grpc

from mentorship.registry.v1 import imports_pb2 as pb
from mentorship.registry.v1 import imports_pb2_grpc
from mentorship_kit.change_watch import ChangeWatch
from mentorship_kit.grpc_server import ServicerBase
from mentorship_kit.principal import Principal
from mentorship_kit.proto_enums import to_name
from registry.adapters.participant_codec import job_msg
from registry.service_layer import import_handlers as imports
from registry.service_layer.unit_of_work import UnitOfWork

Ctx: TypeAlias = grpc.ServicerContext


IMPORT_CHANNEL = "import_jobs"
"""Where a job's status change is announced (registry migration 0020's trigger)."""
WAIT_MAX = 25
"""Seconds a status request may wait for a change (the gateway's bound too: under proxies' 30 s idle timeout)."""
ANSWER_MARGIN = 1.0
"""Seconds kept before the caller's deadline to read and answer."""


class ImportServicer(ServicerBase[UnitOfWork], imports_pb2_grpc.ImportServiceServicer):
    def __init__(self, uow: Callable[[Principal], UnitOfWork], *, watch: ChangeWatch | None = None) -> None:
        """``watch``: the registry's LISTEN on ``import_jobs`` (migration 0020); without it a status request
        answers at once."""
        super().__init__(uow)
        self._watch = watch

    def GetImportTemplate(self, request: pb.GetImportTemplateRequest, context: Ctx) -> pb.ImportTemplate:
        filename, content_type, content = imports.template(to_name(pb.ImportKind, request.kind), request.format,
                                                           self.uow())
        return pb.ImportTemplate(filename=filename, content_type=content_type, content=content)

    def StartImport(self, request: pb.StartImportRequest, context: Ctx) -> pb.ImportJob:
        job = imports.start(to_name(pb.ImportKind, request.kind), request.filename, request.content, self.uow())
        return job_msg(job)

    def GetImport(self, request: pb.GetImportRequest, context: Ctx) -> pb.ImportJob:
        def read() -> pb.ImportJob:
            job, errors, total = imports.get(request.import_id, self.uow(), errors_limit=request.errors_limit,
                                             errors_offset=request.errors_offset)
            return job_msg(job, errors, total)

        wait = min(request.wait_seconds, WAIT_MAX)
        if wait <= 0 or not request.known_status or self._watch is None:
            return read()
        try:  # the trigger names the job as PostgreSQL spells a uuid
            key = str(uuid.UUID(request.import_id))
        except ValueError:
            return read()  # not an id: the read answers «not found»
        # Watched before the first read: a change between that read and the wait still wakes the wait.
        with self._watch.watching(key) as waiter:
            job = read()
            if waiter is None or to_name(pb.ImportStatus, job.status) != request.known_status:
                return job
            remaining = context.time_remaining()
            if not waiter.wait(min(wait, remaining - ANSWER_MARGIN if remaining is not None else wait)):
                return job  # nothing changed: the same answer, without reading again
        return read()

    def ConfirmImport(self, request: pb.ConfirmImportRequest, context: Ctx) -> pb.ImportJob:
        return job_msg(imports.confirm(request.import_id, self.uow()))

    def ListImports(self, request: pb.ListImportsRequest, context: Ctx) -> pb.ListImportsResponse:
        return pb.ListImportsResponse(imports=[job_msg(j) for j in imports.recent(request.limit or 20, self.uow())])
