"""Persons, consents (minors through guardians), mentees and their categories, requests, import rows, facets."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mentorship.registry.v1 import participants_pb2, persons_pb2
from mentorship_kit.errors import Conflict, ValidationFailed
from mentorship_kit.proto_enums import names
from registry.domain import facets, imports, mentees, persons
from registry.domain.mentees import MenteeCategory, MentoringForm, RequestSource, RequestStatus
from registry.domain.persons import ConsentGiver, ConsentPurpose, PersonKind
from registry.domain.structure import Organisation, OrganisationKind

SCHOOL = Organisation(id="o", municipality_id="m", region_id="r", name="Школа", kind=OrganisationKind.SCHOOL, code="s")
TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 10, tzinfo=UTC)


def _person(kind: str = "student", *, college: bool = False, **values: str) -> persons.Person:
    raw = {"kind": kind, "last_name": "Соколова", "first_name": "Ева", **values}
    if kind == "student":
        raw = {"birth_date": "02.11.2013", **({"course_year": "2"} if college else {"class_name": "7б"}), **raw}
    if kind == "staff":
        raw = {"hired_on": "2010-09-01", "pedagogical_since": "2010-09-01", "position": "Учитель", **raw}
    data = persons.clean_person(raw, today=TODAY, college=college)
    return persons.new_person(person_id="p", organisation=SCHOOL, data=data, now=NOW)


def _consent(person: persons.Person, **change: str) -> persons.Consent:
    values = {"purpose": "participation", "given_by": "guardian" if person.minor_on(TODAY) else "self",
              "giver_name": "", "document_ref": "№ 7", "text_version": "2025-09", "given_on": ""}
    values.update(change)
    return persons.give_consent(consent_id="c", person=person, today=TODAY, existing=[], **values)


def test_value_sets_of_the_seeds_match_the_contracts() -> None:
    assert set(names(persons_pb2.PersonKind)) == {k.value for k in PersonKind}
    assert set(names(persons_pb2.ConsentPurpose)) == {p.value for p in ConsentPurpose}
    assert set(names(persons_pb2.ConsentGiver)) == {g.value for g in ConsentGiver}
    assert set(names(participants_pb2.MenteeCategory)) == {c.value for c in MenteeCategory}
    assert set(names(participants_pb2.MentoringForm)) == {f.value for f in MentoringForm} - {""}
    assert set(names(participants_pb2.RequestSource)) == {s.value for s in RequestSource}
    assert set(names(participants_pb2.RequestStatus)) == {s.value for s in RequestStatus}
    assert set(MenteeCategory) == mentees.STUDENT_CATEGORIES | mentees.STAFF_CATEGORIES
    assert len(mentees.STUDENT_CATEGORIES) == 7 and len(mentees.STAFF_CATEGORIES) == 6


def test_a_student_is_normalised_and_is_a_minor() -> None:
    student = _person(middle_name="Андреевна", class_name="7 б")
    assert student.full_name == "Соколова Ева Андреевна"
    assert student.data.class_name == "7Б" and student.data.grade == 7 and student.minor_on(TODAY)


@pytest.mark.parametrize(("change", "field"), [
    ({"birth_date": ""}, "birth_date"), ({"birth_date": "31.02.2013"}, "birth_date"),
    ({"birth_date": "2030-01-01"}, "birth_date"), ({"class_name": "13А"}, "class_name"),
    ({"class_name": ""}, "class_name"), ({"last_name": "Сок0лова"}, "last_name"),
    ({"guardian_contact": "позвонить маме"}, "guardian_contact"), ({"external_key": "a b"}, "external_key"),
])
def test_each_bad_student_field_is_named(change: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationFailed) as exc:
        _person(**change)
    assert {p.field for p in exc.value.problems} == {field}


def test_a_staff_member_needs_a_hire_date_and_is_a_young_specialist_for_three_years_of_service() -> None:
    with pytest.raises(ValidationFailed, match="Дата приёма"):
        _person("staff", hired_on="")
    assert _person("staff", hired_on="2024-09-01", pedagogical_since="2024-09-01").young_specialist_on(TODAY)
    assert not _person("staff", hired_on="2023-09-01", pedagogical_since="2023-09-01").young_specialist_on(TODAY)
    assert not _person("staff", pedagogical_since="").young_specialist_on(TODAY)  # unknown service: not derived


def test_a_teacher_with_long_service_who_moved_schools_is_not_a_young_specialist() -> None:
    """Issue 10 item 16: the hire date at this school says nothing of the length of pedagogical service."""
    moved = _person("staff", hired_on="2025-09-01", pedagogical_since="2006-09-01")
    assert not moved.young_specialist_on(TODAY) and moved.service_years_on(TODAY) == 20
    with pytest.raises(ValidationFailed, match="Новый педагог в коллективе"):
        mentees.register_mentee(mentee_id="x", person=moved, categories=["young_specialist"], notes="",
                                consent_valid=True, existing=None, today=TODAY, now=NOW)
    mentee = mentees.register_mentee(mentee_id="x", person=moved, categories=["new_in_team"], notes="",
                                     consent_valid=True, existing=None, today=TODAY, now=NOW)
    assert mentee.categories == (MenteeCategory.NEW_IN_TEAM,)
    assert facets.mentee_facets(mentee) == ["mentee", "mentee.staff", "mentee.category.new_in_team"]
    graduate = _person("staff", hired_on="2021-09-01", pedagogical_since="2024-09-01")  # hired as a lab assistant
    assert graduate.young_specialist_on(TODAY)


@pytest.mark.parametrize(("change", "field"), [
    ({"pedagogical_since": "2030-01-01"}, "pedagogical_since"), ({"pedagogical_since": "вчера"}, "pedagogical_since"),
    ({"birth_date": "01.01.1990", "pedagogical_since": "1980-09-01"}, "pedagogical_since"),
])
def test_a_bad_start_of_service_is_named(change: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationFailed) as exc:
        _person("staff", **change)
    assert {p.field for p in exc.value.problems} == {field}


def test_only_staff_have_pedagogical_service() -> None:
    with pytest.raises(ValidationFailed, match="только для сотрудников"):
        _person(pedagogical_since="2020-09-01")


def test_a_college_student_has_a_course_instead_of_a_class() -> None:
    """Issue 10 item 17: students of a college (СПО) are recorded with their course, 1–5."""
    student = _person(college=True, course_year="3 курс", birth_date="01.02.2007")
    assert student.data.course_year == 3 and student.data.class_name == "" and student.data.grade is None
    for bad in ("", "6", "первый"):
        with pytest.raises(ValidationFailed, match="Курс") as exc:
            _person(college=True, course_year=bad)
        assert {p.field for p in exc.value.problems} == {"course_year"}
    with pytest.raises(ValidationFailed, match="курс, а не класс"):
        _person(college=True, class_name="7Б")
    with pytest.raises(ValidationFailed, match="только для студентов колледжа"):
        _person(course_year="2")  # a school pupil has a class


def test_a_minor_consents_through_the_guardian_only() -> None:
    student = _person(guardian_name="Соколова Елена Викторовна")
    with pytest.raises(ValidationFailed, match="законный представитель"):
        _consent(student, given_by="self")
    consent = _consent(student)
    assert consent.given_by is ConsentGiver.GUARDIAN and consent.giver_name == "Соколова Елена Викторовна"
    orphan = _person()
    with pytest.raises(ValidationFailed, match="ФИО законного представителя"):
        _consent(orphan)


def test_an_adult_consents_personally_and_one_valid_consent_per_purpose() -> None:
    teacher = _person("staff")
    with pytest.raises(ValidationFailed, match="совершеннолетний"):
        _consent(teacher, given_by="guardian")
    first = _consent(teacher)
    assert first.giver_name == teacher.full_name and first.valid
    with pytest.raises(Conflict):
        persons.give_consent(consent_id="c2", person=teacher, purpose="participation", given_by="self",
                             giver_name="", document_ref="", text_version="", given_on="", today=TODAY,
                             existing=[first])
    withdrawn = persons.withdraw_consent(first, withdrawn_on="", reason="переезд", today=TODAY)
    assert not withdrawn.valid and withdrawn.withdrawn_on == TODAY and withdrawn.version == 2
    with pytest.raises(Conflict):
        persons.withdraw_consent(withdrawn, withdrawn_on="", reason="", today=TODAY)


def test_a_mentee_needs_consent_and_categories_of_their_kind() -> None:
    student = _person()
    with pytest.raises(ValidationFailed, match="согласия"):
        mentees.register_mentee(mentee_id="x", person=student, categories=["gifted"], notes="", consent_valid=False,
                                existing=None, today=TODAY, now=NOW)
    with pytest.raises(ValidationFailed, match="не относится"):
        mentees.register_mentee(mentee_id="x", person=student, categories=["burnout"], notes="", consent_valid=True,
                                existing=None, today=TODAY, now=NOW)
    mentee = mentees.register_mentee(mentee_id="x", person=student, categories=["gifted", "adaptation", "gifted"],
                                     notes="", consent_valid=True, existing=None, today=TODAY, now=NOW)
    assert mentee.categories == (MenteeCategory.GIFTED, MenteeCategory.ADAPTATION)


def test_young_specialist_is_derived_from_the_service_never_chosen() -> None:
    young = _person("staff", hired_on="2025-08-28", pedagogical_since="2025-08-28")
    mentee = mentees.register_mentee(mentee_id="x", person=young, categories=["digital_skills"], notes="",
                                     consent_valid=True, existing=None, today=TODAY, now=NOW)
    assert mentee.categories[0] is MenteeCategory.YOUNG_SPECIALIST
    with pytest.raises(ValidationFailed, match="Молодой специалист"):
        mentees.register_mentee(mentee_id="y", person=_person("staff"), categories=["young_specialist"], notes="",
                                consent_valid=True, existing=None, today=TODAY, now=NOW)


def test_requests_open_then_match_or_withdraw_and_withdrawn_stays_withdrawn() -> None:
    mentee = mentees.register_mentee(mentee_id="x", person=_person(), categories=["low_results"], notes="",
                                     consent_valid=True, existing=None, today=TODAY, now=NOW)
    request = mentees.submit_request(request_id="r", mentee=mentee, topics=["Алгебра"], goal="", desired_form="",
                                     source="classroom_teacher", now=NOW)
    assert request.status is RequestStatus.OPEN and facets.request_facets(request) == [
        "request.by.student", "request.status.open"]
    with pytest.raises(Conflict, match="Подбор пар"):  # matched only by a published pair (ADR 007)
        mentees.change_request_status(request, "matched", reason="", now=NOW)
    matched, _ = mentees.match_by_pair(request, "p1", now=NOW)
    assert matched is not None and matched.status is RequestStatus.MATCHED and matched.pair_id == "p1"
    withdrawn = mentees.change_request_status(matched, "withdrawn", reason="ушёл", now=NOW)
    assert withdrawn.pair_id == "p1"  # history: the pair that had matched it
    with pytest.raises(Conflict):
        mentees.change_request_status(withdrawn, "open", reason="", now=NOW)
    with pytest.raises(ValidationFailed):
        mentees.submit_request(request_id="r2", mentee=mentee, topics=[], goal="", desired_form="dance",
                               source="neighbour", now=NOW)


def test_facets_carry_counts_without_names() -> None:
    mentee = mentees.register_mentee(mentee_id="x", person=_person(), categories=["gifted"], notes="",
                                     consent_valid=True, existing=None, today=TODAY, now=NOW)
    assert facets.mentee_facets(mentee) == ["mentee", "mentee.student", "mentee.category.gifted"]
    assert facets.mentee_facets(mentees.deactivate_mentee(mentee, "x")) == ["mentee.inactive"]
    assert facets.consent_facets(_consent(_person("staff"))) == ["consent.participation.given"]
    assert all("Соколова" not in f for f in facets.mentee_facets(mentee))


TITLES = {"external_key": "Идентификатор", "last_name": "Фамилия", "first_name": "Имя",
          "birth_date": "Дата рождения", "class_name": "Класс"}


def test_an_import_row_reports_its_problems_by_column_title() -> None:
    data, problems = imports.check_row(imports.ImportKind.STUDENTS, {
        "external_key": "", "last_name": "Петров", "first_name": "", "birth_date": "2013-13-01", "class_name": "5А"},
        TITLES, today=TODAY)
    assert data is None
    assert {p.column for p in problems} == {"Идентификатор", "Имя", "Дата рождения"}
    good, none = imports.check_row(imports.ImportKind.STUDENTS, {
        "external_key": "S-1", "last_name": "Петров", "first_name": "Пётр", "birth_date": "01.02.2013",
        "class_name": "5а"}, TITLES, today=TODAY)
    assert none == [] and good is not None and good.kind is PersonKind.STUDENT
    assert (good.external_key, good.class_name) == ("S-1", "5А")


def test_a_college_import_row_carries_a_course() -> None:
    titles = {**TITLES, "course_year": "Курс"}
    row = {"external_key": "С-1", "last_name": "Петров", "first_name": "Пётр", "birth_date": "01.02.2007"}
    good, none = imports.check_row(imports.ImportKind.STUDENTS, {**row, "course_year": "1"}, titles, today=TODAY,
                                   college=True)
    assert none == [] and good is not None and good.course_year == 1
    _, problems = imports.check_row(imports.ImportKind.STUDENTS, {**row, "course_year": "7"}, titles, today=TODAY,
                                    college=True)
    assert [p.column for p in problems] == ["Курс"]
    _, problems = imports.check_row(imports.ImportKind.STUDENTS, {**row, "course_year": "1"}, titles, today=TODAY)
    assert {p.column for p in problems} == {"Класс", "Курс"}  # a school's pupil has a class, not a course


def test_reimport_keeps_fields_the_file_does_not_carry() -> None:
    stored = _person(email="eva@example.ru", external_key="S-1").data
    incoming = _person(class_name="8Б", external_key="S-1").data
    merged = imports.merge(stored, incoming, {"external_key", "last_name", "first_name", "class_name", "birth_date"})
    assert merged.class_name == "8Б" and merged.email == "eva@example.ru"
    assert imports.merge(stored, stored, {"class_name"}) == stored


def test_a_corrected_birth_date_may_not_turn_an_own_consent_into_a_minors() -> None:
    adult = _person(birth_date="01.01.2005", class_name="11А")
    consent = _consent(adult)
    assert consent.given_by is ConsentGiver.SELF
    persons.check_consents_still_fit(adult, [consent])
    younger = persons.update_person(adult, persons.clean_person(
        {"kind": "student", "last_name": "Соколова", "first_name": "Ева", "birth_date": "01.01.2012",
         "class_name": "8А"}, today=TODAY), expected_version=1, now=NOW)
    with pytest.raises(ValidationFailed, match="законного представителя"):
        persons.check_consents_still_fit(younger, [consent])
    persons.check_consents_still_fit(younger, [persons.withdraw_consent(consent, withdrawn_on="", reason="",
                                                                        today=TODAY)])


def test_a_pair_matches_its_request_once_and_an_early_close_reopens_it_while_the_mentee_is_in_the_base() -> None:
    mentee = mentees.register_mentee(mentee_id="x", person=_person(), categories=["low_results"], notes="",
                                     consent_valid=True, existing=None, today=TODAY, now=NOW)
    request = mentees.submit_request(request_id="r", mentee=mentee, topics=["Алгебра"], goal="", desired_form="",
                                     source="self", now=NOW)
    matched, _ = mentees.match_by_pair(request, "p1", now=NOW)
    assert matched is not None and matched.version == request.version + 1
    assert mentees.match_by_pair(matched, "p1", now=NOW)[0] is None  # a duplicate changes nothing
    newer, _ = mentees.match_by_pair(matched, "p2", now=NOW)  # the older pair was closed; the request follows p2
    assert newer is not None and newer.status is RequestStatus.MATCHED and newer.pair_id == "p2"

    def release(r: mentees.MentoringRequest, pair: str, *, active: bool = True,
                completed: bool = False) -> mentees.MentoringRequest | None:
        return mentees.release_by_pair(r, pair, mentee_active=active, completed=completed, reason="замена наставника",
                                       now=NOW)[0]

    assert release(newer, "p1") is None  # p1 no longer holds the request
    assert release(newer, "p2", completed=True) is None  # ran its term: stays matched
    assert release(newer, "p2", active=False) is None  # the mentee left the base: stays matched
    kept = mentees.release_by_pair(newer, "p2", mentee_active=True, completed=False, reason="замена", now=NOW,
                                   replacing=True)
    assert kept == (None, "mentor being replaced: the request stays matched until the new pair re-points it")
    switched, _ = mentees.match_by_pair(newer, "p4", now=NOW)  # the new pair of the replacement re-points it
    assert switched is not None and switched.status is RequestStatus.MATCHED and switched.pair_id == "p4"
    reopened = release(newer, "p2")
    assert reopened is not None and reopened.status is RequestStatus.OPEN and reopened.pair_id == ""
    assert reopened.status_reason == "Пара закрыта досрочно: замена наставника"
    withdrawn = mentees.change_request_status(newer, "withdrawn", reason="", now=NOW)
    assert mentees.match_by_pair(withdrawn, "p3", now=NOW)[0] is None and release(withdrawn, "p2") is None
    by_hand = mentees.change_request_status(newer, "open", reason="", now=NOW)  # reopened by hand: no pair
    assert by_hand.pair_id == "" and release(by_hand, "p2") is None
