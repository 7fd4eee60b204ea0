"""Questionnaires ↔ their proto messages (questionnaires.proto)."""

from __future__ import annotations

from datetime import datetime

from mentorship.monitoring.v1 import questionnaires_pb2 as pb
from monitoring.domain.invitations import Invitation, Invitee, RankOption
from monitoring.domain.measurement import Dynamics
from monitoring.domain.questionnaires import Draft, Question, Questionnaire, Section
from monitoring.service_layer.questionnaire_handlers import Listed, ResponseView


def _at(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def sections_msg(sections: tuple[Section, ...]) -> list[pb.Section]:
    return [pb.Section(title=s.title, questions=[
        pb.Question(id=q.id, kind=q.kind, text=q.text, required=q.required, options=list(q.options),
                    scale_min=q.scale_min, scale_max=q.scale_max, rows=list(q.rows)) for q in s.questions])
        for s in sections]


def questionnaire_msg(q: Questionnaire, responses: int = 0, invitations: int = 0) -> pb.Questionnaire:
    return pb.Questionnaire(id=q.id, series_id=q.series_id, version=q.version, title=q.title, purpose=q.purpose,
                            forms=list(q.forms), anonymous=q.anonymous, status=q.status,
                            sections=sections_msg(q.sections), created_at=_at(q.created_at),
                            published_at=_at(q.published_at), responses=responses, invitations=invitations)


def listed_msg(listed: Listed) -> pb.Questionnaire:
    return questionnaire_msg(listed.questionnaire, listed.responses, listed.invitations)


def draft_of(request: pb.SaveQuestionnaireRequest) -> Draft:
    sections = tuple(Section(s.title, tuple(Question("", q.kind, q.text, q.required, tuple(q.options), q.scale_min,
                                                     q.scale_max, tuple(q.rows)) for q in s.questions))
                     for s in request.sections)
    return Draft(request.title, request.purpose, tuple(request.forms), request.anonymous, sections)


def invitee_of(i: pb.Invitee) -> Invitee:
    return Invitee(i.respondent_kind, i.respondent_id, i.label, i.pair_id, i.stage, i.run_id, i.who_id,
                   tuple(RankOption(o.id, o.label) for o in i.options))


def invitation_msg(inv: Invitation) -> pb.Invitation:
    i = inv.invitee
    return pb.Invitation(id=inv.id, questionnaire_id=inv.questionnaire_id, respondent_kind=i.respondent_kind,
                         respondent_id=i.respondent_id, label=i.label, pair_id=i.pair_id, stage=i.stage,
                         run_id=i.run_id, who_id=i.who_id, expires_at=_at(inv.expires_at), used=inv.used,
                         created_at=_at(inv.created_at))


def answers_of(answers: list[pb.Answer]) -> dict[str, list[str]]:
    sent: dict[str, list[str]] = {}
    for a in answers:
        sent.setdefault(a.question_id, []).extend(a.values)
    return sent


def response_msg(questionnaire_id: str, r: ResponseView) -> pb.Response:
    return pb.Response(id=r.id, questionnaire_id=questionnaire_id, channel=r.channel,
                       submitted_on=r.submitted_on.isoformat(),
                       answers=[pb.Answer(question_id=k, values=v) for k, v in r.answers.items()],
                       respondent_kind=r.respondent_kind, respondent_id=r.respondent_id, label=r.label,
                       pair_id=r.pair_id, stage=r.stage)


def dynamics_msg(questionnaire_id: str, pair_id: str, d: Dynamics, pair_ids: list[str]) -> pb.Dynamics:
    return pb.Dynamics(questionnaire_id=questionnaire_id, pair_id=pair_id, participants=d.participants,
                       improved=d.improved, entry_only=d.entry_only, share_improved=round(d.share_improved, 4),
                       pair_ids=pair_ids, scales=[
                           pb.ScaleChange(key=s.key, label=s.label, entry_mean=s.entry_mean, exit_mean=s.exit_mean,
                                          change=s.change, participants=s.participants) for s in d.scales])
