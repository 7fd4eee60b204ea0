"""Use cases of matching runs: start (snapshot → candidates → solve → draft), read, assign by hand, publish."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

from matching.domain import commands
from matching.domain.assignment import Objective
from matching.domain.compare import outcomes_of
from matching.domain.events import GroupFormed, PairFormed
from matching.domain.group_history import GroupHistoryEntry
from matching.domain.grouping import GroupSettings
from matching.domain.groups import Group, GroupMember, check_sizes, planned_groups
from matching.domain.hand_assign import assign, record_choice
from matching.domain.history import HistoryEntry
from matching.domain.pairs import Pair, check_terms, term_end
from matching.domain.pool import Pool
from matching.domain.preferences import solve_preferences
from matching.domain.run_builder import build_run
from matching.domain.runs import MatchingRun, Mode, RunStatus
from matching.domain.scoring import Weights
from matching.service_layer.repositories import PoolSource
from matching.service_layer.unit_of_work import UnitOfWork
from mentorship_kit.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from mentorship_kit.policy import Action, require
from mentorship_kit.principal import Principal

RUN_NOT_FOUND = "Прогон подбора не найден"


def known_id(value: str, message: str) -> str:
    """Ids are UUIDs; anything else names nothing (a 404, never a database error)."""
    try:
        uuid.UUID(value)
    except ValueError:
        raise NotFound(message) from None
    return value


def now() -> datetime:
    return datetime.now(UTC)


def _tenant(p: Principal) -> tuple[str, str, str]:
    if not (p.org_id and p.municipality_id and p.region_id):
        raise ValidationFailed([FieldProblem("", "Подбор пар ведёт школа: войдите как куратор школы")])
    return p.org_id, p.municipality_id, p.region_id


def _settings(cmd: commands.StartRun) -> tuple[Mode, Objective, Weights]:
    problems = []
    if cmd.mode not in Mode.__members__.values():
        problems.append(FieldProblem("mode", "Режим подбора: suggest, optimal, manual, preferences, group или team"))
    if cmd.objective not in Objective.__members__.values():
        problems.append(FieldProblem("objective", "Цель: max_score или max_matched_then_score"))
    try:
        weights = Weights.of(cmd.weights)
    except ValueError as exc:
        problems.append(FieldProblem("weights", f"Веса: {exc}"))
    if problems:
        raise ValidationFailed(problems)
    return Mode(cmd.mode), Objective(cmd.objective), weights


def taken_seats(uow: UnitOfWork) -> tuple[dict[str, int], frozenset[str]]:
    """Seats taken by active pairs and by active group members (a member who left frees the seat), and the
    requests held by either — the one reading of a mentor's load for runs, publishing and replacements alike."""
    load = uow.pairs.active_load()
    for mentor_id, n in uow.groups.active_load().items():
        load[mentor_id] = load.get(mentor_id, 0) + n
    return load, uow.pairs.active_requests() | uow.groups.active_requests()


def _with_load(pool: Pool, uow: UnitOfWork) -> Pool:
    """Seats and requests taken (``taken_seats``) and the school's compatibility marks."""
    load, taken = taken_seats(uow)
    marks = {(m.mentor_id, m.mentee_id): m for m in uow.marks.all()}
    return replace(pool, active_load=load, paired_requests=taken, marks=marks)


def start_run(cmd: commands.StartRun, uow: UnitOfWork, pool_source: PoolSource) -> MatchingRun:
    require(uow.principal, Action.MATCHING_RUN)
    mode, objective, weights = _settings(cmd)
    tenant = _tenant(uow.principal)
    snapshot = pool_source.snapshot()  # before the transaction: a slow registry holds no connection
    with uow:
        run = build_run(_with_load(snapshot, uow), run_id=str(uuid.uuid4()), tenant=tenant, mode=mode,
                        objective=objective, weights=weights, top_k=cmd.top_k, created_by=uow.principal.user_id,
                        now=now(), group=GroupSettings(cmd.group_min, cmd.group_max, cmd.team_mentors))
        uow.runs.add(run)
        uow.commit()
    return run


def get_run(run_id: str, uow: UnitOfWork) -> MatchingRun:
    require(uow.principal, Action.MATCHING_READ)
    known_id(run_id, RUN_NOT_FOUND)
    with uow:
        run = uow.runs.get(run_id)
    if run is None:
        raise NotFound(RUN_NOT_FOUND)
    return run


def list_runs(uow: UnitOfWork, *, limit: int = 20) -> list[MatchingRun]:
    require(uow.principal, Action.MATCHING_READ)
    with uow:
        return uow.runs.recent(limit=max(1, min(limit, 100)))


def assign_in_run(cmd: commands.AssignInRun, uow: UnitOfWork, pool_source: PoolSource) -> MatchingRun:
    require(uow.principal, Action.MATCHING_RUN)
    known_id(cmd.run_id, RUN_NOT_FOUND)
    snapshot = pool_source.snapshot()  # the rules are checked against the base as it is now
    with uow:
        run = uow.runs.get(cmd.run_id, lock=True)
        if run is None:
            raise NotFound(RUN_NOT_FOUND)
        run.check_version(cmd.version)
        assign(run, _with_load(snapshot, uow), request_id=cmd.request_id, mentor_id=cmd.mentor_id,
               confirm_warnings=cmd.confirm_warnings)
        uow.runs.save(run)
        uow.commit()
    return run


def set_rankings(cmd: commands.SetRankings, uow: UnitOfWork, pool_source: PoolSource) -> MatchingRun:
    """Saves both sides' rankings and solves the stable assignment; seats are the mentors' free seats now."""
    require(uow.principal, Action.MATCHING_RUN)
    known_id(cmd.run_id, RUN_NOT_FOUND)
    snapshot = pool_source.snapshot()
    with uow:
        run = uow.runs.get(cmd.run_id, lock=True)
        if run is None:
            raise NotFound(RUN_NOT_FOUND)
        run.check_version(cmd.version)
        run.check_draft()
        pool = _with_load(snapshot, uow)
        free = {m.id: pool.free_seats(m) for m in pool.mentors}
        solve_preferences(run, dict(cmd.mentees), dict(cmd.mentors), free)
        uow.runs.save(run)
        uow.commit()
    return run


def record_mentee_choice(cmd: commands.RecordChoice, uow: UnitOfWork, pool_source: PoolSource) -> MatchingRun:
    require(uow.principal, Action.MATCHING_RUN)
    known_id(cmd.run_id, RUN_NOT_FOUND)
    snapshot = pool_source.snapshot()
    with uow:
        run = uow.runs.get(cmd.run_id, lock=True)
        if run is None:
            raise NotFound(RUN_NOT_FOUND)
        run.check_version(cmd.version)
        record_choice(run, _with_load(snapshot, uow), request_id=cmd.request_id, mentor_id=cmd.mentor_id,
                      by=uow.principal.user_id, at=now())
        uow.runs.save(run)
        uow.commit()
    return run


def compare_modes(run_id: str, uow: UnitOfWork) -> tuple[int, list[tuple[str, int, int]]]:
    """The run's pool under each mode: (requests, [(mode key, matched, total score)])."""
    run = get_run(run_id, uow)
    return run.totals.requests, outcomes_of(run.facts)


def publish_run(cmd: commands.PublishRun, uow: UnitOfWork) -> tuple[MatchingRun, list[Pair], list[Group]]:
    """The selected proposals become pairs (or, in group and team runs, groups), one transaction with their
    ``PairFormed`` / ``GroupFormed`` events."""
    require(uow.principal, Action.MATCHING_RUN)
    check_terms(kind=cmd.kind, reporting=cmd.reporting, term_months=cmd.term_months)
    known_id(cmd.run_id, RUN_NOT_FOUND)
    with uow:
        run = uow.runs.get(cmd.run_id, lock=True)
        if run is None:
            raise NotFound(RUN_NOT_FOUND)
        run.check_version(cmd.version)
        run.check_draft()
        uow.pairs.lock_school(run.org_id)
        chosen = run.selected()
        if not chosen:
            raise Conflict("В прогоне нет ни одной выбранной пары: назначьте наставников и повторите")
        _check_still_free(run, uow)
        at = now()
        start = at.date()
        if run.mode in (Mode.GROUP, Mode.TEAM):
            groups = _publish_groups(run, cmd, uow, at)
            run.status, run.published_at, run.version = RunStatus.PUBLISHED, at, run.version + 1
            uow.runs.save(run)
            uow.commit()
            return run, [], groups
        pairs = [Pair(id=str(uuid.uuid4()), org_id=run.org_id, municipality_id=run.municipality_id,
                      region_id=run.region_id, run_id=run.id, request_id=p.request_id, mentee_id=p.mentee_id,
                      mentee_name=p.mentee_name, mentor_id=p.mentor_id, mentor_name=p.mentor_name, form=p.form,
                      kind=cmd.kind, term_start=start, term_end=term_end(start, cmd.term_months),
                      reporting=cmd.reporting, created_by=uow.principal.user_id, created_at=at)
                 for p in chosen]
        for pair in pairs:
            uow.pairs.add(pair)
            uow.pairs.record(HistoryEntry(pair.id, "formed", uow.principal.user_id, at, "утверждение прогона подбора"),
                             pair)
            uow.collect(PairFormed(pair, run.mode.value))
        run.status, run.published_at, run.version = RunStatus.PUBLISHED, at, run.version + 1
        uow.runs.save(run)
        uow.commit()
    return run, pairs, []


def _publish_groups(run: MatchingRun, cmd: commands.PublishRun, uow: UnitOfWork, at: datetime) -> list[Group]:
    """Each planned group becomes a group; вид «групповое» / «командное» unless the curator chose another."""
    planned = planned_groups(run)
    check_sizes(run, planned)
    kind = cmd.kind if cmd.kind != "individual" else ("team" if run.mode is Mode.TEAM else "group")
    start = at.date()
    groups = []
    for g in planned:
        group = Group(id=str(uuid.uuid4()), org_id=run.org_id, municipality_id=run.municipality_id,
                      region_id=run.region_id, run_id=run.id, form=g.form, kind=kind, term_start=start,
                      term_end=term_end(start, cmd.term_months), reporting=cmd.reporting, mentor_ids=g.mentor_ids,
                      mentor_names=g.mentor_names,
                      members=[GroupMember(p.request_id, p.mentee_id, p.mentee_name, p.mentor_id) for p in g.members],
                      created_by=uow.principal.user_id, created_at=at)
        uow.groups.add(group)
        uow.groups.record(GroupHistoryEntry(group.id, "formed", uow.principal.user_id, at,
                                            "утверждение прогона подбора"), group)
        uow.collect(GroupFormed(group, run.mode.value))
        groups.append(group)
    return groups


def _check_still_free(run: MatchingRun, uow: UnitOfWork) -> None:
    """Another run may have been published since this one was drafted: seats and requests are checked again."""
    load, taken = taken_seats(uow)
    problems = [FieldProblem("request_id", f"У наставляемого {p.mentee_name} уже есть активная пара")
                for p in run.selected() if p.request_id in taken]
    for mentor_id, p in {p.mentor_id: p for p in run.selected()}.items():
        if load.get(mentor_id, 0) + run.seats_taken(mentor_id) > run.capacity_of(mentor_id):
            problems.append(FieldProblem("mentor_id", f"У наставника {p.mentor_name} не осталось свободных мест"))
    if problems:
        raise Conflict("Прогон устарел: " + "; ".join(pr.message for pr in problems) + ". Начните новый подбор")
