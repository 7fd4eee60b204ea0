"""Use cases of the mentor base, the mentee base and requests: plain functions of (command, unit of work)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

from mentorship_kit.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from mentorship_kit.policy import Action, require
from registry.domain import commands, events, mentees, mentors
from registry.domain.field_checks import TAG_MAX, Problems, check_page_size, clean_text, search_text
from registry.domain.mentees import Mentee, MentoringRequest
from registry.domain.mentors import BASE_COMPETENCIES, Mentor, MentorOrigin, Vocabulary
from registry.domain.persons import ConsentPurpose
from registry.service_layer.base_changes import leave_mentee_base, leave_mentor_base, save_mentor
from registry.service_layer.lookups import has_valid_consent, locked_person, own_organisation, record_id, uuid_of
from registry.service_layer.unit_of_work import UnitOfWork


def _locked_mentor(uow: UnitOfWork, mentor_id: str) -> Mentor:
    mentor = uow.mentors.get(record_id(mentor_id, "Наставник не найден в базе школы"), lock=True)
    if mentor is None:
        raise NotFound("Наставник не найден в базе школы")
    return mentor


def register_mentor(cmd: commands.RegisterMentor, uow: UnitOfWork) -> Mentor:
    require(uow.principal, Action.MENTOR_REGISTER)
    now = datetime.now(UTC)
    with uow:
        person = locked_person(uow, cmd.person_id)
        card = mentors.clean_card(cmd.card, vocabulary=Vocabulary(uow.mentors.school_terms()), person_kind=person.kind)
        consent = has_valid_consent(uow, person.id, ConsentPurpose.PARTICIPATION)
        public = has_valid_consent(uow, person.id, ConsentPurpose.REGIONAL_BASE)
        existing = uow.mentors.by_person(person.id, lock=True)
        if existing is not None and not existing.active and consent:
            # Back after a withdrawn consent: the same card comes back to life, its history kept.
            mentor = replace(existing, card=card, full_name=person.full_name, active=True, inactive_reason="",
                             published=public, version=existing.version + 1)
            save_mentor(uow, mentor, now=now)
            uow.collect(events.MentorUpdated(mentor))
        else:
            mentor = mentors.register_mentor(mentor_id=str(uuid.uuid4()), person=person, card=card,
                                             consent_valid=consent, existing=existing, now=now)
            mentor = replace(mentor, published=public)
            uow.mentors.add(mentor, registered_by=uow.principal.user_id)
            if public:
                uow.mentors.publish(mentor, organisation=own_organisation(uow).name, at=now)
            uow.collect(events.MentorRegistered(mentor))
        mentee = uow.mentees.by_person(person.id)
        if mentee is not None and uow.mentees.record_transition(mentee, mentor.id, at=now):
            uow.collect(events.MenteeBecameMentor(person, mentee, mentor, now))
        uow.commit()
    return mentor


def update_mentor(cmd: commands.UpdateMentor, uow: UnitOfWork) -> Mentor:
    require(uow.principal, Action.MENTOR_REGISTER)
    now = datetime.now(UTC)
    with uow:
        mentor = _locked_mentor(uow, cmd.mentor_id)
        person = uow.persons.get(mentor.person_id) if mentor.person_id else None
        card = mentors.clean_card(cmd.card, vocabulary=Vocabulary(uow.mentors.school_terms()),
                                  person_kind=person.kind if person else None)
        mentor = mentors.update_card(mentor, card, expected_version=cmd.version)
        save_mentor(uow, mentor, now=now)
        uow.collect(events.MentorUpdated(mentor))
        uow.commit()
    return mentor


def change_mentor_level(cmd: commands.ChangeMentorLevel, uow: UnitOfWork) -> Mentor:
    require(uow.principal, Action.MENTOR_REGISTER)
    now = datetime.now(UTC)
    with uow:
        before = _locked_mentor(uow, cmd.mentor_id)
        mentor = mentors.change_level(before, cmd.level, reason=cmd.reason,
                                      changed_by=uow.principal.display_name or uow.principal.user_id, now=now,
                                      correction=cmd.correction)
        save_mentor(uow, mentor, now=now)
        uow.mentors.add_level_change(mentor, mentor.level_history[-1])
        uow.collect(events.MentorStatusChanged(mentor, before.level, mentor.level_history[-1].reason))
        uow.commit()
    return mentor


def add_mentor_training(cmd: commands.AddMentorTraining, uow: UnitOfWork) -> Mentor:
    require(uow.principal, Action.MENTOR_REGISTER)
    now = datetime.now(UTC)
    with uow:
        mentor, training = mentors.add_training(_locked_mentor(uow, cmd.mentor_id), cmd.training, today=now.date())
        save_mentor(uow, mentor, now=now)
        uow.mentors.add_training(mentor, training, by=uow.principal.user_id, at=now)
        uow.collect(events.MentorUpdated(mentor))
        uow.commit()
    return mentor


def record_agreement(cmd: commands.RecordAgreement, uow: UnitOfWork) -> Mentor:
    require(uow.principal, Action.MENTOR_REGISTER)
    now = datetime.now(UTC)
    with uow:
        mentor = mentors.record_agreement(_locked_mentor(uow, cmd.mentor_id), number=cmd.number,
                                          agreement_date=cmd.date, today=now.date())
        save_mentor(uow, mentor, now=now)
        uow.collect(events.MentorUpdated(mentor))
        uow.commit()
    return mentor


def _reason(text: str) -> str:
    p = Problems()
    reason = clean_text(text, "reason", "Причина", p, limit=500)
    p.raise_if_any()
    return reason


def deactivate_mentor(cmd: commands.Deactivate, uow: UnitOfWork) -> Mentor:
    require(uow.principal, Action.MENTOR_REGISTER)
    reason = _reason(cmd.reason)
    with uow:
        mentor = leave_mentor_base(uow, _locked_mentor(uow, cmd.id), reason, now=datetime.now(UTC))
        uow.commit()
    return mentor


def deactivate_mentee(cmd: commands.Deactivate, uow: UnitOfWork) -> Mentee:
    require(uow.principal, Action.MENTEE_MANAGE)
    reason = _reason(cmd.reason)
    with uow:
        mentee = leave_mentee_base(uow, _locked_mentee(uow, cmd.id), reason, now=datetime.now(UTC),
                                   matched_too=False)
        uow.commit()
    return mentee


def list_mentors(query: commands.ListMentors, uow: UnitOfWork) -> tuple[list[Mentor], str, int]:
    require(uow.principal, Action.MENTOR_LIST)
    size = check_page_size(query.page_size)
    if query.origin and query.origin not in MentorOrigin.__members__.values():
        raise ValidationFailed([FieldProblem("origin", "Неизвестное значение «кем является наставник»")])
    with uow:
        return uow.mentors.page(size=size, after=query.page_token, query=search_text(query.query),
                                origin=query.origin, active_only=query.active_only)


def consent_states(mentor_list: list[Mentor], uow: UnitOfWork) -> dict[str, bool]:
    """Whether each listed mentor's person has a valid consent (for «can be paired»)."""
    with uow:
        return {m.id: bool(m.person_id) and has_valid_consent(uow, m.person_id or "", ConsentPurpose.PARTICIPATION)
                for m in mentor_list}


def list_competencies(uow: UnitOfWork) -> Vocabulary:
    require(uow.principal, Action.MENTOR_LIST)
    with uow:
        return Vocabulary(uow.mentors.school_terms())


def add_competency(term: str, uow: UnitOfWork) -> Vocabulary:
    require(uow.principal, Action.MENTOR_REGISTER)
    p = Problems()
    clean = clean_text(term, "term", "Компетенция", p, limit=TAG_MAX)
    p.raise_if_any()
    if clean.casefold() in {t.casefold() for t in BASE_COMPETENCIES}:
        raise Conflict(f"«{clean}» уже есть в словаре платформы")
    with uow:
        o = own_organisation(uow)
        uow.mentors.add_term(clean, org=(o.id, o.municipality_id, o.region_id), by=uow.principal.user_id,
                             at=datetime.now(UTC))
        vocabulary = Vocabulary(uow.mentors.school_terms())
        uow.commit()
    return vocabulary


def search_public(query: commands.SearchPublicMentors, uow: UnitOfWork) -> tuple[list[object], str, int]:
    require(uow.principal, Action.MENTOR_PUBLIC_SEARCH)
    size = check_page_size(query.page_size)
    municipality = uuid_of(query.municipality_id, "municipality_id", "муниципалитет") \
        if query.municipality_id else ""
    if query.origin and query.origin not in MentorOrigin.__members__.values():
        raise ValidationFailed([FieldProblem("origin", "Неизвестное значение «кем является наставник»")])
    with uow:
        return uow.mentors.search_public(query=search_text(query.query), origin=query.origin,
                                         municipality_id=municipality, size=size, after=query.page_token)


# -- mentees and requests ---------------------------------------------------------------------------
def _mentee(uow: UnitOfWork, mentee_id: str, *, lock: bool = False) -> Mentee:
    mentee = uow.mentees.get(record_id(mentee_id, "Наставляемый не найден в базе школы"), lock=lock)
    if mentee is None:
        raise NotFound("Наставляемый не найден в базе школы")
    return mentee


def _locked_mentee(uow: UnitOfWork, mentee_id: str) -> Mentee:
    """Locks follow one order everywhere — person, mentor, mentee, requests — so two curators never deadlock."""
    return _mentee(uow, mentee_id, lock=True)


def register_mentee(cmd: commands.RegisterMentee, uow: UnitOfWork) -> Mentee:
    require(uow.principal, Action.MENTEE_MANAGE)
    now = datetime.now(UTC)
    with uow:
        person = locked_person(uow, cmd.person_id)
        consent = has_valid_consent(uow, person.id, ConsentPurpose.PARTICIPATION)
        existing = uow.mentees.by_person(person.id, lock=True)
        if existing is not None and not existing.active and consent:
            back = replace(existing, active=True, inactive_reason="")
            mentee = mentees.update_mentee(back, person, categories=cmd.categories, notes=cmd.notes,
                                           expected_version=0, today=now.date())
            uow.mentees.save(mentee, now=now)
            uow.collect(events.MenteeUpdated(mentee))
        else:
            mentee = mentees.register_mentee(mentee_id=str(uuid.uuid4()), person=person, categories=cmd.categories,
                                             notes=cmd.notes, consent_valid=consent, existing=existing,
                                             today=now.date(), now=now)
            uow.mentees.add(mentee, registered_by=uow.principal.user_id)
            uow.collect(events.MenteeRegistered(mentee))
        uow.commit()
    return mentee


def update_mentee(cmd: commands.UpdateMentee, uow: UnitOfWork) -> Mentee:
    require(uow.principal, Action.MENTEE_MANAGE)
    now = datetime.now(UTC)
    with uow:
        person = locked_person(uow, _mentee(uow, cmd.mentee_id).person_id)  # person first, as everywhere
        mentee = mentees.update_mentee(_locked_mentee(uow, cmd.mentee_id), person, categories=cmd.categories,
                                       notes=cmd.notes, expected_version=cmd.version, today=now.date())
        uow.mentees.save(mentee, now=now)
        uow.collect(events.MenteeUpdated(mentee))
        uow.commit()
    return mentee


def list_mentees(query: commands.ListMentees, uow: UnitOfWork) -> tuple[list[Mentee], str, int, dict[str, int]]:
    require(uow.principal, Action.MENTEE_LIST)
    size = check_page_size(query.page_size)
    if query.category and query.category not in mentees.MenteeCategory.__members__.values():
        raise ValidationFailed([FieldProblem("category", "Неизвестная категория наставляемого")])
    with uow:
        page, token, total = uow.mentees.page(size=size, after=query.page_token,
                                              query=search_text(query.query), category=query.category,
                                              person_kind=query.person_kind, active_only=query.active_only)
        return page, token, total, uow.mentees.open_requests([m.id for m in page])


def submit_request(cmd: commands.SubmitRequest, uow: UnitOfWork) -> MentoringRequest:
    require(uow.principal, Action.REQUEST_MANAGE)
    with uow:
        request = mentees.submit_request(
            request_id=str(uuid.uuid4()), mentee=_locked_mentee(uow, cmd.mentee_id), topics=cmd.topics,
            goal=cmd.goal, desired_form=cmd.desired_form, source=cmd.source, now=datetime.now(UTC))
        uow.mentees.add_request(request, submitted_by=uow.principal.user_id)
        uow.collect(events.MentoringRequestSubmitted(request))
        uow.commit()
    return request


def change_request_status(cmd: commands.ChangeRequestStatus, uow: UnitOfWork) -> MentoringRequest:
    require(uow.principal, Action.REQUEST_MANAGE)
    with uow:
        seen = uow.mentees.request(record_id(cmd.request_id, "Запрос не найден"))
        if seen is None:
            raise NotFound("Запрос не найден")
        mentee = _locked_mentee(uow, seen.mentee_id)  # the mentee before its requests, as everywhere
        found = uow.mentees.request(seen.id, lock=True)
        assert found is not None, "a request does not disappear under its locked mentee"
        if cmd.status == "open" and not mentee.active:
            raise Conflict(f"{found.mentee_name} выведен из базы наставляемых: запрос не открыть")
        request = mentees.change_request_status(found, cmd.status, reason=cmd.reason, now=datetime.now(UTC))
        uow.mentees.save_request(request)
        uow.collect(events.MentoringRequestStatusChanged(request))
        uow.commit()
    return request


def list_requests(query: commands.ListRequests, uow: UnitOfWork) -> tuple[list[MentoringRequest], str, int]:
    require(uow.principal, Action.MENTEE_LIST)
    size = check_page_size(query.page_size)
    if query.status and query.status not in mentees.RequestStatus.__members__.values():
        raise ValidationFailed([FieldProblem("status", "Неизвестный статус запроса")])
    mentee = uuid_of(query.mentee_id, "mentee_id", "наставляемый") if query.mentee_id else ""
    with uow:
        return uow.mentees.request_page(size=size, after=query.page_token, status=query.status, mentee_id=mentee)
