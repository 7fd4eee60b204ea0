"""The contests' rules without I/O (registry.domain.contests, ADR 023): the announcement's checks, who may apply
with what, the jury's scores and the results by nomination."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorship_kit import vocabulary as v
from mentorship_kit.errors import Conflict, ValidationFailed
from mentorship_kit.principal import Scope
from registry.domain import contests as c

CRITERIA = (c.Criterion("Результаты", 10), c.Criterion("Открытость", 5))


def _contest(level: c.Level = c.Level.REGION, **changes: object) -> c.ContestDraft:
    values: dict[str, object] = {"kind": "mentor_of_year", "title": "Наставник года", "description": "",
                                 "nominations": ["Наставник педагога"], "criteria": [("Результаты", 10)],
                                 "applications_until": "2027-03-01", "results_on": "2027-04-01", **changes}
    return c.clean_contest(level, **values)  # type: ignore[arg-type]


def _fields(exc: pytest.ExceptionInfo[ValidationFailed]) -> set[str]:
    return {p.field for p in exc.value.problems}


def test_an_announcement_needs_nominations_criteria_and_dates_in_order() -> None:
    assert _contest().criteria == (c.Criterion("Результаты", 10),)
    with pytest.raises(ValidationFailed) as bad:
        _contest(title=" ", nominations=["", ""], criteria=[("К", 0)], applications_until="2027-02-31",
                 results_on="1999-01-01")
    assert _fields(bad) == {"title", "nominations", "criteria", "applications_until", "results_on"}
    with pytest.raises(ValidationFailed) as early:
        _contest(results_on="2027-02-01")
    assert "не раньше окончания приёма" in early.value.problems[0].message
    with pytest.raises(ValidationFailed) as twice:
        _contest(nominations=["Пара", "пара"])
    assert "повторяться" in twice.value.problems[0].message


def test_the_contest_of_municipal_models_is_the_regions_and_takes_only_municipalities() -> None:
    with pytest.raises(ValidationFailed):
        _contest(c.Level.MUNICIPALITY, kind="municipal_models")
    kind = c.ContestKind.MUNICIPAL_MODELS
    assert c.subjects_for(c.Level.REGION, kind, Scope.MUNICIPALITY) == (c.SubjectKind.MUNICIPALITY,)
    assert c.subjects_for(c.Level.REGION, kind, Scope.ORG) == ()
    mentors = c.ContestKind.MENTOR_OF_YEAR
    assert c.SubjectKind.ORGANISATION in c.subjects_for(c.Level.REGION, mentors, Scope.ORG)
    assert c.subjects_for(c.Level.SCHOOL, mentors, Scope.ORG) == c.PEOPLE  # a school's own contest: its people
    assert c.subjects_for(c.Level.MUNICIPALITY, mentors, Scope.MUNICIPALITY) == ()


def _apply(**changes: object) -> c.ApplicationDraft:
    values: dict[str, object] = {
        "nominations": ["Н"], "allowed": c.PEOPLE, "nomination": "Н", "subject_kind": "mentor",
        "shown_fields": ["full_name", "full_name", "position"], "consent_confirmed": True, "achievements": "",
        "description": "", "state": c.State.ANNOUNCED, "applications_until": date(2027, 3, 1),
        "today": date(2027, 3, 1), **changes}
    return c.clean_application(**values)  # type: ignore[arg-type]


def test_an_application_shows_only_consented_fields_within_the_window() -> None:
    assert _apply().shown_fields == ("full_name", "position")
    assert _apply(subject_kind="organisation", allowed=(c.SubjectKind.ORGANISATION,)).shown_fields == ()
    with pytest.raises(ValidationFailed) as refused:
        _apply(consent_confirmed=False, shown_fields=["birth_date"], nomination="Другая")
    assert _fields(refused) == {"consent_confirmed", "shown_fields", "nomination"}
    with pytest.raises(Conflict, match="закончился"):
        _apply(today=date(2027, 3, 2))
    with pytest.raises(Conflict, match="приёма заявок"):
        _apply(state=c.State.JUDGING)


def test_scores_stay_within_each_criterion_and_a_conflict_scores_nothing() -> None:
    assert c.clean_scores(CRITERIA, [10, 0], conflict=False, conflict_note="", comment="") == ((10, 0), "", "")
    assert c.clean_scores(CRITERIA, [99], conflict=True, conflict_note="Коллега", comment="")[0] == ()
    with pytest.raises(ValidationFailed) as bad:
        c.clean_scores(CRITERIA, [11, 6], conflict=False, conflict_note="", comment="")
    assert [p.message for p in bad.value.problems] == ["«Результаты»: балл от 0 до 10", "«Открытость»: балл от 0 до 5"]
    with pytest.raises(ValidationFailed):
        c.clean_scores(CRITERIA, [1], conflict=False, conflict_note="", comment="")


def test_the_stages_go_one_way_and_the_results_need_every_application_scored() -> None:
    assert c.check_move(c.State.DRAFT, "announced", applications=0, unscored=0) is c.State.ANNOUNCED
    with pytest.raises(Conflict):
        c.check_move(c.State.DRAFT, "results", applications=0, unscored=0)
    with pytest.raises(Conflict, match="ни одной заявки"):
        c.check_move(c.State.ANNOUNCED, "judging", applications=0, unscored=0)
    with pytest.raises(Conflict, match="Не оценены заявки: 2"):
        c.check_move(c.State.JUDGING, "results", applications=3, unscored=2)
    with pytest.raises(ValidationFailed):
        c.check_move(c.State.JUDGING, "archived", applications=3, unscored=0)


def test_results_by_nomination_with_shared_places() -> None:
    found = {r.application_id: r for r in c.results([
        c.Scored("a", "Н1", (14, 11)), c.Scored("b", "Н1", (9,)), c.Scored("c", "Н1", (12, 13)),
        c.Scored("d", "Н1", (5,)), c.Scored("e", "Н1", (1,)), c.Scored("f", "Н2", ())])}
    assert {k: (r.place, r.award) for k, r in found.items()} == {
        "a": (1, c.Award.WINNER), "c": (1, c.Award.WINNER), "b": (3, c.Award.PRIZE),
        "d": (4, c.Award.PARTICIPANT), "e": (5, c.Award.PARTICIPANT), "f": (1, c.Award.WINNER)}
    assert found["a"].mean_total == 12.5


@given(st.lists(st.tuples(st.sampled_from(["Н1", "Н2", "Н3"]), st.lists(st.integers(0, 100), max_size=4)),
                max_size=30))
def test_every_application_gets_one_result_and_each_nomination_a_winner(entries: list[tuple[str, list[int]]]) -> None:
    scored = [c.Scored(f"a{i}", n, tuple(t)) for i, (n, t) in enumerate(entries)]
    found = c.results(scored)
    assert sorted(r.application_id for r in found) == sorted(s.application_id for s in scored)
    by_id = {r.application_id: r for r in found}
    for nomination in {s.nomination for s in scored}:
        mine = [by_id[s.application_id] for s in scored if s.nomination == nomination]
        assert min(r.place for r in mine) == 1
        best = max(r.mean_total for r in mine)
        assert all((r.award is c.Award.WINNER) == (r.mean_total == best) for r in mine)
        # a higher mean never gets a worse place
        assert all(x.place <= y.place for x in mine for y in mine if x.mean_total > y.mean_total)


def test_facets_count_submitted_applications_and_awards_only() -> None:
    assert c.application_facets(c.Level.REGION, c.SubjectKind.TEACHER, submitted=False, award="winner") == []
    assert c.application_facets(c.Level.SCHOOL, c.SubjectKind.MENTOR, submitted=True, award="prize") == [
        "contest.application", "contest.application.school", "contest.subject.mentor", "contest.awarded",
        "contest.award.prize"]
    assert c.teacher_facets(applied=True, awarded=False) == ["contest.teacher_mentee"]
    assert c.teacher_facets(applied=False, awarded=True) == []


def test_the_vocabulary_names_every_value_of_the_contests() -> None:
    assert set(v.CONTEST_KIND_TITLES) == {k.value for k in c.ContestKind}
    assert set(v.CONTEST_LEVEL_TITLES) == {k.value for k in c.Level}
    assert set(v.CONTEST_STATE_TITLES) == {k.value for k in c.State}
    assert set(v.CONTEST_SUBJECT_TITLES) == {k.value for k in c.SubjectKind}
    assert set(v.CONTEST_AWARD_TITLES) == {k.value for k in c.Award}
    assert set(c.SHOWABLE) < set(v.CONTEST_SHOWN_TITLES)
    assert {s.value: t for s, t in c.STATE_TITLES.items()} == v.CONTEST_STATE_TITLES


def test_a_login_that_is_only_a_juror_reaches_no_tier_in_the_databases() -> None:
    from mentorship_kit.db import database_scope
    from mentorship_kit.principal import Principal, Role

    juror = Principal(user_id="j", roles=frozenset({Role.JURY}), scope=Scope.REGION, region_id="r")
    operator = Principal(user_id="o", roles=frozenset({Role.REGIONAL_OPERATOR}), scope=Scope.REGION, region_id="r")
    assert (database_scope(juror), database_scope(operator)) == ("jury", "region")
