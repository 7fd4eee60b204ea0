"""gRPC entry points: translate messages to commands, run the use case as the verified caller."""

from __future__ import annotations

from collections.abc import Callable

import grpc

from mentorship.registry.v1 import organisations_pb2, organisations_pb2_grpc
from mentorship_kit.grpc_server import current_principal
from mentorship_kit.principal import Principal
from registry.adapters import proto_codec as codec
from registry.domain import commands
from registry.service_layer import handlers
from registry.service_layer.unit_of_work import RegistryUnitOfWork

UowFactory = Callable[[Principal], RegistryUnitOfWork]


class OrganisationServicer(organisations_pb2_grpc.OrganisationServiceServicer):
    def __init__(self, uow: UowFactory) -> None:
        self._uow = uow

    def CreateRegion(self, request: organisations_pb2.CreateRegionRequest,
                     context: grpc.ServicerContext) -> organisations_pb2.Region:
        region = handlers.create_region(commands.CreateRegion(request.name, request.code),
                                        self._uow(current_principal()))
        return codec.region_msg(region)

    def ListRegions(self, request: organisations_pb2.ListRegionsRequest,
                    context: grpc.ServicerContext) -> organisations_pb2.ListRegionsResponse:
        found = handlers.list_regions(self._uow(current_principal()))
        return organisations_pb2.ListRegionsResponse(regions=[codec.region_msg(r) for r in found])

    def CreateMunicipality(self, request: organisations_pb2.CreateMunicipalityRequest,
                           context: grpc.ServicerContext) -> organisations_pb2.Municipality:
        cmd = commands.CreateMunicipality(request.region_id, request.name, request.code)
        return codec.municipality_msg(handlers.create_municipality(cmd, self._uow(current_principal())))

    def ListMunicipalities(self, request: organisations_pb2.ListMunicipalitiesRequest,
                           context: grpc.ServicerContext) -> organisations_pb2.ListMunicipalitiesResponse:
        found = handlers.list_municipalities(request.region_id, self._uow(current_principal()))
        return organisations_pb2.ListMunicipalitiesResponse(municipalities=[codec.municipality_msg(m) for m in found])

    def CreateOrganisation(self, request: organisations_pb2.CreateOrganisationRequest,
                           context: grpc.ServicerContext) -> organisations_pb2.Organisation:
        cmd = commands.CreateOrganisation(request.municipality_id, request.name,
                                          codec.kind_from_proto(request.kind), request.code)
        return codec.organisation_msg(handlers.create_organisation(cmd, self._uow(current_principal())))

    def ListOrganisations(self, request: organisations_pb2.ListOrganisationsRequest,
                          context: grpc.ServicerContext) -> organisations_pb2.ListOrganisationsResponse:
        found = handlers.list_organisations(request.municipality_id, self._uow(current_principal()))
        return organisations_pb2.ListOrganisationsResponse(organisations=[codec.organisation_msg(o) for o in found])
