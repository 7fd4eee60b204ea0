"""How an entity's counted state moves the counts, without any storage."""

from __future__ import annotations

import pytest
from google.protobuf.message import Message

from mentorship.registry.v1 import events_pb2, participants_pb2
from mentorship.reporting.v1 import reporting_pb2
from mentorship_kit import grpc_server
from mentorship_kit.envelope import Envelope
from reporting.adapters import projection_store
from reporting.adapters.participant_queries import ParticipantRow
from reporting.domain.counted_state import (
    count_moves,
    facet_deltas,
    legacy_mentor_state,
    normalise,
    sum_counts,
)
from reporting.domain.indicators import Grouping
from reporting.domain.participant_figures import appendix_indicators, derived_figures
from reporting.entrypoints import grpc_servicer
from reporting.entrypoints.event_handlers import HANDLERS
from reporting.service_layer.queries import ParticipantReport

ACTIVE = ["mentor", "mentor.origin.teacher", "mentor.level.gold", "mentor.trained", "mentor.published"]


def test_a_new_entity_adds_one_to_each_of_its_facets() -> None:
    assert facet_deltas([], ["request.by.student", "request.status.open"]) == {
        "request.by.student": 1, "request.status.open": 1}


def test_the_same_facets_again_change_nothing() -> None:
    assert facet_deltas(ACTIVE, ACTIVE) == {}
    assert facet_deltas(ACTIVE, list(reversed(ACTIVE))) == {}


def test_moving_between_facets_touches_only_the_difference() -> None:
    assert facet_deltas(["request.by.student", "request.status.open"],
                        ["request.by.student", "request.status.matched"]) == {
        "request.status.open": -1, "request.status.matched": 1}


def test_deactivation_leaves_every_active_facet_for_inactive() -> None:
    deltas = facet_deltas(ACTIVE, ["mentor.inactive"])
    assert deltas == {**dict.fromkeys(ACTIVE, -1), "mentor.inactive": 1}


def test_repeated_facets_count_the_entity_once() -> None:
    assert facet_deltas([], ["mentee", "mentee", "mentee.student"]) == {"mentee": 1, "mentee.student": 1}
    assert facet_deltas(["mentee", "mentee"], ["mentee"]) == {}
    assert normalise(["b", "a", "b", ""]) == ("a", "b")


def test_dropping_every_facet_takes_one_from_each() -> None:
    assert facet_deltas(["consent.participation.given"], []) == {"consent.participation.given": -1}


def test_within_one_organisation_moves_are_the_facet_deltas_in_a_fixed_order() -> None:
    moves = count_moves("org", ["mentee", "mentee.category.gifted"], "org", ["mentee", "mentee.category.burnout"])
    assert list(moves.items()) == [(("org", "mentee.category.burnout"), 1), (("org", "mentee.category.gifted"), -1)]


def test_an_entity_moving_to_another_organisation_leaves_all_and_brings_all() -> None:
    moves = count_moves("a", ["person.student"], "b", ["person.student"])
    assert moves == {("a", "person.student"): -1, ("b", "person.student"): 1}
    assert list(moves) == sorted(moves)


def test_an_old_style_registration_counts_as_an_active_mentor_of_its_origin() -> None:
    state = legacy_mentor_state("m-1", "graduate")
    assert (state.entity_kind, state.entity_id, state.version) == ("mentor", "m-1", 1)
    assert state.facets == ("mentor", "mentor.origin.graduate")


def test_totals_add_up_facets_across_rows() -> None:
    assert sum_counts([{"mentor": 2, "mentee": 1}, {}, {"mentor": 3}]) == {"mentee": 1, "mentor": 5}
    assert sum_counts([]) == {}


@pytest.mark.parametrize("fact", [
    "person_added", "person_updated", "consent_given", "consent_withdrawn", "mentor_registered", "mentor_updated",
    "mentor_status_changed", "mentor_deactivated", "mentee_registered", "mentee_updated", "mentee_deactivated",
    "mentoring_request_submitted", "mentoring_request_status_changed", "mentee_became_mentor",
    "organisation_created", "roadmap_approved", "roadmap_progress_changed",
])
def test_every_counted_event_type_has_a_handler(fact: str) -> None:
    assert f"mentorship.registry.{fact}.v1" in HANDLERS


def test_handlers_read_the_state_and_the_envelope_tenant(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, object]] = []

    def record(session: object, found: list[projection_store.TenantState]) -> int:
        calls.extend({"entity_kind": f.state.entity_kind, "entity_id": f.state.entity_id, "version": f.state.version,
                      "facets": f.state.facets, "org_id": f.org_id, "municipality_id": f.municipality_id,
                      "region_id": f.region_id} for f in found)
        return len(found)

    monkeypatch.setattr(projection_store, "apply_counted_states", record)

    def deliver(fact: str, payload: Message) -> None:
        envelope = Envelope.wrap(type=f"mentorship.registry.{fact}.v1", source="t", subject="s",
                                 payload=payload, org_id="o", municipality_id="m", region_id="r",
                                 traceparent=None)
        HANDLERS[envelope.type](None, Envelope.from_json(envelope.to_json()))  # type: ignore[arg-type]

    state = events_pb2.CountedState(entity_kind="mentee", entity_id="e", version=7, facets=["mentee", "mentee"])
    deliver("mentee_updated", events_pb2.MenteeChanged(mentee_id="e", state=state))
    deliver("mentor_registered", events_pb2.MentorRegistered(mentor_id="x", org_id="o",
                                                             origin=participants_pb2.MENTOR_ORIGIN_NGO))
    deliver("mentor_updated", events_pb2.MentorChanged(mentor_id="x"))  # no state: nothing to count
    assert calls == [
        {"entity_kind": "mentee", "entity_id": "e", "version": 7, "facets": ("mentee",),
         "org_id": "o", "municipality_id": "m", "region_id": "r"},
        {"entity_kind": "mentor", "entity_id": "x", "version": 1, "facets": ("mentor", "mentor.origin.ngo"),
         "org_id": "o", "municipality_id": "m", "region_id": "r"},
    ]


def test_the_rpc_maps_rows_and_totals_to_the_response(monkeypatch: pytest.MonkeyPatch) -> None:
    counts = {"mentor": 3, "mentor.origin.ngo": 1, "mentee.student": 1, "transition.staff": 1,
              "transition.staff.after_pair": 1}
    row = ParticipantRow("m-1", "Первый округ", "Область", 2, counts, derived_figures(counts))
    seen: list[Grouping | None] = []

    def fake(requested: Grouping | None, uow: object, **_: object) -> ParticipantReport:
        seen.append(requested)
        return ParticipantReport(Grouping.MUNICIPALITY, [row], counts, derived_figures(counts),
                                 appendix_indicators(counts))

    monkeypatch.setattr(grpc_servicer, "get_participant_counts", fake)
    monkeypatch.setattr(grpc_server, "current_principal", lambda: None)
    servicer = grpc_servicer.ReportingServicer(lambda principal: None,  # type: ignore[arg-type, return-value]
                                               versions=lambda: 0)
    response = servicer.GetParticipantCounts(reporting_pb2.GetParticipantCountsRequest(), None)
    assert seen == [None]
    assert response.grouping == reporting_pb2.GROUPING_MUNICIPALITY
    assert dict(response.totals) == counts
    assert dict(response.derived_totals) == {"mentor.outside": 1}
    assert [(r.unit_id, r.organisation_count, dict(r.counts), dict(r.derived)) for r in response.rows] == [
        ("m-1", 2, counts, {"mentor.outside": 1})]
    by_code = {a.code: a for a in response.appendix_indicators}
    assert (by_code["3.4"].facet, by_code["3.4"].value, by_code["3.4"].title) == (
        "transition.staff.after_pair", 1, "Количество педагогов, сменивших статус с наставляемого на наставника")
    assert by_code["2.6"].value == 1 and by_code["2.1"].note
