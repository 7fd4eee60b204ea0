"""Property: no mode ever gives a mentor more mentees than free seats, or pairs a blocked or rule-breaking pair
without the curator's confirmation (hypothesis, small random pools)."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from matching.domain.assignment import Objective
from matching.domain.hand_assign import assign
from matching.domain.pool import Pool, PoolMentor, PoolRequest
from matching.domain.rules import blockers, form_warnings
from matching.domain.run_builder import build_run
from matching.domain.runs import MatchingRun, Mode
from matching.domain.scoring import Weights
from mentorship_kit.errors import DomainError

TOPICS = ("Математика", "Физика", "Профориентация", "Олимпиады")
FORMS = ("", "student_student", "teacher_teacher", "employer_pupil", "teacher_pupil")


@st.composite
def mentors(draw: st.DrawFn, i: int) -> PoolMentor:
    kind = draw(st.sampled_from(("student", "staff", "external")))
    origin = {"student": "student", "staff": "teacher"}.get(kind) or draw(st.sampled_from(("employer", "ngo")))
    return PoolMentor(id=f"m{i}", full_name=f"Н{i}", origin=origin, person_kind=kind,
                      capacity=draw(st.integers(0, 3)), grade=draw(st.integers(1, 11)) if kind == "student" else None,
                      subjects=tuple(draw(st.lists(st.sampled_from(TOPICS), max_size=2))),
                      competencies=tuple(draw(st.lists(st.sampled_from(TOPICS), max_size=2))),
                      experience_years=draw(st.integers(0, 30)), pairable=draw(st.booleans()), person_id=f"p{i}")


@st.composite
def requests(draw: st.DrawFn, i: int) -> PoolRequest:
    kind = draw(st.sampled_from(("student", "staff")))
    return PoolRequest(id=f"r{i}", mentee_id=f"e{i}", mentee_name=f"У{i}", person_kind=kind,
                       topics=tuple(draw(st.lists(st.sampled_from(TOPICS), min_size=1, max_size=2))),
                       desired_form=draw(st.sampled_from(FORMS)),
                       class_name=f"{draw(st.integers(1, 11))}А" if kind == "student" else "",
                       consent_valid=draw(st.integers(0, 9)) > 0, person_id=f"q{i}")


@st.composite
def pools(draw: st.DrawFn) -> Pool:
    ms = [draw(mentors(i)) for i in range(draw(st.integers(0, 6)))]
    rs = [draw(requests(i)) for i in range(draw(st.integers(0, 8)))]
    load = {m.id: draw(st.integers(0, 2)) for m in ms}
    return Pool(mentors=tuple(ms), requests=tuple(rs), active_load=load)


def check(run: MatchingRun, pool: Pool, *, confirmed: set[tuple[str, str]]) -> None:
    chosen = run.selected()
    assert len({p.request_id for p in chosen}) == len(chosen), "one mentor per request"
    for m in pool.mentors:
        assert sum(p.mentor_id == m.id for p in chosen) <= pool.free_seats(m), "capacity exceeded"
    for p in chosen:
        m, r = pool.mentor(p.mentor_id), pool.request(p.request_id)
        assert m is not None and r is not None
        assert not blockers(m, r, pool, seats_taken=run.seats_taken(m.id, except_request=r.id))
        if (r.id, m.id) not in confirmed:
            assert not form_warnings(m, r)


@settings(max_examples=150, deadline=None)
@given(pool=pools(), mode=st.sampled_from(list(Mode)), objective=st.sampled_from(list(Objective)),
       picks=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 5), st.booleans()), max_size=6))
def test_no_mode_violates_capacity_or_rules(pool: Pool, mode: Mode, objective: Objective,
                                            picks: list[tuple[int, int, bool]]) -> None:
    run = build_run(pool, run_id="x", tenant=("o", "m", "r"), mode=mode, objective=objective, weights=Weights(),
                    top_k=3, created_by="u", now=datetime(2026, 1, 1, tzinfo=UTC))
    check(run, pool, confirmed=set())
    confirmed: set[tuple[str, str]] = set()
    for ri, mi, confirm in picks:  # the curator then moves mentees by hand
        try:
            warnings = assign(run, pool, request_id=f"r{ri}", mentor_id=f"m{mi}", confirm_warnings=confirm)
        except DomainError:
            continue
        if warnings:
            confirmed.add((f"r{ri}", f"m{mi}"))
    check(run, pool, confirmed=confirmed)
