"""An in-memory unit of work for matching's use cases, and a pool source that returns a given pool.

Like the registry's fakes: leaving ``with uow:`` without ``commit()`` restores the state the block began with and
drops its events; a stored pair or run is a copy, so a use case that forgets ``save`` is caught."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any, Self

from matching.domain.compatibility import CompatibilityMark
from matching.domain.group_history import GroupHistoryEntry
from matching.domain.groups import Group, GroupMember
from matching.domain.history import HistoryEntry
from matching.domain.pair_pages import PairFilters, page_token, token_key
from matching.domain.pairs import Pair, PairStatus
from matching.domain.pool import Pool
from matching.domain.regional import PublicMentor, RegionalRun, RequestDigest, SchoolOffer
from matching.domain.runs import MatchingRun
from matching.service_layer.unit_of_work import UnitOfWork
from mentorship_kit.principal import Principal


class FakeRunRepository:
    def __init__(self) -> None:
        self.rows: dict[str, MatchingRun] = {}

    def add(self, run: MatchingRun) -> None:
        self.rows[run.id] = copy.deepcopy(run)

    def get(self, run_id: str, *, lock: bool = False) -> MatchingRun | None:
        found = self.rows.get(run_id)
        return copy.deepcopy(found) if found else None

    def save(self, run: MatchingRun) -> None:
        self.rows[run.id] = copy.deepcopy(run)

    def recent(self, *, limit: int) -> list[MatchingRun]:
        return sorted(self.rows.values(), key=lambda r: r.created_at, reverse=True)[:limit]


class FakePairRepository:
    def __init__(self) -> None:
        self.rows: dict[str, Pair] = {}
        self.locked = ""
        self.entries: list[HistoryEntry] = []

    def add(self, pair: Pair) -> None:
        self.rows[pair.id] = copy.deepcopy(pair)

    def get(self, pair_id: str, *, lock: bool = False) -> Pair | None:
        found = self.rows.get(pair_id)
        return copy.deepcopy(found) if found else None

    def save(self, pair: Pair) -> None:
        self.rows[pair.id] = copy.deepcopy(pair)

    def page(self, filters: PairFilters, *, size: int, after: str) -> tuple[list[Pair], str, int]:
        f = filters
        rows = [p for p in self.rows.values() if (not f.status or p.status.value == f.status)
                and (not f.mentor_id or p.mentor_id == f.mentor_id) and (not f.mentee_id or p.mentee_id == f.mentee_id)
                and (not f.form or p.form == f.form) and (not f.kind or p.kind == f.kind)
                and (not f.run_id or p.run_id == f.run_id)]
        rows.sort(key=lambda p: (p.mentee_name, p.id))
        total, key = len(rows), token_key(after)
        if key is not None:
            rows = [p for p in rows if (p.mentee_name, p.id) > key]
        shown = [copy.deepcopy(p) for p in rows[:size]]
        return shown, page_token(shown[-1]) if len(rows) > size else "", total

    def record(self, entry: HistoryEntry, pair: Pair) -> None:
        self.entries.append(entry)

    def history(self, pair_id: str) -> list[HistoryEntry]:
        return [e for e in self.entries if e.pair_id == pair_id]

    def active_of(self, *, mentor_id: str = "", mentee_id: str = "", lock: bool = False) -> list[Pair]:
        return [copy.deepcopy(p) for p in self.rows.values() if p.status is PairStatus.ACTIVE
                and ((mentor_id and p.mentor_id == mentor_id) or (mentee_id and p.mentee_id == mentee_id))]

    def active_load(self) -> dict[str, int]:
        load: dict[str, int] = {}
        for p in self.rows.values():
            if p.status is PairStatus.ACTIVE:
                load[p.mentor_id] = load.get(p.mentor_id, 0) + 1
        return load

    def lock_school(self, org_id: str) -> None:
        self.locked = org_id

    def active_requests(self) -> frozenset[str]:
        return frozenset(p.request_id for p in self.rows.values() if p.status is PairStatus.ACTIVE)


class FakeGroupRepository:
    def __init__(self) -> None:
        self.rows: dict[str, Group] = {}
        self.entries: list[GroupHistoryEntry] = []

    def add(self, group: Group) -> None:
        self.rows[group.id] = copy.deepcopy(group)

    def get(self, group_id: str, *, lock: bool = False) -> Group | None:
        found = self.rows.get(group_id)
        return copy.deepcopy(found) if found else None

    def save(self, group: Group) -> None:
        self.rows[group.id] = copy.deepcopy(group)

    def _seated(self) -> list[GroupMember]:
        return [m for g in self.rows.values() if g.status is PairStatus.ACTIVE for m in g.active_members]

    def active_load(self) -> dict[str, int]:
        load: dict[str, int] = {}
        for m in self._seated():
            load[m.mentor_id] = load.get(m.mentor_id, 0) + 1
        return load

    def active_requests(self) -> frozenset[str]:
        return frozenset(m.request_id for m in self._seated())

    def active_of(self, *, mentor_id: str = "", mentee_id: str = "", lock: bool = False) -> list[Group]:
        return [copy.deepcopy(g) for g in self.rows.values() if g.status is PairStatus.ACTIVE
                and ((mentor_id and mentor_id in g.mentor_ids)
                     or (mentee_id and any(m.mentee_id == mentee_id for m in g.active_members)))]

    def record(self, entry: GroupHistoryEntry, group: Group) -> None:
        self.entries.append(entry)

    def history(self, group_id: str) -> list[GroupHistoryEntry]:
        return [e for e in self.entries if e.group_id == group_id]
    def list(self, *, run_id: str, limit: int) -> list[Group]:
        return [copy.deepcopy(g) for g in self.rows.values() if not run_id or g.run_id == run_id][:limit]



class FakeMarkRepository:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], CompatibilityMark] = {}

    def put(self, mark: CompatibilityMark, *, tenant: tuple[str, str, str]) -> None:
        self.rows[(mark.mentor_id, mark.mentee_id)] = mark

    def all(self, *, mentee_id: str = "") -> list[CompatibilityMark]:
        return [m for m in self.rows.values() if not mentee_id or m.mentee_id == mentee_id]


class FakeRegionalRepository:
    """Shared between the units of work of several callers; each sees what row-level security would show it."""

    def __init__(self) -> None:
        self.runs: dict[str, RegionalRun] = {}
        self.offers: dict[tuple[str, str], SchoolOffer] = {}
        self.principal: Principal | None = None

    def _visible(self, offer: SchoolOffer) -> bool:
        p = self.principal
        assert p is not None
        return {"org": offer.org_id == p.org_id, "municipality": offer.municipality_id == p.municipality_id,
                "region": offer.region_id == p.region_id}.get(p.scope.value, False)

    def add(self, run: RegionalRun) -> None:
        self.runs[run.id] = copy.deepcopy(run)
        for offer in run.offers:
            assert self._visible(offer), "an offer outside the caller's tier would break row-level security"
            self.offers[(run.id, offer.org_id)] = copy.deepcopy(offer)

    def get(self, run_id: str) -> RegionalRun | None:
        run = self.runs.get(run_id)
        if run is None or (self.principal and self.principal.scope.value == "org"):
            return None
        found = copy.deepcopy(run)
        found.offers = [copy.deepcopy(o) for (r, _), o in self.offers.items() if r == run_id]
        return found

    def recent(self, *, limit: int) -> list[RegionalRun]:
        return sorted(self.runs.values(), key=lambda r: r.created_at, reverse=True)[:limit]

    def school_offers(self, *, limit: int) -> list[SchoolOffer]:
        return [copy.deepcopy(o) for o in self.offers.values() if self._visible(o)][:limit]

    def offer(self, run_id: str, org_id: str, *, lock: bool = False) -> SchoolOffer | None:
        found = self.offers.get((run_id, org_id))
        return copy.deepcopy(found) if found and self._visible(found) else None

    def save_offer(self, offer: SchoolOffer) -> None:
        self.offers[(offer.run_id, offer.org_id)] = copy.deepcopy(offer)


class FixedRegional:
    def __init__(self, mentors: list[PublicMentor], digests: list[RequestDigest]) -> None:
        self.mentors, self.all_digests = mentors, digests
        self.asked: list[str] = []

    def public_mentors(self) -> list[PublicMentor]:
        return list(self.mentors)

    def digests(self, municipality_id: str) -> list[RequestDigest]:
        self.asked.append(municipality_id)
        return [d for d in self.all_digests if not municipality_id or d.municipality_id == municipality_id]


class FixedLoad:
    def __init__(self, load: dict[str, int] | None = None) -> None:
        self.load = dict(load or {})

    def active_load(self, region_id: str, mentor_ids: list[str]) -> dict[str, int]:
        return {m: n for m, n in self.load.items() if m in mentor_ids}


class FakeMatchingUnitOfWork:
    def __init__(self, principal: Principal, regional: FakeRegionalRepository | None = None) -> None:
        self.principal = principal
        self.runs = FakeRunRepository()
        self.pairs = FakePairRepository()
        self.groups = FakeGroupRepository()
        self.marks = FakeMarkRepository()
        self.regional = regional or FakeRegionalRepository()
        self.events: list[object] = []
        self._pending: list[object] = []
        self._saved: Any = None
        self.commits = 0

    def __enter__(self) -> Self:
        self.regional.principal = self.principal
        self._saved = (copy.deepcopy(self.runs.rows), copy.deepcopy(self.pairs.rows), copy.deepcopy(self.groups.rows),
                       copy.deepcopy(self.marks.rows), list(self.pairs.entries), copy.deepcopy(self.regional.runs),
                       copy.deepcopy(self.regional.offers))
        self._pending = []
        return self

    def __exit__(self, *exc: object) -> None:
        if self._saved is not None:
            (self.runs.rows, self.pairs.rows, self.groups.rows, self.marks.rows, self.pairs.entries,
             self.regional.runs, self.regional.offers) = self._saved
            self._saved = None
        self._pending = []

    def collect(self, event: object) -> None:
        self._pending.append(event)

    def commit(self) -> None:
        self.events += self._pending
        self._pending = []
        self._saved = None
        self.commits += 1


class FixedPool:
    def __init__(self, pool: Pool) -> None:
        self.pool = pool
        self.calls = 0

    def snapshot(self) -> Pool:
        self.calls += 1
        return self.pool

    def snapshot_for(self, request_id: str, mentee_id: str) -> Pool:
        self.calls += 1
        return replace(self.pool, requests=tuple(r for r in self.pool.requests if r.id == request_id))


def as_protocol(uow: FakeMatchingUnitOfWork) -> UnitOfWork:
    """Fails to type-check when the fake drifts from the Protocol."""
    return uow
