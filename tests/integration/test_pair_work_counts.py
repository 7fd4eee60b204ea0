"""PostgreSQL counts the pairs' work (pairs without meetings for N weeks, plans on track) exactly as the rules of
``domain/work_figures.py`` do (ADR 028), for any pairs: active or not, formed or not, with or without meetings and
plans, items due before, on and after today, done or not — per school and per municipality, narrowed to a
municipality; in the real reporting database, each example rolled back."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from reporting.adapters.work_queries import pair_work_counts_by
from reporting.domain.indicators import Grouping, Within
from reporting.domain.work_figures import PairWork, work_counts

TODAY = date(2026, 11, 28)
days = st.integers(-80, 10).map(lambda n: TODAY + timedelta(days=n))
plans = st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), days, max_size=4)
pairs = st.lists(st.tuples(st.integers(0, 2), st.booleans(), st.none() | days, st.none() | days,
                           st.integers(0, 2), plans, st.sets(st.sampled_from(["a", "b", "c", "d", "x"]))),
                 max_size=12)


def _expected(rows: list[tuple[str, PairWork]]) -> dict[str, dict[str, int]]:
    per_unit: dict[str, list[PairWork]] = {}
    for unit, work in rows:
        if work.active:
            per_unit.setdefault(unit, []).append(work)
    return {unit: work_counts(works, today=TODAY) for unit, works in per_unit.items()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs)
def test_postgresql_counts_the_work_of_pairs_as_the_domain_rules_do(reporting_system: Engine, drawn: list) -> None:
    region, m1, m2 = (str(uuid.uuid4()) for _ in range(3))
    schools = [(str(uuid.uuid4()), m) for m in (m1, m1, m2)]
    with reporting_system.connect() as conn:
        conn.begin()
        for n, (org, municipality) in enumerate(schools):
            conn.execute(text("INSERT INTO organisation_units (org_id, org_name, municipality_id, municipality_name, "
                              "region_id, region_name) VALUES (:o, :name, :m, 'Район', :r, 'Регион')"),
                         {"o": org, "name": f"Школа {n}", "m": municipality, "r": region})
        works: list[tuple[int, PairWork]] = []
        for school, active, formed, last, plan_version, due, done in drawn:
            org, municipality = schools[school]
            work = PairWork(formed, active, last, plan_version, {k: v.isoformat() for k, v in due.items()},
                            sorted(done))
            works.append((school, work))
            conn.execute(text(
                "INSERT INTO pair_work_states (pair_id, org_id, municipality_id, region_id, formed_on, active, "
                "pair_version, last_meeting_on, plan_version, plan_due, plan_done) VALUES (:p, :o, :m, :r, :f, :a, "
                "1, :l, :v, CAST(:due AS jsonb), CAST(:done AS jsonb))"),
                {"p": str(uuid.uuid4()), "o": org, "m": municipality, "r": region, "f": formed, "a": active,
                 "l": last, "v": plan_version, "due": json.dumps(work.plan_due),
                 "done": json.dumps(list(work.plan_done))})
        session = Session(bind=conn)
        by_school = pair_work_counts_by(session, Grouping.ORGANISATION, today=TODAY, within=Within(m1))
        assert by_school == _expected([(schools[s][0], w) for s, w in works if schools[s][1] == m1])
        by_municipality = pair_work_counts_by(session, Grouping.MUNICIPALITY, today=TODAY, within=Within(m2))
        assert by_municipality == _expected([(m2, w) for s, w in works if schools[s][1] == m2])
        session.close()
        conn.rollback()
