"""The plain-values helpers of :mod:`mentorship_kit.proto_values`, field kind by field kind."""

from __future__ import annotations

from datetime import date

import pytest

from mentorship.registry.v1 import participants_pb2 as pb
from mentorship.registry.v1 import persons_pb2 as ppb
from mentorship_kit.proto_values import from_message, plain, rebuild, to_message
from registry.domain.mentors import AgeGroup, MentorCard, MentorOrigin
from registry.domain.persons import PersonData, PersonKind


def test_strings_ints_lists_and_enums_by_short_name() -> None:
    card = to_message(pb.MentorCard, {"origin": "teacher", "education": "МГУ", "experience_years": "12",
                                      "subjects": ["Математика", "Физика"], "age_group": "senior", "capacity": 3})
    assert card.origin == pb.MENTOR_ORIGIN_TEACHER and card.age_group == pb.AGE_GROUP_SENIOR
    assert card.education == "МГУ" and card.experience_years == 12 and card.capacity == 3
    assert list(card.subjects) == ["Математика", "Физика"] and list(card.interests) == []


def test_blank_and_unknown_values_are_the_defaults_the_domain_reports() -> None:
    card = to_message(pb.MentorCard, {"origin": "astronaut", "age_group": "", "education": None,
                                      "hours_per_month": "", "capacity": None})
    assert card == pb.MentorCard()


def test_repeated_enums_and_bools() -> None:
    request = to_message(pb.RegisterMenteeRequest, {"person_id": "p", "categories": ["gifted", "nonsense"]})
    assert list(request.categories) == [pb.MENTEE_CATEGORY_GIFTED, 0]
    assert from_message(request)["categories"] == ["gifted", ""]
    assert to_message(pb.ListMentorsRequest, {"active_only": 1}).active_only is True


def test_a_key_the_contract_lacks_is_refused_unless_asked_to_ignore() -> None:
    with pytest.raises(KeyError, match="hourly_rate"):
        to_message(pb.MentorCard, {"origin": "teacher", "hourly_rate": 5})
    person = to_message(ppb.PersonInput, {"kind": "staff", "last_name": "Иванова", "csrf_token": "t"},
                        ignore_unknown=True)
    assert person.kind == ppb.PERSON_KIND_STAFF and person.last_name == "Иванова"


def test_nested_messages_are_not_plain_values() -> None:
    with pytest.raises(TypeError):
        to_message(pb.RegisterMentorRequest, {"card": {"origin": "teacher"}})
    with pytest.raises(TypeError):
        from_message(pb.RegisterMentorRequest())


def test_from_message_gives_every_field_enums_by_name() -> None:
    values = from_message(pb.MentorCard(origin=pb.MENTOR_ORIGIN_NGO, subjects=["Химия"], capacity=2))
    assert values == {"origin": "ngo", "education": "", "position": "", "experience_years": 0,
                      "life_experience": "", "subjects": ["Химия"], "competencies": [], "interests": [],
                      "age_group": "", "hours_per_month": 0, "capacity": 2}


def test_dataclasses_to_plain_values_and_back_through_their_types() -> None:
    card = MentorCard(origin=MentorOrigin.VETERAN, subjects=("История",), age_group=AgeGroup.ADULT, capacity=4)
    values = plain(card)
    assert values["origin"] == "veteran" and values["subjects"] == ["История"] and values["age_group"] == "adult"
    again = rebuild(MentorCard, {**values, "id": "not a card field"})
    assert again == card and isinstance(again.origin, MentorOrigin) and again.subjects == ("История",)


def test_optional_fields_keep_none_and_their_type() -> None:
    data = PersonData(kind=PersonKind.STUDENT, last_name="Петров", first_name="Пётр", birth_date=date(2012, 5, 1))
    values = plain(data)
    assert values["kind"] == "student" and values["hired_on"] is None
    assert rebuild(PersonData, values) == data


def test_person_data_and_its_contract_have_the_same_fields() -> None:
    """The registry's person codec and repository copy by name, so both must name every field alike."""
    data = PersonData(kind=PersonKind.STAFF, last_name="Сидорова", first_name="Анна", hired_on=date(2024, 9, 1))
    message = to_message(ppb.PersonInput, {k: v.isoformat() if isinstance(v, date) else v
                                           for k, v in plain(data).items()})
    assert from_message(message) == {**plain(data), "birth_date": "", "hired_on": "2024-09-01",
                                     "pedagogical_since": "", "course_year": ""}
