"""The mentor card's rules, without any I/O."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mentorship.registry.v1 import participants_pb2
from mentorship_kit.errors import ValidationFailed
from registry.adapters.proto_codec import origin_from_proto, origin_to_proto
from registry.domain.model import MentorOrigin, Organisation, OrganisationKind, register_mentor

SCHOOL = Organisation(id="o", municipality_id="m", region_id="r", name="Школа", kind=OrganisationKind.SCHOOL, code="s")


def _mentor(**change):  # type: ignore[no-untyped-def]
    values = {"full_name": "Иванова Мария Петровна", "origin": "teacher", "subjects": ["Математика"],
              "competencies": [], "capacity": 3}
    values.update(change)
    return register_mentor(mentor_id="id", organisation=SCHOOL, now=datetime.now(UTC), **values)


def _fields(exc: pytest.ExceptionInfo[ValidationFailed]) -> set[str]:
    return {p.field for p in exc.value.problems}


@pytest.mark.parametrize("origin", list(MentorOrigin))
def test_every_origin_of_the_seeds_is_accepted_and_round_trips_through_proto(origin: MentorOrigin) -> None:
    assert _mentor(origin=origin.value).origin is origin
    assert origin_from_proto(origin_to_proto(origin)) == origin.value


def test_proto_enum_and_domain_origins_are_the_same_set() -> None:
    in_proto = {n.removeprefix("MENTOR_ORIGIN_").lower() for n in participants_pb2.MentorOrigin.keys()}  # noqa: SIM118
    assert in_proto - {"unspecified"} == {o.value for o in MentorOrigin}
    assert origin_from_proto(0) == "" and origin_from_proto(999) == ""


def test_mentor_belongs_to_the_organisation_and_its_tiers() -> None:
    mentor = _mentor()
    assert (mentor.org_id, mentor.municipality_id, mentor.region_id) == ("o", "m", "r")


def test_names_and_tags_are_normalised() -> None:
    mentor = _mentor(full_name="  Иванова   Мария ", subjects=["Математика", " математика ", "", "Физика"])
    assert mentor.full_name == "Иванова Мария"
    assert mentor.subjects == ("Математика", "Физика")


@pytest.mark.parametrize("capacity", [0, -1, 31, 1000])
def test_capacity_outside_1_to_30_is_refused(capacity: int) -> None:
    with pytest.raises(ValidationFailed) as exc:
        _mentor(capacity=capacity)
    assert _fields(exc) == {"capacity"}
    assert "от 1 до 30" in exc.value.problems[0].message


@pytest.mark.parametrize("capacity", [1, 30])
def test_capacity_bounds_are_inclusive(capacity: int) -> None:
    assert _mentor(capacity=capacity).capacity == capacity


@pytest.mark.parametrize(("change", "field"), [
    ({"full_name": ""}, "full_name"),
    ({"full_name": "Я" * 201}, "full_name"),
    ({"full_name": "Тест\x07"}, "full_name"),
    ({"origin": "alien"}, "origin"),
    ({"origin": ""}, "origin"),
    ({"subjects": ["я" * 101]}, "subjects"),
    ({"competencies": [f"к{i}" for i in range(31)]}, "competencies"),
])
def test_each_bad_field_is_named(change: dict, field: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValidationFailed) as exc:
        _mentor(**change)
    assert _fields(exc) == {field}


def test_all_problems_are_reported_together() -> None:
    with pytest.raises(ValidationFailed) as exc:
        _mentor(full_name="", origin="x", capacity=0)
    assert _fields(exc) == {"full_name", "origin", "capacity"}
    assert all(p.message for p in exc.value.problems)
