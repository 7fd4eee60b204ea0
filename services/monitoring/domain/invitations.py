"""Personal one-time links (issue 13 item 2, ADR 012): an invitation to answer one questionnaire, reached by an
unguessable token (192 random bits) of which only the SHA-256 is stored; it expires and takes one answer.

An invitation names whom it was sent to so the curator sees who has not answered yet; for an anonymous questionnaire
that is all it keeps — the answer is stored apart with no column leading back to it, and the invitation records only
that it was used (no time). A signed-in participant will later answer his own invitation by ``respondent_id``."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from mentorship_kit.errors import Conflict, FieldProblem, NotFound, ValidationFailed

RESPONDENT_KINDS = ("mentor", "mentee", "curator", "participant")
STAGES = ("", "entry", "exit")
TOKEN_BYTES = 24
DEFAULT_DAYS, MAX_DAYS = 14, 90
LABEL_MAX = 200
INVITEES_MAX = 500
GONE = "Ссылка недействительна: анкета уже заполнена, срок ссылки истёк или ссылка набрана с ошибкой"


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class RankOption:
    id: str
    label: str


@dataclass(frozen=True)
class Invitee:
    respondent_kind: str
    respondent_id: str = ""
    label: str = ""
    pair_id: str = ""
    stage: str = ""
    run_id: str = ""
    who_id: str = ""
    options: tuple[RankOption, ...] = ()


@dataclass(frozen=True)
class Invitation:
    id: str
    org_id: str
    municipality_id: str
    region_id: str
    questionnaire_id: str
    token_hash: str
    invitee: Invitee
    expires_at: datetime
    used: bool
    used_at: datetime | None
    created_by: str
    created_at: datetime

    def check_open(self, now: datetime) -> None:
        """A used or expired link says the same as an unknown one: nothing about the invitation leaks."""
        if self.used or self.expires_at <= now:
            raise NotFound(GONE)


def clean_invitees(invitees: list[Invitee], *, purpose: str, valid_days: int) -> tuple[list[Invitee], int]:
    problems: list[FieldProblem] = []
    if not invitees:
        problems.append(FieldProblem("invitees", "Укажите, кому отправить ссылки"))
    if len(invitees) > INVITEES_MAX:
        problems.append(FieldProblem("invitees", f"Не больше {INVITEES_MAX} ссылок за раз"))
    days = valid_days or DEFAULT_DAYS
    if not 1 <= days <= MAX_DAYS:
        problems.append(FieldProblem("valid_days", f"Срок ссылки — от 1 до {MAX_DAYS} дней"))
    cleaned: list[Invitee] = []
    for n, invitee in enumerate(invitees, start=1):
        label = invitee.label.strip()
        if invitee.respondent_kind not in RESPONDENT_KINDS:
            problems.append(FieldProblem("invitees", f"Строка {n}: кто отвечает — выберите из списка"))
        if len(label) > LABEL_MAX:
            problems.append(FieldProblem("invitees", f"Строка {n}: не длиннее {LABEL_MAX} знаков"))
        if not label and not invitee.respondent_id:
            problems.append(FieldProblem("invitees", f"Строка {n}: укажите, для кого ссылка"))
        if invitee.stage not in STAGES:
            problems.append(FieldProblem("invitees", f"Строка {n}: этап замера — на входе или на выходе"))
        if purpose == "measurement" and not invitee.stage:
            problems.append(FieldProblem("invitees", f"Строка {n}: для замера укажите этап — на входе или на "
                                                     "выходе"))
        if purpose == "preferences" and (not invitee.run_id or not invitee.who_id or not invitee.options):
            problems.append(FieldProblem("invitees", f"Строка {n}: анкета предпочтений отправляется из прогона "
                                                     "подбора — с участниками, которых можно ранжировать"))
        cleaned.append(Invitee(invitee.respondent_kind, invitee.respondent_id.strip(), label, invitee.pair_id.strip(),
                               invitee.stage if purpose == "measurement" else "", invitee.run_id, invitee.who_id,
                               invitee.options))
    if problems:
        raise ValidationFailed(problems)
    return cleaned, days


def expiry(now: datetime, days: int) -> datetime:
    return now + timedelta(days=days)


def refuse_unpublished(status: str) -> None:
    if status != "published":
        raise Conflict("Ссылки и ответы — только для опубликованной анкеты: сначала опубликуйте её")
