"""The pair list's filters and its keyset page token: the last row's (mentee name, id), opaque to clients."""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mentorship_kit.errors import FieldProblem

if TYPE_CHECKING:
    from matching.domain.pairs import Pair

_NAME_LIMIT = 400


@dataclass(frozen=True)
class PairFilters:
    status: str = ""
    mentor_id: str = ""
    mentee_id: str = ""
    form: str = ""
    kind: str = ""
    run_id: str = ""


def page_token(last: Pair) -> str:
    raw = f"{last.mentee_name[:_NAME_LIMIT]}\x00{last.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def token_key(token: str) -> tuple[str, str] | None:
    """(name, id) of a token, or None for none or a malformed one (the handler refuses those before SQL)."""
    if not token or len(token) > 2 * _NAME_LIMIT:
        return None
    try:
        name, _, pair_id = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode().partition("\x00")
        uuid.UUID(pair_id)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return name, pair_id


def filter_problems(f: PairFilters, token: str, *, statuses: tuple[str, ...], forms: tuple[str, ...],
                    kinds: tuple[str, ...]) -> list[FieldProblem]:
    """What a client can type into the filters, checked before it reaches SQL (a 422, never a 503)."""
    problems = []
    if f.status and f.status not in statuses:
        problems.append(FieldProblem("status", "Состояние пары: active, completed или closed"))
    if f.form and f.form not in forms:
        problems.append(FieldProblem("form", "Неизвестная форма наставничества"))
    if f.kind and f.kind not in kinds:
        problems.append(FieldProblem("kind", "Неизвестный вид наставничества"))
    ids = (("mentor_id", f.mentor_id, "наставника"), ("mentee_id", f.mentee_id, "наставляемого"),
           ("run_id", f.run_id, "прогона"))
    for field, value, title in ids:
        try:
            if value:
                uuid.UUID(value)
        except ValueError:
            problems.append(FieldProblem(field, f"Неверный идентификатор {title}"))
    if token and token_key(token) is None:
        problems.append(FieldProblem("page_token", "Неверная ссылка на страницу: откройте список заново"))
    return problems
