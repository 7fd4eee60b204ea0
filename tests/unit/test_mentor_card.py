"""The mentor card's rules, without any I/O: origins, vocabulary, level, training, agreement, pairing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mentorship.registry.v1 import participants_pb2
from mentorship_kit.errors import Conflict, ValidationFailed
from mentorship_kit.proto_enums import names, to_name, to_number
from registry.domain import mentors
from registry.domain.mentors import EXTERNAL_ORIGINS, MentorLevel, MentorOrigin, Vocabulary
from registry.domain.persons import PersonData, PersonKind, new_person
from registry.domain.structure import Organisation, OrganisationKind

SCHOOL = Organisation(id="o", municipality_id="m", region_id="r", name="Школа", kind=OrganisationKind.SCHOOL, code="s")
NOW = datetime(2026, 11, 24, tzinfo=UTC)
KIND_OF = {MentorOrigin.STUDENT: PersonKind.STUDENT, MentorOrigin.TEACHER: PersonKind.STAFF}


def _person(kind: PersonKind = PersonKind.STAFF):  # type: ignore[no-untyped-def]
    data = PersonData(kind=kind, last_name="Иванова", first_name="Мария", middle_name="Петровна",
                      birth_date=date(2010, 1, 1) if kind is PersonKind.STUDENT else None,
                      hired_on=date(2000, 9, 1) if kind is PersonKind.STAFF else None)
    return new_person(person_id="p", organisation=SCHOOL, data=data, now=NOW)


def _card(**change):  # type: ignore[no-untyped-def]
    values = {"origin": "teacher", "subjects": ["Математика"], "competencies": [], "capacity": 3}
    values.update(change)
    kind = change.pop("person_kind", None) or KIND_OF.get(MentorOrigin(values["origin"]), PersonKind.EXTERNAL) \
        if values["origin"] in MentorOrigin.__members__.values() else PersonKind.STAFF
    values.pop("person_kind", None)
    return mentors.clean_card(values, vocabulary=Vocabulary(["Шахматы"]), person_kind=kind)


def _mentor(**change):  # type: ignore[no-untyped-def]
    card = _card(**change)
    return mentors.register_mentor(mentor_id="id", person=_person(KIND_OF.get(card.origin, PersonKind.EXTERNAL)),
                                   card=card, consent_valid=True, existing=None, now=NOW)


def _fields(exc: pytest.ExceptionInfo[ValidationFailed]) -> set[str]:
    return {p.field for p in exc.value.problems}


@pytest.mark.parametrize("origin", list(MentorOrigin))
def test_every_origin_of_the_seeds_is_accepted_and_round_trips_through_proto(origin: MentorOrigin) -> None:
    assert _mentor(origin=origin.value).origin is origin
    assert to_name(participants_pb2.MentorOrigin, to_number(participants_pb2.MentorOrigin, origin.value)) == origin


def test_proto_enum_and_domain_value_sets_are_the_same() -> None:
    assert set(names(participants_pb2.MentorOrigin)) == {o.value for o in MentorOrigin}
    assert set(names(participants_pb2.MentorLevel)) == {level.value for level in MentorLevel}
    assert set(names(participants_pb2.AgeGroup)) == {g.value for g in mentors.AgeGroup} - {""}
    assert to_name(participants_pb2.MentorOrigin, 0) == "" and to_name(participants_pb2.MentorOrigin, 999) == ""


def test_mentor_belongs_to_the_person_organisation_and_its_tiers() -> None:
    mentor = _mentor()
    assert (mentor.org_id, mentor.municipality_id, mentor.region_id, mentor.person_id) == ("o", "m", "r", "p")
    assert mentor.full_name == "Иванова Мария Петровна" and mentor.level is MentorLevel.INITIAL


def test_tags_are_normalised_and_competencies_take_the_vocabulary_spelling() -> None:
    card = _card(subjects=["Математика", " математика ", "", "Физика"], competencies=["шахматы", "ПРОФОРИЕНТАЦИЯ"])
    assert card.subjects == ("Математика", "Физика")
    assert card.competencies == ("Шахматы", "Профориентация")


def test_a_competency_outside_the_school_vocabulary_is_named() -> None:
    with pytest.raises(ValidationFailed) as exc:
        _card(competencies=["Телепатия", "Шахматы"])
    assert _fields(exc) == {"competencies"} and "«Телепатия»" in exc.value.problems[0].message


@pytest.mark.parametrize("capacity", [0, -1, 31, 1000])
def test_capacity_outside_1_to_30_is_refused(capacity: int) -> None:
    with pytest.raises(ValidationFailed) as exc:
        _card(capacity=capacity)
    assert _fields(exc) == {"capacity"} and "от 1 до 30" in exc.value.problems[0].message


@pytest.mark.parametrize(("origin", "kind"), [("student", PersonKind.STAFF), ("teacher", PersonKind.STUDENT),
                                              ("teacher", PersonKind.EXTERNAL), ("employer", PersonKind.STUDENT)])
def test_origin_must_fit_who_the_person_is(origin: str, kind: PersonKind) -> None:
    with pytest.raises(ValidationFailed) as exc:
        mentors.clean_card({"origin": origin, "capacity": 1}, vocabulary=Vocabulary([]), person_kind=kind)
    assert _fields(exc) == {"origin"}


def test_all_problems_are_reported_together() -> None:
    with pytest.raises(ValidationFailed) as exc:
        mentors.clean_card({"origin": "x", "capacity": 0, "hours_per_month": 999, "age_group": "babies"},
                           vocabulary=Vocabulary([]), person_kind=PersonKind.STAFF)
    assert _fields(exc) == {"origin", "capacity", "hours_per_month", "age_group"}


def test_no_consent_no_card_and_one_card_per_person() -> None:
    person, card = _person(), _card()
    with pytest.raises(ValidationFailed, match="согласия"):
        mentors.register_mentor(mentor_id="x", person=person, card=card, consent_valid=False, existing=None, now=NOW)
    with pytest.raises(Conflict):
        mentors.register_mentor(mentor_id="y", person=person, card=card, consent_valid=True, existing=_mentor(),
                                now=NOW)


def test_level_moves_with_a_reason_and_keeps_its_history() -> None:
    gold = mentors.change_level(_mentor(), "gold", reason="Приказ № 5", changed_by="Куратор", now=NOW)
    platinum = mentors.change_level(gold, "platinum", reason="Приказ № 9", changed_by="Куратор", now=NOW)
    assert platinum.level is MentorLevel.PLATINUM and platinum.version == 3
    assert [(h.from_level, h.to_level) for h in platinum.level_history] == [
        (MentorLevel.INITIAL, MentorLevel.GOLD), (MentorLevel.GOLD, MentorLevel.PLATINUM)]
    with pytest.raises(Conflict):
        mentors.change_level(platinum, "platinum", reason="ещё раз", changed_by="К", now=NOW)
    with pytest.raises(ValidationFailed):
        mentors.change_level(platinum, "diamond", reason="", changed_by="К", now=NOW)


def test_training_of_36_or_72_hours_is_recorded() -> None:
    mentor, training = mentors.add_training(_mentor(), {"course": "Наставничество в школе", "hours": 72,
                                                        "completed_on": "15.05.2026"}, today=NOW.date())
    assert training.hours == 72 and training.completed_on == date(2026, 5, 15) and mentor.trainings == (training,)
    with pytest.raises(ValidationFailed) as exc:
        mentors.add_training(_mentor(), {"course": "", "hours": 0, "completed_on": "2099-01-01"}, today=NOW.date())
    assert _fields(exc) == {"course", "hours", "completed_on"}


@pytest.mark.parametrize("origin", sorted(EXTERNAL_ORIGINS))
def test_external_mentor_is_not_pairable_before_a_cooperation_agreement(origin: MentorOrigin) -> None:
    mentor = _mentor(origin=origin.value)
    assert any("договор" in b for b in mentor.pairing_blockers(consent_valid=True))
    signed = mentors.record_agreement(mentor, number="12/25", agreement_date="01.09.2025", today=NOW.date())
    assert signed.pairing_blockers(consent_valid=True) == []


def test_school_mentor_without_consent_or_inactive_is_not_pairable() -> None:
    mentor = _mentor()
    assert mentor.pairing_blockers(consent_valid=True) == []
    assert mentor.pairing_blockers(consent_valid=False)
    gone = mentors.deactivate(mentor, "согласие отозвано")
    assert not gone.active and not gone.published
    assert "согласие отозвано" in gone.pairing_blockers(consent_valid=True)[0]


def test_a_level_moves_only_forward_and_back_only_by_a_correction_with_its_reason() -> None:
    gold = mentors.change_level(_mentor(), "gold", reason="Приказ № 5", changed_by="Куратор", now=NOW)
    with pytest.raises(Conflict, match="только вперёд"):
        mentors.change_level(gold, "initial", reason="ошибка", changed_by="К", now=NOW)
    with pytest.raises(ValidationFailed):
        mentors.change_level(gold, "initial", reason="", changed_by="К", now=NOW, correction=True)
    with pytest.raises(Conflict, match="Исправление только понижает"):
        mentors.change_level(gold, "platinum", reason="исправление", changed_by="К", now=NOW, correction=True)
    back = mentors.change_level(gold, "initial", reason="Приказ № 5 издан ошибочно", changed_by="К", now=NOW,
                                correction=True)
    assert back.level is MentorLevel.INITIAL
    assert [(h.to_level, h.correction) for h in back.level_history] == [
        (MentorLevel.GOLD, False), (MentorLevel.INITIAL, True)]
    assert back.level_history[-1].reason == "Приказ № 5 издан ошибочно"
    skipped = mentors.change_level(_mentor(), "platinum", reason="Мастер-наставник", changed_by="К", now=NOW)
    assert skipped.level is MentorLevel.PLATINUM, "forward may skip a level"
