"""The preferences questionnaire between matching and monitoring (issue 13 item 3, 001 §9 steps 18-19): after the
group meeting each participant of a preferences run gets a personal link listing whom he may rank (the run's allowed
pairs), and the answers become the run's rankings through matching's ``SetRankings`` — nothing is typed twice.

The gateway joins the two as the caller: it reads the run from matching and the answers from monitoring; the
rankings are checked by matching as if typed into the grid."""

from __future__ import annotations

from gateway.adapters.matching_reads import RunRead
from gateway.adapters.questionnaire_reads import InviteResponseRead
from gateway.container import Container
from mentorship_kit import errors
from mentorship_kit.principal import Principal


def _preferences_run(container: Container, p: Principal, run_id: str) -> RunRead:
    run = container.matching.get_run(p, run_id)
    if run.mode != "preferences" or run.status != "draft":
        raise errors.Conflict("Анкета предпочтений — для черновика прогона «по взаимным предпочтениям»")
    return run


def invite_run(container: Container, p: Principal, run_id: str, questionnaire_id: str,
               valid_days: int = 0) -> InviteResponseRead:
    """A link per mentee (ranks the mentors allowed to him) and per mentor (ranks the mentees allowed to him)."""
    run = _preferences_run(container, p, run_id)
    q = container.questionnaires.get(p, questionnaire_id)
    if q.purpose != "preferences":
        raise errors.ValidationFailed([errors.FieldProblem("questionnaire_id", "Выберите анкету предпочтений")])
    allowed = [x for x in run.proposals if x.rank > 0]
    mentees: dict[str, dict[str, object]] = {}
    mentors: dict[str, dict[str, object]] = {}
    for x in allowed:
        mentee = mentees.setdefault(x.request_id, {
            "respondent_kind": "mentee", "respondent_id": x.mentee_id, "label": x.mentee_name, "run_id": run.id,
            "who_id": x.request_id, "options": []})
        mentee["options"].append({"id": x.mentor_id, "label": x.mentor_name})  # type: ignore[attr-defined]
        mentor = mentors.setdefault(x.mentor_id, {
            "respondent_kind": "mentor", "respondent_id": x.mentor_id, "label": x.mentor_name, "run_id": run.id,
            "who_id": x.mentor_id, "options": []})
        mentor["options"].append({"id": x.request_id, "label": x.mentee_name})  # type: ignore[attr-defined]
    if not allowed:
        raise errors.Conflict("В прогоне нет допустимых пар: ранжировать некого")
    return container.questionnaires.invite(p, questionnaire_id, [*mentees.values(), *mentors.values()], valid_days)


def rankings_from_answers(container: Container, p: Principal, run_id: str) -> RunRead:
    """«Взять из анкет»: the answered rankings set on the run (the stable assignment is built by matching)."""
    run = _preferences_run(container, p, run_id)
    found = container.questionnaires.preference_rankings(p, run_id)
    if not found.answered:
        raise errors.Conflict("Ответов на анкету предпочтений по этому прогону пока нет")
    return container.matching.set_rankings(
        p, run_id, mentees={r.who_id: r.ranked_ids for r in found.mentees},
        mentors={r.who_id: r.ranked_ids for r in found.mentors}, version=run.version)
