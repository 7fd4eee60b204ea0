"""Translation between the registry's bases (persons, consents, mentors, mentees, requests, imports) and
their proto contracts: RPC messages in both directions and the wire form of their events."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from mentorship.registry.v1 import events_pb2, imports_pb2
from mentorship.registry.v1 import participants_pb2 as pb
from mentorship.registry.v1 import persons_pb2 as ppb
from mentorship_kit.proto_enums import to_number
from mentorship_kit.proto_values import from_message, plain, to_message
from mentorship_kit.unit_of_work import OutgoingEvent
from registry.domain import events, facets
from registry.domain.imports import ImportJob
from registry.domain.mentees import Mentee, MentoringRequest
from registry.domain.mentors import Mentor
from registry.domain.persons import Consent, Person, PersonSummary


def ts(moment: datetime | None) -> Timestamp | None:
    if moment is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


# -- requests in --------------------------------------------------------------------------------------
def person_input(message: ppb.PersonInput) -> dict[str, str]:
    return from_message(message)


def card_input(message: pb.MentorCard) -> dict[str, Any]:
    return from_message(message)


# -- messages out --------------------------------------------------------------------------------------
def person_msg(s: PersonSummary, *, today: date) -> ppb.Person:
    p = s.person
    d = p.data
    data = to_message(ppb.PersonInput, {k: iso(v) if isinstance(v, date) else v for k, v in plain(d).items()})
    return ppb.Person(id=p.id, org_id=p.org_id, data=data, full_name=p.full_name, grade=d.grade or 0,
                      minor=p.minor_on(today), young_specialist=p.young_specialist_on(today),
                      participation_consent=s.participation_consent, regional_base_consent=s.regional_base_consent,
                      mentor_id=s.mentor_id, mentor_active=s.mentor_active, mentee_id=s.mentee_id,
                      mentee_active=s.mentee_active, version=p.version, created_at=ts(p.created_at),
                      updated_at=ts(p.updated_at))


def consent_msg(c: Consent) -> ppb.Consent:
    return ppb.Consent(
        id=c.id, person_id=c.person_id, purpose=to_number(ppb.ConsentPurpose, c.purpose.value),  # type: ignore[arg-type]
        given_by=to_number(ppb.ConsentGiver, c.given_by.value), giver_name=c.giver_name,  # type: ignore[arg-type]
        document_ref=c.document_ref, text_version=c.text_version, given_on=iso(c.given_on),
        withdrawn_on=iso(c.withdrawn_on), withdrawal_reason=c.withdrawal_reason, valid=c.valid)


def mentor_msg(m: Mentor, *, consent_valid: bool | None = None) -> pb.Mentor:
    c = m.card
    origin = to_number(pb.MentorOrigin, m.origin.value)
    card = to_message(pb.MentorCard, plain(c))
    blockers = m.pairing_blockers(consent_valid=consent_valid) if consent_valid is not None else []
    return pb.Mentor(
        id=m.id, org_id=m.org_id, full_name=m.full_name, origin=origin,  # type: ignore[arg-type]
        subjects=list(c.subjects), competencies=list(c.competencies), capacity=c.capacity,
        registered_at=ts(m.registered_at), person_id=m.person_id or "", card=card,
        level=to_number(pb.MentorLevel, m.level.value), active=m.active,  # type: ignore[arg-type]
        inactive_reason=m.inactive_reason, agreement_number=m.agreement_number,
        agreement_date=iso(m.agreement_date), published=m.published, version=m.version,
        trainings=[pb.Training(course=t.course, hours=t.hours, completed_on=iso(t.completed_on), provider=t.provider)
                   for t in m.trainings],
        level_history=[pb.LevelChange(from_level=to_number(pb.MentorLevel, h.from_level.value),  # type: ignore[arg-type]
                                      to_level=to_number(pb.MentorLevel, h.to_level.value),  # type: ignore[arg-type]
                                      reason=h.reason, changed_by=h.changed_by, changed_at=ts(h.changed_at),
                                      correction=h.correction)
                       for h in m.level_history],
        pairable=consent_valid is not None and not blockers, pairing_blockers=blockers)


def mentee_msg(m: Mentee, *, open_requests: int = 0) -> pb.Mentee:
    return pb.Mentee(
        id=m.id, org_id=m.org_id, person_id=m.person_id, full_name=m.full_name,
        person_kind=to_number(ppb.PersonKind, m.person_kind.value),  # type: ignore[arg-type]
        categories=[to_number(pb.MenteeCategory, c.value) for c in m.categories],  # type: ignore[misc]
        class_name=m.class_name, active=m.active, inactive_reason=m.inactive_reason, notes=m.notes,
        registered_at=ts(m.registered_at), version=m.version, open_requests=open_requests)


def request_msg(r: MentoringRequest) -> pb.MentoringRequest:
    return pb.MentoringRequest(
        id=r.id, org_id=r.org_id, mentee_id=r.mentee_id, mentee_name=r.mentee_name, topics=list(r.topics),
        goal=r.goal, desired_form=to_number(pb.MentoringForm, r.desired_form.value),  # type: ignore[arg-type]
        source=to_number(pb.RequestSource, r.source.value),  # type: ignore[arg-type]
        status=to_number(pb.RequestStatus, r.status.value), submitted_at=ts(r.submitted_at),  # type: ignore[arg-type]
        status_changed_at=ts(r.status_changed_at), status_reason=r.status_reason, version=r.version,
        person_id=r.person_id, pair_id=r.pair_id)


def public_msg(row: Any) -> pb.PublicMentor:
    return pb.PublicMentor(mentor_id=str(row.mentor_id), full_name=row.full_name, organisation=row.organisation,
                           origin=to_number(pb.MentorOrigin, row.origin),  # type: ignore[arg-type]
                           subjects=list(row.subjects), competencies=list(row.competencies), capacity=row.capacity,
                           org_id=str(row.org_id))


def job_msg(job: ImportJob, errors: list[tuple[int, str, str]] | None = None,
            errors_total: int = 0) -> imports_pb2.ImportJob:
    return imports_pb2.ImportJob(
        id=job.id, kind=to_number(imports_pb2.ImportKind, job.kind.value),  # type: ignore[arg-type]
        filename=job.filename, status=to_number(imports_pb2.ImportStatus, job.status.value),  # type: ignore[arg-type]
        rows_total=job.rows_total, rows_processed=job.rows_processed, rows_valid=job.rows_valid,
        rows_invalid=job.rows_invalid, to_create=job.to_create, to_update=job.to_update, unchanged=job.unchanged,
        error=job.error, row_errors=[imports_pb2.RowError(row=r, column=c, message=m) for r, c, m in errors or []],
        row_errors_total=errors_total, created_at=ts(job.created_at), finished_at=ts(job.finished_at),
        created_by=job.created_by_name, created=job.created, updated=job.updated)


# -- events ---------------------------------------------------------------------------------------------
def _state(kind: str, entity_id: str, version: int, found: list[str]) -> events_pb2.CountedState:
    return events_pb2.CountedState(entity_kind=kind, entity_id=entity_id, version=version, facets=found)


def _out(type_: str, subject: str, payload: Any, tenant: Any) -> OutgoingEvent:
    return OutgoingEvent(type=f"mentorship.registry.{type_}.v1", subject=subject, payload=payload,
                         org_id=tenant.org_id, municipality_id=tenant.municipality_id, region_id=tenant.region_id)


def _person_changed(p: Person) -> events_pb2.PersonChanged:
    return events_pb2.PersonChanged(person_id=p.id, kind=to_number(ppb.PersonKind, p.kind.value),  # type: ignore[arg-type]
                                    state=_state("person", p.id, p.version, facets.person_facets(p)))


def _mentor_changed(m: Mentor, *, from_level: str = "", reason: str = "") -> events_pb2.MentorChanged:
    return events_pb2.MentorChanged(
        mentor_id=m.id, person_id=m.person_id or "", from_level=to_number(pb.MentorLevel, from_level),  # type: ignore[arg-type]
        to_level=to_number(pb.MentorLevel, m.level.value), active=m.active, reason=reason,  # type: ignore[arg-type]
        published=m.published, state=_state("mentor", m.id, m.version, facets.mentor_facets(m)))


def _mentee_changed(m: Mentee) -> events_pb2.MenteeChanged:
    return events_pb2.MenteeChanged(
        mentee_id=m.id, person_id=m.person_id, person_kind=to_number(ppb.PersonKind, m.person_kind.value),  # type: ignore[arg-type]
        categories=[to_number(pb.MenteeCategory, c.value) for c in m.categories],  # type: ignore[misc]
        active=m.active, state=_state("mentee", m.id, m.version, facets.mentee_facets(m)))


def _request_changed(r: MentoringRequest) -> events_pb2.MentoringRequestChanged:
    return events_pb2.MentoringRequestChanged(
        request_id=r.id, mentee_id=r.mentee_id, source=to_number(pb.RequestSource, r.source.value),  # type: ignore[arg-type]
        desired_form=to_number(pb.MentoringForm, r.desired_form.value),  # type: ignore[arg-type]
        status=to_number(pb.RequestStatus, r.status.value),  # type: ignore[arg-type]
        state=_state("request", r.id, r.version, facets.request_facets(r)))


def encode_participant_event(event: object) -> OutgoingEvent | None:
    """The wire form of the bases' events; None for events of other parts of the registry."""
    match event:
        case events.PersonAdded(person=p) | events.PersonUpdated(person=p):
            kind = "person_added" if isinstance(event, events.PersonAdded) else "person_updated"
            return _out(kind, f"persons/{p.id}", _person_changed(p), p)
        case events.PeopleImported(import_id=job_id, people=people) if people:
            return _out("people_imported", f"imports/{job_id}", events_pb2.PeopleImported(
                import_id=job_id, people=[_person_changed(p) for p in people]), people[0])
        case events.ConsentGiven(consent=c) | events.ConsentWithdrawn(consent=c):
            given = isinstance(event, events.ConsentGiven)
            return _out("consent_given" if given else "consent_withdrawn", f"persons/{c.person_id}/consents/{c.id}",
                        events_pb2.ConsentChanged(
                            consent_id=c.id, person_id=c.person_id,
                            purpose=to_number(ppb.ConsentPurpose, c.purpose.value),  # type: ignore[arg-type]
                            valid=c.valid, mentor_id=getattr(event, "mentor_id", ""),
                            mentee_id=getattr(event, "mentee_id", ""),
                            state=_state("consent", c.id, c.version, facets.consent_facets(c))), c)
        case events.MentorRegistered(mentor=m):
            return _out("mentor_registered", f"mentors/{m.id}", events_pb2.MentorRegistered(
                mentor_id=m.id, org_id=m.org_id, origin=to_number(pb.MentorOrigin, m.origin.value),  # type: ignore[arg-type]
                capacity=m.capacity, subjects=list(m.subjects), competencies=list(m.competencies),
                person_id=m.person_id or "", level=to_number(pb.MentorLevel, m.level.value),  # type: ignore[arg-type]
                state=_state("mentor", m.id, m.version, facets.mentor_facets(m))), m)
        case events.MentorUpdated(mentor=m):
            return _out("mentor_updated", f"mentors/{m.id}", _mentor_changed(m), m)
        case events.MentorStatusChanged(mentor=m, from_level=old, reason=why):
            return _out("mentor_status_changed", f"mentors/{m.id}", _mentor_changed(m, from_level=old.value,
                                                                                     reason=why), m)
        case events.MentorDeactivated(mentor=m, reason=why):
            return _out("mentor_deactivated", f"mentors/{m.id}", _mentor_changed(m, reason=why), m)
        case events.MenteeRegistered(mentee=m):
            return _out("mentee_registered", f"mentees/{m.id}", _mentee_changed(m), m)
        case events.MenteeUpdated(mentee=m):
            return _out("mentee_updated", f"mentees/{m.id}", _mentee_changed(m), m)
        case events.MenteeDeactivated(mentee=m):
            return _out("mentee_deactivated", f"mentees/{m.id}", _mentee_changed(m), m)
        case events.MentoringRequestSubmitted(request=r):
            return _out("mentoring_request_submitted", f"requests/{r.id}", _request_changed(r), r)
        case events.MentoringRequestStatusChanged(request=r):
            return _out("mentoring_request_status_changed", f"requests/{r.id}", _request_changed(r), r)
        case events.MenteeBecameMentor(person=p, mentee=mentee, mentor=mentor):
            return _out("mentee_became_mentor", f"persons/{p.id}", events_pb2.MenteeBecameMentor(
                person_id=p.id, mentee_id=mentee.id, mentor_id=mentor.id,
                person_kind=to_number(ppb.PersonKind, p.kind.value),  # type: ignore[arg-type]
                state=_state("transition", p.id, 1, facets.transition_facets(p.kind))), p)
    return None
