"""Questionnaires (issue 13): the builder's checks, every kind's answers, the frozen published questionnaire, the
templates from the seeds, one-time tokens and the before/after dynamics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorship_kit.errors import Conflict, NotFound, ValidationFailed
from monitoring.adapters.questionnaire_repository import sections_json, sections_of
from monitoring.domain import measurement as m
from monitoring.domain.invitations import Invitation, Invitee, clean_invitees, new_token, token_hash
from monitoring.domain.questionnaire_templates import TEMPLATES
from monitoring.domain.questionnaires import (
    KINDS,
    PURPOSES,
    Draft,
    Question,
    Questionnaire,
    Section,
    clean_answers,
    clean_draft,
    edit,
    publish,
    scale_items,
    scale_values,
)

NOW = datetime(2026, 11, 20, 10, tzinfo=UTC)


def _every_kind() -> Draft:
    return Draft("Все виды", "preferences", ("student_student",), False, (
        Section("Раздел", (
            Question("", "single", "Один", options=("А", "Б")),
            Question("", "multiple", "Несколько", options=("А", "Б", "В")),
            Question("", "scale", "Шкала", scale_min=1, scale_max=10),
            Question("", "text", "Текст"),
            Question("", "matrix", "Матрица", scale_min=1, scale_max=5, rows=("Р1", "Р2")),
            Question("", "ranking", "Рейтинг"),
        )),))


def _q(draft: Draft, status: str = "draft") -> Questionnaire:
    d = clean_draft(draft)
    return Questionnaire("q-1", "s-1", 1, "o", "m", "r", d.title, d.purpose, d.forms, d.anonymous, status,
                         d.sections, "u", NOW)


def test_every_question_kind_round_trips_through_storage_and_answers() -> None:
    q = _q(_every_kind())
    assert [x.kind for x in q.questions] == list(KINDS)
    assert sections_of(sections_json(q.sections)) == q.sections
    sent = {"q1": ["2"], "q2": ["3", "1"], "q3": ["7"], "q4": ["Мой ответ"], "q5": ["4", "2"], "q6": ["b", "a"]}
    answers = clean_answers(q, sent, ranking_options=["a", "b", "c"])
    assert answers == {"q1": ["2"], "q2": ["1", "3"], "q3": ["7"], "q4": ["Мой ответ"], "q5": ["4", "2"],
                       "q6": ["b", "a"]}
    assert clean_answers(q, answers, ranking_options=["a", "b"]) == answers


@pytest.mark.parametrize(("qid", "value", "needle"), [
    ("q1", ["3"], "из предложенных"), ("q1", ["1", "2"], "один вариант"), ("q2", ["1", "1"], "дважды"),
    ("q3", ["11"], "от 1 до 10"), ("q4", ["я" * 2001], "не длиннее"), ("q5", ["9", "1"], "от 1 до 5"),
    ("q6", ["zzz"], "только предложенных"),
])
def test_a_wrong_answer_is_refused_in_russian(qid: str, value: list[str], needle: str) -> None:
    q = _q(_every_kind())
    sent = {"q1": ["1"], "q2": ["1"], "q3": ["1"], "q4": ["x"], "q5": ["1", "1"], "q6": ["a"], qid: value}
    with pytest.raises(ValidationFailed) as caught:
        clean_answers(q, sent, ranking_options=["a"])
    assert needle in caught.value.message and caught.value.problems[0].field == qid


def test_a_required_question_left_blank_is_named() -> None:
    q = _q(_every_kind())
    with pytest.raises(ValidationFailed) as caught:
        clean_answers(q, {})
    assert {p.field for p in caught.value.problems} == {f"q{n}" for n in range(1, 7)}
    assert "обязательный" in caught.value.message


def test_the_builder_names_every_problem_at_once() -> None:
    bad = Draft("", "unknown", (), True, (Section("", (Question("", "single", "", options=("А",)),
                                                       Question("", "scale", "Ш", scale_min=5, scale_max=5))),))
    with pytest.raises(ValidationFailed) as caught:
        clean_draft(bad)
    text = caught.value.message
    for needle in ("название анкеты", "назначение", "форму наставничества", "Анонимной", "Раздел 1",
                   "Вопрос 1: напишите", "два варианта", "Вопрос 2: шкала"):
        assert needle in text


def test_a_published_questionnaire_is_frozen() -> None:
    q = publish(_q(TEMPLATES["measurement"].draft), NOW)
    assert q.status == "published" and q.published_at == NOW
    with pytest.raises(Conflict, match="новую версию"):
        edit(q, TEMPLATES["measurement"].draft)
    with pytest.raises(Conflict):
        publish(q, NOW)


def test_templates_cover_every_purpose_and_pass_the_builder() -> None:
    assert set(TEMPLATES) == set(PURPOSES)
    for template in TEMPLATES.values():
        assert clean_draft(template.draft) == template.draft
        assert template.draft.anonymous == template.key.startswith("satisfaction_")


def test_only_satisfaction_may_be_anonymous_and_measurement_needs_a_scale() -> None:
    d = TEMPLATES["candidate_mentor"].draft
    with pytest.raises(ValidationFailed, match="Анонимной"):
        clean_draft(Draft(d.title, d.purpose, d.forms, True, d.sections))
    with pytest.raises(ValidationFailed, match="со шкалой"):
        clean_draft(Draft(d.title, "measurement", d.forms, False, d.sections[:1]))


def test_tokens_are_long_random_and_stored_as_a_hash() -> None:
    tokens = {new_token() for _ in range(50)}
    assert len(tokens) == 50 and all(len(t) >= 32 for t in tokens)  # 192 bits in URL-safe base64
    t = next(iter(tokens))
    assert token_hash(t) != t and len(token_hash(t)) == 64


def test_a_used_or_expired_invitation_says_only_that_the_link_is_gone() -> None:
    inv = Invitation("i", "o", "m", "r", "q", "h", Invitee("participant", label="А"), NOW + timedelta(days=1), False,
                     None, "u", NOW)
    inv.check_open(NOW)
    for gone in (Invitation(**{**inv.__dict__, "used": True}), inv):
        with pytest.raises(NotFound, match="Ссылка недействительна"):
            gone.check_open(NOW + timedelta(days=2) if gone is inv else NOW)


def test_measurement_invitations_need_a_stage_and_preferences_come_from_a_run() -> None:
    with pytest.raises(ValidationFailed, match="этап"):
        clean_invitees([Invitee("mentee", label="А")], purpose="measurement", valid_days=14)
    with pytest.raises(ValidationFailed, match="из прогона"):
        clean_invitees([Invitee("mentee", label="А")], purpose="preferences", valid_days=14)
    with pytest.raises(ValidationFailed, match="от 1 до 90"):
        clean_invitees([Invitee("mentee", label="А")], purpose="candidate_mentee", valid_days=91)


def test_dynamics_per_scale_and_share_improved() -> None:
    q = _q(TEMPLATES["measurement"].draft)
    items = scale_items(q)
    assert len(items) == 6
    entry = {"q1": ["4", "4", "4", "4", "4"], "q2": ["5"]}
    better = {"q1": ["6", "6", "6", "6", "6"], "q2": ["7"]}
    worse = {"q1": ["3", "3", "3", "3", "3"], "q2": ["4"]}
    found = [m.Measurement("a", "p1", "entry", scale_values(q, entry)), m.Measurement("a", "p1", "exit",
                                                                                       scale_values(q, better)),
             m.Measurement("b", "p2", "entry", scale_values(q, entry)), m.Measurement("b", "p2", "exit",
                                                                                       scale_values(q, worse)),
             m.Measurement("c", "p3", "entry", scale_values(q, entry))]
    d = m.dynamics(items, found)
    assert (d.participants, d.improved, d.entry_only, d.share_improved) == (2, 1, 1, 0.5)
    assert d.scales[0].entry_mean == 4 and d.scales[0].exit_mean == 4.5 and d.scales[0].change == 0.5
    assert m.mean_change(found[1], found[0]) == (6.17, 2.0)


@given(st.lists(st.tuples(st.integers(1, 10), st.integers(1, 10)), min_size=1, max_size=30))
def test_mean_change_is_the_mean_of_exit_minus_the_mean_of_entry(values: list[tuple[int, int]]) -> None:
    found = []
    for n, (a, b) in enumerate(values):
        found += [m.Measurement(str(n), "", "entry", {"x": float(a)}), m.Measurement(str(n), "", "exit",
                                                                                      {"x": float(b)})]
    d = m.dynamics([("x", "X")], found)
    mean_a, mean_b = sum(a for a, _ in values) / len(values), sum(b for _, b in values) / len(values)
    assert d.scales[0].change == pytest.approx(round(mean_b - mean_a, 2), abs=0.011)
    assert d.improved == sum(1 for a, b in values if b > a)


def test_the_answer_form_and_the_builder_form_become_what_the_service_takes() -> None:
    from gateway.adapters.questionnaire_reads import DynamicsRead, QuestionnaireRead
    from gateway.entrypoints.web.questionnaire_view import answers_from_form, dynamics_chart, sections_from_form
    from monitoring.adapters.questionnaire_codec import questionnaire_msg

    q = QuestionnaireRead.of(questionnaire_msg(_q(_every_kind())))
    single = {"q1": "2", "q3": "7", "q4": " Текст ", "q5.1": "4", "q5.2": "", "rank:q6:b": "1", "rank:q6:a": "2",
              "rank:q6:c": ""}
    answers = answers_from_form(q, single, {"q2": ["1", "3"]})
    assert answers == {"q1": ["2"], "q2": ["1", "3"], "q3": ["7"], "q4": [" Текст "], "q5": ["4", ""],
                       "q6": ["b", "a"]}
    sections = sections_from_form({"s1.title": "Раздел", "s1.q1.kind": "matrix", "s1.q1.text": "Оцените",
                                   "s1.q1.rows": "А\n\nБ", "s1.q1.min": "1", "s1.q1.max": "5",
                                   "s1.q1.required": "1", "s1.q2.kind": "text", "s1.q2.text": "",
                                   "s1.q3.kind": "text", "s1.q3.text": "Удалить", "s1.q3.drop": "1"})
    assert sections == [{"title": "Раздел", "questions": [
        {"kind": "matrix", "text": "Оцените", "required": True, "options": [], "rows": ["А", "Б"], "scale_min": 1,
         "scale_max": 5}]}]
    d = DynamicsRead.model_validate({"questionnaire_id": "q", "pair_id": "", "participants": 1, "improved": 1,
                                     "entry_only": 0, "share_improved": 1.0, "pair_ids": [], "scales": [
                                         {"key": "q1", "label": "Шкала", "entry_mean": 5, "exit_mean": 10,
                                          "change": 5, "participants": 1}]})
    chart = dynamics_chart(d, 10)
    assert chart.bars[0].exit_width == chart.plot_width and chart.bars[0].entry_width == chart.plot_width // 2
