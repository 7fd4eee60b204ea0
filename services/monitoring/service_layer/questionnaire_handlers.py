"""Use cases of the questionnaires (issue 13 items 1-4, ADR 012): the builder and its templates, personal one-time
links, paper forms, the answers (anonymous ones without a respondent), the before/after dynamics and the rankings of a
preferences questionnaire for matching.

Staff use cases act in the caller's school. The two of a link (:func:`open_invitation`, :func:`answer_invitation`)
are called as ``system:respondent``: the token's hash admits its one invitation, whose school the rest of the
transaction is then bound to."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from mentorship_kit.errors import Conflict, Forbidden, NotFound, ValidationFailed
from mentorship_kit.policy import Action, require
from mentorship_kit.principal import Principal, Scope
from monitoring.domain import measurement as m
from monitoring.domain.events import MeasurementRecorded, SurveyAnswered
from monitoring.domain.invitations import (
    GONE,
    Invitation,
    Invitee,
    RankOption,
    clean_invitees,
    expiry,
    new_token,
    refuse_unpublished,
    token_hash,
)
from monitoring.domain.questionnaire_templates import TEMPLATES
from monitoring.domain.questionnaires import (
    Answers,
    Draft,
    Questionnaire,
    clean_answers,
    clean_draft,
    edit,
    publish,
    scale_items,
    scale_values,
)
from monitoring.service_layer.questionnaire_unit_of_work import QuestionnaireUnitOfWork

Clock = Callable[[], datetime]
RESPONDENT = "system:respondent"
ANONYMOUS_MIN = 3
"""Anonymous answers are shown (and exported) once there are at least this many: one answer alone is its author's."""
NOT_FOUND = "Анкета не найдена"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Listed:
    questionnaire: Questionnaire
    responses: int
    invitations: int


def _get(uow: QuestionnaireUnitOfWork, questionnaire_id: str, *, lock: bool = False) -> Questionnaire:
    try:
        uuid.UUID(questionnaire_id)
    except ValueError:
        raise NotFound(NOT_FOUND) from None
    q = uow.questionnaires.get(questionnaire_id, lock=lock)
    if q is None:
        raise NotFound(NOT_FOUND)
    return q


def _listed(uow: QuestionnaireUnitOfWork, q: Questionnaire) -> Listed:
    answers, invited = uow.questionnaires.counts(q.id)
    return Listed(q, answers, invited)


def list_templates(uow: QuestionnaireUnitOfWork, *, now: Clock = utc_now) -> list[Questionnaire]:
    require(uow.principal, Action.QUESTIONNAIRE_READ)
    at = now()
    return [Questionnaire(id=t.key, series_id="", version=1, org_id="", municipality_id="", region_id="",
                          title=t.draft.title, purpose=t.draft.purpose, forms=t.draft.forms,
                          anonymous=t.draft.anonymous, status="template", sections=t.draft.sections,
                          created_by="", created_at=at) for t in TEMPLATES.values()]


def _new(uow: QuestionnaireUnitOfWork, draft: Draft, now: datetime, *, series_id: str = "",
         version: int = 1) -> Questionnaire:
    p = uow.principal
    return Questionnaire(id=str(uuid.uuid4()), series_id=series_id or str(uuid.uuid4()), version=version,
                         org_id=p.org_id or "", municipality_id=p.municipality_id or "", region_id=p.region_id or "",
                         title=draft.title, purpose=draft.purpose, forms=draft.forms, anonymous=draft.anonymous,
                         status="draft", sections=draft.sections, created_by=p.user_id, created_at=now)


def copy_template(key: str, uow: QuestionnaireUnitOfWork, *, now: Clock = utc_now) -> Listed:
    require(uow.principal, Action.QUESTIONNAIRE_MANAGE)
    template = TEMPLATES.get(key)
    if template is None:
        raise NotFound("Шаблон анкеты не найден")
    with uow:
        q = _new(uow, template.draft, now())
        uow.questionnaires.add(q)
        uow.commit()
    return Listed(q, 0, 0)


def list_questionnaires(purpose: str, uow: QuestionnaireUnitOfWork) -> list[Listed]:
    require(uow.principal, Action.QUESTIONNAIRE_READ)
    with uow:
        return [Listed(q, a, i) for q, a, i in uow.questionnaires.listing(purpose)]


def get_questionnaire(questionnaire_id: str, uow: QuestionnaireUnitOfWork) -> Listed:
    require(uow.principal, Action.QUESTIONNAIRE_READ)
    with uow:
        return _listed(uow, _get(uow, questionnaire_id))


def save_questionnaire(questionnaire_id: str, draft: Draft, uow: QuestionnaireUnitOfWork, *,
                       now: Clock = utc_now) -> Listed:
    """A new draft (no id) or a change of a draft; a published questionnaire is frozen (Conflict)."""
    require(uow.principal, Action.QUESTIONNAIRE_MANAGE)
    with uow:
        if not questionnaire_id:
            q = _new(uow, clean_draft(draft), now())
            uow.questionnaires.add(q)
        else:
            q = edit(_get(uow, questionnaire_id, lock=True), draft)
            uow.questionnaires.update(q)
        listed = _listed(uow, q)
        uow.commit()
    return listed


def publish_questionnaire(questionnaire_id: str, uow: QuestionnaireUnitOfWork, *, now: Clock = utc_now) -> Listed:
    require(uow.principal, Action.QUESTIONNAIRE_MANAGE)
    with uow:
        q = publish(_get(uow, questionnaire_id, lock=True), now())
        uow.questionnaires.update(q)
        listed = _listed(uow, q)
        uow.commit()
    return listed


def new_version(questionnaire_id: str, uow: QuestionnaireUnitOfWork, *, now: Clock = utc_now) -> Listed:
    """The next version of a published questionnaire's series, as a draft with the same content."""
    require(uow.principal, Action.QUESTIONNAIRE_MANAGE)
    with uow:
        old = _get(uow, questionnaire_id)
        draft = Draft(old.title, old.purpose, old.forms, old.anonymous, old.sections)
        q = _new(uow, draft, now(), series_id=old.series_id, version=uow.questionnaires.next_version(old.series_id))
        uow.questionnaires.add(q)
        uow.commit()
    return Listed(q, 0, 0)


def invite(questionnaire_id: str, invitees: list[Invitee], valid_days: int, uow: QuestionnaireUnitOfWork, *,
           now: Clock = utc_now) -> list[tuple[Invitation, str]]:
    """One link per invitee; the token is returned here only — the database keeps its hash."""
    require(uow.principal, Action.QUESTIONNAIRE_MANAGE)
    at = now()
    with uow:
        q = _get(uow, questionnaire_id)
        refuse_unpublished(q.status)
        cleaned, days = clean_invitees(invitees, purpose=q.purpose, valid_days=valid_days)
        issued: list[tuple[Invitation, str]] = []
        for invitee in cleaned:
            token = new_token()
            inv = Invitation(id=str(uuid.uuid4()), org_id=q.org_id, municipality_id=q.municipality_id,
                             region_id=q.region_id, questionnaire_id=q.id, token_hash=token_hash(token),
                             invitee=invitee, expires_at=expiry(at, days), used=False, used_at=None,
                             created_by=uow.principal.user_id, created_at=at)
            uow.questionnaires.add_invitation(inv)
            issued.append((inv, token))
        uow.commit()
    return issued


def invitations(questionnaire_id: str, uow: QuestionnaireUnitOfWork) -> list[Invitation]:
    require(uow.principal, Action.QUESTIONNAIRE_READ)
    with uow:
        _get(uow, questionnaire_id)
        return uow.questionnaires.invitations(questionnaire_id)


def _respondent_only(uow: QuestionnaireUnitOfWork) -> None:
    p = uow.principal
    if p.scope is not Scope.SYSTEM or p.user_id != RESPONDENT:
        raise Forbidden("Анкета по ссылке открывается только по ссылке")


def _by_token(uow: QuestionnaireUnitOfWork, token: str, at: datetime) -> tuple[Invitation, Questionnaire]:
    if not token or len(token) > 100:
        raise NotFound(GONE)
    hashed = token_hash(token)
    uow.questionnaires.bind_token(hashed)
    inv = uow.questionnaires.invitation_by_token(hashed)
    if inv is None:
        raise NotFound(GONE)
    inv.check_open(at)
    uow.bind_school(Principal(user_id=f"respondent:{inv.id}", roles=frozenset(), scope=Scope.ORG,
                              org_id=inv.org_id, municipality_id=inv.municipality_id, region_id=inv.region_id))
    q = uow.questionnaires.get(inv.questionnaire_id)
    if q is None or q.status != "published":
        raise NotFound(GONE)
    return inv, q


def open_invitation(token: str, uow: QuestionnaireUnitOfWork, *,
                    now: Clock = utc_now) -> tuple[Questionnaire, tuple[RankOption, ...], datetime]:
    _respondent_only(uow)
    with uow:
        inv, q = _by_token(uow, token, now())
        return q, inv.invitee.options, inv.expires_at


def answer_invitation(token: str, sent: Mapping[str, Sequence[str]], uow: QuestionnaireUnitOfWork, *,
                      now: Clock = utc_now) -> tuple[str, date]:
    """The link's one answer; for an anonymous questionnaire the invitation records only «used»."""
    _respondent_only(uow)
    at = now()
    with uow:
        inv, q = _by_token(uow, token, at)
        _answer(uow, inv, q, sent, at, recorded_by="link")
        uow.commit()
    return q.title, at.date()


# ---- a signed-in participant's own invitations (ADR 012 addendum) -------------------------------------------------
# The participant's login reaches only the invitations with its own respondent_id (row-level security, monitoring
# 0011); once one is found that way, the rest of the transaction acts in the school, as a link's answer does.


@dataclass(frozen=True)
class MyInvitation:
    invitation: Invitation
    questionnaire: Questionnaire


def _me(uow: QuestionnaireUnitOfWork) -> tuple[str, str] | None:
    """The caller's participant id and role; None for a login of the role with no card behind it (nothing is his)."""
    require(uow.principal, Action.QUESTIONNAIRE_ANSWER)
    p = uow.principal
    if not p.participant_id or p.participant_role is None:
        return None
    return p.participant_id, p.participant_role.value


def _school(inv: Invitation) -> Principal:
    return Principal(user_id=f"respondent:{inv.id}", roles=frozenset(), scope=Scope.ORG, org_id=inv.org_id,
                     municipality_id=inv.municipality_id, region_id=inv.region_id)


def my_invitations(uow: QuestionnaireUnitOfWork, *, now: Clock = utc_now) -> list[MyInvitation]:
    """«Мои анкеты»: the open invitations sent to the caller, soonest to expire first."""
    who = _me(uow)
    if who is None:
        return []
    me, kind = who
    at = now()
    with uow:
        own = [i for i in uow.questionnaires.invitations_of(kind, me)
               if not i.used and i.expires_at > at and i.invitee.respondent_id == me]
        if not own:
            return []
        uow.bind_school(_school(own[0]))
        found = [(i, uow.questionnaires.get(i.questionnaire_id)) for i in own]
    return sorted((MyInvitation(i, q) for i, q in found if q is not None and q.status == "published"),
                  key=lambda x: (x.invitation.expires_at, x.questionnaire.title))


def _mine(uow: QuestionnaireUnitOfWork, invitation_id: str, at: datetime) -> tuple[Invitation, Questionnaire]:
    who = _me(uow)
    try:
        uuid.UUID(invitation_id)
    except ValueError:
        raise NotFound(GONE) from None
    if who is None:
        raise NotFound(GONE)
    me, kind = who
    inv = uow.questionnaires.invitation(invitation_id)
    if inv is None or (inv.invitee.respondent_kind, inv.invitee.respondent_id) != (kind, me):
        raise NotFound(GONE)
    inv.check_open(at)
    uow.bind_school(_school(inv))
    q = uow.questionnaires.get(inv.questionnaire_id)
    if q is None or q.status != "published":
        raise NotFound(GONE)
    return inv, q


def open_my_invitation(invitation_id: str, uow: QuestionnaireUnitOfWork, *,
                       now: Clock = utc_now) -> tuple[Questionnaire, tuple[RankOption, ...], datetime]:
    with uow:
        inv, q = _mine(uow, invitation_id, now())
        return q, inv.invitee.options, inv.expires_at


def answer_my_invitation(invitation_id: str, sent: Mapping[str, Sequence[str]], uow: QuestionnaireUnitOfWork, *,
                         now: Clock = utc_now) -> tuple[str, date]:
    """The participant's one answer to his or her invitation, as by its link: for an anonymous questionnaire the
    invitation records only «used» and the answer keeps nothing of the participant."""
    at = now()
    with uow:
        inv, q = _mine(uow, invitation_id, at)
        _answer(uow, inv, q, sent, at, recorded_by="platform")
        uow.commit()
    return q.title, at.date()


def _answer(uow: QuestionnaireUnitOfWork, inv: Invitation, q: Questionnaire, sent: Mapping[str, Sequence[str]],
            at: datetime, *, recorded_by: str) -> None:
    answers = clean_answers(q, sent, ranking_options=[o.id for o in inv.invitee.options])
    i = inv.invitee
    respondent = None if q.anonymous else {
        "invitation_id": inv.id, "respondent_kind": i.respondent_kind, "respondent_id": i.respondent_id,
        "label": i.label, "pair_id": i.pair_id, "stage": i.stage, "submitted_at": at, "recorded_by": recorded_by}
    if not uow.questionnaires.mark_used(inv.id, None if q.anonymous else at):
        raise NotFound(GONE)  # answered a moment ago (the same link, or the link and the platform)
    _store(uow, q, answers, channel="link", at=at, respondent=respondent)


def record_paper(questionnaire_id: str, sent: Mapping[str, Sequence[str]], invitee: Invitee,
                 uow: QuestionnaireUnitOfWork, *, now: Clock = utc_now) -> tuple[str, date]:
    """A paper form the curator types in; for an anonymous questionnaire nothing about the respondent is kept."""
    require(uow.principal, Action.QUESTIONNAIRE_MANAGE)
    at = now()
    with uow:
        q = _get(uow, questionnaire_id)
        refuse_unpublished(q.status)
        problems = []
        respondent = None
        if not q.anonymous:
            try:
                (who,), _ = clean_invitees([invitee], purpose=q.purpose if q.purpose != "preferences" else "",
                                           valid_days=1)
            except ValidationFailed as exc:
                problems += exc.problems
            else:
                respondent = {"invitation_id": None, "respondent_kind": who.respondent_kind,
                              "respondent_id": who.respondent_id, "label": who.label, "pair_id": who.pair_id,
                              "stage": who.stage, "submitted_at": at, "recorded_by": uow.principal.user_id}
        try:
            answers = clean_answers(q, sent)
        except ValidationFailed as exc:
            problems += exc.problems
        if problems:
            raise ValidationFailed(problems)
        _store(uow, q, answers, channel="paper", at=at, respondent=respondent)
        uow.commit()
    return q.title, at.date()


def _respondent_key(row: Mapping[str, Any]) -> str:
    return str(row.get("respondent_id") or "") or f"label:{row.get('label') or ''}"


def _store(uow: QuestionnaireUnitOfWork, q: Questionnaire, answers: Answers, *, channel: str, at: datetime,
           respondent: dict[str, Any] | None) -> None:
    uow.questionnaires.add_response(response_id=str(uuid.uuid4()), q=q, channel=channel, submitted_on=at.date(),
                                    answers=answers, respondent=respondent)
    tenant = {"org_id": q.org_id, "municipality_id": q.municipality_id, "region_id": q.region_id}
    uow.collect(SurveyAnswered(questionnaire_id=q.id, **tenant, purpose=q.purpose, channel=channel,
                               answered_on=at.date().isoformat(), questions_answered=len(answers)))
    if q.purpose == "measurement" and respondent is not None and respondent["stage"]:
        key = _respondent_key(respondent)
        entries = [r for r in uow.questionnaires.responses(q.id) if r["stage"] == "entry" and _respondent_key(r) == key]
        entry = (m.Measurement(key, "", "entry", scale_values(q, entries[-1]["answers"])) if entries else None)
        this = m.Measurement(key, respondent["pair_id"], respondent["stage"], scale_values(q, answers))
        mean, change = m.mean_change(this, entry)
        uow.collect(MeasurementRecorded(questionnaire_id=q.id, **tenant, pair_id=respondent["pair_id"],
                                        stage=respondent["stage"], recorded_on=at.date().isoformat(),
                                        scale_mean=mean, mean_change=change,
                                        has_entry=entry is not None and this.stage == "exit"))


@dataclass(frozen=True)
class ResponseView:
    id: str
    channel: str
    submitted_on: date
    answers: Answers
    respondent_kind: str = ""
    respondent_id: str = ""
    label: str = ""
    pair_id: str = ""
    stage: str = ""


def responses(questionnaire_id: str, uow: QuestionnaireUnitOfWork) -> tuple[Listed, list[ResponseView]]:
    """The answers, oldest first. Anonymous ones are held back until there are :data:`ANONYMOUS_MIN` of them."""
    require(uow.principal, Action.QUESTIONNAIRE_READ)
    with uow:
        listed = _listed(uow, _get(uow, questionnaire_id))
        rows = uow.questionnaires.responses(questionnaire_id)
    if listed.questionnaire.anonymous:
        if len(rows) < ANONYMOUS_MIN:
            return listed, []
        return listed, [ResponseView(str(r["id"]), r["channel"], r["submitted_on"], r["answers"]) for r in rows]
    return listed, [ResponseView(str(r["id"]), r["channel"], r["submitted_on"], r["answers"],
                                 r["respondent_kind"] or "", r["respondent_id"] or "", r["label"] or "",
                                 r["pair_id"] or "", r["stage"] or "") for r in rows]


def dynamics(questionnaire_id: str, pair_id: str, uow: QuestionnaireUnitOfWork) -> tuple[m.Dynamics, list[str]]:
    """Before/after of a measurement questionnaire for the school, or for one pair's participants."""
    require(uow.principal, Action.QUESTIONNAIRE_READ)
    with uow:
        q = _get(uow, questionnaire_id)
        rows = uow.questionnaires.responses(questionnaire_id)
    if q.purpose != "measurement":
        raise Conflict("Динамика считается только по анкете замера на входе и на выходе")
    measured = [r for r in rows if r["stage"] in m.STAGES]
    pair_ids = sorted({r["pair_id"] for r in measured if r["pair_id"]})
    if pair_id:
        # a pair's participants: whoever answered with that pair at either stage
        people = {_respondent_key(r) for r in measured if r["pair_id"] == pair_id}
        measured = [r for r in measured if _respondent_key(r) in people]
    found = [m.Measurement(_respondent_key(r), r["pair_id"], r["stage"], scale_values(q, r["answers"]))
             for r in measured]
    return m.dynamics(scale_items(q), found), pair_ids


def preference_rankings(run_id: str, uow: QuestionnaireUnitOfWork) -> tuple[dict[str, list[str]],
                                                                            dict[str, list[str]], int, int]:
    """(mentees' rankings by request, mentors' rankings by mentor, invited, answered) from the answers to the
    preferences invitations made for the run; the latest questionnaire's answer per participant wins."""
    require(uow.principal, Action.QUESTIONNAIRE_READ)
    mentees: dict[str, list[str]] = {}
    mentors: dict[str, list[str]] = {}
    with uow:
        invited = uow.questionnaires.invitations_for_run(run_id)
        by_invitation = {inv.id: inv for inv in invited}
        answered = 0
        for questionnaire_id in dict.fromkeys(inv.questionnaire_id for inv in invited):
            q = uow.questionnaires.get(questionnaire_id)
            if q is None:
                continue
            ranking = [x.id for x in q.questions if x.kind == "ranking"]
            for row in uow.questionnaires.responses(questionnaire_id):
                inv = by_invitation.get(str(row["invitation_id"] or ""))
                if inv is None or not ranking:
                    continue
                answered += 1
                ranked = [x for x in row["answers"].get(ranking[0], [])]
                side = mentors if inv.invitee.respondent_kind == "mentor" else mentees
                side[inv.invitee.who_id] = ranked
    return mentees, mentors, len(invited), answered
