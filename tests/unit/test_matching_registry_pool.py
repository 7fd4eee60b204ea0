"""The pool adapter: the registry's pages become one pool, the caller's token travels on every call (ADR 006)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from matching.adapters.registry_pool import RegistryPool
from mentorship.registry.v1 import participants_pb2 as pb
from mentorship.registry.v1 import persons_pb2 as ppb


def _person(pid: str, kind: int, *, grade: int = 0, consent: bool = True) -> ppb.Person:
    return ppb.Person(id=pid, data=ppb.PersonInput(kind=kind), grade=grade,  # type: ignore[arg-type]
                      participation_consent=consent)


class Paged:
    """An RPC answering its items two per page, remembering the metadata of each call."""

    def __init__(self, reply: type, field: str, items: list[Any]) -> None:
        self.reply, self.field, self.items = reply, field, items
        self.metadata: list[Any] = []

    def __call__(self, request: Any, *, metadata: Any, timeout: float) -> Any:
        self.metadata.append(metadata)
        start = int(request.page_token or 0)
        token = str(start + 2) if start + 2 < len(self.items) else ""
        return self.reply(**{self.field: self.items[start:start + 2]}, next_page_token=token)


def test_the_snapshot_joins_persons_mentors_mentees_and_open_requests() -> None:
    persons = Paged(ppb.ListPersonsResponse, "persons", [
        _person("p-t", ppb.PERSON_KIND_STAFF), _person("p-s", ppb.PERSON_KIND_STUDENT, grade=9),
        _person("p-m", ppb.PERSON_KIND_STUDENT, grade=7, consent=False)])
    mentors = Paged(pb.ListMentorsResponse, "mentors", [
        pb.Mentor(id="t", person_id="p-t", full_name="Учитель", origin=pb.MENTOR_ORIGIN_TEACHER, capacity=2,
                  subjects=["Математика"], active=True, pairable=True,
                  card=pb.MentorCard(experience_years=12, age_group=pb.AGE_GROUP_MIDDLE, hours_per_month=8,
                                     interests=["Шахматы"])),
        pb.Mentor(id="s", person_id="p-s", full_name="Старшеклассник", origin=pb.MENTOR_ORIGIN_STUDENT, capacity=1,
                  active=True, pairable=False, pairing_blockers=["нет действующего согласия"]),
        pb.Mentor(id="old", full_name="Без человека", origin=pb.MENTOR_ORIGIN_TEACHER, capacity=1, active=True)])
    mentees = Paged(pb.ListMenteesResponse, "mentees", [
        pb.Mentee(id="m", person_id="p-m", full_name="Ученик", person_kind=ppb.PERSON_KIND_STUDENT, class_name="7Б",
                  categories=[pb.MENTEE_CATEGORY_GIFTED], active=True)])
    requests = Paged(pb.ListRequestsResponse, "requests", [
        pb.MentoringRequest(id="r", mentee_id="m", mentee_name="Ученик", topics=["Математика"],
                            desired_form=pb.MENTORING_FORM_STUDENT_STUDENT),
        pb.MentoringRequest(id="gone", mentee_id="left-the-base", topics=["x"])])
    stubs = SimpleNamespace(persons=SimpleNamespace(ListPersons=persons),
                            bases=SimpleNamespace(ListMentors=mentors, ListMentees=mentees, ListRequests=requests))
    pool = RegistryPool(stubs, "caller-token").snapshot()  # type: ignore[arg-type]

    teacher, student = pool.mentors
    assert (teacher.person_kind, teacher.origin, teacher.age_group, teacher.experience_years) == \
        ("staff", "teacher", "middle", 12)
    assert teacher.interests == ("Шахматы",) and teacher.pairable
    assert (student.grade, student.pairable, student.blockers) == (9, False, ("нет действующего согласия",))
    (request,) = pool.requests
    assert (request.grade, request.desired_form, request.person_kind, request.categories) == \
        (7, "student_student", "student", ("gifted",))
    assert request.consent_valid is False, "the mentee's consent comes from the person"
    calls = persons.metadata + mentors.metadata + mentees.metadata + requests.metadata
    assert len(mentors.metadata) == 2, "paged"
    assert all(m == [("authorization", "Bearer caller-token")] for m in calls)
