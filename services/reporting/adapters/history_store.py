"""The history of every count (ADR 019): each applied version of a counted entity and the daily ledger of count
changes it moves; and the as-of reads of that ledger under the caller's row-level security."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from contextvars import ContextVar
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Text, and_, case, cast, func, literal, select, text, true
from sqlalchemy.orm import Session

from mentorship_kit.bulk_insert import records
from reporting.adapters import retention_store
from reporting.adapters.participant_queries import ParticipantRow, _unit_columns
from reporting.adapters.tables import count_changes, municipality_count_changes
from reporting.adapters.tables import organisation_units as units
from reporting.adapters.unit_filter import unit_conditions
from reporting.domain.count_history import LedgerKey, Period, StateVersion, contribution, ledger_diff
from reporting.domain.indicators import Grouping, Within
from reporting.domain.retention import STAFF

_SEP = "\x1f"

EVENT_TIME: ContextVar[datetime | None] = ContextVar("reporting_event_time", default=None)
"""When the fact of the event being applied happened (its ``occurred_at``), set around every handler by
``entrypoints/recording.py``; a state that names no time of its own takes effect then."""


def fact_time(at: datetime | None = None) -> datetime:
    """A state's time: its own, else the applied event's, else now (a caller outside the consumer, e.g. a test)."""
    return at or EVENT_TIME.get() or datetime.now(UTC)

_ADD = text("""
    INSERT INTO count_changes (org_id, facet, effective_on, municipality_id, region_id, delta)
    SELECT * FROM unnest(CAST(:orgs AS uuid[]), CAST(:facets AS text[]), CAST(:days AS date[]),
                         CAST(:muns AS uuid[]), CAST(:regions AS uuid[]), CAST(:deltas AS bigint[]))
    ON CONFLICT (org_id, facet, effective_on) DO UPDATE SET delta = count_changes.delta + EXCLUDED.delta""")
_ADD_MUNICIPALITY = text("""
    INSERT INTO municipality_count_changes (municipality_id, facet, effective_on, region_id, delta)
    SELECT * FROM unnest(CAST(:muns AS uuid[]), CAST(:facets AS text[]), CAST(:days AS date[]),
                         CAST(:regions AS uuid[]), CAST(:deltas AS bigint[]))
    ON CONFLICT (municipality_id, facet, effective_on) DO UPDATE
        SET delta = municipality_count_changes.delta + EXCLUDED.delta""")
_HISTORY = text("""
    SELECT h.entity_kind, h.entity_id, h.version, h.org_id, h.municipality_id, h.region_id, h.occurred_at, h.facets
    FROM count_state_history h
    JOIN jsonb_to_recordset(CAST(:keys AS jsonb)) AS v(k text, i uuid) ON h.entity_kind = v.k AND h.entity_id = v.i""")
_KEEP = text("""
    INSERT INTO count_state_history (entity_kind, entity_id, version, org_id, municipality_id, region_id,
                                     occurred_at, facets)
    SELECT x.k, x.i, x.v, x.o, x.m, x.r, x.t, string_to_array(x.f, :sep)
    FROM jsonb_to_recordset(CAST(:rows AS jsonb))
         AS x(k text, i uuid, v bigint, o uuid, m uuid, r uuid, t timestamptz, f text)
    ON CONFLICT DO NOTHING""")


def record_versions(session: Session, found: Iterable[tuple[str, str, StateVersion, str, str]]) -> None:
    """Keep each new version (entity kind, id, version, municipality, region) and move the ledger by the difference
    it makes to its entity's contribution. A version already kept changes nothing. The caller holds the entities'
    ``participant_states`` rows locked, so two projectors never compute from the same stale history."""
    fresh: dict[tuple[str, str], dict[int, tuple[StateVersion, str, str]]] = defaultdict(dict)
    for kind, entity_id, version, municipality_id, region_id in found:
        if version.version < 1:
            continue  # never counted (participant_states starts at version 0)
        fresh[(kind, entity_id)].setdefault(version.version, (version, municipality_id, region_id))
    if not fresh:
        return
    keys = sorted(fresh)
    kept: dict[tuple[str, str], list[StateVersion]] = defaultdict(list)
    places: dict[str, tuple[str, str]] = {}
    for row in session.execute(_HISTORY, {"keys": records(k=[k for k, _ in keys], i=[i for _, i in keys])}):
        kept[(row.entity_kind, str(row.entity_id))].append(
            StateVersion(int(row.version), row.occurred_at, str(row.org_id), tuple(row.facets)))
        places[str(row.org_id)] = (str(row.municipality_id), str(row.region_id))
    moves: dict[LedgerKey, int] = defaultdict(int)
    new_rows: list[tuple[str, str, StateVersion, str, str]] = []
    for key in keys:
        known = {v.version for v in kept[key]}
        added = [(v, m, r) for number, (v, m, r) in sorted(fresh[key].items()) if number not in known]
        if not added:
            continue
        for v, m, r in added:
            places[v.org_id] = (m, r)
            new_rows.append((key[0], key[1], v, m, r))
        for k, d in ledger_diff(contribution(kept[key]), contribution([*kept[key], *(v for v, _, _ in added)])).items():
            moves[k] += d
    teachers = sorted({entity_id for kind, entity_id, v, _, _ in new_rows if kind == "person" and (
        STAFF in v.facets or any(STAFF in k.facets for k in kept[(kind, entity_id)]))})
    snapshot_day = retention_store.teachers_history_changed(session) if teachers else None  # ADR 027, 032
    if new_rows:
        session.execute(_KEEP, {"sep": _SEP, "rows": records(
            k=[k for k, _, _, _, _ in new_rows], i=[i for _, i, _, _, _ in new_rows],
            v=[v.version for _, _, v, _, _ in new_rows], o=[v.org_id for _, _, v, _, _ in new_rows],
            m=[m for _, _, _, m, _ in new_rows], r=[r for _, _, _, _, r in new_rows],
            t=[v.at for _, _, v, _, _ in new_rows], f=[_SEP.join(v.facets) for _, _, v, _, _ in new_rows])})
    if snapshot_day is not None:
        retention_store.recount(session, snapshot_day, teachers)
    ordered = sorted((k, d) for k, d in moves.items() if d)
    if ordered:
        session.execute(_ADD, {
            "orgs": [o for (o, _, _), _ in ordered], "facets": [f for (_, f, _), _ in ordered],
            "days": [day for (_, _, day), _ in ordered], "muns": [places[o][0] for (o, _, _), _ in ordered],
            "regions": [places[o][1] for (o, _, _), _ in ordered], "deltas": [d for _, d in ordered]})
        per_municipality: dict[tuple[str, str, date], tuple[str, int]] = {}
        for (org, facet, day), d in ordered:
            place = (places[org][0], facet, day)
            per_municipality[place] = (places[org][1], per_municipality.get(place, ("", 0))[1] + d)
        summed = sorted((k, v) for k, v in per_municipality.items() if v[1])
        if summed:
            session.execute(_ADD_MUNICIPALITY, {
                "muns": [m for (m, _, _), _ in summed], "facets": [f for (_, f, _), _ in summed],
                "days": [day for (_, _, day), _ in summed], "regions": [r for _, (r, _) in summed],
                "deltas": [d for _, (_, d) in summed]})


# --- as-of reads (row-level security decides the reach) --------------------------------------------------------

def _units(session: Session, grouping: Grouping, within: Within | None = None) -> list[Any]:
    key, name, parent = _unit_columns(grouping)
    order = (parent, name) if grouping is Grouping.ORGANISATION else (name,)
    return list(session.execute(select(cast(key, Text), name, parent, func.count())
                                .where(true(), *unit_conditions(within))
                                .group_by(key, name, parent).order_by(*order)).all())


def counts_between(session: Session, grouping: Grouping, days: list[date],
                   within: Within | None = None) -> list[list[ParticipantRow]]:
    """For each day, every unit in reach (narrowed to ``within``) with its facets as of the end of that day (in one
    pass over the ledger)."""
    key, _, _ = _unit_columns(grouping)
    if grouping is Grouping.MUNICIPALITY and not (within and within.organisation_id):
        ledger, source, key, conditions = _municipality_ledger(within)  # ADR 027
    else:
        ledger, source, conditions = _schools_ledger(within)
    sums = [func.sum(case((ledger.c.effective_on <= day, ledger.c.delta), else_=literal(0))) for day in days]
    found = session.execute(
        select(cast(key, Text), ledger.c.facet, *sums).select_from(source)  # ids as text: no uuid.UUID per row
        .where(ledger.c.effective_on <= max(days), *conditions)
        .group_by(key, ledger.c.facet)).all()
    per_day: list[dict[str, dict[str, int]]] = [defaultdict(dict) for _ in days]
    for row in found:
        for i in range(len(days)):
            if row[2 + i]:
                per_day[i][str(row[0])][row[1]] = int(row[2 + i])
    unit_rows = _units(session, grouping, within)
    return [[ParticipantRow(str(r[0]), r[1], r[2], int(r[3]), dict(per_day[i].get(str(r[0]), {})))
             for r in unit_rows] for i in range(len(days))]


def totals_between(session: Session, days: list[date], within: Within | None = None, *,
                   outer: bool = False) -> list[dict[str, int]]:
    """For each day, the facets of the caller's whole reach (or of the unit of ``within``) as of the end of that day,
    one row per facet: what ``counts_between`` sums to, without a row per unit (the drill-down's trend; ADR 028).
    ``outer`` as in ``monthly_totals``."""
    if outer and not (within and within.organisation_id):
        ledger, source, _, conditions = _municipality_ledger(within)
    else:
        ledger, source, conditions = _schools_ledger(within)
    sums = [func.sum(case((ledger.c.effective_on <= day, ledger.c.delta), else_=literal(0))) for day in days]
    found = session.execute(select(ledger.c.facet, *sums).select_from(source)
                            .where(ledger.c.effective_on <= max(days), *conditions)
                            .group_by(ledger.c.facet)).all()
    return [{row[0]: int(row[1 + i]) for row in found if row[1 + i]} for i in range(len(days))]


def _schools_ledger(within: Within | None) -> tuple[Any, Any, list[ColumnElement[bool]]]:
    return count_changes, count_changes.join(units, units.c.org_id == count_changes.c.org_id), unit_conditions(within)


def _municipality_ledger(within: Within | None) -> tuple[Any, Any, Any, list[ColumnElement[bool]]]:
    """The ledger summed per municipality (ADR 027): the table, what to select from, the unit key, the conditions."""
    ledger = municipality_count_changes
    return ledger, ledger, ledger.c.municipality_id, (
        [ledger.c.municipality_id == within.municipality_id] if within and within.municipality_id else [])


def monthly_totals(session: Session, period: Period, within: Within | None = None, *,
                   outer: bool = False) -> dict[str, dict[date, int]]:
    """The caller's whole reach, or the unit of ``within``: per facet, the deltas summed into the points of the
    period's trend (everything before the start on the day before it, then each month on its last day, the last
    month on the period's end). ``outer``: the caller is a municipality or the region, who may read the municipalities'
    own ledger — unless the read is of one school."""
    if outer and not (within and within.organisation_id):
        ledger, source, _, conditions = _municipality_ledger(within)
    else:
        ledger, source, conditions = _schools_ledger(within)
    day = ledger.c.effective_on
    month_end = func.least(func.cast(func.date_trunc("month", day) + text("interval '1 month - 1 day'"),
                                     ledger.c.effective_on.type), period.end)
    bucket = case((day < period.start, literal(period.before_start)), else_=month_end)
    found = session.execute(
        select(ledger.c.facet, bucket.label("bucket"), func.sum(ledger.c.delta)).select_from(source)
        .where(and_(day <= period.end), *conditions)
        .group_by(ledger.c.facet, text("bucket"))).all()
    out: dict[str, dict[date, int]] = defaultdict(dict)
    for facet, on, delta in found:
        out[facet][on] = int(delta)
    return dict(out)
