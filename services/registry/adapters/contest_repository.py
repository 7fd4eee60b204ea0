"""Contests over the unit of work's session (migration 0018): row-level security decides what a tier or a juror
sees, so these queries never filter by tenant themselves."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from registry.adapters.contest_tables import contest_applications, contest_jurors, contest_scores, contests
from registry.adapters.guarded_writes import affected, insert_or_conflict

DUPLICATE = "Такая заявка в этой номинации уже подана"


class SqlContestRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add_contest(self, row: dict[str, Any]) -> None:
        self._s.execute(insert(contests).values(**row))

    def contest(self, contest_id: str, *, lock: bool = False) -> Any:
        q = select(contests).where(contests.c.id == contest_id)
        return self._s.execute(q.with_for_update() if lock else q).first()

    def update_contest(self, contest_id: str, revision: int, values: dict[str, Any]) -> bool:
        result = self._s.execute(update(contests).where(contests.c.id == contest_id, contests.c.revision == revision)
                                 .values(**values, revision=contests.c.revision + 1))
        return affected(result) == 1

    def contests(self, *, state: str) -> list[Any]:
        q = select(contests).order_by(contests.c.applications_until.desc(), contests.c.title)
        if state:
            q = q.where(contests.c.state == state)
        return list(self._s.execute(q))

    def application_counts(self, contest_ids: list[str]) -> dict[str, int]:
        q = (select(contest_applications.c.contest_id, func.count())
             .where(contest_applications.c.contest_id.in_(contest_ids), contest_applications.c.state == "submitted")
             .group_by(contest_applications.c.contest_id))
        return {str(c): int(n) for c, n in self._s.execute(q)}

    def jurors(self, contest_id: str) -> list[Any]:
        return list(self._s.execute(select(contest_jurors).where(contest_jurors.c.contest_id == contest_id)
                                    .order_by(contest_jurors.c.full_name)))

    def judged_by(self, user_id: str) -> set[str]:
        q = select(contest_jurors.c.contest_id).where(contest_jurors.c.user_id == user_id)
        return {str(c) for c, in self._s.execute(q)}

    def replace_jurors(self, contest_id: str, rows: list[dict[str, Any]]) -> None:
        keep = [r["user_id"] for r in rows]
        self._s.execute(delete(contest_jurors).where(contest_jurors.c.contest_id == contest_id,
                                                     contest_jurors.c.user_id.not_in(keep)))
        if rows:
            q = pg_insert(contest_jurors).values(rows)
            self._s.execute(q.on_conflict_do_update(index_elements=["contest_id", "user_id"],
                                                    set_={"full_name": q.excluded.full_name}))

    def scored_jurors(self, contest_id: str) -> set[str]:
        q = select(contest_scores.c.juror_user_id).where(contest_scores.c.contest_id == contest_id).distinct()
        return {u for u, in self._s.execute(q)}

    def add_application(self, row: dict[str, Any]) -> None:
        insert_or_conflict(self._s, insert(contest_applications).values(**row), DUPLICATE)

    def application(self, application_id: str, *, lock: bool = False) -> Any:
        q = select(contest_applications).where(contest_applications.c.id == application_id)
        return self._s.execute(q.with_for_update() if lock else q).first()

    def applications(self, contest_id: str) -> list[Any]:
        q = (select(contest_applications).where(contest_applications.c.contest_id == contest_id)
             .order_by(contest_applications.c.nomination, contest_applications.c.place,
                       contest_applications.c.submitted_at))
        return list(self._s.execute(q))

    def mentor_applications(self, mentor_id: str) -> list[Any]:
        q = (select(contest_applications).where(contest_applications.c.mentor_id == mentor_id)
             .order_by(contest_applications.c.submitted_at.desc()))
        return list(self._s.execute(q))

    def titles(self, contest_ids: list[str]) -> dict[str, str]:
        q = select(contests.c.id, contests.c.title).where(contests.c.id.in_(contest_ids))
        return {str(i): t for i, t in self._s.execute(q)}

    def update_application(self, application_id: str, **values: Any) -> None:
        self._s.execute(update(contest_applications).where(contest_applications.c.id == application_id)
                        .values(**values, version=contest_applications.c.version + 1))

    def teacher_participation(self, mentee_id: str) -> tuple[bool, bool]:
        """Whether the school's teacher mentee has a submitted application, and an award, in any contest."""
        q = select(contest_applications.c.award).where(contest_applications.c.subject_kind == "teacher",
                                                       contest_applications.c.subject_id == mentee_id,
                                                       contest_applications.c.state == "submitted")
        awards = [a for a, in self._s.execute(q)]
        return bool(awards), any(a in ("winner", "prize") for a in awards)

    def scores(self, application_ids: list[str]) -> list[Any]:
        q = (select(contest_scores).where(contest_scores.c.application_id.in_(application_ids))
             .order_by(contest_scores.c.juror_name))
        return list(self._s.execute(q))

    def put_score(self, row: dict[str, Any]) -> None:
        q = pg_insert(contest_scores).values(**row)
        self._s.execute(q.on_conflict_do_update(
            index_elements=["application_id", "juror_user_id"],
            set_={k: q.excluded[k] for k in ("juror_name", "conflict", "conflict_note", "scores", "total", "comment",
                                             "scored_at")}))

    def score(self, application_id: str, juror_user_id: str) -> Any:
        return self._s.execute(select(contest_scores).where(contest_scores.c.application_id == application_id,
                                                            contest_scores.c.juror_user_id == juror_user_id)).first()
