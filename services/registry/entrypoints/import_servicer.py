"""gRPC entry points of bulk import."""

from __future__ import annotations

from typing import TypeAlias

import grpc

from mentorship.registry.v1 import imports_pb2 as pb
from mentorship.registry.v1 import imports_pb2_grpc
from mentorship_kit.grpc_server import ServicerBase
from mentorship_kit.proto_enums import to_name
from registry.adapters.participant_codec import job_msg
from registry.service_layer import import_handlers as imports
from registry.service_layer.unit_of_work import UnitOfWork

Ctx: TypeAlias = grpc.ServicerContext


class ImportServicer(ServicerBase[UnitOfWork], imports_pb2_grpc.ImportServiceServicer):

    def GetImportTemplate(self, request: pb.GetImportTemplateRequest, context: Ctx) -> pb.ImportTemplate:
        filename, content_type, content = imports.template(to_name(pb.ImportKind, request.kind), request.format,
                                                           self.uow())
        return pb.ImportTemplate(filename=filename, content_type=content_type, content=content)

    def StartImport(self, request: pb.StartImportRequest, context: Ctx) -> pb.ImportJob:
        job = imports.start(to_name(pb.ImportKind, request.kind), request.filename, request.content, self.uow())
        return job_msg(job)

    def GetImport(self, request: pb.GetImportRequest, context: Ctx) -> pb.ImportJob:
        job, errors, total = imports.get(request.import_id, self.uow(), errors_limit=request.errors_limit,
                                         errors_offset=request.errors_offset)
        return job_msg(job, errors, total)

    def ConfirmImport(self, request: pb.ConfirmImportRequest, context: Ctx) -> pb.ImportJob:
        return job_msg(imports.confirm(request.import_id, self.uow()))

    def ListImports(self, request: pb.ListImportsRequest, context: Ctx) -> pb.ListImportsResponse:
        return pb.ListImportsResponse(imports=[job_msg(j) for j in imports.recent(request.limit or 20, self.uow())])
