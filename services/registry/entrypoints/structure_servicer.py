"""gRPC entry points of the tenant structure: messages to commands, the use case run as the verified caller."""

from __future__ import annotations

import grpc

from mentorship.registry.v1 import organisations_pb2, organisations_pb2_grpc
from mentorship_kit.grpc_server import ServicerBase
from registry.adapters import structure_codec as codec
from registry.domain import commands
from registry.service_layer import structure_handlers as handlers
from registry.service_layer.unit_of_work import UnitOfWork


class OrganisationServicer(ServicerBase[UnitOfWork], organisations_pb2_grpc.OrganisationServiceServicer):
    def CreateRegion(self, request: organisations_pb2.CreateRegionRequest,
                     context: grpc.ServicerContext) -> organisations_pb2.Region:
        region = handlers.create_region(commands.CreateRegion(request.name, request.code),
                                        self.uow())
        return codec.region_msg(region)

    def ListRegions(self, request: organisations_pb2.ListRegionsRequest,
                    context: grpc.ServicerContext) -> organisations_pb2.ListRegionsResponse:
        found = handlers.list_regions(self.uow())
        return organisations_pb2.ListRegionsResponse(regions=[codec.region_msg(r) for r in found])

    def CreateMunicipality(self, request: organisations_pb2.CreateMunicipalityRequest,
                           context: grpc.ServicerContext) -> organisations_pb2.Municipality:
        cmd = commands.CreateMunicipality(request.region_id, request.name, request.code)
        return codec.municipality_msg(handlers.create_municipality(cmd, self.uow()))

    def ListMunicipalities(self, request: organisations_pb2.ListMunicipalitiesRequest,
                           context: grpc.ServicerContext) -> organisations_pb2.ListMunicipalitiesResponse:
        found = handlers.list_municipalities(request.region_id, self.uow())
        return organisations_pb2.ListMunicipalitiesResponse(municipalities=[codec.municipality_msg(m) for m in found])

    def CreateOrganisation(self, request: organisations_pb2.CreateOrganisationRequest,
                           context: grpc.ServicerContext) -> organisations_pb2.Organisation:
        cmd = commands.CreateOrganisation(request.municipality_id, request.name,
                                          codec.kind_from_proto(request.kind), request.code)
        return codec.organisation_msg(handlers.create_organisation(cmd, self.uow()))

    def ListOrganisations(self, request: organisations_pb2.ListOrganisationsRequest,
                          context: grpc.ServicerContext) -> organisations_pb2.ListOrganisationsResponse:
        found = handlers.list_organisations(request.municipality_id, self.uow())
        return organisations_pb2.ListOrganisationsResponse(organisations=[codec.organisation_msg(o) for o in found])

    def OnboardRoster(self, request: organisations_pb2.OnboardRosterRequest,
                      context: grpc.ServicerContext) -> organisations_pb2.OnboardRosterResponse:
        cmd = commands.OnboardRoster(request.region_id, tuple(
            commands.RosterEntry(e.municipality_name, e.organisation_name, codec.kind_from_proto(e.kind))
            for e in request.entries), request.dry_run)
        outcomes = handlers.onboard_roster(cmd, self.uow())
        return organisations_pb2.OnboardRosterResponse(outcomes=[organisations_pb2.RosterOutcome(
            organisation=codec.organisation_msg(o.organisation), organisation_created=o.organisation_created,
            municipality_created=o.municipality_created) for o in outcomes])
