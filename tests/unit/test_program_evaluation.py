"""Оценка программы (001 §6, issue 13 item 5): the level of a total at the edges of the seed's bands, the nine scores
checked all at once, a completed evaluation frozen (a correction is a new version with its reason), periods, the
evidence beside each criterion, the use cases against the in-memory unit of work and the event (no names)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorship.monitoring.v1 import events_pb2
from mentorship_kit.errors import Conflict, Forbidden, ValidationFailed
from mentorship_kit.principal import Principal, Role, Scope
from monitoring.adapters.event_codec import encode_event
from monitoring.domain import commands
from monitoring.domain import evaluation as ev
from monitoring.domain.events import EvaluationCompleted, OutcomeRecorded
from monitoring.domain.questionnaires import Draft, Question, Questionnaire, Section, clean_draft
from monitoring.service_layer import evaluation_handlers as handlers
from monitoring.service_layer.pair_events import learn_pair
from tests.unit.monitoring_fakes import FakeMonitoringUnitOfWork, as_protocol

ORG, MUN, REG = "00000000-0000-0000-0000-00000000000a", "00000000-0000-0000-0000-0000000000b1", \
    "00000000-0000-0000-0000-0000000000c1"
PAIR, OTHER, TEACHERS = ("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222",
                         "33333333-3333-3333-3333-333333333333")
MENTOR = "44444444-4444-4444-4444-444444444444"
NOW = datetime(2026, 11, 27, 10, tzinfo=UTC)
ALL_TWO = dict.fromkeys(ev.CRITERION_KEYS, 2)


def clock() -> datetime:
    return NOW


def scores_totalling(total: int) -> dict[str, int]:
    """Nine scores of 0/1/2 that add up to ``total``."""
    left, out = total, {}
    for key in ev.CRITERION_KEYS:
        out[key] = min(2, left)
        left -= out[key]
    assert left == 0
    return out


@pytest.mark.parametrize(("total", "level"), [
    (0, ev.Level.UNACCEPTABLE), (8, ev.Level.UNACCEPTABLE), (9, ev.Level.ACCEPTABLE), (14, ev.Level.ACCEPTABLE),
    (15, ev.Level.OPTIMAL), (18, ev.Level.OPTIMAL)])
def test_the_level_at_the_edges_of_the_seed_s_bands(total: int, level: ev.Level) -> None:
    assert ev.level_of(total) is level
    assert ev.complete([], evaluation_id="e", tenant=(ORG, MUN, REG), period=ev.parse_period("2026-H1"),
                       scores=scores_totalling(total), commission="", reason="", notes={}, based_on_version=0,
                       completed_by="u", now=NOW).level is level


@pytest.mark.parametrize("total", [-1, 19])
def test_a_total_outside_0_to_18_has_no_level(total: int) -> None:
    with pytest.raises(ValueError):
        ev.level_of(total)


@given(st.lists(st.sampled_from([0, 1, 2]), min_size=9, max_size=9))
def test_any_nine_scores_give_the_level_of_their_sum(values: list[int]) -> None:
    scores = dict(zip(ev.CRITERION_KEYS, values, strict=True))
    done = ev.complete([], evaluation_id="e", tenant=(ORG, MUN, REG), period=ev.parse_period("2025-2026"),
                       scores=scores, commission="", reason="", notes={}, based_on_version=0, completed_by="u",
                       now=NOW)
    total = sum(values)
    assert done.total == total and 0 <= total <= 18
    expected = "optimal" if total >= 15 else "acceptable" if total >= 9 else "unacceptable"
    assert done.level.value == expected


@given(st.integers(min_value=0, max_value=17))
def test_one_more_point_never_lowers_the_level(total: int) -> None:
    order = [ev.Level.UNACCEPTABLE, ev.Level.ACCEPTABLE, ev.Level.OPTIMAL]
    assert order.index(ev.level_of(total + 1)) >= order.index(ev.level_of(total))


def test_every_problem_of_the_scores_is_named_at_once() -> None:
    raw: dict[str, int | str] = {**ALL_TWO, "goals_fit": 3, "mentor_logic": "x", "unknown": 1}
    del raw["knowledge_application"]
    with pytest.raises(ValidationFailed) as exc:
        ev.check_scores(raw)
    fields = {p.field for p in exc.value.problems}
    assert fields == {"scores", "score_goals_fit", "score_mentor_logic", "score_knowledge_application"}
    assert all(p.message for p in exc.value.problems)


@pytest.mark.parametrize(("code", "start", "end"), [
    ("2026-H1", date(2026, 1, 1), date(2026, 6, 30)), ("2026-H2", date(2026, 7, 1), date(2026, 12, 31)),
    ("2025-2026", date(2025, 9, 1), date(2026, 8, 31))])
def test_periods_are_half_years_or_school_years(code: str, start: date, end: date) -> None:
    period = ev.parse_period(code)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("code", ["", "2026", "2026-H3", "2025-2027", "1999-H1", "2026-h1; DROP"])
def test_a_wrong_period_is_refused_in_russian(code: str) -> None:
    with pytest.raises(ValidationFailed, match="Период"):
        ev.parse_period(code)


def test_a_completed_evaluation_is_frozen_and_a_correction_is_a_new_version_with_its_reason() -> None:
    period = ev.parse_period("2026-H1")
    first = ev.complete([], evaluation_id="a", tenant=(ORG, MUN, REG), period=period, scores=scores_totalling(14),
                        commission="Иванова А. А., Петров П. П.", reason="", notes={}, based_on_version=0,
                        completed_by="u", now=NOW)
    with pytest.raises(AttributeError):
        first.scores = ALL_TWO  # type: ignore[misc]
    with pytest.raises(ValidationFailed, match="причину"):
        ev.complete([first], evaluation_id="b", tenant=(ORG, MUN, REG), period=period, scores=ALL_TWO,
                    commission="", reason="", notes={}, based_on_version=1, completed_by="u", now=NOW)
    with pytest.raises(Conflict):
        ev.complete([first], evaluation_id="b", tenant=(ORG, MUN, REG), period=period, scores=ALL_TWO,
                    commission="", reason="Пересчёт", notes={}, based_on_version=0, completed_by="u", now=NOW)
    second = ev.complete([first], evaluation_id="b", tenant=(ORG, MUN, REG), period=period, scores=ALL_TWO,
                         commission="", reason="Учтены анкеты родителей", notes={}, based_on_version=1,
                         completed_by="u", now=NOW)
    assert (second.version, second.total, second.level) == (2, 18, ev.Level.OPTIMAL)
    assert (first.version, first.total, first.level) == (1, 14, ev.Level.ACCEPTABLE)


@pytest.fixture
def uow() -> FakeMonitoringUnitOfWork:
    curator = Principal(user_id="u-curator", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG, org_id=ORG,
                        municipality_id=MUN, region_id=REG)
    fake = FakeMonitoringUnitOfWork(curator)
    as_protocol(fake)
    for pair_id, mentee, form in ((PAIR, "e1", "student_student"), (OTHER, "e1", "teacher_pupil"),
                                  (TEACHERS, "t1", "teacher_teacher")):
        learn_pair(commands.LearnPair(pair_id=pair_id, version=1, mentor_id=MENTOR, mentee_id=mentee, form=form,
                                      kind="individual", term_start="2026-02-01", term_end="2026-12-20",
                                      status="active"), fake)
    return fake


def test_completing_stores_the_version_and_emits_the_total_and_level_without_names(
        uow: FakeMonitoringUnitOfWork) -> None:
    done = handlers.complete_evaluation("2026-H1", scores_totalling(9), as_protocol(uow),
                                        commission="Комиссия: Иванова А. А.", reason="", notes={},
                                        based_on_version=0, now=clock)
    assert (done.version, done.total, done.level) == (1, 9, ev.Level.ACCEPTABLE)
    event = uow.events[-1]
    assert isinstance(event, EvaluationCompleted)
    wire = encode_event(event)
    assert wire.type == "mentorship.monitoring.evaluation_completed.v1" and wire.org_id == ORG
    payload = wire.payload
    assert isinstance(payload, events_pb2.EvaluationCompleted)
    assert (payload.period, payload.total, payload.level, payload.version) == ("2026-H1", 9, "acceptable", 1)
    assert "Иванова" not in payload.SerializeToString().decode("utf-8", "ignore")


def test_a_refused_correction_leaves_nothing_behind(uow: FakeMonitoringUnitOfWork) -> None:
    handlers.complete_evaluation("2026-H1", ALL_TWO, as_protocol(uow), commission="", reason="", notes={},
                                 based_on_version=0, now=clock)
    with pytest.raises(ValidationFailed):
        handlers.complete_evaluation("2026-H1", scores_totalling(3), as_protocol(uow), commission="", reason="",
                                     notes={}, based_on_version=1, now=clock)
    assert [e.total for e in uow.evaluations.rows] == [18] and len(uow.events) == 1
    corrected = handlers.complete_evaluation("2026-H1", scores_totalling(3), as_protocol(uow), commission="",
                                             reason="Ошибка ввода", notes={}, based_on_version=1, now=clock)
    sheet = handlers.evaluation_sheet("2026-H1", as_protocol(uow), now=clock)
    assert sheet.current == corrected and [v.total for v in sheet.versions] == [18, 3]
    assert [e.version for e in handlers.evaluation_history(as_protocol(uow))] == [2]


def test_a_psychologist_reads_but_does_not_score(uow: FakeMonitoringUnitOfWork) -> None:
    uow.principal = Principal(user_id="psy", roles=frozenset({Role.SCHOOL_PSYCHOLOGIST}), scope=Scope.ORG,
                              org_id=ORG, municipality_id=MUN, region_id=REG)
    assert handlers.evaluation_sheet("2026-H1", as_protocol(uow), now=clock).current is None
    with pytest.raises(Forbidden):
        handlers.complete_evaluation("2026-H1", ALL_TWO, as_protocol(uow), commission="", reason="", notes={},
                                     based_on_version=0, now=clock)


def test_the_sheet_shows_the_platform_s_evidence_and_no_data_for_satisfaction(uow: FakeMonitoringUnitOfWork) -> None:
    handlers.record_outcome(PAIR, as_protocol(uow), academic_improved=True, contest_prepared=False, note="",
                            now=clock)
    sheet = handlers.evaluation_sheet("2026-H1", as_protocol(uow), now=clock)
    assert list(sheet.criteria) == list(ev.CRITERION_KEYS)
    by_key = {e.key: e for items in sheet.criteria.values() for e in items}
    assert not by_key["satisfaction_mean"].available and not by_key["partner_satisfaction_mean"].available
    assert (by_key["pairs_active"].value, by_key["pairs_active"].out_of) == (3, 3)
    assert (by_key["mentees_improved"].value, by_key["mentees_improved"].out_of) == (1, 1)
    assert by_key["meetings_held"].available and by_key["meetings_held"].value == 0


def test_outcomes_count_a_student_once_over_its_pairs_and_refuse_a_teacher_mentee(
        uow: FakeMonitoringUnitOfWork) -> None:
    handlers.record_outcome(PAIR, as_protocol(uow), academic_improved=True, contest_prepared=False, note="",
                            now=clock)
    handlers.record_outcome(OTHER, as_protocol(uow), academic_improved=False, contest_prepared=True,
                            note="Олимпиада по математике", now=clock)
    handlers.record_outcome(PAIR, as_protocol(uow), academic_improved=False, contest_prepared=False, note="",
                            now=clock)
    states = [(e.mentee_id, e.version, e.facets) for e in uow.events if isinstance(e, OutcomeRecorded)]
    assert states == [("e1", 1, ("outcome", "outcome.academic_improved")),
                      ("e1", 2, ("outcome", "outcome.academic_improved", "outcome.contest_prepared")),
                      ("e1", 3, ("outcome", "outcome.contest_prepared"))]
    wire = encode_event(uow.events[-1])
    assert wire.type == "mentorship.monitoring.outcome_recorded.v1"
    assert "Олимпиада" not in wire.payload.SerializeToString().decode("utf-8", "ignore")
    with pytest.raises(Conflict, match="наставляемый — педагог"):
        handlers.record_outcome(TEACHERS, as_protocol(uow), academic_improved=True, contest_prepared=True,
                                note="", now=clock)
    with pytest.raises(Conflict, match="считают педагогов"):
        handlers.record_outcome(PAIR, as_protocol(uow), academic_improved=False, contest_prepared=False,
                                management_reserve=True, note="", now=clock)
    assert handlers.pair_outcome(TEACHERS, as_protocol(uow)).applicable is False


def test_a_teacher_mentee_of_a_teacher_teacher_pair_has_the_outcomes_of_3_1_to_3_3(
        uow: FakeMonitoringUnitOfWork) -> None:
    """000 App. 2, 3.1–3.3 (ADR 021): recorded on the «учитель-учитель» pair, published per teacher mentee."""
    view = handlers.pair_outcome(TEACHERS, as_protocol(uow))
    assert (view.applicable, view.teacher_applicable) == (False, True)
    handlers.record_outcome(TEACHERS, as_protocol(uow), academic_improved=False, contest_prepared=False,
                            management_reserve=True, pro_contest=True, note="Конкурс «Педагог года»", now=clock)
    handlers.record_outcome(TEACHERS, as_protocol(uow), academic_improved=False, contest_prepared=False,
                            project_lead=True, note="", now=clock)
    states = [(e.mentee_id, e.version, e.facets) for e in uow.events if isinstance(e, OutcomeRecorded)]
    assert states == [("t1", 1, ("outcome.teacher", "outcome.teacher.management_reserve",
                                 "outcome.teacher.pro_contest")),
                      ("t1", 2, ("outcome.teacher", "outcome.teacher.project_lead"))]
    recorded = handlers.pair_outcome(TEACHERS, as_protocol(uow)).outcome
    assert recorded is not None and (recorded.project_lead, recorded.management_reserve) == (True, False)


def test_a_mentor_s_evidence_counts_pairs_and_outcomes(uow: FakeMonitoringUnitOfWork) -> None:
    handlers.record_outcome(PAIR, as_protocol(uow), academic_improved=True, contest_prepared=True, note="",
                            now=clock)
    found = handlers.mentor_evidence(MENTOR, as_protocol(uow))
    assert (found.pairs_total, found.pairs_active, found.mentees_improved, found.mentees_contests) == (3, 3, 1, 1)
    assert handlers.mentor_evidence("55555555-5555-5555-5555-555555555555", as_protocol(uow)).pairs_total == 0


def _satisfaction(purpose: str, *, scale_max: int = 10) -> Questionnaire:
    draft = clean_draft(Draft("Удовлетворённость", purpose, ("teacher_teacher",), True, (Section("Оценка", (
        Question("", "matrix", "Оцените", scale_min=1, scale_max=scale_max, rows=("Встречи", "Поддержка")),
        Question("", "scale", "В целом", scale_min=1, scale_max=scale_max),
        Question("", "text", "Что изменить?", required=False))),)))
    return Questionnaire(id=purpose, series_id=purpose, version=1, org_id=ORG, municipality_id=MUN, region_id=REG,
                         title=draft.title, purpose=purpose, forms=draft.forms, anonymous=True, status="published",
                         sections=draft.sections, created_by="c", created_at=NOW)


def test_satisfaction_means_per_purpose_out_of_ten_and_the_number_of_answers() -> None:
    mentor, mentee = _satisfaction("satisfaction_mentor"), _satisfaction("satisfaction_mentee", scale_max=5)
    figures = ev.satisfaction_figures([
        (mentor, {"q1": ["8", "6"], "q2": ["10"], "q3": ["ничего"]}),
        (mentor, {"q1": ["4", ""], "q2": ["4"]}),
        (mentee, {"q1": ["5", "5"], "q2": ["4"]}),  # out of 5: 10, 10, 8
    ])
    assert (figures["satisfaction_mentor_mean"].value, figures["satisfaction_mentor_mean"].out_of) == (6.4, 10)
    assert figures["satisfaction_mentee_mean"].value == pytest.approx(9.3)
    assert not figures["satisfaction_curator_mean"].available
    assert figures["satisfaction_mean"].value == pytest.approx(round((32 + 28) / 8, 1))
    assert figures["satisfaction_answers"].value == 3
    assert not ev.satisfaction_figures([])["satisfaction_mean"].available
    assert "satisfaction_answers" not in ev.satisfaction_figures([])


def test_the_sheet_reads_the_period_s_satisfaction_answers_anonymous_ones_included(
        uow: FakeMonitoringUnitOfWork) -> None:
    curator = _satisfaction("satisfaction_curator")
    uow.evaluations.answered += [(curator, date(2026, 3, 1), {"q1": ["9", "7"], "q2": ["8"]}),
                                 (curator, date(2026, 9, 1), {"q1": ["1", "1"], "q2": ["1"]})]
    sheet = handlers.evaluation_sheet("2026-H1", as_protocol(uow), now=clock)
    shown = {e.key: e for e in sheet.criteria["participants_satisfaction"]}
    assert (shown["satisfaction_mean"].value, shown["satisfaction_answers"].value) == (8.0, 1)
    assert shown["satisfaction_curator_mean"].value == 8.0 and not shown["satisfaction_mentor_mean"].available
    assert not {e.key: e for e in sheet.criteria["partners_satisfaction"]}["partner_satisfaction_mean"].available
