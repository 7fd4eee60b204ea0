"""The registry's use cases in-process, against the fake unit of work: state and collected events, no I/O."""

from __future__ import annotations

import uuid

import pytest

from mentorship_kit.errors import Conflict, Forbidden, NotFound, ValidationFailed
from mentorship_kit.principal import Principal, Role, Scope
from registry.domain import commands, events
from registry.domain import documents as d
from registry.domain.mentees import RequestStatus
from registry.domain.structure import Municipality, Organisation, OrganisationKind, Region
from registry.service_layer import (
    document_handlers,
    pair_handlers,
    participant_handlers,
    person_handlers,
    structure_handlers,
)
from tests.unit.fakes import FakeUnitOfWork

REGION, MUNICIPALITY, ORG = (str(uuid.uuid4()) for _ in range(3))
ADMIN = Principal(user_id="admin", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
CURATOR = Principal(user_id="curator", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG, org_id=ORG,
                    municipality_id=MUNICIPALITY, region_id=REGION, display_name="Куратор школы")
MUNICIPAL = Principal(user_id="mun", roles=frozenset({Role.MUNICIPAL_CURATOR}), scope=Scope.MUNICIPALITY,
                      municipality_id=MUNICIPALITY, region_id=REGION, display_name="Куратор МОУО")
TEACHER = {"kind": "staff", "last_name": "Иванова", "first_name": "Мария", "hired_on": "2010-09-01",
           "position": "Учитель"}
STUDENT = {"kind": "student", "last_name": "Соколова", "first_name": "Ева", "birth_date": "02.11.2013",
           "class_name": "7б", "guardian_name": "Соколова Анна"}
CARD = {"origin": "teacher", "subjects": ["Математика"], "competencies": [], "capacity": 3}


def _school() -> FakeUnitOfWork:
    """A school's curator on a platform that already has the school (set up directly, not through use cases)."""
    uow = FakeUnitOfWork(CURATOR)
    uow.structure.regions[REGION] = Region(REGION, "Калининградская область", "39")
    uow.structure.municipalities[MUNICIPALITY] = Municipality(MUNICIPALITY, REGION, "Светлогорский округ", "svg")
    uow.structure.organisations[ORG] = Organisation(ORG, MUNICIPALITY, REGION, "Школа № 1", OrganisationKind.SCHOOL,
                                                    "school-1")
    return uow


def _person_with_consent(uow: FakeUnitOfWork, data: dict[str, str]) -> str:
    person_id = person_handlers.add_person(commands.AddPerson(data), uow).person.id
    given_by = "guardian" if data["kind"] == "student" else "self"
    person_handlers.give_consent(commands.GiveConsent(person_id, "participation", given_by), uow)
    return person_id


def _types(uow: FakeUnitOfWork) -> list[str]:
    return [type(e).__name__ for e in uow.events]


# -- structure -------------------------------------------------------------------------------------
def test_creating_the_structure_stores_it_and_announces_the_organisation() -> None:
    uow = FakeUnitOfWork(ADMIN)
    region = structure_handlers.create_region(commands.CreateRegion("Калининградская область", "39"), uow)
    municipality = structure_handlers.create_municipality(
        commands.CreateMunicipality(region.id, "Светлогорский округ", "svg"), uow)
    school = structure_handlers.create_organisation(
        commands.CreateOrganisation(municipality.id, "Школа № 1", "school", "school-1"), uow)

    assert uow.structure.organisation(school.id) == school
    assert (school.municipality_id, school.region_id) == (municipality.id, region.id)
    assert uow.commits == 3
    assert uow.events == [events.OrganisationCreated(school, "Светлогорский округ", "Калининградская область")]
    assert structure_handlers.list_organisations(municipality.id, uow) == [school]


def test_an_organisation_of_an_unknown_municipality_is_refused_and_nothing_is_kept() -> None:
    uow = FakeUnitOfWork(ADMIN)
    with pytest.raises(NotFound):
        structure_handlers.create_organisation(
            commands.CreateOrganisation(str(uuid.uuid4()), "Школа", "school", "s-1"), uow)
    assert (uow.commits, uow.rollbacks, uow.events, uow.structure.organisations) == (0, 1, [], {})


def test_a_duplicate_code_is_a_conflict() -> None:
    uow = FakeUnitOfWork(ADMIN)
    structure_handlers.create_region(commands.CreateRegion("Область", "39"), uow)
    with pytest.raises(Conflict):
        structure_handlers.create_region(commands.CreateRegion("Другая область", "39"), uow)
    assert len(uow.structure.regions) == 1


def test_a_school_curator_may_not_create_regions() -> None:
    uow = _school()
    with pytest.raises(Forbidden):
        structure_handlers.create_region(commands.CreateRegion("Область", "40"), uow)
    assert (uow.commits, uow.events, len(uow.structure.regions)) == (0, [], 1)


# -- persons and consents ----------------------------------------------------------------------------
def test_adding_a_person_stores_them_in_the_school_and_announces_it() -> None:
    uow = _school()
    summary = person_handlers.add_person(commands.AddPerson(TEACHER), uow)
    person = uow.persons.get(summary.person.id)
    assert person is not None and person.full_name == summary.person.full_name
    assert (person.org_id, person.municipality_id, person.region_id) == (ORG, MUNICIPALITY, REGION)
    assert uow.events == [events.PersonAdded(person)]


def test_a_municipal_curator_may_not_add_people_of_a_school() -> None:
    uow = _school()
    uow.principal = MUNICIPAL
    with pytest.raises(Forbidden):
        person_handlers.add_person(commands.AddPerson(TEACHER), uow)
    assert (uow.commits, uow.persons.people) == (0, {})


def test_a_minor_s_consent_is_given_by_the_guardian() -> None:
    uow = _school()
    person_id = person_handlers.add_person(commands.AddPerson(STUDENT), uow).person.id
    with pytest.raises(ValidationFailed):
        person_handlers.give_consent(commands.GiveConsent(person_id, "participation", "self"), uow)
    consent = person_handlers.give_consent(commands.GiveConsent(person_id, "participation", "guardian"), uow)
    assert consent.valid and consent.giver_name == "Соколова Анна"
    assert uow.events[-1] == events.ConsentGiven(consent)
    assert uow.persons.consents_of(person_id) == [consent]


def test_withdrawing_the_consent_takes_the_person_out_of_both_bases_and_names_them() -> None:
    uow = _school()
    person_id = _person_with_consent(uow, TEACHER)
    mentor = participant_handlers.register_mentor(commands.RegisterMentor(person_id, CARD), uow)
    mentee = participant_handlers.register_mentee(commands.RegisterMentee(person_id, ["burnout"]), uow)
    request = participant_handlers.submit_request(
        commands.SubmitRequest(mentee.id, ["Выгорание"], "", "teacher_teacher", "self"), uow)
    consent = uow.persons.consents_of(person_id)[0]
    uow.events.clear()

    withdrawn = person_handlers.withdraw_consent(commands.WithdrawConsent(consent.id, reason="Отозвано"), uow)

    assert not withdrawn.valid
    stored_mentor, stored_mentee = uow.mentors.get(mentor.id), uow.mentees.get(mentee.id)
    assert stored_mentor is not None and not stored_mentor.active
    assert stored_mentee is not None and not stored_mentee.active
    stored_request = uow.mentees.request(request.id)
    assert stored_request is not None and stored_request.status is RequestStatus.WITHDRAWN
    assert _types(uow) == ["MentorDeactivated", "MenteeDeactivated", "MentoringRequestStatusChanged",
                           "ConsentWithdrawn"]
    assert uow.events[-1] == events.ConsentWithdrawn(withdrawn, mentor_id=mentor.id, mentee_id=mentee.id)


# -- mentors ---------------------------------------------------------------------------------------------
def test_a_mentor_needs_a_valid_consent() -> None:
    uow = _school()
    person_id = person_handlers.add_person(commands.AddPerson(TEACHER), uow).person.id
    with pytest.raises(ValidationFailed) as refused:
        participant_handlers.register_mentor(commands.RegisterMentor(person_id, CARD), uow)
    assert [p.field for p in refused.value.problems] == ["person_id"]
    assert uow.mentors.mentors == {} and _types(uow) == ["PersonAdded"]


def test_registering_a_mentor_stores_the_card_and_announces_it() -> None:
    uow = _school()
    person_id = _person_with_consent(uow, TEACHER)
    mentor = participant_handlers.register_mentor(commands.RegisterMentor(person_id, CARD), uow)
    assert uow.mentors.by_person(person_id) == mentor
    assert mentor.active and mentor.card.subjects == ("Математика",) and mentor.capacity == 3
    assert uow.events[-1] == events.MentorRegistered(mentor)
    with pytest.raises(Conflict):
        participant_handlers.register_mentor(commands.RegisterMentor(person_id, CARD), uow)


def test_updating_a_mentor_from_a_stale_version_is_a_conflict() -> None:
    uow = _school()
    person_id = _person_with_consent(uow, TEACHER)
    mentor = participant_handlers.register_mentor(commands.RegisterMentor(person_id, CARD), uow)
    updated = participant_handlers.update_mentor(
        commands.UpdateMentor(mentor.id, {**CARD, "capacity": 5}, version=mentor.version), uow)
    assert updated.version == mentor.version + 1 and updated.capacity == 5
    with pytest.raises(Conflict):
        participant_handlers.update_mentor(commands.UpdateMentor(mentor.id, CARD, version=mentor.version), uow)
    assert uow.mentors.get(mentor.id) == updated
    assert uow.events[-1] == events.MentorUpdated(updated)


# -- mentees and requests ----------------------------------------------------------------------------
def test_registering_a_mentee_and_their_request_and_moving_the_request_on() -> None:
    uow = _school()
    person_id = _person_with_consent(uow, STUDENT)
    mentee = participant_handlers.register_mentee(commands.RegisterMentee(person_id, ["gifted"]), uow)
    assert uow.mentees.by_person(person_id) == mentee and uow.events[-1] == events.MenteeRegistered(mentee)

    request = participant_handlers.submit_request(
        commands.SubmitRequest(mentee.id, ["Олимпиада по математике"], "Призёр", "student_student", "self"), uow)
    assert request.status is RequestStatus.OPEN
    assert uow.events[-1] == events.MentoringRequestSubmitted(request)

    with pytest.raises(Conflict, match="Подбор пар"):  # by hand: no (ADR 007)
        participant_handlers.change_request_status(commands.ChangeRequestStatus(request.id, "matched"), uow)
    pair_id = str(uuid.uuid4())
    matched = pair_handlers.match_request_by_pair(commands.MatchRequestByPair(request.id, pair_id), uow)
    assert uow.mentees.request(request.id) == matched and matched is not None
    assert matched.status is RequestStatus.MATCHED and matched.pair_id == pair_id
    assert uow.events[-1] == events.MentoringRequestStatusChanged(matched)
    before = len(uow.events)
    assert pair_handlers.match_request_by_pair(commands.MatchRequestByPair(request.id, pair_id), uow) is None
    assert len(uow.events) == before  # a duplicate: no second status event

    reopened = pair_handlers.release_request_of_pair(commands.ReleaseRequestOfPair(pair_id, "наставник выбыл"), uow)
    assert reopened is not None and reopened.status is RequestStatus.OPEN
    assert uow.events[-1] == events.MentoringRequestStatusChanged(reopened)

    participant_handlers.change_request_status(commands.ChangeRequestStatus(request.id, "withdrawn"), uow)
    with pytest.raises(Conflict):  # a withdrawn request stays withdrawn
        participant_handlers.change_request_status(commands.ChangeRequestStatus(request.id, "open"), uow)


def test_a_group_matches_every_request_of_its_members_once() -> None:
    uow = _school()
    found = []
    for _ in range(2):
        mentee = participant_handlers.register_mentee(
            commands.RegisterMentee(_person_with_consent(uow, STUDENT), ["gifted"]), uow)
        found.append(participant_handlers.submit_request(
            commands.SubmitRequest(mentee.id, ["Физика"], "", "teacher_pupil", "self"), uow))
    group_id, stranger = str(uuid.uuid4()), str(uuid.uuid4())
    cmd = commands.MatchRequestsByGroup(request_ids=(found[0].id, found[1].id, stranger), group_id=group_id)
    matched = pair_handlers.match_requests_by_group(cmd, uow)
    assert {r.id for r in matched} == {found[0].id, found[1].id}
    for request in found:
        stored = uow.mentees.request(request.id)
        assert stored is not None and stored.status is RequestStatus.MATCHED and stored.pair_id == group_id
    before = len(uow.events)
    assert pair_handlers.match_requests_by_group(cmd, uow) == [] and len(uow.events) == before  # a duplicate


def test_a_member_who_left_and_an_early_closed_group_reopen_requests_a_completed_group_keeps_them() -> None:
    uow = _school()
    found = []
    for _ in range(3):
        mentee = participant_handlers.register_mentee(
            commands.RegisterMentee(_person_with_consent(uow, STUDENT), ["gifted"]), uow)
        found.append(participant_handlers.submit_request(
            commands.SubmitRequest(mentee.id, ["Физика"], "", "teacher_pupil", "self"), uow))
    group_id = str(uuid.uuid4())
    pair_handlers.match_requests_by_group(commands.MatchRequestsByGroup(tuple(r.id for r in found), group_id), uow)
    left = pair_handlers.release_requests_of_group(
        commands.ReleaseRequestsOfGroup(group_id, (found[0].id,), "наставляемый выведен из базы"), uow)
    assert [r.id for r in left] == [found[0].id] and left[0].status is RequestStatus.OPEN
    completed = commands.ReleaseRequestsOfGroup(group_id, (found[1].id,), "", completed=True)
    assert pair_handlers.release_requests_of_group(completed, uow) == []
    closed = commands.ReleaseRequestsOfGroup(group_id, (found[0].id, found[2].id), "группа расформирована")
    reopened = pair_handlers.release_requests_of_group(closed, uow)
    assert [r.id for r in reopened] == [found[2].id], "a request the group no longer holds is left alone"
    stored = uow.mentees.request(found[1].id)
    assert stored is not None and stored.status is RequestStatus.MATCHED


# -- programs and roadmaps -----------------------------------------------------------------------------
def test_a_roadmap_goes_draft_submitted_returned_submitted_approved() -> None:
    uow = _school()
    doc = document_handlers.create(d.Kind.ROADMAP, d.OwnerLevel.SCHOOL, uow)
    assert doc.status is d.Status.DRAFT and uow.events == []

    submitted = document_handlers.submit(doc.id, doc.revision, uow)
    assert submitted.status is d.Status.SUBMITTED
    with pytest.raises(Forbidden):  # the school does not approve its own roadmap
        document_handlers.approve(doc.id, submitted.revision, uow)

    uow.principal = MUNICIPAL
    assert [entry[0].id for entry in document_handlers.inbox(uow)] == [doc.id]
    returned = document_handlers.return_with_comments(
        doc.id, submitted.revision, [d.Comment("", "Уточните сроки этапа 1")], uow)
    assert returned.status is d.Status.RETURNED

    uow.principal = CURATOR
    resubmitted = document_handlers.submit(doc.id, returned.revision, uow)
    uow.principal = MUNICIPAL
    with pytest.raises(Conflict):  # a stale revision
        document_handlers.approve(doc.id, returned.revision, uow)
    approved = document_handlers.approve(doc.id, resubmitted.revision, uow)

    stored = uow.documents.get(doc.id)
    assert stored is not None and stored.status is d.Status.APPROVED and stored.approved_version == doc.version
    assert [(e.document.status, e.document.id) for e in uow.events if isinstance(e, events.DocumentTransitioned)] \
        == [(s, doc.id) for s in (d.Status.SUBMITTED, d.Status.RETURNED, d.Status.SUBMITTED, d.Status.APPROVED)]
    assert approved.approver_name == "Куратор МОУО"
    history, comments = document_handlers.history(doc.id, uow)
    assert [(t.from_status, t.to_status) for t in history] == [
        ("draft", "submitted"), ("submitted", "returned"), ("returned", "submitted"), ("submitted", "approved")]
    assert [c.text for c in comments] == ["Уточните сроки этапа 1"]


def test_a_mentor_of_the_school_may_not_edit_its_documents() -> None:
    uow = _school()
    uow.principal = Principal(user_id="m", roles=frozenset({Role.MENTOR}), scope=Scope.ORG, org_id=ORG,
                              municipality_id=MUNICIPALITY, region_id=REGION)
    with pytest.raises(Forbidden):
        document_handlers.create(d.Kind.PROGRAM, d.OwnerLevel.SCHOOL, uow)
    assert (uow.commits, uow.documents.documents) == (0, {})


def test_a_colleges_curator_records_students_by_course_and_a_moved_teacher_is_new_in_team() -> None:
    """Issue 10 items 16-17 through the use cases: the organisation's kind decides class or course."""
    uow = _school()
    school = uow.structure.organisations[ORG]
    uow.structure.organisations[ORG] = Organisation(ORG, MUNICIPALITY, REGION, "Колледж", OrganisationKind.COLLEGE,
                                                    school.code)
    student = {**STUDENT, "class_name": "", "course_year": "2", "birth_date": "01.02.2007"}
    added = person_handlers.add_person(commands.AddPerson(student), uow).person
    assert (added.data.course_year, added.data.class_name) == (2, "")
    with pytest.raises(ValidationFailed, match="курс, а не класс"):
        person_handlers.add_person(commands.AddPerson({**student, "class_name": "7Б"}), uow)
    teacher = person_handlers.add_person(commands.AddPerson({**TEACHER, "hired_on": "2025-09-01",
                                                             "pedagogical_since": "2005-09-01"}), uow).person
    person_handlers.give_consent(commands.GiveConsent(teacher.id, "participation", "self"), uow)
    with pytest.raises(ValidationFailed, match="Новый педагог в коллективе"):
        participant_handlers.register_mentee(commands.RegisterMentee(teacher.id, ["young_specialist"]), uow)
    uow.structure.organisations[ORG] = school
    with pytest.raises(ValidationFailed, match="только для студентов колледжа"):
        person_handlers.add_person(commands.AddPerson(student), uow)
