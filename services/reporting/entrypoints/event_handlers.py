"""Registry, matching and monitoring events → read-model updates. Each runs in the idempotent consumer's transaction."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from google.protobuf.message import Message
from sqlalchemy.orm import Session

from mentorship.matching.v1 import events_pb2 as matching_events
from mentorship.monitoring.v1 import events_pb2 as monitoring_events
from mentorship.registry.v1 import events_pb2, participants_pb2
from mentorship_kit.consumer import Batched, EventHandler
from mentorship_kit.envelope import Envelope
from reporting.adapters import projection_store, survey_queries
from reporting.adapters.event_store import occurred_at
from reporting.domain.appendix_entities import requester_state, team_participant_states, transition_facets
from reporting.domain.counted_state import CountedState, legacy_mentor_state, normalise
from reporting.domain.pair_figures import (
    group_left_states,
    group_states,
    is_active,
    meeting_state,
    pair_state,
    plan_item_state,
    plan_state,
    report_state,
)
from reporting.entrypoints.route_event_handlers import ROUTE_HANDLERS

log = logging.getLogger(__name__)

REGISTRY_TOPIC = "registry.events"
MATCHING_TOPIC = "matching.events"
MONITORING_TOPIC = "monitoring.events"


def on_organisation_created(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.OrganisationCreated)
    projection_store.upsert_organisation(
        session, org_id=event.organisation_id, org_name=event.name, municipality_id=event.municipality_id,
        municipality_name=event.municipality_name, region_id=event.region_id, region_name=event.region_name)


COUNTED: dict[str, type[Message]] = {
    **{f"mentorship.registry.{f}.v1": events_pb2.PersonChanged for f in ("person_added", "person_updated")},
    **{f"mentorship.registry.{f}.v1": events_pb2.ConsentChanged for f in ("consent_given", "consent_withdrawn")},
    "mentorship.registry.mentor_registered.v1": events_pb2.MentorRegistered,
    **{f"mentorship.registry.{f}.v1": events_pb2.MentorChanged
       for f in ("mentor_updated", "mentor_status_changed", "mentor_deactivated")},
    **{f"mentorship.registry.{f}.v1": events_pb2.MenteeChanged
       for f in ("mentee_registered", "mentee_updated", "mentee_deactivated")},
    **{f"mentorship.registry.{f}.v1": events_pb2.MentoringRequestChanged
       for f in ("mentoring_request_submitted", "mentoring_request_status_changed")},
    "mentorship.registry.mentee_became_mentor.v1": events_pb2.MenteeBecameMentor,
    # A school's contest application and a teacher mentee's participation (ADR 023): counted states only.
    **{f"mentorship.registry.{f}.v1": events_pb2.ContestApplicationState
       for f in ("contest_application_changed", "contest_teacher_changed")},
    # The school's register (ADR 025): events and practices, 4.1–4.5 (people counts as weighted facets).
    "mentorship.registry.register_entry_changed.v1": events_pb2.RegisterEntryChanged,
}
"""Every event type whose ``state`` (CountedState) is all reporting needs of it."""


PEOPLE_IMPORTED = "mentorship.registry.people_imported.v1"
"""A chunk of an import's people, each a PersonChanged (ADR 027): counted exactly as their single events would be."""


def _imported_people(envelope: Envelope) -> list[projection_store.TenantState]:
    """The states of a PeopleImported, read straight from its JSON: parsing a thousand nested messages through
    protobuf's Python JSON parser would cost more than applying them."""
    if not (envelope.org_id and envelope.municipality_id and envelope.region_id):
        raise ValueError(f"{envelope.type} {envelope.id} lacks org, municipality or region id")
    at = occurred_at(envelope)
    found = []
    for person in envelope.data.get("people") or []:
        state = person.get("state") or {}
        if state.get("entity_kind") != "person":
            raise ValueError(f"{envelope.type} {envelope.id} carries a state that is not a person's")
        found.append(projection_store.TenantState(
            _state_of(events_pb2.CountedState(entity_kind=str(state.get("entity_kind") or ""),
                                              entity_id=str(state.get("entity_id") or ""),
                                              version=int(state.get("version") or 0),
                                              facets=[str(f) for f in state.get("facets") or []])),
            envelope.org_id, envelope.municipality_id, envelope.region_id, at=at))
    return found


def _counted(session: Session, envelope: Envelope) -> list[projection_store.TenantState]:
    """The entity's state and tenant an event carries (and the states derived from it, ADR 021); nothing for an
    event with nothing to count."""
    if envelope.type == PEOPLE_IMPORTED:
        return _imported_people(envelope)
    event = envelope.payload(COUNTED[envelope.type])
    org_id = envelope.org_id or ""
    if event.HasField("state"):
        state = _state_of(event.state)
    elif isinstance(event, events_pb2.MentorRegistered):
        # Published before events carried a state: still a newly registered, active mentor of its origin.
        origin = participants_pb2.MentorOrigin.Name(event.origin).removeprefix("MENTOR_ORIGIN_").lower()
        state, org_id = legacy_mentor_state(event.mentor_id, origin), org_id or event.org_id
    else:
        log.warning("%s %s carries no state: nothing to count", envelope.type, envelope.id)
        return []
    if not (org_id and envelope.municipality_id and envelope.region_id):
        # Fails the event, which the consumer parks: a count outside any tenant could never be read.
        raise ValueError(f"{envelope.type} {envelope.id} lacks org, municipality or region id")
    derived: list[CountedState] = []
    if isinstance(event, events_pb2.MentoringRequestChanged):
        requester = requester_state(event.mentee_id, state.facets)  # 1.1 / 1.2 count people, not requests
        derived = [requester] if requester is not None else []
    elif isinstance(event, events_pb2.MenteeBecameMentor):
        # 3.4 / 3.7: only a person who had been a mentee in a pair or a group before becoming a mentor.
        in_pair = projection_store.was_mentee_in_pair(session, event.mentee_id) if event.mentee_id else False
        state = replace(state, facets=transition_facets(state.facets, was_in_pair=in_pair))
    return [projection_store.TenantState(s, org_id, envelope.municipality_id, envelope.region_id,
                                         at=occurred_at(envelope))  # a bulk's events each on their own day
            for s in (state, *derived)]


def on_counted(session: Session, envelope: Envelope) -> None:
    found = _counted(session, envelope)
    if found and not projection_store.apply_counted_states(session, found):
        log.info("%s %s v%s not newer than applied: skipped", found[0].state.entity_kind, found[0].state.entity_id,
                 found[0].state.version)
    _cover_people(session, [envelope])


def on_many_counted(session: Session, envelopes: list[Envelope]) -> None:
    """A bulk of counted events (an import): their states applied set-based, in a few statements."""
    projection_store.apply_counted_states(session, [f for e in envelopes for f in _counted(session, e)])
    _cover_people(session, envelopes)


def _cover_people(session: Session, envelopes: list[Envelope]) -> None:
    """The regional KPIs count people covered by mentoring (ADR 021): a person's or a mentee's event recomputes
    the person's ``coverage`` state (a mentee's also records which person it is)."""
    people: list[str] = []
    for envelope in envelopes:
        if envelope.type == PEOPLE_IMPORTED:
            people.extend(str(p.get("person_id") or "") for p in envelope.data.get("people") or [])
        elif COUNTED[envelope.type] is events_pb2.PersonChanged:
            # The id straight from the payload's JSON (the field's proto name; absent when empty): parsing the
            # whole message a second time per event was a sixth of an import's consumer (ADR 026).
            people.append(str(envelope.data.get("person_id") or envelope.data.get("personId") or ""))
        elif COUNTED[envelope.type] is events_pb2.MenteeChanged:
            mentee = envelope.payload(events_pb2.MenteeChanged)
            if mentee.mentee_id and mentee.person_id and envelope.org_id:
                projection_store.record_mentee_person(session, mentee_id=mentee.mentee_id, person_id=mentee.person_id,
                                                      tenant=_tenant(envelope))
                people.append(mentee.person_id)
    _cover(session, person_ids=[p for p in people if p])


def _cover(session: Session, *, person_ids: Sequence[str] = (), mentee_ids: Sequence[str] = ()) -> None:
    found = projection_store.coverage_states(session, person_ids=list(person_ids), mentee_ids=list(mentee_ids))
    if found:
        projection_store.apply_counted_states(session, found)


def _state_of(state: events_pb2.CountedState) -> CountedState:
    if not state.entity_kind or not state.entity_id:
        raise ValueError("counted state without entity kind or id")
    return CountedState(state.entity_kind, state.entity_id, state.version, normalise(state.facets))


def on_document_transitioned(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.DocumentTransitioned)
    if event.owner_level == "region":
        return  # the regional roadmap is read in the registry itself; nothing here counts it (issue 15)
    approved_roadmap = event.kind == "roadmap" and event.status == "approved"
    items = [(i.item_id, date.fromisoformat(i.due_on) if i.due_on else None, i.progress) for i in event.items] \
        if approved_roadmap else None
    projection_store.record_document(
        session, document_id=event.document_id, kind=event.kind, owner_level=event.owner_level,
        org_id=event.org_id or None, municipality_id=event.municipality_id, region_id=event.region_id,
        status=event.status, version=event.version, changed_at=datetime.fromisoformat(envelope.time), items=items)


def on_roadmap_progress(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.RoadmapProgressChanged)
    projection_store.record_progress(session, document_id=event.document_id, item_id=event.item_id,
                                     progress=event.progress)


PairEvent = type[matching_events.PairFormed] | type[matching_events.PairClosed] | type[matching_events.PairCompleted]
PAIR_EVENTS: dict[str, PairEvent] = {
    "mentorship.matching.pair_formed.v1": matching_events.PairFormed,
    "mentorship.matching.pair_closed.v1": matching_events.PairClosed,
    "mentorship.matching.pair_completed.v1": matching_events.PairCompleted,
}
"""matching's events whose ``PairState`` is counted: pairs by form and вид, mentees in pairs (no names)."""


def on_pair_event(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(PAIR_EVENTS[envelope.type])
    state = event.state
    if not event.HasField("state") or not state.pair_id or not event.mentee_id:
        log.warning("%s %s carries no pair state or mentee: nothing to count", envelope.type, envelope.id)
        return
    if not (envelope.org_id and envelope.municipality_id and envelope.region_id):
        raise ValueError(f"{envelope.type} {envelope.id} lacks org, municipality or region id")
    tenant = (envelope.org_id, envelope.municipality_id, envelope.region_id)
    mentee = projection_store.record_paired_mentee(
        session, pair_id=state.pair_id, mentee_id=event.mentee_id, org_id=tenant[0], municipality_id=tenant[1],
        region_id=tenant[2], version=state.version, active=is_active(state.facets))
    moved = projection_store.apply_counted_states(session, [
        projection_store.TenantState(pair_state(state.pair_id, state.version, state.facets), *tenant),
        projection_store.TenantState(mentee, *tenant)])
    if not moved:
        log.info("pair %s v%s not newer than applied: skipped", state.pair_id, state.version)
    formed_on = date.fromisoformat(event.term_start) if isinstance(event, matching_events.PairFormed) \
        and event.term_start else None
    projection_store.record_pair_work(session, pair_id=state.pair_id, tenant=tenant, version=state.version,
                                      active=is_active(state.facets), formed_on=formed_on)
    _cover(session, mentee_ids=[event.mentee_id])


def on_group_formed(session: Session, envelope: Envelope) -> None:
    """matching's GroupFormed: the group by form and вид, its mentees in groups (ids in, counts out)."""
    event = envelope.payload(matching_events.GroupFormed)
    if not event.HasField("state") or not event.state.group_id:
        log.warning("%s %s carries no group state: nothing to count", envelope.type, envelope.id)
        return
    if not (envelope.org_id and envelope.municipality_id and envelope.region_id):
        raise ValueError(f"{envelope.type} {envelope.id} lacks org, municipality or region id")
    tenant = (envelope.org_id, envelope.municipality_id, envelope.region_id)
    states = group_states(event.state.group_id, event.state.version, event.state.facets, event.mentee_ids)
    states += team_participant_states(event.state.facets, event.mentor_ids, event.mentee_ids)  # 3.8
    if not projection_store.apply_counted_states(session, [projection_store.TenantState(s, *tenant) for s in states]):
        log.info("group %s v%s not newer than applied: skipped", event.state.group_id, event.state.version)
    _cover(session, mentee_ids=list(event.mentee_ids))


def on_meeting_held(session: Session, envelope: Envelope) -> None:
    """monitoring's MeetingHeld: one meeting counted per school by kind and format (no topic, no names)."""
    event = envelope.payload(monitoring_events.MeetingHeld)
    if not event.meeting_id:
        log.warning("%s %s carries no meeting id: nothing to count", envelope.type, envelope.id)
        return
    if not (envelope.org_id and envelope.municipality_id and envelope.region_id):
        raise ValueError(f"{envelope.type} {envelope.id} lacks org, municipality or region id")
    state = meeting_state(event.meeting_id, event.facets or ["meeting"])
    projection_store.apply_counted_states(session, [projection_store.TenantState(
        state, envelope.org_id, envelope.municipality_id, envelope.region_id)])
    if event.pair_id and event.held_on:
        projection_store.record_meeting_day(session, pair_id=event.pair_id, held_on=date.fromisoformat(event.held_on),
                                            tenant=(envelope.org_id, envelope.municipality_id, envelope.region_id))


def _tenant(envelope: Envelope) -> tuple[str, str, str]:
    if not (envelope.org_id and envelope.municipality_id and envelope.region_id):
        raise ValueError(f"{envelope.type} {envelope.id} lacks org, municipality or region id")
    return envelope.org_id, envelope.municipality_id, envelope.region_id


def on_plan_agreed(session: Session, envelope: Envelope) -> None:
    """monitoring's PlanAgreed: the pair's plan counted once as agreed (its newest version), and its item dates
    kept for «plans on track»."""
    event = envelope.payload(monitoring_events.PlanAgreed)
    if not event.pair_id:
        log.warning("%s %s carries no pair id: nothing to count", envelope.type, envelope.id)
        return
    tenant = _tenant(envelope)
    projection_store.apply_counted_states(session, [projection_store.TenantState(
        plan_state(event.pair_id, event.version, event.facets), *tenant)])
    projection_store.record_agreed_plan(session, pair_id=event.pair_id, tenant=tenant, version=event.version,
                                        due=dict(event.item_due_on), done=list(event.done_item_ids))


def on_plan_item_done(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(monitoring_events.PlanItemDone)
    if not (event.pair_id and event.item_id):
        log.warning("%s %s carries no item: nothing to count", envelope.type, envelope.id)
        return
    tenant = _tenant(envelope)
    projection_store.apply_counted_states(session, [projection_store.TenantState(
        plan_item_state(event.item_id), *tenant)])
    projection_store.record_plan_item_done(session, pair_id=event.pair_id, tenant=tenant, item_id=event.item_id)


def on_report_submitted(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(monitoring_events.ReportSubmitted)
    if not event.report_id:
        log.warning("%s %s carries no report id: nothing to count", envelope.type, envelope.id)
        return
    projection_store.apply_counted_states(session, [projection_store.TenantState(
        report_state(event.report_id), *_tenant(envelope))])


def on_group_ended(session: Session, envelope: Envelope) -> None:
    """matching's GroupMemberLeft (the mentee no longer counted in groups) or GroupClosed (the group and the
    mentees still in it no longer counted)."""
    event: matching_events.GroupMemberLeft | matching_events.GroupClosed
    if envelope.type.endswith("group_member_left.v1"):
        event = envelope.payload(matching_events.GroupMemberLeft)
        mentee_ids: list[str] = [event.mentee_id]
    else:
        event = envelope.payload(matching_events.GroupClosed)
        mentee_ids = list(event.mentee_ids)
    if not event.HasField("state") or not event.state.group_id:
        log.warning("%s %s carries no group state: nothing to count", envelope.type, envelope.id)
        return
    if not (envelope.org_id and envelope.municipality_id and envelope.region_id):
        raise ValueError(f"{envelope.type} {envelope.id} lacks org, municipality or region id")
    tenant = (envelope.org_id, envelope.municipality_id, envelope.region_id)
    states = group_left_states(event.state.group_id, event.state.version, event.state.facets, mentee_ids)
    if not projection_store.apply_counted_states(session, [projection_store.TenantState(s, *tenant) for s in states]):
        log.info("group %s v%s not newer than applied: skipped", event.state.group_id, event.state.version)
    _cover(session, mentee_ids=mentee_ids)


def on_outcome_recorded(session: Session, envelope: Envelope) -> None:
    """monitoring's OutcomeRecorded: a student mentee's outcomes over its pairs as a counted state — 3.5 and 3.6 of
    000 App. 2 count the mentees with ``outcome.academic_improved`` / ``outcome.contest_prepared``."""
    event = envelope.payload(monitoring_events.OutcomeRecorded)
    if not event.mentee_id or event.version < 1:
        log.warning("%s %s carries no mentee or version: nothing to count", envelope.type, envelope.id)
        return
    if not (envelope.org_id and envelope.municipality_id and envelope.region_id):
        raise ValueError(f"{envelope.type} {envelope.id} lacks org, municipality or region id")
    state = CountedState("outcome", event.mentee_id, event.version, normalise(event.facets or ["outcome"]))
    if not projection_store.apply_counted_states(session, [projection_store.TenantState(
            state, envelope.org_id, envelope.municipality_id, envelope.region_id)]):
        log.info("outcome of %s v%s not newer than applied: skipped", event.mentee_id, event.version)


LEVELS = frozenset({"optimal", "acceptable", "unacceptable"})


def on_evaluation_completed(session: Session, envelope: Envelope) -> None:
    """monitoring's EvaluationCompleted: the school's total and level for the period (its newest version)."""
    event = envelope.payload(monitoring_events.EvaluationCompleted)
    if not event.period or event.level not in LEVELS or not 0 <= event.total <= 18:
        raise ValueError(f"{envelope.type} {envelope.id}: period, level or total out of the contract")
    if not (envelope.org_id and envelope.municipality_id and envelope.region_id):
        raise ValueError(f"{envelope.type} {envelope.id} lacks org, municipality or region id")
    if not projection_store.record_evaluation(
            session, org_id=envelope.org_id, municipality_id=envelope.municipality_id,
            region_id=envelope.region_id, period=event.period, version=event.version, total=event.total,
            level=event.level):
        log.info("evaluation %s v%s not newer than applied: skipped", event.period, event.version)


def on_survey_answered(session: Session, envelope: Envelope) -> None:
    """monitoring's SurveyAnswered: one answer counted per school and purpose (the consumer skips a duplicate)."""
    event = envelope.payload(monitoring_events.SurveyAnswered)
    if not (envelope.org_id and envelope.municipality_id and envelope.region_id):
        raise ValueError(f"{envelope.type} {envelope.id} lacks org, municipality or region id")
    survey_queries.count_answer(session, org_id=envelope.org_id, municipality_id=envelope.municipality_id,
                                region_id=envelope.region_id, purpose=event.purpose or "unknown")


def on_measurement_recorded(session: Session, envelope: Envelope) -> None:
    """monitoring's MeasurementRecorded: an entry or exit counted; an exit with its entry adds its change."""
    event = envelope.payload(monitoring_events.MeasurementRecorded)
    if not (envelope.org_id and envelope.municipality_id and envelope.region_id):
        raise ValueError(f"{envelope.type} {envelope.id} lacks org, municipality or region id")
    if event.stage not in ("entry", "exit"):
        log.warning("%s %s has no stage: nothing to count", envelope.type, envelope.id)
        return
    survey_queries.count_measurement(session, org_id=envelope.org_id, municipality_id=envelope.municipality_id,
                                     region_id=envelope.region_id, stage=event.stage, has_entry=event.has_entry,
                                     change=event.mean_change)


def on_self_diagnosis_completed(session: Session, envelope: Envelope) -> None:
    """registry's SelfDiagnosisCompleted: the owner's score of the year at its newest version (issue 15 item 3)."""
    event = envelope.payload(events_pb2.SelfDiagnosisCompleted)
    owner_id = event.org_id if event.owner_level == "school" else event.municipality_id
    if event.owner_level not in ("school", "municipality") or not owner_id or not event.region_id \
            or not event.municipality_id or not 0 <= event.score <= event.max_score:
        raise ValueError(f"{envelope.type} {envelope.id}: owner, tier or score out of the contract")
    if not projection_store.record_self_diagnosis(
            session, owner_level=event.owner_level, owner_id=owner_id, year=event.year,
            org_id=event.org_id or None, municipality_id=event.municipality_id, region_id=event.region_id,
            version=event.version, score=event.score, max_score=event.max_score):
        log.info("self-diagnosis %s v%s not newer than applied: skipped", event.year, event.version)


COUNTING = Batched(one=on_counted, many=on_many_counted)


HANDLERS: dict[str, EventHandler] = {
    "mentorship.registry.organisation_created.v1": on_organisation_created,
    **dict.fromkeys((*COUNTED, PEOPLE_IMPORTED), COUNTING),
    **{f"mentorship.registry.{kind}_{status}.v1": on_document_transitioned
       for kind in ("program", "roadmap") for status in ("submitted", "approved", "returned")},
    "mentorship.registry.roadmap_item_done.v1": on_roadmap_progress,
    "mentorship.registry.roadmap_progress_changed.v1": on_roadmap_progress,
    "mentorship.registry.self_diagnosis_completed.v1": on_self_diagnosis_completed,
    **dict.fromkeys(PAIR_EVENTS, on_pair_event),
    "mentorship.matching.group_formed.v1": on_group_formed,
    "mentorship.monitoring.meeting_held.v1": on_meeting_held,
    "mentorship.monitoring.outcome_recorded.v1": on_outcome_recorded,
    "mentorship.monitoring.evaluation_completed.v1": on_evaluation_completed,
    "mentorship.monitoring.plan_agreed.v1": on_plan_agreed,
    "mentorship.monitoring.plan_item_done.v1": on_plan_item_done,
    "mentorship.monitoring.report_submitted.v1": on_report_submitted,
    "mentorship.monitoring.survey_answered.v1": on_survey_answered,
    "mentorship.monitoring.measurement_recorded.v1": on_measurement_recorded,
    "mentorship.matching.group_member_left.v1": on_group_ended,
    "mentorship.matching.group_closed.v1": on_group_ended,
    **ROUTE_HANDLERS,  # teachers' ИОМ started with a ЦНППМ tutor and their items done (ADR 011)
}
