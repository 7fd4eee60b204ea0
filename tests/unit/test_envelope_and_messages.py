"""Event envelopes and the Russian wording of request errors."""

from __future__ import annotations

import pytest

from gateway.entrypoints.errors import translate_validation
from mentorship.registry.v1 import events_pb2
from mentorship_kit.envelope import Envelope, MalformedEnvelope
from mentorship_kit.errors import ValidationFailed
from mentorship_kit.principal import Scope
from reporting.domain.indicators import Grouping, grouping_for


def test_envelope_round_trip_keeps_payload_and_attributes() -> None:
    payload = events_pb2.MentorRegistered(mentor_id="m1", org_id="o1", capacity=3, subjects=["Химия"])
    envelope = Envelope.wrap(type="mentorship.registry.mentor_registered.v1", source="/mentorship/registry",
                             subject="mentors/m1", payload=payload, org_id="o1", municipality_id="mu",
                             region_id="r", traceparent=None)
    again = Envelope.from_json(envelope.to_json())
    assert again == envelope
    assert again.payload(events_pb2.MentorRegistered) == payload


@pytest.mark.parametrize("raw", [b"", b"\xff", b"[]", b'{"type": "x"}', b'{"id": "not-uuid", "type": "t", '
                                 b'"source": "s", "subject": "s", "data": {}}'])
def test_malformed_envelopes_are_named_as_such(raw: bytes) -> None:
    with pytest.raises(MalformedEnvelope):
        Envelope.from_json(raw)


def test_pydantic_errors_become_russian_sentences() -> None:
    items = translate_validation([
        {"type": "missing", "loc": ("body", "full_name"), "msg": "Field required"},
        {"type": "enum", "loc": ("body", "origin"), "ctx": {"expected": "'a' or 'b'"}},
        {"type": "string_too_long", "loc": ("body", "full_name"), "ctx": {"max_length": 2000}},
    ])
    assert items[0] == {"field": "full_name", "message": "ФИО: обязательное поле"}
    assert items[1]["message"] == "Кем является наставник: недопустимое значение; допустимые: 'a' или 'b'"
    assert "2000" in items[2]["message"]


def test_each_tier_has_its_natural_grouping() -> None:
    assert grouping_for(Scope.MUNICIPALITY, None) is Grouping.ORGANISATION
    assert grouping_for(Scope.REGION, None) is Grouping.MUNICIPALITY
    assert grouping_for(Scope.REGION, Grouping.ORGANISATION) is Grouping.ORGANISATION
    with pytest.raises(ValidationFailed):
        grouping_for(Scope.ORG, Grouping.MUNICIPALITY)
