"""Use cases of groups (read) and of the psychologist's compatibility marks (record, list)."""

from __future__ import annotations

import copy

from matching.domain import commands
from matching.domain.compatibility import CompatibilityMark, parse_mark
from matching.domain.events import GroupClosed, GroupMemberLeft
from matching.domain.group_history import GroupHistoryEntry
from matching.domain.groups import Group
from matching.service_layer.repositories import PoolSource
from matching.service_layer.run_handlers import _tenant, known_id, now
from matching.service_layer.unit_of_work import UnitOfWork
from mentorship_kit.errors import Conflict, NotFound
from mentorship_kit.policy import Action, Reach, owns, require
from mentorship_kit.principal import Principal

GROUP_NOT_FOUND = "Группа не найдена"


def is_own_group(principal: Principal, granted: Reach, group: Group) -> bool:
    """A participant's login (ADR 010): a group where he or she is one of the mentors or a member."""
    return owns(principal, granted, mentor_ids=group.mentor_ids, mentee_ids=[m.mentee_id for m in group.members])


def list_groups(uow: UnitOfWork, *, run_id: str = "", limit: int = 200) -> list[Group]:
    granted = require(uow.principal, Action.PAIR_READ)
    if run_id:
        known_id(run_id, "Прогон подбора не найден")
    with uow:
        found = uow.groups.list(run_id=run_id, limit=max(1, min(limit or 200, 500)))
    return [g for g in found if is_own_group(uow.principal, granted, g)]


def get_group(group_id: str, uow: UnitOfWork) -> Group:
    granted = require(uow.principal, Action.PAIR_READ)
    known_id(group_id, GROUP_NOT_FOUND)
    with uow:
        group = uow.groups.get(group_id)
    if group is None or not is_own_group(uow.principal, granted, group):
        raise NotFound(GROUP_NOT_FOUND)
    return group


def group_card(group_id: str, uow: UnitOfWork) -> tuple[Group, list[GroupHistoryEntry]]:
    """The group with its history, oldest first."""
    granted = require(uow.principal, Action.PAIR_READ)
    known_id(group_id, GROUP_NOT_FOUND)
    with uow:
        group = uow.groups.get(group_id)
        if group is None or not is_own_group(uow.principal, granted, group):
            raise NotFound(GROUP_NOT_FOUND)
        return group, uow.groups.history(group_id)


def _note(uow: UnitOfWork, group: Group, action: str, detail: str = "") -> None:
    uow.groups.record(GroupHistoryEntry(group_id=group.id, action=action, actor=uow.principal.user_id, at=now(),
                                        detail=detail), group)


def _locked(uow: UnitOfWork, group_id: str, version: int) -> Group:
    known_id(group_id, GROUP_NOT_FOUND)
    group = uow.groups.get(group_id, lock=True)
    if group is None:
        raise NotFound(GROUP_NOT_FOUND)
    if version and version != group.version:
        raise Conflict("Группа изменена другим пользователем: обновите страницу и повторите")
    return group


def close_group(cmd: commands.CloseGroup, uow: UnitOfWork) -> Group:
    """Closed early by the curator: the members still in it get their requests back (``GroupClosed``)."""
    require(uow.principal, Action.MATCHING_RUN)
    with uow:
        group = _locked(uow, cmd.group_id, cmd.version)
        remaining = group.close(cmd.reason, at=now())
        uow.groups.save(group)
        _note(uow, group, "closed", group.close_reason)
        uow.collect(GroupClosed(copy.deepcopy(group), tuple(remaining)))
        uow.commit()
    return group


def complete_group(cmd: commands.CompleteGroup, uow: UnitOfWork) -> Group:
    require(uow.principal, Action.MATCHING_RUN)
    with uow:
        group = _locked(uow, cmd.group_id, cmd.version)
        remaining = group.complete(cmd.outcome, at=now(), team_outcome=cmd.team_outcome)
        uow.groups.save(group)
        _note(uow, group, "completed", group.outcome)
        uow.collect(GroupClosed(copy.deepcopy(group), tuple(remaining)))
        uow.commit()
    return group


def leave_groups_of(cmd: commands.ClosePairsOf, uow: UnitOfWork) -> list[Group]:
    """The consumer's use case, beside ``close_pairs_of``: a mentee leaves their active groups (``GroupMemberLeft``),
    a group with no member left closes; a mentor out closes the groups they lead alone (a team goes on while it
    keeps a mentor). Idempotent: a member who already left or a closed group changes nothing."""
    changed: list[Group] = []
    with uow:
        found = uow.groups.active_of(mentor_id=cmd.mentor_id, mentee_id=cmd.mentee_id, lock=True)
        for group in found:
            at = now()
            close = False
            if cmd.mentee_id:
                for member in group.leave(cmd.mentee_id, cmd.reason, at=at):
                    _note(uow, group, "member_left", cmd.reason)
                    uow.collect(GroupMemberLeft(copy.deepcopy(group), member))  # as it was then
                close = not group.active_members
            if cmd.mentor_id and cmd.mentor_id in group.mentor_ids:
                if group.drop_mentor(cmd.mentor_id):
                    close = True
                else:
                    _note(uow, group, "mentor_left", cmd.reason)
            if close:
                remaining = group.close(cmd.reason if group.active_members else
                                        f"в группе не осталось наставляемых: {cmd.reason}", at=at)
                _note(uow, group, "closed", group.close_reason)
                uow.collect(GroupClosed(copy.deepcopy(group), tuple(remaining)))
            uow.groups.save(group)
            changed.append(group)
        uow.commit()
    return changed


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
