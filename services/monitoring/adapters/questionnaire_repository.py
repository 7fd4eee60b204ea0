"""Questionnaires, invitations and answers in PostgreSQL, inside the school the unit of work bound — except the one
lookup of an invitation by its token's hash, which row-level security admits by ``app.token_hash`` (ADR 012)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, func, insert, select, text, update
from sqlalchemy.orm import Session

from monitoring.adapters.tables import (
    questionnaire_invitations,
    questionnaire_responses,
    questionnaires,
    response_respondents,
)
from monitoring.domain.invitations import Invitation, Invitee, RankOption
from monitoring.domain.questionnaires import Answers, Question, Questionnaire, Section

_TENANT = ("org_id", "municipality_id", "region_id")


def sections_json(sections: tuple[Section, ...]) -> list[dict[str, Any]]:
    return [{"title": s.title, "questions": [{**asdict(q), "options": list(q.options), "rows": list(q.rows)}
                                             for q in s.questions]} for s in sections]


def sections_of(data: list[dict[str, Any]]) -> tuple[Section, ...]:
    return tuple(Section(s["title"], tuple(Question(q["id"], q["kind"], q["text"], bool(q["required"]),
                                                    tuple(q["options"]), int(q["scale_min"]), int(q["scale_max"]),
                                                    tuple(q["rows"])) for q in s["questions"])) for s in data)


def questionnaire_of(row: Any) -> Questionnaire:
    return Questionnaire(
        id=str(row.id), series_id=str(row.series_id), version=row.version, org_id=str(row.org_id),
        municipality_id=str(row.municipality_id), region_id=str(row.region_id), title=row.title, purpose=row.purpose,
        forms=tuple(row.forms), anonymous=row.anonymous, status=row.status, sections=sections_of(row.sections),
        created_by=row.created_by, created_at=row.created_at, published_at=row.published_at)


def _invitation(row: Any) -> Invitation:
    invitee = Invitee(row.respondent_kind, row.respondent_id, row.label, row.pair_id, row.stage, row.run_id,
                      row.who_id, tuple(RankOption(o["id"], o["label"]) for o in row.options))
    return Invitation(id=str(row.id), org_id=str(row.org_id), municipality_id=str(row.municipality_id),
                      region_id=str(row.region_id), questionnaire_id=str(row.questionnaire_id),
                      token_hash=row.token_hash, invitee=invitee, expires_at=row.expires_at, used=row.used,
                      used_at=row.used_at, created_by=row.created_by, created_at=row.created_at)


class SqlQuestionnaireRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    # ---- questionnaires
    def add(self, q: Questionnaire) -> None:
        self._s.execute(insert(questionnaires).values(self._values(q)))

    def update(self, q: Questionnaire) -> None:
        values = self._values(q)
        values.pop("id")
        self._s.execute(update(questionnaires).where(questionnaires.c.id == q.id).values(values))

    @staticmethod
    def _values(q: Questionnaire) -> dict[str, Any]:
        return {"id": q.id, **{n: getattr(q, n) for n in _TENANT}, "series_id": q.series_id, "version": q.version,
                "title": q.title, "purpose": q.purpose, "forms": list(q.forms), "anonymous": q.anonymous,
                "status": q.status, "sections": sections_json(q.sections), "created_by": q.created_by,
                "created_at": q.created_at, "published_at": q.published_at}

    def get(self, questionnaire_id: str, *, lock: bool = False) -> Questionnaire | None:
        query = select(questionnaires).where(questionnaires.c.id == questionnaire_id)
        row = self._s.execute(query.with_for_update() if lock else query).first()
        return questionnaire_of(row) if row else None

    def listing(self, purpose: str = "") -> list[tuple[Questionnaire, int, int]]:
        """Newest first, each with its counts of answers and of invitations."""
        answers = (select(func.count()).select_from(questionnaire_responses)
                   .where(questionnaire_responses.c.questionnaire_id == questionnaires.c.id).scalar_subquery())
        invited = (select(func.count()).select_from(questionnaire_invitations)
                   .where(questionnaire_invitations.c.questionnaire_id == questionnaires.c.id).scalar_subquery())
        query = select(questionnaires, answers.label("answers_count"), invited.label("invited_count"))
        if purpose:
            query = query.where(questionnaires.c.purpose == purpose)
        rows = self._s.execute(query.order_by(questionnaires.c.created_at.desc(), questionnaires.c.id)).all()
        return [(questionnaire_of(r), int(r.answers_count), int(r.invited_count)) for r in rows]

    def next_version(self, series_id: str) -> int:
        latest = self._s.execute(select(func.max(questionnaires.c.version))
                                 .where(questionnaires.c.series_id == series_id)).scalar()
        return int(latest or 0) + 1

    def counts(self, questionnaire_id: str) -> tuple[int, int]:
        answers = self._s.execute(select(func.count()).select_from(questionnaire_responses)
                                  .where(questionnaire_responses.c.questionnaire_id == questionnaire_id)).scalar()
        invited = self._s.execute(select(func.count()).select_from(questionnaire_invitations)
                                  .where(questionnaire_invitations.c.questionnaire_id == questionnaire_id)).scalar()
        return int(answers or 0), int(invited or 0)

    # ---- invitations
    def add_invitation(self, inv: Invitation) -> None:
        i = inv.invitee
        self._s.execute(insert(questionnaire_invitations).values(
            id=inv.id, **{n: getattr(inv, n) for n in _TENANT}, questionnaire_id=inv.questionnaire_id,
            token_hash=inv.token_hash, respondent_kind=i.respondent_kind, respondent_id=i.respondent_id,
            label=i.label, pair_id=i.pair_id, stage=i.stage, run_id=i.run_id, who_id=i.who_id,
            options=[{"id": o.id, "label": o.label} for o in i.options], expires_at=inv.expires_at, used=False,
            used_at=None, created_by=inv.created_by, created_at=inv.created_at))

    def bind_token(self, hashed: str) -> None:
        """Lets the policy ``questionnaire_invitations_by_token`` admit this one invitation in this transaction."""
        self._s.execute(text("SELECT set_config('app.token_hash', :h, true)"), {"h": hashed})

    def invitation_by_token(self, hashed: str) -> Invitation | None:
        # No FOR UPDATE here: under row-level security it would need the school's UPDATE policy, which the
        # token alone does not pass; the single use is settled by mark_used's conditional update instead.
        row = self._s.execute(select(questionnaire_invitations)
                              .where(questionnaire_invitations.c.token_hash == hashed)).first()
        return _invitation(row) if row else None

    def mark_used(self, invitation_id: str, used_at: datetime | None) -> bool:
        """True for the one caller that turned the invitation used (a concurrent second answer gets False)."""
        done = self._s.execute(update(questionnaire_invitations)
                               .where(questionnaire_invitations.c.id == invitation_id,
                                      questionnaire_invitations.c.used.is_(False))
                               .values(used=True, used_at=used_at))
        return cast(CursorResult[Any], done).rowcount == 1

    def invitations(self, questionnaire_id: str) -> list[Invitation]:
        rows = self._s.execute(select(questionnaire_invitations)
                               .where(questionnaire_invitations.c.questionnaire_id == questionnaire_id)
                               .order_by(questionnaire_invitations.c.created_at, questionnaire_invitations.c.label))
        return [_invitation(r) for r in rows]

    def invitations_of(self, respondent_kind: str, respondent_id: str) -> list[Invitation]:
        i = questionnaire_invitations
        rows = self._s.execute(select(i).where(i.c.respondent_kind == respondent_kind,
                                               i.c.respondent_id == respondent_id).order_by(i.c.created_at))
        return [_invitation(r) for r in rows]

    def invitation(self, invitation_id: str) -> Invitation | None:
        row = self._s.execute(select(questionnaire_invitations)
                              .where(questionnaire_invitations.c.id == invitation_id)).first()
        return _invitation(row) if row else None

    def invitations_for_run(self, run_id: str) -> list[Invitation]:
        rows = self._s.execute(select(questionnaire_invitations).where(questionnaire_invitations.c.run_id == run_id)
                               .order_by(questionnaire_invitations.c.created_at))
        return [_invitation(r) for r in rows]

    # ---- answers
    def add_response(self, *, response_id: str, q: Questionnaire, channel: str, submitted_on: date,
                     answers: Answers, respondent: dict[str, Any] | None) -> None:
        tenant = {n: getattr(q, n) for n in _TENANT}
        self._s.execute(insert(questionnaire_responses).values(
            id=response_id, **tenant, questionnaire_id=q.id, channel=channel, submitted_on=submitted_on,
            answers=answers))
        if respondent is not None:
            self._s.execute(insert(response_respondents).values(response_id=response_id, **tenant, **respondent))

    def responses(self, questionnaire_id: str) -> list[dict[str, Any]]:
        """Oldest first; the respondent's columns are empty where none is kept (anonymous answers)."""
        r, who = questionnaire_responses, response_respondents
        query = (select(r.c.id, r.c.channel, r.c.submitted_on, r.c.answers, who.c.respondent_kind,
                        who.c.respondent_id, who.c.label, who.c.pair_id, who.c.stage, who.c.invitation_id,
                        who.c.submitted_at)
                 .select_from(r.outerjoin(who, who.c.response_id == r.c.id))
                 .where(r.c.questionnaire_id == questionnaire_id)
                 .order_by(r.c.submitted_on, who.c.submitted_at.nulls_last(), r.c.id))
        return [dict(row._mapping) for row in self._s.execute(query)]
