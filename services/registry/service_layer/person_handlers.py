"""Use cases of the school's people and their consents: plain functions of (command, unit of work)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from mentorship_kit.errors import FieldProblem, NotFound, ValidationFailed
from mentorship_kit.policy import Action, require
from registry.adapters.paging import check_size
from registry.domain import commands, events, mentees, mentors, persons
from registry.domain.mentees import Mentee, MentoringRequest, RequestStatus
from registry.domain.mentors import Mentor
from registry.domain.model import Organisation, search_text
from registry.domain.persons import Consent, ConsentPurpose, Person, PersonFilter, PersonKind, PersonSummary
from registry.service_layer.unit_of_work import RegistryUnitOfWork

CONSENT_WITHDRAWN = "согласие на обработку персональных данных отозвано"


def uuid_of(value: str, field: str, label: str) -> str:
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        raise ValidationFailed([FieldProblem(field, f"Неверный идентификатор: {label}")]) from None


def today() -> date:
    return datetime.now(UTC).date()


def own_organisation(uow: RegistryUnitOfWork) -> Organisation:
    organisation = uow.structure.organisation(uow.principal.org_id or "")
    if organisation is None:
        raise NotFound("Организация пользователя не найдена")
    return organisation


def locked_person(uow: RegistryUnitOfWork, person_id: str) -> Person:
    person = uow.persons.get(uuid_of(person_id, "person_id", "человек"), lock=True)
    if person is None:
        raise NotFound("Человек не найден в списках школы")
    return person


def has_valid_consent(uow: RegistryUnitOfWork, person_id: str, purpose: ConsentPurpose) -> bool:
    return persons.valid_consent(uow.persons.consents_of(person_id), purpose) is not None


def add_person(cmd: commands.AddPerson, uow: RegistryUnitOfWork) -> PersonSummary:
    require(uow.principal, Action.PERSON_MANAGE)
    data = persons.clean_person(cmd.data, today=today())
    with uow:
        person = persons.new_person(person_id=str(uuid.uuid4()), organisation=own_organisation(uow), data=data,
                                    now=datetime.now(UTC))
        uow.persons.add(person, created_by=uow.principal.user_id)
        uow.collect(events.PersonAdded(person))
        uow.commit()
    return PersonSummary(person)


def update_person(cmd: commands.UpdatePerson, uow: RegistryUnitOfWork) -> PersonSummary:
    require(uow.principal, Action.PERSON_MANAGE)
    data = persons.clean_person(cmd.data, today=today())
    now = datetime.now(UTC)
    with uow:
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


def save_mentor(uow: RegistryUnitOfWork, mentor: Mentor, *, now: datetime) -> None:
    """Store the card and keep its public profile (regional base) in step with it."""
    uow.mentors.save(mentor, now=now)
    if mentor.published:
        uow.mentors.publish(mentor, organisation=own_organisation(uow).name, at=now)
    else:
        uow.mentors.unpublish(mentor.id)


def list_persons(query: commands.ListPersons, uow: RegistryUnitOfWork) -> tuple[list[PersonSummary], str, int]:
    require(uow.principal, Action.PERSON_READ)
    size = check_size(query.page_size)
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


def person_card(person_id: str, uow: RegistryUnitOfWork) -> PersonCard:
    require(uow.principal, Action.PERSON_READ)
    wanted = uuid_of(person_id, "person_id", "человек")
    with uow:
        summary = uow.persons.summary(wanted)
        if summary is None:
            raise NotFound("Человек не найден в списках школы")
        mentee = uow.mentees.by_person(wanted)
        requests = uow.mentees.requests_of(mentee.id) if mentee else []
        return PersonCard(summary=summary, consents=uow.persons.consents_of(wanted),
                          mentor=uow.mentors.by_person(wanted), mentee=mentee, requests=requests,
                          became_mentor_at=uow.mentees.transition_at(wanted),
                          open_requests=sum(r.status is RequestStatus.OPEN for r in requests))


def give_consent(cmd: commands.GiveConsent, uow: RegistryUnitOfWork) -> Consent:
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


def _publish(uow: RegistryUnitOfWork, person_id: str, *, published: bool, now: datetime) -> Mentor | None:
    mentor = uow.mentors.by_person(person_id, lock=True)
    if mentor is None:
        return None
    changed = mentors.with_publication(mentor, published)
    if changed is not mentor:
        save_mentor(uow, changed, now=now)
        uow.collect(events.MentorUpdated(changed))
    return changed


def withdraw_consent(cmd: commands.WithdrawConsent, uow: RegistryUnitOfWork) -> Consent:
    """Withdrawal takes the person out of the active bases at once, and tells every other service."""
    require(uow.principal, Action.CONSENT_MANAGE)
    now = datetime.now(UTC)
    with uow:
        found = uow.persons.consent(uuid_of(cmd.consent_id, "consent_id", "согласие"))
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


def _leave_bases(uow: RegistryUnitOfWork, person_id: str, *, now: datetime) -> tuple[str, str]:
    mentor = uow.mentors.by_person(person_id, lock=True)
    if mentor is not None and mentor.active:
        mentor = leave_mentor_base(uow, mentor, CONSENT_WITHDRAWN, now=now)
    mentee = uow.mentees.by_person(person_id, lock=True)
    if mentee is not None and mentee.active:
        mentee = leave_mentee_base(uow, mentee, CONSENT_WITHDRAWN, now=now)
    return (mentor.id if mentor else ""), (mentee.id if mentee else "")


def leave_mentor_base(uow: RegistryUnitOfWork, mentor: Mentor, reason: str, *, now: datetime) -> Mentor:
    """Out of the mentor base (and the regional base); the card and its history stay."""
    mentor = mentors.deactivate(mentor, reason)
    save_mentor(uow, mentor, now=now)
    uow.collect(events.MentorDeactivated(mentor, reason))
    return mentor


def leave_mentee_base(uow: RegistryUnitOfWork, mentee: Mentee, reason: str, *, now: datetime,
                      matched_too: bool = True) -> Mentee:
    """Out of the mentee base; requests still waiting for a mentor are withdrawn with the same reason, and with
    a withdrawn consent the matched ones too (nothing of the person may be processed any more)."""
    closing = {RequestStatus.OPEN, RequestStatus.MATCHED} if matched_too else {RequestStatus.OPEN}
    mentee = mentees.deactivate_mentee(mentee, reason)
    uow.mentees.save(mentee, now=now)
    uow.collect(events.MenteeDeactivated(mentee))
    for request in uow.mentees.requests_of(mentee.id, lock=True):
        if request.status in closing:
            closed = mentees.change_request_status(request, RequestStatus.WITHDRAWN.value, reason=reason, now=now)
            uow.mentees.save_request(closed)
            uow.collect(events.MentoringRequestStatusChanged(closed))
    return mentee
