"""The mentor card's copies are driven by the contract: a field added to ``pb.MentorCard`` travels the gateway's
client, the registry's codec, the domain's cleaning and the repository's columns with no line of its own there —
and one forgotten where it must be typed (the dataclass, the REST schema, the table) fails here loudly."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

from google.protobuf.descriptor import FieldDescriptor

from gateway.adapters.participant_client import _card
from gateway.entrypoints.api.participant_schemas import MentorCardIn
from gateway.entrypoints.web.base_forms import _card_values
from mentorship.registry.v1 import participants_pb2 as pb
from mentorship_kit.proto_enums import to_name
from mentorship_kit.proto_values import plain, rebuild
from registry.adapters import participant_codec as codec
from registry.adapters.tables import mentors
from registry.domain.mentors import Mentor, MentorCard, Vocabulary, clean_card

CONTRACT = pb.MentorCard.DESCRIPTOR.fields


def _generated() -> dict[str, Any]:
    """A valid, non-default value per field, by its kind in the contract."""
    values: dict[str, Any] = {}
    for field in CONTRACT:
        if field.enum_type is not None:
            one = to_name(field.enum_type, field.enum_type.values[1].number)
        elif field.cpp_type == FieldDescriptor.CPPTYPE_STRING:
            one = f"{field.name} {field.number}"
        else:
            one = field.number  # small: inside every range of the domain
        values[field.name] = [one, f"{one} ещё"] if field.is_repeated else one
    return values


def test_every_copy_of_the_card_has_the_contracts_fields() -> None:
    names = {f.name for f in CONTRACT}
    assert {f.name for f in fields(MentorCard)} == names
    assert set(MentorCardIn.model_fields) == names
    assert names <= set(mentors.c.keys())


def test_every_field_round_trips_rest_to_proto_to_domain_to_proto() -> None:
    values = _generated()
    sent = _card(values)  # the gateway's client
    raw = codec.card_input(sent)  # the registry's servicer
    assert raw == values
    card = clean_card(raw, vocabulary=Vocabulary(list(values["competencies"])), person_kind=None)
    assert plain(card) == values  # nothing dropped by the domain's cleaning
    assert rebuild(MentorCard, plain(card)) == card  # the repository's row and back
    mentor = Mentor(id="m", org_id="o", municipality_id="mu", region_id="r", person_id="p", full_name="Иванова",
                    card=card, registered_at=datetime(2026, 1, 1, tzinfo=UTC))
    assert codec.mentor_msg(mentor).card == sent  # and out again


def test_the_form_sends_every_field_of_the_schema() -> None:
    values = _card_values({}, {})
    assert set(values) == {f.name for f in CONTRACT}
    assert _card(values).capacity == 0  # blank: the registry reports the range

