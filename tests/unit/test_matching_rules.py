"""Matching's domain: form rules with Russian reasons, the score and its explanation, the modes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from matching.domain.assignment import Objective
from matching.domain.hand_assign import assign
from matching.domain.pool import grade_of
from matching.domain.rules import blockers, form_warnings
from matching.domain.run_builder import build_run
from matching.domain.runs import Mode
from matching.domain.scoring import Weights, score
from mentorship_kit.errors import Conflict, NotFound, ValidationFailed
from tests.unit.matching_pools import mentor, pool, request, student_mentor

TENANT = ("org", "mun", "reg")
NOW = datetime(2026, 11, 27, tzinfo=UTC)


def run_of(p, mode: Mode = Mode.OPTIMAL, objective: Objective = Objective.MAX_SCORE, top_k: int = 3):  # type: ignore[no-untyped-def]
    return build_run(p, run_id="run", tenant=TENANT, mode=mode, objective=objective, weights=Weights(), top_k=top_k,
                     created_by="u", now=NOW)


@pytest.mark.parametrize(("name", "grade"), [("7Б", 7), ("10-А", 10), (" 11 ", 11), ("", None), ("Б7", None),
                                             ("15А", None)])
def test_grade_comes_from_the_class_name(name: str, grade: int | None) -> None:
    assert grade_of(name) == grade


def test_student_student_needs_an_older_student() -> None:
    r = request("r", class_name="7Б", form="student_student")
    assert form_warnings(student_mentor("old", "9А"), r) == []
    same = form_warnings(student_mentor("same", "7А"), r)
    assert same and "более старшем классе" in same[0] and "(7 кл.)" in same[0]
    assert "должен быть обучающимся" in form_warnings(mentor("t"), r)[0]


def test_teacher_forms_need_staff_on_both_sides_and_employer_forms_external_mentors() -> None:
    staff_request = request("r", kind="staff", form="teacher_teacher")
    assert form_warnings(mentor("t"), staff_request) == []
    assert "сотрудником школы" in form_warnings(mentor("e", origin="employer", kind="external"), staff_request)[0]
    assert "педагогом" in form_warnings(mentor("t"), request("s", form="teacher_teacher"))[0]
    employer = request("r", form="employer_pupil")
    assert form_warnings(mentor("e", origin="employer", kind="external"), employer) == []
    assert "внешним" in form_warnings(mentor("t"), employer)[0]


def test_blockers_are_consent_pairability_identity_and_free_seats() -> None:
    m = mentor("m", pairable=False, blockers=("нет действующего согласия на обработку персональных данных",))
    r = request("r", consent_valid=False)
    found = blockers(m, r, pool([m], [r]))
    assert any("у наставляемого нет действующего согласия" in b for b in found)
    assert any("нет действующего согласия на обработку" in b and "наставник" in b for b in found)
    full = mentor("f", capacity=2)
    assert "у наставника нет свободных мест" in blockers(full, request("x"), pool([full], [], active_load={"f": 2}))


def test_the_score_is_explained_in_russian() -> None:
    m = mentor("m", subjects=("Математика",), competencies=("Подготовка к олимпиадам",), experience_years=12,
               age_group="middle", hours_per_month=8, capacity=3)
    r = request("r", topics=("Математика", "олимпиадам"), class_name="6В")
    s = score(m, r, pool([m], [r], active_load={"m": 1}), Weights())
    assert s.reasons == ("совпадают темы: олимпиадам; предмет: Математика; стаж 12 лет; подходит возрастная группа; "
                         "8 ч в месяц; своя организация; свободно мест: 2")
    assert s.score == 10 + 6 + 12 + 5 + 2 + 3 + 5  # the last: no compatibility mark, the neutral 1 point × 5
    assert score(m, r, pool([m], [r]), Weights(topics=0, subjects=0, experience=0, age_group=0, hours=0,
                                                same_org=0, compatibility=0)).score == 0


def test_weights_refuse_unknown_names_and_out_of_range_values() -> None:
    assert Weights.of({"topics": 20}).topics == 20
    with pytest.raises(ValueError, match="неизвестные веса"):
        Weights.of({"charm": 1})
    with pytest.raises(ValueError, match="от 0 до 100"):
        Weights.of({"topics": 101})


def test_optimal_beats_greedy_and_leaves_an_explained_unmatched_request() -> None:
    # The math teacher fits both; the other fits only r1: the optimum gives r2 the math teacher.
    math = mentor("math", subjects=("Математика",), experience_years=10)
    other = mentor("other")
    r1 = request("r1", topics=("Физика",))
    r2 = request("r2", topics=("Математика",))
    run = run_of(pool([math, other], [r1, r2]))
    assert {(p.request_id, p.mentor_id) for p in run.selected()} == {("r1", "other"), ("r2", "math")}
    assert run.totals.matched == 2 and run.totals.requests == 2 and run.facts["rounds"] >= 1
    lonely = run_of(pool([mentor("only")], [request("a"), request("b")]))
    assert lonely.totals.matched == 1 and lonely.unmatched[0].reason.startswith("свободные места")
    empty = run_of(pool([], [request("a")]))
    assert empty.unmatched[0].reason == "в базе нет наставников"


def test_suggest_selects_nothing_and_keeps_top_k_candidates() -> None:
    mentors = [mentor(f"m{i}", experience_years=i) for i in range(5)]
    run = run_of(pool(mentors, [request("r")]), mode=Mode.SUGGEST, top_k=2)
    assert [p.mentor_id for p in run.proposals] == ["m4", "m3"] and not run.selected()
    assert run.totals.candidate_edges == 5


def test_hand_assignment_needs_confirmation_of_a_broken_form_rule_and_never_crosses_a_blocker() -> None:
    young = student_mentor("young", "5А")
    old = student_mentor("old", "9А")
    r = request("r", class_name="7Б", form="student_student")
    p = pool([young, old], [r])
    run = run_of(p, mode=Mode.MANUAL)
    with pytest.raises(ValidationFailed) as refused:
        assign(run, p, request_id="r", mentor_id="young", confirm_warnings=False)
    assert refused.value.problems[0].field == "confirm_warnings" and "Подтвердите" in refused.value.message
    warnings = assign(run, p, request_id="r", mentor_id="young", confirm_warnings=True)
    assert warnings and run.selected()[0].mentor_id == "young" and run.selected()[0].manual and run.version == 2
    assign(run, p, request_id="r", mentor_id="old", confirm_warnings=False)
    assert [s.mentor_id for s in run.selected()] == ["old"]
    blocked = mentor("b", pairable=False)
    with pytest.raises(ValidationFailed, match="Нельзя назначить"):
        assign(run, pool([blocked], [r]), request_id="r", mentor_id="b", confirm_warnings=True)
    with pytest.raises(NotFound):
        assign(run, p, request_id="nope", mentor_id="old", confirm_warnings=True)


def test_a_seat_given_in_the_run_counts_against_the_capacity() -> None:
    m = mentor("m", capacity=1)
    p = pool([m], [request("a"), request("b")])
    run = run_of(p, mode=Mode.MANUAL)
    assign(run, p, request_id="a", mentor_id="m", confirm_warnings=False)
    with pytest.raises(ValidationFailed, match="нет свободных мест"):
        assign(run, p, request_id="b", mentor_id="m", confirm_warnings=True)
    run.status = run.status.PUBLISHED
    with pytest.raises(Conflict, match="уже опубликован"):
        assign(run, p, request_id="a", mentor_id="m", confirm_warnings=False)


def test_the_domain_value_sets_are_the_contract_s() -> None:
    from matching.domain.pairs import PAIR_KINDS, REPORTING, PairStatus
    from matching.domain.runs import RunStatus
    from mentorship.matching.v1 import matching_pb2 as pb
    from mentorship_kit.proto_enums import names

    assert list(PAIR_KINDS) == names(pb.PairKind) and list(REPORTING) == names(pb.Reporting)
    assert [m.value for m in Mode] == names(pb.MatchingMode) and [o.value for o in Objective] == names(pb.Objective)
    assert [s.value for s in PairStatus] == names(pb.PairStatus) and [s.value for s in RunStatus] == names(pb.RunStatus)


def test_a_pair_counts_by_form_and_kind_while_active_and_as_closed_after() -> None:
    from datetime import date

    from matching.domain.facets import pair_facets
    from matching.domain.pairs import Pair

    pair = Pair(id="p", org_id="o", municipality_id="m", region_id="r", run_id="x", request_id="q", mentee_id="e",
                mentee_name="У", mentor_id="n", mentor_name="Н", form="student_student", kind="peer",
                term_start=date(2026, 9, 1), term_end=date(2027, 5, 28), reporting="monthly", created_by="u",
                created_at=NOW)
    assert pair_facets(pair) == ["pair", "pair.form.student_student", "pair.kind.peer"]
    pair.close("согласие отозвано", at=NOW)
    assert pair_facets(pair) == ["pair.closed"] and pair.version == 2


def test_a_college_student_is_a_mentee_of_the_employer_student_form_by_course() -> None:
    """Issue 10 item 17: «работодатель – студент» is for a college's students (course), not school pupils."""
    employer = mentor("e", origin="employer", kind="external")
    student = request("r", class_name="", course=2, form="employer_student")
    assert form_warnings(employer, student) == []
    assert student.grade is None
    pupil = request("p", class_name="9А", form="employer_student")
    assert any("студентом колледжа" in w for w in form_warnings(employer, pupil))
    assert any("для учеников школы" in w for w in form_warnings(employer, request("q", class_name="", course=2,
                                                                                  form="employer_pupil")))
    inferred = request("i", class_name="", course=1)
    assert form_warnings(employer, inferred) == []  # inferred as «работодатель – студент»


def test_student_forms_compare_courses_in_a_college_and_keep_pupils_apart() -> None:
    senior = mentor("s", origin="student", kind="student", course=3)
    assert form_warnings(senior, request("r", class_name="", course=1, form="student_student")) == []
    assert any("более старшем курсе" in w
               for w in form_warnings(senior, request("r", class_name="", course=3, form="student_student")))
    assert any("оба школьниками или оба студентами" in w
               for w in form_warnings(senior, request("r", class_name="7Б", form="student_student")))
    assert form_warnings(senior, request("r", class_name="7Б", form="student_pupil")) == []
    assert any("а не школьником" in w for w in form_warnings(student_mentor("m", "11А"),
                                                             request("r", class_name="7Б", form="student_pupil")))
