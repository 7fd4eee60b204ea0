"""Use cases of groups (read) and of the psychologist's compatibility marks (record, list)."""

from __future__ import annotations

from matching.domain import commands
from matching.domain.compatibility import CompatibilityMark, parse_mark
from matching.domain.groups import Group
from matching.service_layer.repositories import PoolSource
from matching.service_layer.run_handlers import _tenant, known_id, now
from matching.service_layer.unit_of_work import UnitOfWork
from mentorship_kit.errors import NotFound
from mentorship_kit.policy import Action, require

GROUP_NOT_FOUND = "Группа не найдена"


def list_groups(uow: UnitOfWork, *, run_id: str = "", limit: int = 200) -> list[Group]:
    require(uow.principal, Action.PAIR_READ)
    if run_id:
        known_id(run_id, "Прогон подбора не найден")
    with uow:
        return uow.groups.list(run_id=run_id, limit=max(1, min(limit or 200, 500)))


def get_group(group_id: str, uow: UnitOfWork) -> Group:
    require(uow.principal, Action.PAIR_READ)
    known_id(group_id, GROUP_NOT_FOUND)
    with uow:
        group = uow.groups.get(group_id)
    if group is None:
        raise NotFound(GROUP_NOT_FOUND)
    return group


def record_compatibility(cmd: commands.RecordCompatibility, uow: UnitOfWork,
                         pool_source: PoolSource) -> CompatibilityMark:
    """«Оценка педагога-психолога», recorded by the curator: the mentor must be in the school's base and the
    mentee must have a request in it (open or matched), both as the registry shows them to the curator now."""
    require(uow.principal, Action.MATCHING_RUN)
    tenant = _tenant(uow.principal)
    known_id(cmd.mentor_id, "Наставник не найден в базе наставников школы")
    known_id(cmd.mentee_id, "Наставляемый не найден в базе наставляемых школы")
    at = now()
    mark = parse_mark(mentor_id=cmd.mentor_id, mentee_id=cmd.mentee_id, mark=cmd.mark, assessed_on=cmd.assessed_on,
                      note=cmd.note, today=at.date(), recorded_by=uow.principal.user_id, at=at)
    pool = pool_source.snapshot()
    if pool.mentor(cmd.mentor_id) is None:
        raise NotFound("Наставник не найден в базе наставников школы")
    if not any(r.mentee_id == cmd.mentee_id for r in pool.requests):
        raise NotFound("У наставляемого нет открытого запроса на наставничество в школе")
    with uow:
        uow.marks.put(mark, tenant=tenant)
        uow.commit()
    return mark


def list_compatibility(uow: UnitOfWork, *, mentee_id: str = "") -> list[CompatibilityMark]:
    require(uow.principal, Action.MATCHING_READ)
    if mentee_id:
        known_id(mentee_id, "Наставляемый не найден в базе наставляемых школы")
    with uow:
        return uow.marks.all(mentee_id=mentee_id)
