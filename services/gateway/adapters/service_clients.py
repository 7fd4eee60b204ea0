"""Clients of the platform's gRPC services: each call carries a fresh internal token of the caller.

Every client method returns read models (``XRead.of(reply)``, :mod:`gateway.adapters.proto_json`); the ones of
this module are in :mod:`gateway.adapters.service_reads`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import grpc

from gateway.adapters.evaluation_reads import EvaluationLevelsRead
from gateway.adapters.read_cache import ReadCache, cached_call
from gateway.adapters.service_reads import (
    DocumentIndicatorsRead,
    MentorCountsRead,
    MunicipalityRead,
    OrganisationRead,
    PairCountsRead,
    ParticipantCountsRead,
    RegionRead,
    RosterOutcomeRead,
)
from mentorship.registry.v1 import (
    organisations_pb2,
    organisations_pb2_grpc,
    participants_pb2,
)
from mentorship.reporting.v1 import evaluation_pb2, evaluation_pb2_grpc, reporting_pb2, reporting_pb2_grpc
from mentorship_kit.grpc_client import bearer, to_domain_error
from mentorship_kit.internal_token import TokenIssuer
from mentorship_kit.principal import Principal
from mentorship_kit.proto_enums import names

CALL_TIMEOUT_SECONDS = 10.0
T = TypeVar("T")


class _Client:
    def __init__(self, channel: grpc.Channel, issuer: TokenIssuer, *, cache: ReadCache | None = None) -> None:
        """``cache``: reporting's clients keep their replies under its read version (ADR 029); no other service's."""
        self._channel = channel
        self._issuer = issuer
        self._cache = cache

    def _call(self, method: Any, request: Any, principal: Principal) -> Any:
        try:
            return method(request, metadata=bearer(self._issuer.issue(principal)), timeout=CALL_TIMEOUT_SECONDS)
        except grpc.RpcError as err:
            raise to_domain_error(err) from None

    async def _call_waiting(self, method: Any, request: Any, principal: Principal, *, timeout: float) -> Any:
        """A call that may take long (a status request waiting for a change), awaited without holding one of the
        server's worker threads: gRPC's own future, resolved on the event loop; cancelled if the caller goes."""
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[Any] = loop.create_future()
        call = method.future(request, metadata=bearer(self._issuer.issue(principal)), timeout=timeout)

        def settle(done: Any) -> None:
            if answer.done():
                return
            try:
                answer.set_result(done.result())
            except grpc.RpcError as err:
                answer.set_exception(to_domain_error(err))
            except grpc.FutureCancelledError:
                answer.cancel()

        call.add_done_callback(lambda done: loop.call_soon_threadsafe(settle, done))
        try:
            return await answer
        finally:
            call.cancel()

    def _read(self, method: Any, request: Any, principal: Principal, convert: Callable[[Any], T]) -> T:
        """The reply made into its read model by ``convert``; with a cache, the read model is what is kept under
        the request's read version (ADR 029), so a page's repeated views do not convert it again."""
        def call() -> tuple[T, int]:
            reply = self._call(method, request, principal)
            return convert(reply), reply.ByteSize()

        # the stub's method object lives as long as the client: its id names the RPC, the converter's name the form
        form = f"{getattr(getattr(convert, '__self__', None), '__qualname__', '')}.{convert.__qualname__}"
        name = f"{type(request).DESCRIPTOR.full_name}#{id(method)}:{form}"
        return cached_call(self._cache, name, request.SerializeToString(deterministic=True), principal, call)


class RegistryClient(_Client):
    def __init__(self, channel: grpc.Channel, issuer: TokenIssuer) -> None:
        super().__init__(channel, issuer)
        self._structure = organisations_pb2_grpc.OrganisationServiceStub(channel)

    def create_region(self, principal: Principal, *, name: str, code: str) -> RegionRead:
        return RegionRead.of(self._call(self._structure.CreateRegion,
                                        organisations_pb2.CreateRegionRequest(name=name, code=code), principal))

    def list_regions(self, principal: Principal) -> list[RegionRead]:
        reply = self._call(self._structure.ListRegions, organisations_pb2.ListRegionsRequest(), principal)
        return [RegionRead.of(r) for r in reply.regions]

    def create_municipality(self, principal: Principal, *, region_id: str, name: str,
                            code: str) -> MunicipalityRead:
        request = organisations_pb2.CreateMunicipalityRequest(region_id=region_id, name=name, code=code)
        return MunicipalityRead.of(self._call(self._structure.CreateMunicipality, request, principal))

    def list_municipalities(self, principal: Principal, *, region_id: str = "") -> list[MunicipalityRead]:
        request = organisations_pb2.ListMunicipalitiesRequest(region_id=region_id)
        return [MunicipalityRead.of(m)
                for m in self._call(self._structure.ListMunicipalities, request, principal).municipalities]

    def create_organisation(self, principal: Principal, *, municipality_id: str, name: str, kind: str,
                            code: str) -> OrganisationRead:
        request = organisations_pb2.CreateOrganisationRequest(
            municipality_id=municipality_id, name=name, code=code,
            kind=organisations_pb2.OrganisationKind.Value(f"ORGANISATION_KIND_{kind.upper()}"))
        return OrganisationRead.of(self._call(self._structure.CreateOrganisation, request, principal))

    def list_organisations(self, principal: Principal, *, municipality_id: str = "") -> list[OrganisationRead]:
        request = organisations_pb2.ListOrganisationsRequest(municipality_id=municipality_id)
        return [OrganisationRead.of(o)
                for o in self._call(self._structure.ListOrganisations, request, principal).organisations]

    def onboard_roster(self, principal: Principal, *, region_id: str, entries: list[tuple[str, str, str]],
                       dry_run: bool) -> list[RosterOutcomeRead]:
        """(municipality, organisation, kind) per entry → what exists or was (or would be) created, in order."""
        request = organisations_pb2.OnboardRosterRequest(region_id=region_id, dry_run=dry_run, entries=[
            organisations_pb2.RosterEntry(
                municipality_name=m, organisation_name=o,
                kind=organisations_pb2.OrganisationKind.Value(f"ORGANISATION_KIND_{(k or 'unspecified').upper()}"))
            for m, o, k in entries])
        return [RosterOutcomeRead.of(o) for o in self._call(self._structure.OnboardRoster, request, principal).outcomes]


def _grouping(grouping: str | None) -> reporting_pb2.Grouping:
    return reporting_pb2.Grouping.Value(f"GROUPING_{grouping.upper()}") if grouping \
        else reporting_pb2.GROUPING_UNSPECIFIED


@dataclass(frozen=True)
class SchoolLightCount:
    """A municipality's schools by the colour of their deadline light (reporting judges them by the one rule)."""

    unit_id: str
    unit_name: str
    green: int
    yellow: int
    red: int


def _light_counts(reply: reporting_pb2.GetSchoolLightCountsResponse) -> list[SchoolLightCount]:
    return [SchoolLightCount(r.unit_id, r.unit_name, int(r.green), int(r.yellow), int(r.red)) for r in reply.rows]


class ReportingClient(_Client):
    def __init__(self, channel: grpc.Channel, issuer: TokenIssuer, *, cache: ReadCache | None = None) -> None:
        super().__init__(channel, issuer, cache=cache)
        self._reporting = reporting_pb2_grpc.ReportingServiceStub(channel)
        self._evaluations = evaluation_pb2_grpc.EvaluationReportingServiceStub(channel)

    @property
    def kept_replies(self) -> ReadCache | None:
        return self._cache

    def read_version(self, principal: Principal) -> str:
        """The version of reporting's projections now (ADR 029): never kept, it is what keeping depends on; not
        asked when nothing is kept (``READ_CACHE_BYTES=0``)."""
        if self._cache is None:
            return ""
        try:
            reply = self._reporting.GetReadVersion(reporting_pb2.GetReadVersionRequest(),
                                                   metadata=bearer(self._issuer.issue(principal)),
                                                   timeout=CALL_TIMEOUT_SECONDS)
        except grpc.RpcError as err:
            raise to_domain_error(err) from None
        return str(reply.version)

    def kept(self, name: str, asked: str, principal: Principal, build: Callable[[], bytes]) -> bytes:
        """An export built from this request's reads (``build``), kept like the reads themselves: at one read
        version, the same export of the same caller is the same bytes (ADR 029)."""
        def built() -> tuple[bytes, int]:
            content = build()
            return content, len(content)

        return cached_call(self._cache, name, asked.encode(), principal, built)

    def mentor_counts(self, principal: Principal, *, grouping: str | None, municipality_id: str = "",
            organisation_id: str = "") -> MentorCountsRead:
        request = reporting_pb2.GetMentorCountsRequest(
            grouping=_grouping(grouping), municipality_id=municipality_id, organisation_id=organisation_id)
        return self._read(self._reporting.GetMentorCounts, request, principal, MentorCountsRead.of)

    def document_indicators(self, principal: Principal, *, grouping: str | None, municipality_id: str = "",
            organisation_id: str = "") -> DocumentIndicatorsRead:
        request = reporting_pb2.GetDocumentIndicatorsRequest(
            grouping=_grouping(grouping), municipality_id=municipality_id, organisation_id=organisation_id)
        return self._read(self._reporting.GetDocumentIndicators, request, principal, DocumentIndicatorsRead.of)

    def participant_counts(self, principal: Principal, *, grouping: str | None, municipality_id: str = "",
            organisation_id: str = "") -> ParticipantCountsRead:
        """Counts of the bases per unit, facet → number (docs/indicators.md); no names."""
        request = reporting_pb2.GetParticipantCountsRequest(
            grouping=_grouping(grouping), municipality_id=municipality_id, organisation_id=organisation_id)
        return self._read(self._reporting.GetParticipantCounts, request, principal, ParticipantCountsRead.of)

    def pair_counts(self, principal: Principal, *, grouping: str | None, municipality_id: str = "",
            organisation_id: str = "") -> PairCountsRead:
        """Pairs in numbers per unit: active by form and by вид, mentees in pairs (docs/indicators.md)."""
        request = reporting_pb2.GetPairCountsRequest(
            grouping=_grouping(grouping), municipality_id=municipality_id, organisation_id=organisation_id)
        return self._read(self._reporting.GetPairCounts, request, principal, PairCountsRead.of)

    def school_light_counts(self, principal: Principal, *, municipality_id: str = "",
                            organisation_id: str = "") -> list[SchoolLightCount]:
        """Per municipality in reach: its schools counted by the colour of their deadline light — 60 rows for a
        region's 2,000 schools (issue 14)."""
        request = reporting_pb2.GetSchoolLightCountsRequest(municipality_id=municipality_id,
                                                            organisation_id=organisation_id)
        return self._read(self._reporting.GetSchoolLightCounts, request, principal, _light_counts)

    def evaluation_levels(self, principal: Principal, *, period: str = "", municipality_id: str = "",
            organisation_id: str = "", with_schools: bool = True) -> EvaluationLevelsRead:
        """Levels and totals of the schools' program evaluations (001 §6) in the caller's reach — no names; without
        the row of each school when the level lists municipalities."""
        request = evaluation_pb2.GetEvaluationLevelsRequest(period=period, municipality_id=municipality_id,
                                                            organisation_id=organisation_id,
                                                            without_schools=not with_schools)
        return self._read(self._evaluations.GetEvaluationLevels, request, principal, EvaluationLevelsRead.of)


# The REST spelling of the contracts' value sets (lower-case names, without UNSPECIFIED).
MENTOR_ORIGINS = names(participants_pb2.MentorOrigin)
ORGANISATION_KINDS = names(organisations_pb2.OrganisationKind)
GROUPINGS = names(reporting_pb2.Grouping)
