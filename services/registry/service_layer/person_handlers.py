"""Use cases of the school's people and their consents: plain functions of (command, unit of work)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from mentorship_kit.errors import FieldProblem, NotFound, ValidationFailed
from mentorship_kit.policy import Action, require
from registry.domain import commands, events, mentors, persons
from registry.domain.field_checks import check_page_size, search_text
from registry.domain.mentees import Mentee, MentoringRequest, RequestStatus
from registry.domain.mentors import Mentor
from registry.domain.persons import Consent, ConsentPurpose, PersonFilter, PersonKind, PersonSummary
from registry.domain.structure import OrganisationKind
from registry.service_layer.base_changes import leave_mentee_base, leave_mentor_base, save_mentor
from registry.service_layer.lookups import PERSON_NOT_FOUND, locked_person, own_organisation, record_id, today
from registry.service_layer.unit_of_work import UnitOfWork

CONSENT_WITHDRAWN = "согласие на обработку персональных данных отозвано"


def add_person(cmd: commands.AddPerson, uow: UnitOfWork) -> PersonSummary:
    require(uow.principal, Action.PERSON_MANAGE)
    with uow:
        organisation = own_organisation(uow)
        data = persons.clean_person(cmd.data, today=today(), college=organisation.kind is OrganisationKind.COLLEGE)
        person = persons.new_person(person_id=str(uuid.uuid4()), organisation=organisation, data=data,
                                    now=datetime.now(UTC))
        uow.persons.add(person, created_by=uow.principal.user_id)
        uow.collect(events.PersonAdded(person))
        uow.commit()
    return PersonSummary(person)


def update_person(cmd: commands.UpdatePerson, uow: UnitOfWork) -> PersonSummary:
    require(uow.principal, Action.PERSON_MANAGE)
    now = datetime.now(UTC)
    with uow:
        data = persons.clean_person(cmd.data, today=today(),
                                    college=own_organisation(uow).kind is OrganisationKind.COLLEGE)
        person = persons.update_person(locked_person(uow, cmd.person_id), data, expected_version=cmd.version, now=now)
        persons.check_consents_still_fit(person, uow.persons.consents_of(person.id))
        uow.persons.update(person)
        uow.collect(events.PersonUpdated(person))
        mentor = uow.mentors.by_person(person.id, lock=True)
        if mentor is not None and mentor.full_name != person.full_name:
            renamed = replace(mentor, full_name=person.full_name, version=mentor.version + 1)
            save_mentor(uow, renamed, now=now)
            uow.collect(events.MentorUpdated(renamed))
        summary = uow.persons.summary(person.id)
        uow.commit()
    assert summary is not None
    return summary


def list_persons(query: commands.ListPersons, uow: UnitOfWork) -> tuple[list[PersonSummary], str, int]:
    require(uow.principal, Action.PERSON_READ)
    size = check_page_size(query.page_size)
    if query.kind and query.kind not in PersonKind.__members__.values():
        raise ValidationFailed([FieldProblem("kind", "Неизвестный вид участника")])
    f = PersonFilter(query=search_text(query.query), kind=PersonKind(query.kind) if query.kind else None,
                     class_name=search_text(query.class_name.upper(), 10), consent=query.consent,
                     base=query.base)
    with uow:
        return uow.persons.page(f, size=size, after=query.page_token)


@dataclass(frozen=True)
class PersonCard:
    summary: PersonSummary
    consents: list[Consent]
    mentor: Mentor | None
    mentee: Mentee | None
    requests: list[MentoringRequest]
    became_mentor_at: datetime | None
    open_requests: int = 0


def person_card(person_id: str, uow: UnitOfWork) -> PersonCard:
    require(uow.principal, Action.PERSON_READ)
    wanted = record_id(person_id, PERSON_NOT_FOUND)
    with uow:
        summary = uow.persons.summary(wanted)
        if summary is None:
            raise NotFound(PERSON_NOT_FOUND)
        mentee = uow.mentees.by_person(wanted)
        requests = uow.mentees.requests_of(mentee.id) if mentee else []
        return PersonCard(summary=summary, consents=uow.persons.consents_of(wanted),
                          mentor=uow.mentors.by_person(wanted), mentee=mentee, requests=requests,
                          became_mentor_at=uow.mentees.transition_at(wanted),
                          open_requests=sum(r.status is RequestStatus.OPEN for r in requests))


def give_consent(cmd: commands.GiveConsent, uow: UnitOfWork) -> Consent:
    require(uow.principal, Action.CONSENT_MANAGE)
    now = datetime.now(UTC)
    with uow:
        person = locked_person(uow, cmd.person_id)
        consent = persons.give_consent(
            consent_id=str(uuid.uuid4()), person=person, purpose=cmd.purpose, given_by=cmd.given_by,
            giver_name=cmd.giver_name, document_ref=cmd.document_ref, text_version=cmd.text_version,
            given_on=cmd.given_on, today=now.date(), existing=uow.persons.consents_of(person.id))
        uow.persons.add_consent(consent, recorded_by=uow.principal.user_id, at=now)
        uow.collect(events.ConsentGiven(consent))
        if consent.purpose is ConsentPurpose.REGIONAL_BASE:
            _publish(uow, person.id, published=True, now=now)
        uow.commit()
    return consent


def _publish(uow: UnitOfWork, person_id: str, *, published: bool, now: datetime) -> Mentor | None:
    mentor = uow.mentors.by_person(person_id, lock=True)
    if mentor is None:
        return None
    changed = mentors.with_publication(mentor, published)
    if changed is not mentor:
        save_mentor(uow, changed, now=now)
        uow.collect(events.MentorUpdated(changed))
    return changed


def withdraw_consent(cmd: commands.WithdrawConsent, uow: UnitOfWork) -> Consent:
    """Withdrawal takes the person out of the active bases at once, and tells every other service."""
    require(uow.principal, Action.CONSENT_MANAGE)
    now = datetime.now(UTC)
    with uow:
        found = uow.persons.consent(record_id(cmd.consent_id, "Согласие не найдено"))
        if found is None:
            raise NotFound("Согласие не найдено")
        locked_person(uow, found.person_id)
        consent = persons.withdraw_consent(found, withdrawn_on=cmd.withdrawn_on, reason=cmd.reason, today=now.date())
        uow.persons.withdraw(consent, withdrawn_by=uow.principal.user_id)
        mentor_id = mentee_id = ""
        if consent.purpose is ConsentPurpose.PARTICIPATION:
            mentor_id, mentee_id = _leave_bases(uow, consent.person_id, now=now)
        else:
            mentor = _publish(uow, consent.person_id, published=False, now=now)
            mentor_id = mentor.id if mentor else ""
        uow.collect(events.ConsentWithdrawn(consent, mentor_id=mentor_id, mentee_id=mentee_id))
        uow.commit()
    return consent


def _leave_bases(uow: UnitOfWork, person_id: str, *, now: datetime) -> tuple[str, str]:
    mentor = uow.mentors.by_person(person_id, lock=True)
    if mentor is not None and mentor.active:
        mentor = leave_mentor_base(uow, mentor, CONSENT_WITHDRAWN, now=now)
    mentee = uow.mentees.by_person(person_id, lock=True)
    if mentee is not None and mentee.active:
        mentee = leave_mentee_base(uow, mentee, CONSENT_WITHDRAWN, now=now)
    return (mentor.id if mentor else ""), (mentee.id if mentee else "")
