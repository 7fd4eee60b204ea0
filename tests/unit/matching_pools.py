"""Small pools for matching's unit tests: a school's mentors and requests in a few lines."""

from __future__ import annotations

from typing import Any

from matching.domain.pool import Pool, PoolMentor, PoolRequest


def mentor(mid: str, *, origin: str = "teacher", kind: str = "staff", capacity: int = 1, **kw: Any) -> PoolMentor:
    return PoolMentor(id=mid, full_name=f"Наставник {mid}", origin=origin, person_kind=kind, capacity=capacity,
                      person_id=f"p-{mid}", **kw)


def student_mentor(mid: str, class_name: str, **kw: Any) -> PoolMentor:
    from matching.domain.pool import grade_of

    return mentor(mid, origin="student", kind="student", grade=grade_of(class_name), **kw)


def request(rid: str, *, kind: str = "student", topics: tuple[str, ...] = ("Математика",), class_name: str = "5А",
            form: str = "", **kw: Any) -> PoolRequest:
    return PoolRequest(id=rid, mentee_id=f"me-{rid}", mentee_name=f"Наставляемый {rid}", person_kind=kind,
                       topics=topics, desired_form=form, class_name=class_name if kind == "student" else "",
                       person_id=f"pm-{rid}", **kw)


def pool(mentors: list[PoolMentor], requests: list[PoolRequest], **kw: Any) -> Pool:
    return Pool(mentors=tuple(mentors), requests=tuple(requests), **kw)
