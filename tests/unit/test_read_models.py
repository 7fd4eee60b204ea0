"""The typed read path (gateway.adapters.proto_json): read models match their proto contracts exactly, refuse
unknown fields, and every REST route that answers JSON declares one as its ``response_model``."""

from __future__ import annotations

import typing

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from google.protobuf import json_format
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message
from pydantic import ValidationError

from gateway.adapters import (
    contest_reads,
    document_reads,
    evaluation_reads,
    history_reads,
    kpi_reads,
    matching_reads,
    monitoring_reads,
    outer_work_reads,
    participant_reads,
    questionnaire_reads,
    regional_reads,
    register_reads,
    route_reads,
    service_reads,
    tier_reads,
)
from gateway.adapters.proto_json import ReadModel, _enum_name, as_rest
from gateway.bootstrap import ROUTERS
from gateway.entrypoints.api import schemas

MODULES = (service_reads, document_reads, participant_reads, matching_reads, monitoring_reads, regional_reads,
           evaluation_reads, route_reads, questionnaire_reads, history_reads, kpi_reads, outer_work_reads, tier_reads,
           contest_reads, register_reads, schemas)
READ_MODELS = sorted({cls for module in MODULES for cls in vars(module).values()
                      if isinstance(cls, type) and issubclass(cls, ReadModel) and cls is not ReadModel},
                     key=lambda cls: cls.__name__)
CONTRACTED = [cls for cls in READ_MODELS if cls.contract is not None]


def _filled(descriptor: Descriptor, message: Message) -> Message:
    """Every field of the message set to a non-default value, recursively: what a converter must not lose."""
    scalar = {FieldDescriptor.CPPTYPE_STRING: "x", FieldDescriptor.CPPTYPE_BOOL: True,
              FieldDescriptor.CPPTYPE_DOUBLE: 0.5, FieldDescriptor.CPPTYPE_FLOAT: 0.5}
    for field in descriptor.fields:
        target = getattr(message, field.name)
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            value_type = field.message_type.fields_by_name["value"].cpp_type
            target["facet"] = "x" if value_type == FieldDescriptor.CPPTYPE_STRING else 7
        elif field.message_type is not None:
            sub = target.add() if field.is_repeated else target
            _filled(field.message_type, sub)
        else:
            value = field.enum_type.values[1].number if field.enum_type is not None \
                else scalar.get(field.cpp_type, b"x" if field.type == FieldDescriptor.TYPE_BYTES else 3)
            if field.is_repeated:
                target.append(value)
            else:
                setattr(message, field.name, value)
    return message


def test_the_read_models_are_found() -> None:
    assert len(CONTRACTED) >= 35
    assert participant_reads.MentorRead in CONTRACTED and schemas.SessionRead in READ_MODELS


@pytest.mark.parametrize("model", CONTRACTED, ids=lambda cls: cls.__name__)
def test_a_read_model_has_exactly_the_fields_of_its_contract(model: type[ReadModel]) -> None:
    assert model.contract is not None
    assert list(model.model_fields) == [f.name for f in model.contract.DESCRIPTOR.fields]


@pytest.mark.parametrize("model", [m for m in CONTRACTED if m is not participant_reads.ImportTemplateRead],
                         ids=lambda cls: cls.__name__)
def test_a_read_model_is_built_from_an_empty_and_a_full_message(model: type[ReadModel]) -> None:
    assert model.contract is not None
    try:
        model.of(model.contract())
    except ValidationError as exc:  # only the sub-messages every reply carries may be required
        missing = {str(e["loc"][0]) for e in exc.errors() if e["type"] == "missing"}
        assert len(missing) == len(exc.errors())
        assert missing <= {f.name for f in model.contract.DESCRIPTOR.fields
                           if f.message_type is not None and not f.is_repeated}
    full = model.of(_filled(model.contract.DESCRIPTOR, model.contract()))
    assert full.model_dump(exclude_none=True).keys() == model.model_fields.keys()


@pytest.mark.parametrize("model", READ_MODELS, ids=lambda cls: cls.__name__)
def test_a_read_model_refuses_an_unknown_field(model: type[ReadModel]) -> None:
    assert model.model_config.get("extra") == "forbid" and model.model_config.get("frozen") is True
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        model.model_validate({"surname_of_the_cat": "Барсик"})


def test_the_converter_spells_enums_and_int64_the_rest_way() -> None:
    from mentorship.registry.v1 import participants_pb2 as pb
    from mentorship.reporting.v1 import reporting_pb2 as rpb

    mentor = participant_reads.MentorRead.of(pb.Mentor(id="m", origin=pb.MENTOR_ORIGIN_TEACHER, version=2**40,
                                                       card=pb.MentorCard(capacity=2)))
    assert (mentor.origin, mentor.level, mentor.version, mentor.registered_at) == ("teacher", "", 2**40, None)
    counts = service_reads.ParticipantCountsRead.of(rpb.GetParticipantCountsResponse(totals={"mentor": 5}))
    assert counts.totals == {"mentor": 5} and counts.grouping == ""
    with pytest.raises(ValidationError, match="frozen"):
        mentor.id = "other"  # type: ignore[misc]


_INT64 = (FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_UINT64, FieldDescriptor.TYPE_SINT64)


def _reference(descriptor: Descriptor, doc: dict[str, typing.Any]) -> dict[str, typing.Any]:
    """The converter as it was first written, over protobuf's own MessageToDict: the spelling the direct one keeps."""
    for field in descriptor.fields:
        if field.name not in doc:
            continue
        value = doc[field.name]
        if field.enum_type is not None:
            enum = field.enum_type
            doc[field.name] = [_enum_name(enum, v) for v in value] if field.is_repeated else _enum_name(enum, value)
        elif field.type in _INT64:
            doc[field.name] = [int(v) for v in value] if field.is_repeated else int(value)
        elif field.message_type is not None and field.message_type.GetOptions().map_entry:
            doc[field.name] = {k: int(v) if isinstance(v, str) and v.lstrip("-").isdigit() else v
                               for k, v in value.items()}
        elif field.message_type is not None and field.message_type.full_name != "google.protobuf.Timestamp":
            doc[field.name] = [_reference(field.message_type, v) for v in value] if field.is_repeated \
                else _reference(field.message_type, value)
    return doc


@pytest.mark.parametrize("model", CONTRACTED, ids=lambda cls: cls.__name__)
def test_the_direct_converter_spells_every_contract_as_message_to_dict_did(model: type[ReadModel]) -> None:
    """ADR 028: the fields read directly (a region's maps of thousands of counts cost a third as much), the same
    dict for an empty and for a full message of every contract — enums, int64, maps, Timestamps, bytes, nesting."""
    assert model.contract is not None
    for message in (model.contract(), _filled(model.contract.DESCRIPTOR, model.contract())):
        expected = _reference(message.DESCRIPTOR, json_format.MessageToDict(
            message, preserving_proto_field_name=True, always_print_fields_with_no_presence=True))
        assert as_rest(message) == expected


def test_a_timestamp_is_spelled_in_rfc_3339() -> None:
    from mentorship.registry.v1 import participants_pb2 as pb

    mentor = pb.Mentor(id="m")
    mentor.registered_at.FromJsonString("2026-09-01T08:30:00Z")
    assert as_rest(mentor)["registered_at"] == "2026-09-01T08:30:00Z" and "registered_at" not in as_rest(pb.Mentor())


def _app() -> FastAPI:
    app = FastAPI()
    for router in ROUTERS:
        app.include_router(router)
    return app


def _read_model_of(annotation: typing.Any) -> typing.Any:
    return typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else annotation


def test_every_json_route_of_the_rest_api_declares_a_read_model_as_its_response() -> None:
    routes = [r for router in ROUTERS for r in router.routes if isinstance(r, APIRoute) and r.path.startswith("/api/")]
    assert len(routes) > 40
    files_or_empty = {r.path for r in routes if r.status_code == 204 or "export" in r.path or r.path.endswith(
        ("/template", ".docx"))}
    assert files_or_empty == {"/api/v1/auth/logout", "/api/v1/login-locks/{username}",
                              "/api/v1/documents/inbox/export.xlsx",
                              "/api/v1/documents/{document_id}/export.docx", "/api/v1/imports/template",
                              "/api/v1/matching/runs/{run_id}/order.docx", "/api/v1/rosters/template",
                              "/api/v1/matching/runs/{run_id}/rankings/template",
                              "/api/v1/monitoring/half-year/export.docx",
                              "/api/v1/monitoring/evaluations/{period}/spravka.docx",
                              "/api/v1/questionnaires/{questionnaire_id}/export.xlsx",
                              "/api/v1/programs/{document_id}/publication",  # DELETE: 204
                              "/api/v1/scientific-events/{event_id}"}  # DELETE: 204
    undeclared = [f"{sorted(r.methods)} {r.path}" for r in routes if r.path not in files_or_empty and not (
        isinstance(_read_model_of(r.response_model), type) and issubclass(_read_model_of(r.response_model),
                                                                          ReadModel))]
    assert undeclared == []


def test_openapi_describes_the_responses() -> None:
    spec = _app().openapi()

    def ok_schema(path: str, method: str = "get") -> dict[str, typing.Any]:
        response = spec["paths"][path][method]["responses"]
        found = response.get("200") or response.get("201") or response.get("202")
        return dict(found["content"]["application/json"]["schema"])

    assert ok_schema("/api/v1/mentors") == {"$ref": "#/components/schemas/MentorPageRead"}
    assert ok_schema("/api/v1/persons/{person_id}") == {"$ref": "#/components/schemas/PersonCardRead"}
    assert ok_schema("/api/v1/documents/inbox")["items"] == {"$ref": "#/components/schemas/InboxEntryRead"}
    assert ok_schema("/api/v1/indicators/participants") == {"$ref": "#/components/schemas/ParticipantCountsRead"}
    assert ok_schema("/api/v1/imports/{import_id}/confirm", "post") == {"$ref": "#/components/schemas/ImportJobRead"}
    components = spec["components"]["schemas"]
    card = components["PersonCardRead"]
    assert card["additionalProperties"] is False
    assert {"person", "consents", "mentor", "mentee", "requests", "became_mentor_at"} == set(card["properties"])
    assert set(components["PublicMentorRead"]["properties"]) == {
        "mentor_id", "full_name", "organisation", "origin", "subjects", "competencies", "capacity", "org_id"}
    assert components["DocumentIndicatorsRead"]["properties"]["implementing_share"]["type"] == "number"
