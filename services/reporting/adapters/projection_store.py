"""Upserts that keep the read models current; each runs inside the consumer's idempotent transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from mentorship_kit.bulk_insert import records
from mentorship_kit.uuid_text import canonical
from reporting.adapters import history_store
from reporting.adapters.tables import (
    document_states,
    mentee_people,
    organisation_units,
    pair_work_states,
    paired_mentees,
    roadmap_item_states,
    school_evaluations,
    self_diagnosis_states,
)
from reporting.domain.counted_state import CountedState, count_moves, normalise
from reporting.domain.kpis import coverage_state
from reporting.domain.pair_figures import mentee_state


def upsert_organisation(session: Session, *, org_id: str, org_name: str, municipality_id: str,
                        municipality_name: str, region_id: str, region_name: str) -> None:
    values = dict(org_id=org_id, org_name=org_name, municipality_id=municipality_id,
                  municipality_name=municipality_name, region_id=region_id, region_name=region_name)
    statement = insert(organisation_units).values(**values)
    session.execute(statement.on_conflict_do_update(index_elements=["org_id"], set_=values))


def record_document(session: Session, *, document_id: str, kind: str, owner_level: str, org_id: str | None,
                    municipality_id: str, region_id: str, status: str, version: int, changed_at: datetime,
                    items: list[tuple[str, date | None, str]] | None) -> None:
    """The document's latest state; an approval also replaces the roadmap's item states."""
    values = dict(kind=kind, owner_level=owner_level, org_id=org_id, municipality_id=municipality_id,
                  region_id=region_id, status=status, version=version, changed_at=changed_at)
    approved = version if status == "approved" else 0
    statement = insert(document_states).values(document_id=document_id, approved_version=approved, **values)
    session.execute(statement.on_conflict_do_update(index_elements=["document_id"], set_={
        **values, "approved_version": func.greatest(document_states.c.approved_version, approved)}))
    if items is not None:
        session.execute(delete(roadmap_item_states).where(roadmap_item_states.c.document_id == document_id))
        if items:
            session.execute(insert(roadmap_item_states), [
                {"document_id": document_id, "item_id": item_id, "org_id": org_id, "municipality_id": municipality_id,
                 "region_id": region_id, "due_on": due, "progress": progress} for item_id, due, progress in items])


def record_progress(session: Session, *, document_id: str, item_id: str, progress: str) -> None:
    session.execute(update(roadmap_item_states).where(
        roadmap_item_states.c.document_id == document_id, roadmap_item_states.c.item_id == item_id,
    ).values(progress=progress))


@dataclass(frozen=True)
class TenantState:
    """An entity's counted state as an event brought it, with the tenant it belongs to now."""

    state: CountedState
    org_id: str
    municipality_id: str
    region_id: str
    at: datetime | None = None  # when its fact happened; None: the applied event's time (history_store.fact_time)


@dataclass(frozen=True)
class _Stored:
    """An entity's counted state as the projection holds it."""

    org_id: str
    version: int
    facets: tuple[str, ...]


_SEP = "\x1f"  # joins facets into one text per row: cheaper to split in PostgreSQL than a JSON array to unpack


def _facets_text(item: TenantState) -> str:
    return _SEP.join(normalise(item.state.facets))

# A row per entity travels as JSON (``bulk_insert.records``); the few rows per (organisation, facet) as arrays.
# An entity seen for the first time is inserted with its newest state at once (ADR 034): the row is this transaction's
# until it commits, so it needs no lock and no update. Version 0 (nothing counted yet) is the placeholder it always was.
_NEW = text("""
    INSERT INTO participant_states (entity_kind, entity_id, org_id, municipality_id, region_id, version, facets)
    SELECT v.k, v.i, v.o, v.m, v.r, greatest(v.ver, 0), string_to_array(v.f, :sep)
    FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS v(k text, i uuid, o uuid, m uuid, r uuid, ver bigint, f text)
    ON CONFLICT DO NOTHING
    RETURNING entity_kind, entity_id""")
_LOCK = text("""
    SELECT s.entity_kind, s.entity_id, s.org_id, s.version, s.facets FROM participant_states s
    JOIN jsonb_to_recordset(CAST(:keys AS jsonb)) AS v(k text, i uuid) ON s.entity_kind = v.k AND s.entity_id = v.i
    ORDER BY s.entity_kind, s.entity_id FOR UPDATE OF s""")
_RAISE = text("""
    INSERT INTO participant_counts (org_id, facet, municipality_id, region_id, count)
    SELECT * FROM unnest(CAST(:orgs AS uuid[]), CAST(:facets AS text[]), CAST(:muns AS uuid[]),
                         CAST(:regions AS uuid[]), CAST(:deltas AS bigint[]))
    ON CONFLICT (org_id, facet) DO UPDATE SET count = participant_counts.count + EXCLUDED.count,
        municipality_id = EXCLUDED.municipality_id, region_id = EXCLUDED.region_id""")
# A count the projection never raised (an entity counted before states were kept) stays at zero.
_LOWER = text("""
    UPDATE participant_counts c SET count = greatest(c.count + v.d, 0)
    FROM unnest(CAST(:orgs AS uuid[]), CAST(:facets AS text[]), CAST(:deltas AS bigint[])) AS v(o, f, d)
    WHERE c.org_id = v.o AND c.facet = v.f""")
_COUNTS_LOCKED = text("""
    SELECT c.org_id, c.facet, c.municipality_id, c.region_id, c.count FROM participant_counts c
    JOIN unnest(CAST(:orgs AS uuid[]), CAST(:facets AS text[])) AS v(o, f) ON c.org_id = v.o AND c.facet = v.f
    ORDER BY c.org_id, c.facet FOR UPDATE OF c""")
_ROLL_UP = text("""
    INSERT INTO municipality_counts (municipality_id, facet, region_id, count)
    SELECT * FROM unnest(CAST(:muns AS uuid[]), CAST(:facets AS text[]), CAST(:regions AS uuid[]),
                         CAST(:deltas AS bigint[]))
    ON CONFLICT (municipality_id, facet) DO UPDATE SET count = municipality_counts.count + EXCLUDED.count""")
_STORE = text("""
    UPDATE participant_states s SET org_id = v.o, municipality_id = v.m, region_id = v.r, version = v.ver,
        facets = string_to_array(v.f, :sep)
    FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS v(k text, i uuid, o uuid, m uuid, r uuid, ver bigint, f text)
    WHERE s.entity_kind = v.k AND s.entity_id = v.i""")


def apply_counted_states(session: Session, found: list[TenantState]) -> int:
    """Move each entity's counts from its stored facets to the new ones, all at once; returns how many
    entities moved. A state not newer than the stored one changes nothing (duplicates, late arrivals), and
    of several states of one entity only the newest matters. Counts never drop below zero.

    An entity new to the projection is inserted with its newest state (its stored state before: version 0, no
    facets); the others are locked and compared. Two projectors meeting on a new entity wait for each other at the
    insert (the second then finds the first's row and locks it); rows are inserted and locked in key order, so they
    never deadlock.
    """
    newest: dict[tuple[str, str], TenantState] = {}
    for item in found:
        key = (item.state.entity_kind, canonical(item.state.entity_id))
        if key not in newest or item.state.version > newest[key].state.version:
            newest[key] = item
    if not newest:
        return 0
    keys = sorted(newest)
    tenants = [newest[k] for k in keys]
    kinds, ids = [k for k, _ in keys], [i for _, i in keys]
    new = {(r.entity_kind, str(r.entity_id)) for r in session.execute(_NEW, {"sep": _SEP, "rows": records(
        k=kinds, i=ids, o=[t.org_id for t in tenants], m=[t.municipality_id for t in tenants],
        r=[t.region_id for t in tenants], ver=[t.state.version for t in tenants],
        f=[_facets_text(t) if t.state.version > 0 else "" for t in tenants])})}
    known = [k for k in keys if k not in new]
    stored: dict[tuple[str, str], _Stored] = {
        k: _Stored(canonical(newest[k].org_id), 0, ()) for k in new}
    if known:
        stored.update({(r.entity_kind, str(r.entity_id)): _Stored(str(r.org_id), int(r.version), tuple(r.facets))
                       for r in session.execute(_LOCK, {"keys": records(k=[k for k, _ in known],
                                                                         i=[i for _, i in known])})})
    # Every version, late ones too, into the history of counts (ADR 019) while the entities are locked.
    history_store.record_versions(session, [
        (t.state.entity_kind, canonical(t.state.entity_id), history_store.StateVersion(
            t.state.version, history_store.fact_time(t.at), canonical(t.org_id), normalise(t.state.facets)),
         t.municipality_id, t.region_id) for t in found])
    deltas: dict[tuple[str, str], int] = {}
    places: dict[str, tuple[str, str]] = {}
    moved = [k for k in keys if newest[k].state.version > stored[k].version]
    for key in moved:
        item, before = newest[key], stored[key]
        places[canonical(item.org_id)] = (item.municipality_id, item.region_id)
        for place, delta in count_moves(before.org_id, before.facets, canonical(item.org_id),
                                        item.state.facets).items():
            deltas[place] = deltas.get(place, 0) + delta
    raised = sorted((k, d) for k, d in deltas.items() if d > 0)
    lowered = sorted((k, d) for k, d in deltas.items() if d < 0)
    rollup: dict[tuple[str, str], tuple[str, int]] = {}  # (municipality, facet) → (region, delta), ADR 027
    if raised:
        session.execute(_RAISE, {"orgs": [o for (o, _), _ in raised], "facets": [f for (_, f), _ in raised],
                                 "muns": [places[o][0] for (o, _), _ in raised],
                                 "regions": [places[o][1] for (o, _), _ in raised], "deltas": [d for _, d in raised]})
        for (org, facet), d in raised:
            municipality, region = places[org]
            rollup[(municipality, facet)] = (region, rollup.get((municipality, facet), ("", 0))[1] + d)
    if lowered:
        # What each count really loses (it never drops below zero), so the municipality's sum moves by the same.
        current = {(str(r.org_id), r.facet): r for r in session.execute(_COUNTS_LOCKED, {
            "orgs": [o for (o, _), _ in lowered], "facets": [f for (_, f), _ in lowered]})}
        session.execute(_LOWER, {"orgs": [o for (o, _), _ in lowered], "facets": [f for (_, f), _ in lowered],
                                 "deltas": [d for _, d in lowered]})
        for key, d in lowered:
            row = current.get(key)
            if row is None:
                continue
            had = int(row._mapping["count"])  # ``row.count`` would be the tuple's method to a type checker
            if max(had + d, 0) != had:
                municipality = str(row.municipality_id)
                rollup[(municipality, key[1])] = (str(row.region_id), rollup.get((municipality, key[1]), ("", 0))[1]
                                                  + max(had + d, 0) - had)
    moves = sorted((k, v) for k, v in rollup.items() if v[1])
    if moves:
        session.execute(_ROLL_UP, {"muns": [m for (m, _), _ in moves], "facets": [f for (_, f), _ in moves],
                                   "regions": [r for _, (r, _) in moves], "deltas": [d for _, (_, d) in moves]})
    changed = [k for k in moved if k not in new]  # a new entity's row holds its newest state already
    if changed:
        items = [newest[k] for k in changed]
        session.execute(_STORE, {"sep": _SEP, "rows": records(
            k=[k for k, _ in changed], i=[i for _, i in changed], o=[t.org_id for t in items],
            m=[t.municipality_id for t in items], r=[t.region_id for t in items],
            ver=[t.state.version for t in items], f=[_facets_text(t) for t in items])})
    return len(moved)


def record_paired_mentee(session: Session, *, pair_id: str, mentee_id: str, org_id: str, municipality_id: str,
                         region_id: str, version: int, active: bool) -> CountedState:
    """Keep the pair's mentee and activity at its newest version; returns the mentee's counted state (in a pair
    or not) over all the mentee's pairs, with the sum of their versions as its version (``mentee_state``)."""
    values = dict(mentee_id=mentee_id, org_id=org_id, municipality_id=municipality_id, region_id=region_id,
                  version=version, active=active)
    statement = insert(paired_mentees).values(pair_id=pair_id, **values)
    session.execute(statement.on_conflict_do_update(index_elements=["pair_id"], set_=values,
                                                    where=paired_mentees.c.version < statement.excluded.version))
    rows = session.execute(select(paired_mentees.c.pair_id, paired_mentees.c.version, paired_mentees.c.active)
                           .where(paired_mentees.c.mentee_id == mentee_id)
                           .order_by(paired_mentees.c.pair_id).with_for_update()).all()
    return mentee_state(mentee_id, {str(r.pair_id): int(r.version) for r in rows}, sum(bool(r.active) for r in rows))


def was_mentee_in_pair(session: Session, mentee_id: str) -> bool:
    """Whether the mentee has ever been in a pair (``paired_mentees`` keeps every pair it learnt of) or a group
    (a ``grouped_mentee`` state) — the condition of 3.4 / 3.7 (ADR 021)."""
    return bool(session.execute(text("""
        SELECT EXISTS (SELECT 1 FROM paired_mentees WHERE mentee_id = CAST(:m AS uuid))
            OR EXISTS (SELECT 1 FROM participant_states WHERE entity_kind = 'grouped_mentee'
                       AND entity_id = CAST(:m AS uuid))"""), {"m": mentee_id}).scalar())


def record_mentee_person(session: Session, *, mentee_id: str, person_id: str, tenant: tuple[str, str, str]) -> None:
    """Which person a mentee is (from the registry's MenteeChanged); a mentee never changes its person."""
    org_id, municipality_id, region_id = tenant
    statement = insert(mentee_people).values(mentee_id=mentee_id, person_id=person_id, org_id=org_id,
                                             municipality_id=municipality_id, region_id=region_id)
    session.execute(statement.on_conflict_do_update(index_elements=["mentee_id"], set_={
        "org_id": org_id, "municipality_id": municipality_id, "region_id": region_id}))


# Only people who are (or were) someone's mentee, or whose coverage is kept, can have a coverage to count or to move:
# an import's thousands of people who are neither cost two index probes each here, not the whole computation (it was a
# fifth of PostgreSQL's time during an initial load — ADR 027).
_COVERAGE = text("""
    WITH people AS (
        SELECT person_id FROM mentee_people WHERE person_id = ANY(CAST(:persons AS uuid[]))
        UNION SELECT entity_id FROM participant_states
              WHERE entity_kind = 'coverage' AND entity_id = ANY(CAST(:persons AS uuid[]))
        UNION SELECT person_id FROM mentee_people WHERE mentee_id = ANY(CAST(:mentees AS uuid[])))
    SELECT p.entity_id AS person_id, p.version, p.facets, p.org_id, p.municipality_id, p.region_id,
           coalesce((SELECT sum(s.version) FROM mentee_people mp JOIN participant_states s
                     ON s.entity_id = mp.mentee_id AND s.entity_kind IN ('mentee', 'paired_mentee', 'grouped_mentee')
                     WHERE mp.person_id = p.entity_id), 0) AS inputs,
           EXISTS (SELECT 1 FROM mentee_people mp JOIN participant_states s ON s.entity_id = mp.mentee_id
                   WHERE mp.person_id = p.entity_id
                     AND ((s.entity_kind = 'paired_mentee' AND 'mentee.in_pair' = ANY(s.facets))
                          OR (s.entity_kind = 'grouped_mentee' AND 'mentee.in_group' = ANY(s.facets)))) AS covered,
           EXISTS (SELECT 1 FROM participant_states c
                   WHERE c.entity_kind = 'coverage' AND c.entity_id = p.entity_id) AS kept
    FROM participant_states p JOIN people ON p.entity_id = people.person_id
    WHERE p.entity_kind = 'person'
    ORDER BY p.entity_id""")


def coverage_states(session: Session, *, person_ids: list[str], mentee_ids: list[str]) -> list[TenantState]:
    """The ``coverage`` state of each person named, or behind a mentee named (ADR 021); a person reporting has no
    state of yet is left for its own event to count."""
    if not person_ids and not mentee_ids:
        return []
    rows = session.execute(_COVERAGE, {"persons": sorted(set(person_ids)), "mentees": sorted(set(mentee_ids))}).all()
    states = [(r, coverage_state(str(r.person_id), int(r.version), r.facets, [int(r.inputs)], bool(r.covered)))
              for r in rows]
    # A person never covered has nothing to count, now or in any past: no state is kept for them until they are
    # (half of an import's rows in reporting were such empty states — ADR 027). Once kept, every change is applied.
    # A person named who is nobody's mentee and has no kept state is not even read (the query's ``people``).
    return [TenantState(state, str(r.org_id), str(r.municipality_id), str(r.region_id))
            for r, state in states if state.facets or r.kept]


def record_evaluation(session: Session, *, org_id: str, municipality_id: str, region_id: str, period: str,
                      version: int, total: int, level: str) -> bool:
    """The school's evaluation of a period at its newest version; an older or repeated version changes nothing."""
    values = {"municipality_id": municipality_id, "region_id": region_id, "version": version, "total": total,
              "level": level}
    q = insert(school_evaluations).values(org_id=org_id, period=period, **values)
    q = q.on_conflict_do_update(index_elements=[school_evaluations.c.org_id, school_evaluations.c.period],
                                set_=values, where=school_evaluations.c.version < q.excluded.version)
    return session.execute(q.returning(school_evaluations.c.org_id)).first() is not None


def _work_row(pair_id: str, tenant: tuple[str, str, str]) -> dict[str, object]:
    org_id, municipality_id, region_id = tenant
    return dict(pair_id=pair_id, org_id=org_id, municipality_id=municipality_id, region_id=region_id,
                formed_on=None, active=False, pair_version=0, last_meeting_on=None, plan_version=0, plan_due={},
                plan_done=[])


def record_pair_work(session: Session, *, pair_id: str, tenant: tuple[str, str, str], version: int,
                     active: bool, formed_on: date | None) -> None:
    """The pair's activity at its newest version (and the day it was formed, from PairFormed); a meeting or a plan
    that arrived first (another topic) already made the row."""
    values: dict[str, object] = {"active": active, "pair_version": version}
    if formed_on is not None:
        values["formed_on"] = formed_on
    statement = insert(pair_work_states).values(**{**_work_row(pair_id, tenant), **values})
    session.execute(statement.on_conflict_do_update(
        index_elements=["pair_id"], set_={**values, "formed_on": func.coalesce(statement.excluded.formed_on,
                                                                               pair_work_states.c.formed_on)},
        where=pair_work_states.c.pair_version < statement.excluded.pair_version))


def record_meeting_day(session: Session, *, pair_id: str, tenant: tuple[str, str, str], held_on: date) -> None:
    statement = insert(pair_work_states).values(**{**_work_row(pair_id, tenant), "last_meeting_on": held_on})
    session.execute(statement.on_conflict_do_update(index_elements=["pair_id"], set_={
        "last_meeting_on": func.greatest(pair_work_states.c.last_meeting_on, statement.excluded.last_meeting_on)}))


def record_agreed_plan(session: Session, *, pair_id: str, tenant: tuple[str, str, str], version: int,
                       due: dict[str, str], done: list[str]) -> None:
    """A newer agreed version replaces the item dates; the items done so far are kept with the ones it names."""
    statement = insert(pair_work_states).values(**{**_work_row(pair_id, tenant), "plan_version": version,
                                                   "plan_due": due, "plan_done": sorted(set(done))})
    merged = text("(SELECT coalesce(jsonb_agg(DISTINCT e ORDER BY e), '[]'::jsonb) FROM jsonb_array_elements_text("
                  "pair_work_states.plan_done || excluded.plan_done) AS e)")
    session.execute(statement.on_conflict_do_update(
        index_elements=["pair_id"], set_={"plan_version": statement.excluded.plan_version,
                                          "plan_due": statement.excluded.plan_due, "plan_done": merged},
        where=pair_work_states.c.plan_version < statement.excluded.plan_version))


def record_plan_item_done(session: Session, *, pair_id: str, tenant: tuple[str, str, str], item_id: str) -> None:
    statement = insert(pair_work_states).values(**{**_work_row(pair_id, tenant), "plan_done": [item_id]})
    session.execute(statement.on_conflict_do_update(
        index_elements=["pair_id"], set_={"plan_done": text("pair_work_states.plan_done || excluded.plan_done")},
        where=text("NOT pair_work_states.plan_done @> excluded.plan_done")))


def record_self_diagnosis(session: Session, *, owner_level: str, owner_id: str, year: int, org_id: str | None,
                          municipality_id: str, region_id: str, version: int, score: int, max_score: int) -> bool:
    """The owner's self-diagnosis of the year at its newest version; an older or repeated version changes nothing."""
    values = {"org_id": org_id, "municipality_id": municipality_id, "region_id": region_id, "version": version,
              "score": score, "max_score": max_score}
    q = insert(self_diagnosis_states).values(owner_level=owner_level, owner_id=owner_id, year=year, **values)
    q = q.on_conflict_do_update(
        index_elements=[self_diagnosis_states.c.owner_level, self_diagnosis_states.c.owner_id,
                        self_diagnosis_states.c.year],
        set_=values, where=self_diagnosis_states.c.version < q.excluded.version)
    return session.execute(q.returning(self_diagnosis_states.c.owner_id)).first() is not None
