"""Use cases of the contests (issue 15 item 4, ADR 023): a tier announces its contest with nominations, criteria and
a jury; the tier below applies with only what the person consented to show; jurors score by the criteria or declare
a conflict of interest; the organiser publishes the results and the awards.

The policy gate comes first in each; row-level security keeps each tier — and each juror — to its rows underneath."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol

from mentorship_kit.errors import Conflict, FieldProblem, Forbidden, NotFound, ValidationFailed
from mentorship_kit.policy import Action, Reach, require
from mentorship_kit.principal import Role, Scope
from registry.domain import contests as c
from registry.domain import events
from registry.domain.persons import PersonKind
from registry.service_layer.lookups import record_id
from registry.service_layer.unit_of_work import UnitOfWork

CONTEST_MISSING = "Конкурс не найден"
APPLICATION_MISSING = "Заявка не найдена"
STALE = "Конкурс изменили, пока вы его смотрели: откройте его заново"


class ContestStore(Protocol):
    """What the use cases need of storage (``registry.adapters.contest_repository``); rows are read by name."""

    def add_contest(self, row: dict[str, Any]) -> None: ...
    def contest(self, contest_id: str, *, lock: bool = False) -> Any: ...
    def update_contest(self, contest_id: str, revision: int, values: dict[str, Any]) -> bool: ...
    def contests(self, *, state: str) -> list[Any]: ...
    def application_counts(self, contest_ids: list[str]) -> dict[str, int]: ...
    def jurors(self, contest_id: str) -> list[Any]: ...
    def judged_by(self, user_id: str) -> set[str]: ...
    def replace_jurors(self, contest_id: str, rows: list[dict[str, Any]]) -> None: ...
    def scored_jurors(self, contest_id: str) -> set[str]: ...
    def add_application(self, row: dict[str, Any]) -> None: ...
    def application(self, application_id: str, *, lock: bool = False) -> Any: ...
    def applications(self, contest_id: str) -> list[Any]: ...
    def mentor_applications(self, mentor_id: str) -> list[Any]: ...
    def titles(self, contest_ids: list[str]) -> dict[str, str]: ...
    def update_application(self, application_id: str, **values: Any) -> None: ...
    def teacher_participation(self, mentee_id: str) -> tuple[bool, bool]: ...
    def scores(self, application_ids: list[str]) -> list[Any]: ...
    def put_score(self, row: dict[str, Any]) -> None: ...
    def score(self, application_id: str, juror_user_id: str) -> Any: ...


class ContestUnitOfWork(UnitOfWork, Protocol):
    @property
    def contests(self) -> ContestStore: ...


@dataclass(frozen=True)
class ContestView:
    row: Any
    applications: int
    organiser: bool
    judge: bool


@dataclass(frozen=True)
class CardView:
    contest: ContestView
    jurors: list[Any]
    applications: list[Any]
    scores: list[Any]


def _now() -> datetime:
    return datetime.now(UTC)


def _today() -> date:
    return _now().date()


def _by(uow: UnitOfWork) -> str:
    return uow.principal.display_name or uow.principal.user_id


def criteria_of(row: Any) -> list[c.Criterion]:
    return [c.Criterion(x["title"], int(x["max_score"])) for x in row.criteria]


def _organises(uow: UnitOfWork, row: Any) -> bool:
    p = uow.principal
    if p.has_any(Role.JURY) or row.region_id != p.region_id:
        return False
    return {c.Level.SCHOOL.value: p.scope is Scope.ORG and row.org_id == p.org_id,
            c.Level.MUNICIPALITY.value: p.scope is Scope.MUNICIPALITY and row.municipality_id == p.municipality_id,
            c.Level.REGION.value: p.scope is Scope.REGION}[row.level]


def _contest(uow: ContestUnitOfWork, contest_id: str, *, lock: bool = False) -> Any:
    row = uow.contests.contest(record_id(contest_id, CONTEST_MISSING), lock=lock)
    if row is None:
        raise NotFound(CONTEST_MISSING)
    return row


def _organised(uow: ContestUnitOfWork, contest_id: str, *, lock: bool = False) -> Any:
    row = _contest(uow, contest_id, lock=lock)
    if not _organises(uow, row):
        raise Forbidden("Конкурс ведёт его организатор")
    return row


def _organiser_name(uow: UnitOfWork, level: c.Level) -> str:
    p = uow.principal
    if level is c.Level.SCHOOL:
        org = uow.structure.organisation(p.org_id or "")
        return org.name if org else ""
    if level is c.Level.MUNICIPALITY:
        municipality = uow.structure.municipality(p.municipality_id or "")
        return municipality.name if municipality else ""
    region = uow.structure.region(p.region_id or "")
    return region.name if region else ""


def _draft_values(draft: c.ContestDraft) -> dict[str, Any]:
    return {"kind": draft.kind.value, "title": draft.title, "description": draft.description,
            "nominations": list(draft.nominations),
            "criteria": [{"title": x.title, "max_score": x.max_score} for x in draft.criteria],
            "applications_until": draft.applications_until, "results_on": draft.results_on}


def _clean(level: c.Level, raw: dict[str, Any]) -> c.ContestDraft:
    return c.clean_contest(level, kind=raw["kind"], title=raw["title"], description=raw["description"],
                           nominations=raw["nominations"], criteria=raw["criteria"],
                           applications_until=raw["applications_until"], results_on=raw["results_on"])


def create_contest(raw: dict[str, Any], uow: ContestUnitOfWork) -> ContestView:
    require(uow.principal, Action.CONTEST_MANAGE)
    p = uow.principal
    level = c.LEVEL_OF_SCOPE.get(p.scope)
    if level is None or not p.region_id:
        raise Forbidden("Конкурс объявляет школа, муниципалитет или регион")
    draft = _clean(level, raw)
    contest_id = str(uuid.uuid4())
    with uow:
        uow.contests.add_contest({
            "id": contest_id, "level": level.value, "org_id": p.org_id if level is c.Level.SCHOOL else None,
            "municipality_id": p.municipality_id if level is not c.Level.REGION else None, "region_id": p.region_id,
            **_draft_values(draft), "state": c.State.DRAFT.value, "organiser_name": _organiser_name(uow, level),
            "created_at": _now(), "created_by": _by(uow)})
        row = uow.contests.contest(contest_id)
        uow.commit()
    return ContestView(row, 0, True, False)


def update_contest(contest_id: str, raw: dict[str, Any], revision: int, uow: ContestUnitOfWork) -> ContestView:
    require(uow.principal, Action.CONTEST_MANAGE)
    with uow:
        row = _organised(uow, contest_id, lock=True)
        if row.state != c.State.DRAFT.value:
            raise Conflict("Объявленный конкурс не меняют: условия уже известны участникам")
        draft = _clean(c.Level(row.level), raw)
        if not uow.contests.update_contest(row.id, revision, _draft_values(draft)):
            raise Conflict(STALE)
        row = uow.contests.contest(row.id)
        uow.commit()
    return ContestView(row, 0, True, False)


def _counted_application(a: Any, *, facets: list[str]) -> events.ContestCounted:
    return events.ContestCounted("contest_application", str(a.id), str(a.contest_id), str(a.org_id),
                                 str(a.municipality_id), str(a.region_id), int(a.version), tuple(facets))


def _count(uow: ContestUnitOfWork, application_id: str) -> None:
    """Reporting's counts of a school's application and, for a teacher mentee, of the teacher (3.3)."""
    a = uow.contests.application(application_id)
    if a is None or a.org_id is None:
        return  # a municipality's application: its model is counted in the contest, not in a school's figures
    facets = c.application_facets(c.Level(a.contest_level), c.SubjectKind(a.subject_kind),
                                  submitted=a.state == "submitted", award=a.award)
    uow.collect(_counted_application(a, facets=facets))
    if a.subject_kind == c.SubjectKind.TEACHER.value:
        applied, awarded = uow.contests.teacher_participation(a.subject_id)
        uow.collect(events.ContestCounted(
            "contest_teacher", a.subject_id, str(a.contest_id), str(a.org_id), str(a.municipality_id),
            str(a.region_id), time.time_ns() // 1000, tuple(c.teacher_facets(applied=applied, awarded=awarded))))


def move_contest(contest_id: str, to_state: str, revision: int, uow: ContestUnitOfWork) -> ContestView:
    require(uow.principal, Action.CONTEST_MANAGE)
    with uow:
        row = _organised(uow, contest_id, lock=True)
        applications = [a for a in uow.contests.applications(row.id) if a.state == "submitted"]
        scores = uow.contests.scores([str(a.id) for a in applications])
        counted = {str(s.application_id) for s in scores if not s.conflict}
        target = c.check_move(c.State(row.state), to_state, applications=len(applications),
                              unscored=sum(1 for a in applications if str(a.id) not in counted))
        if not uow.contests.update_contest(row.id, revision, {"state": target.value}):
            raise Conflict(STALE)
        if target is c.State.RESULTS:
            totals: dict[str, list[int]] = {}
            for s in scores:
                if not s.conflict:
                    totals.setdefault(str(s.application_id), []).append(int(s.total))
            for result in c.results(c.Scored(str(a.id), a.nomination, tuple(totals.get(str(a.id), ())))
                                    for a in applications):
                uow.contests.update_application(result.application_id, place=result.place,
                                                mean_total=result.mean_total, award=result.award.value)
                _count(uow, result.application_id)
        row = uow.contests.contest(row.id)
        uow.commit()
    return ContestView(row, len(applications), True, False)


def list_contests(state: str, uow: ContestUnitOfWork) -> list[ContestView]:
    reach = require(uow.principal, Action.CONTEST_READ)
    if state and state not in {s.value for s in c.State}:
        raise ValidationFailed([FieldProblem("state", "Неизвестный этап конкурса")])
    with uow:
        rows = uow.contests.contests(state=state)
        judged = uow.contests.judged_by(uow.principal.user_id) if reach is Reach.JUDGED else set()
        if reach is Reach.JUDGED:
            rows = [r for r in rows if str(r.id) in judged]  # the database keeps it so too (ADR 023)
        counts = uow.contests.application_counts([str(r.id) for r in rows])
    return [ContestView(r, counts.get(str(r.id), 0), _organises(uow, r), str(r.id) in judged) for r in rows]


def get_contest(contest_id: str, uow: ContestUnitOfWork) -> CardView:
    reach = require(uow.principal, Action.CONTEST_READ)
    with uow:
        row = _contest(uow, contest_id)
        judge = reach is Reach.JUDGED and str(row.id) in uow.contests.judged_by(uow.principal.user_id)
        if reach is Reach.JUDGED and not judge:
            raise NotFound(CONTEST_MISSING)
        organiser = _organises(uow, row)
        applications = uow.contests.applications(row.id)
        if row.state == c.State.DRAFT.value and not organiser:
            raise NotFound(CONTEST_MISSING)
        if judge:
            applications = [a for a in applications if a.state == "submitted"]
        scores = uow.contests.scores([str(a.id) for a in applications]) if (organiser or judge) else []
        jurors = uow.contests.jurors(row.id)
    submitted = sum(1 for a in applications if a.state == "submitted")
    return CardView(ContestView(row, submitted, organiser, judge), jurors, applications, scores)


def set_jurors(contest_id: str, jurors: list[tuple[str, str]], uow: ContestUnitOfWork) -> CardView:
    """The whole jury at once; the gateway has checked each is a jury login of the region. A juror who has scored
    stays (his or her scores are part of the results)."""
    require(uow.principal, Action.CONTEST_MANAGE)
    if len(jurors) > c.JURORS_MAX:
        raise ValidationFailed([FieldProblem("jurors", f"Не больше {c.JURORS_MAX} членов жюри")])
    with uow:
        row = _organised(uow, contest_id, lock=True)
        if row.state == c.State.RESULTS.value:
            raise Conflict("Итоги подведены: состав жюри уже не меняется")
        wanted = dict(jurors)
        gone = uow.contests.scored_jurors(row.id) - set(wanted)
        if gone:
            raise Conflict("Нельзя вывести из жюри того, кто уже поставил оценки")
        uow.contests.replace_jurors(row.id, [
            {"contest_id": row.id, "user_id": user_id, "full_name": name, "region_id": row.region_id,
             "contest_level": row.level, "contest_org_id": row.org_id, "contest_municipality_id": row.municipality_id,
             "assigned_at": _now(), "assigned_by": _by(uow)} for user_id, name in wanted.items()])
        uow.commit()
    return get_contest(contest_id, uow)


def _subject(uow: ContestUnitOfWork, kind: c.SubjectKind, subject_id: str, mentor_id: str,
             fields: tuple[str, ...]) -> tuple[str, str | None, str, list[dict[str, str]]]:
    """(subject id, mentor id, title, shown fields) — only what the person consented to show leaves the school."""
    p = uow.principal
    if kind is c.SubjectKind.ORGANISATION:
        org = uow.structure.organisation(p.org_id or "")
        name = org.name if org else ""
        return p.org_id or "", None, name, [{"key": "organisation", "value": name}]
    if kind is c.SubjectKind.MUNICIPALITY:
        municipality = uow.structure.municipality(p.municipality_id or "")
        name = municipality.name if municipality else ""
        return p.municipality_id or "", None, name, [{"key": "organisation", "value": name}]
    org = uow.structure.organisation(p.org_id or "")
    values: dict[str, str] = {"organisation": org.name if org else ""}
    if kind is c.SubjectKind.TEACHER:
        mentee = uow.mentees.get(record_id(subject_id, "Педагог не найден")) if subject_id else None
        if mentee is None or mentee.person_kind is not PersonKind.STAFF or not mentee.active:
            raise ValidationFailed([FieldProblem("subject_id", "Выберите педагога из наставляемых школы")])
        person = uow.persons.get(mentee.person_id)
        values |= {"full_name": mentee.full_name, "position": person.data.position if person else ""}
        chosen_id, mentor, label = mentee.id, None, "Педагог-наставляемый"
    else:
        wanted = mentor_id if kind is c.SubjectKind.PAIR else subject_id
        found = uow.mentors.get(record_id(wanted, "Наставник не найден")) if wanted else None
        if found is None or not found.active:
            raise ValidationFailed([FieldProblem("mentor_id" if kind is c.SubjectKind.PAIR else "subject_id",
                                                 "Выберите действующего наставника школы")])
        values |= {"full_name": found.full_name, "position": found.card.position,
                   "experience": f"стаж {found.card.experience_years} (лет)" if found.card.experience_years else ""}
        if kind is c.SubjectKind.PAIR:
            chosen_id = record_id(subject_id, "Пара не найдена")
            label = "Пара наставника"
        else:
            chosen_id, label = found.id, "Наставник"
        mentor = found.id
    shown = [{"key": f, "value": values.get(f, "")} for f in fields if values.get(f)]
    named = next((s["value"] for s in shown if s["key"] == "full_name"), "")
    title = f"{label}: {named}" if named else f"{label} (ФИО не раскрывается)"
    return chosen_id, mentor, title, shown


def apply(raw: dict[str, Any], uow: ContestUnitOfWork) -> Any:
    require(uow.principal, Action.CONTEST_APPLY)
    p = uow.principal
    with uow:
        row = _contest(uow, raw["contest_id"])
        allowed = c.subjects_for(c.Level(row.level), c.ContestKind(row.kind), p.scope)
        if row.level == c.Level.SCHOOL.value and row.org_id != p.org_id:
            allowed = ()
        draft = c.clean_application(
            nominations=row.nominations, allowed=allowed, nomination=raw["nomination"],
            subject_kind=raw["subject_kind"], shown_fields=raw["shown_fields"],
            consent_confirmed=raw["consent_confirmed"], achievements=raw["achievements"],
            description=raw["description"], state=c.State(row.state), applications_until=row.applications_until,
            today=_today())
        subject_id, mentor_id, title, shown = _subject(uow, draft.subject_kind, raw["subject_id"],
                                                        raw.get("mentor_id", ""), draft.shown_fields)
        for key, value in (("achievements", draft.achievements), ("description", draft.description)):
            if value:
                shown.append({"key": key, "value": value})
        applicant = _organiser_name(uow, c.Level.SCHOOL if p.scope is Scope.ORG else c.Level.MUNICIPALITY)
        application_id = str(uuid.uuid4())
        uow.contests.add_application({
            "id": application_id, "contest_id": row.id,
            "org_id": p.org_id if p.scope is Scope.ORG else None, "municipality_id": p.municipality_id,
            "region_id": p.region_id, "contest_level": row.level, "contest_org_id": row.org_id,
            "contest_municipality_id": row.municipality_id, "nomination": draft.nomination,
            "subject_kind": draft.subject_kind.value, "subject_id": subject_id, "mentor_id": mentor_id,
            "title": title, "shown": shown, "applicant_name": applicant, "state": "submitted",
            "submitted_at": _now(), "submitted_by": _by(uow)})
        _count(uow, application_id)
        found = uow.contests.application(application_id)
        uow.commit()
    return found


def withdraw(application_id: str, uow: ContestUnitOfWork) -> Any:
    require(uow.principal, Action.CONTEST_APPLY)
    with uow:
        a = uow.contests.application(record_id(application_id, APPLICATION_MISSING), lock=True)
        p = uow.principal
        mine = a is not None and (a.org_id == p.org_id if p.scope is Scope.ORG else
                                  a.org_id is None and a.municipality_id == p.municipality_id)
        if a is None or not mine:
            raise NotFound(APPLICATION_MISSING)
        contest = _contest(uow, a.contest_id)
        if contest.state != c.State.ANNOUNCED.value or a.state != "submitted":
            raise Conflict("Отозвать заявку можно только до окончания приёма заявок")
        uow.contests.update_application(a.id, state="withdrawn")
        _count(uow, a.id)
        found = uow.contests.application(a.id)
        uow.commit()
    return found


def score(raw: dict[str, Any], uow: ContestUnitOfWork) -> Any:
    require(uow.principal, Action.CONTEST_JUDGE)
    with uow:
        a = uow.contests.application(record_id(raw["application_id"], APPLICATION_MISSING))
        if a is None or a.state != "submitted":
            raise NotFound(APPLICATION_MISSING)
        contest = _contest(uow, a.contest_id)
        if str(contest.id) not in uow.contests.judged_by(uow.principal.user_id):
            raise NotFound(APPLICATION_MISSING)
        if contest.state != c.State.JUDGING.value:
            raise Conflict("Оценки ставят на этапе работы жюри")
        scores, note, comment = c.clean_scores(criteria_of(contest), raw["scores"], conflict=raw["conflict"],
                                               conflict_note=raw["conflict_note"], comment=raw["comment"])
        uow.contests.put_score({
            "application_id": a.id, "juror_user_id": uow.principal.user_id, "juror_name": _by(uow),
            "contest_id": contest.id, "region_id": contest.region_id, "contest_level": contest.level,
            "contest_org_id": contest.org_id, "contest_municipality_id": contest.municipality_id,
            "conflict": raw["conflict"], "conflict_note": note, "scores": list(scores), "total": sum(scores),
            "comment": comment, "scored_at": _now()})
        found = uow.contests.score(a.id, uow.principal.user_id)
        uow.commit()
    return found


def mentor_contests(mentor_id: str, uow: ContestUnitOfWork) -> tuple[list[Any], dict[str, str]]:
    """A mentor's applications and awards for the evidence sheet (001 §7): the school's own rows."""
    require(uow.principal, Action.MENTOR_LIST)
    with uow:
        rows = uow.contests.mentor_applications(record_id(mentor_id, "Наставник не найден"))
        titles = uow.contests.titles(sorted({str(r.contest_id) for r in rows}))
    return rows, titles
