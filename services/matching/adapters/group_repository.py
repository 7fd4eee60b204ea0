"""Groups and their members, and the psychologist's compatibility marks, in PostgreSQL (the bound school only)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from matching.adapters.tables import compatibility_marks, group_history, group_members, pair_groups
from matching.domain.compatibility import CompatibilityMark, Mark
from matching.domain.group_history import GroupHistoryEntry
from matching.domain.groups import Group, GroupMember, GroupStatus

_FIELDS = ("run_id", "form", "kind", "term_start", "term_end", "reporting", "created_by", "created_at")


class SqlGroupRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, group: Group) -> None:
        tenant = {"org_id": group.org_id, "municipality_id": group.municipality_id, "region_id": group.region_id}
        self._s.execute(insert(pair_groups).values(
            id=group.id, **tenant, status=group.status.value, version=group.version, close_reason=group.close_reason,
            outcome=group.outcome, closed_at=group.closed_at, team_outcome=group.team_outcome,
            mentor_ids=list(group.mentor_ids), mentor_names=list(group.mentor_names),
            **{f: getattr(group, f) for f in _FIELDS}))
        self._s.execute(insert(group_members), [
            {"group_id": group.id, **tenant, **m.__dict__, "active": m.active and group.status is GroupStatus.ACTIVE}
            for m in group.members])

    def save(self, group: Group) -> None:
        """A member's seat counts while both the member and the group are active (``active_load``)."""
        self._s.execute(update(pair_groups).where(pair_groups.c.id == group.id).values(
            status=group.status.value, version=group.version, close_reason=group.close_reason,
            outcome=group.outcome, closed_at=group.closed_at, team_outcome=group.team_outcome,
            mentor_ids=list(group.mentor_ids),
            mentor_names=list(group.mentor_names)))
        for m in group.members:
            self._s.execute(update(group_members).where(group_members.c.group_id == group.id,
                                                        group_members.c.request_id == m.request_id).values(
                active=m.active and group.status is GroupStatus.ACTIVE, left_reason=m.left_reason,
                left_at=m.left_at))

    def active_of(self, *, mentor_id: str = "", mentee_id: str = "", lock: bool = False) -> list[Group]:
        q = select(pair_groups).where(pair_groups.c.status == GroupStatus.ACTIVE.value)
        held = select(group_members.c.group_id).where(group_members.c.mentee_id == mentee_id, group_members.c.active)
        if mentor_id and mentee_id:
            q = q.where(pair_groups.c.mentor_ids.any(mentor_id) | pair_groups.c.id.in_(held))
        elif mentor_id:
            q = q.where(pair_groups.c.mentor_ids.any(mentor_id))
        else:
            q = q.where(pair_groups.c.id.in_(held))
        q = q.order_by(pair_groups.c.id)  # one lock order for every consumer
        return self._load(self._s.execute(q.with_for_update() if lock else q).all())

    def record(self, entry: GroupHistoryEntry, group: Group) -> None:
        self._s.execute(insert(group_history).values(
            org_id=group.org_id, municipality_id=group.municipality_id, region_id=group.region_id,
            group_id=entry.group_id, action=entry.action, actor=entry.actor, at=entry.at, detail=entry.detail[:1000]))

    def history(self, group_id: str) -> list[GroupHistoryEntry]:
        rows = self._s.execute(select(group_history).where(group_history.c.group_id == group_id)
                               .order_by(group_history.c.at, group_history.c.id)).all()
        return [GroupHistoryEntry(group_id=str(r.group_id), action=r.action, actor=r.actor, at=r.at, detail=r.detail)
                for r in rows]

    def _load(self, rows: Sequence[Any]) -> list[Group]:
        if not rows:
            return []
        members: dict[str, list[GroupMember]] = {}
        found = self._s.execute(select(group_members).where(group_members.c.group_id.in_([r.id for r in rows]))
                                .order_by(group_members.c.mentee_name, group_members.c.request_id)).all()
        for m in found:
            members.setdefault(str(m.group_id), []).append(GroupMember(
                request_id=str(m.request_id), mentee_id=str(m.mentee_id), mentee_name=m.mentee_name,
                mentor_id=str(m.mentor_id), active=bool(m.active), left_reason=m.left_reason, left_at=m.left_at))
        return [Group(id=str(r.id), org_id=str(r.org_id), municipality_id=str(r.municipality_id),
                      region_id=str(r.region_id), run_id=str(r.run_id), form=r.form, kind=r.kind,
                      term_start=r.term_start, term_end=r.term_end, reporting=r.reporting,
                      mentor_ids=tuple(str(x) for x in r.mentor_ids), mentor_names=tuple(r.mentor_names),
                      members=members.get(str(r.id), []), created_by=r.created_by, created_at=r.created_at,
                      status=GroupStatus(r.status), version=int(r.version), close_reason=r.close_reason,
                      outcome=r.outcome, closed_at=r.closed_at, team_outcome=r.team_outcome) for r in rows]

    def get(self, group_id: str, *, lock: bool = False) -> Group | None:
        q = select(pair_groups).where(pair_groups.c.id == group_id)
        found = self._load(self._s.execute(q.with_for_update() if lock else q).all())
        return found[0] if found else None

    def active_load(self) -> dict[str, int]:
        rows = self._s.execute(select(group_members.c.mentor_id, func.count()).where(group_members.c.active)
                               .group_by(group_members.c.mentor_id)).all()
        return {str(m): int(n) for m, n in rows}

    def active_requests(self) -> frozenset[str]:
        return frozenset(str(r) for r in self._s.execute(select(group_members.c.request_id)
                                                         .where(group_members.c.active)).scalars())
    def list(self, *, run_id: str, limit: int) -> list[Group]:
        q = select(pair_groups)
        if run_id:
            q = q.where(pair_groups.c.run_id == run_id)
        return self._load(self._s.execute(q.order_by(pair_groups.c.created_at.desc(), pair_groups.c.id)
                                          .limit(limit)).all())



def _mark(row: Any) -> CompatibilityMark:
    return CompatibilityMark(mentor_id=str(row.mentor_id), mentee_id=str(row.mentee_id), mark=Mark(row.mark),
                             assessed_on=row.assessed_on, note=row.note, recorded_by=row.recorded_by,
                             recorded_at=row.recorded_at)


class SqlMarkRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def put(self, mark: CompatibilityMark, *, tenant: tuple[str, str, str]) -> None:
        values = {"mark": mark.mark.value, "assessed_on": mark.assessed_on, "note": mark.note,
                  "recorded_by": mark.recorded_by, "recorded_at": mark.recorded_at}
        stmt = pg_insert(compatibility_marks).values(
            org_id=tenant[0], municipality_id=tenant[1], region_id=tenant[2], mentor_id=mark.mentor_id,
            mentee_id=mark.mentee_id, **values)
        self._s.execute(stmt.on_conflict_do_update(index_elements=["org_id", "mentor_id", "mentee_id"], set_=values))

    def all(self, *, mentee_id: str = "") -> list[CompatibilityMark]:
        q = select(compatibility_marks)
        if mentee_id:
            q = q.where(compatibility_marks.c.mentee_id == mentee_id)
        return [_mark(r) for r in self._s.execute(q.order_by(compatibility_marks.c.recorded_at.desc())).all()]
