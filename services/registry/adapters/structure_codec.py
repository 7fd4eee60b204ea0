"""Regions, municipalities and organisations between the domain and the RPC messages of OrganisationService."""

from __future__ import annotations

from mentorship.registry.v1 import organisations_pb2
from registry.domain.structure import Municipality, Organisation, OrganisationKind, Region


def kind_to_proto(kind: OrganisationKind) -> int:
    return organisations_pb2.OrganisationKind.Value(f"ORGANISATION_KIND_{kind.value.upper()}")


def kind_from_proto(value: int) -> str:
    try:
        return organisations_pb2.OrganisationKind.Name(value).removeprefix("ORGANISATION_KIND_").lower()
    except ValueError:
        return ""


def region_msg(r: Region) -> organisations_pb2.Region:
    return organisations_pb2.Region(id=r.id, name=r.name, code=r.code)


def municipality_msg(m: Municipality) -> organisations_pb2.Municipality:
    return organisations_pb2.Municipality(id=m.id, region_id=m.region_id, name=m.name, code=m.code)


def organisation_msg(o: Organisation) -> organisations_pb2.Organisation:
    return organisations_pb2.Organisation(id=o.id, municipality_id=o.municipality_id, region_id=o.region_id,
                                          name=o.name, kind=kind_to_proto(o.kind), code=o.code)  # type: ignore[arg-type]
