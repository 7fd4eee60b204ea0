"""PostgreSQL counts the schools' deadline lights per municipality exactly as ``mentorship_kit.work_lights`` judges
one school in Python (the control page's rule), for any schools: with or without a roadmap, its items overdue, done
or not yet due, active and closed pairs with and without recent meetings — and narrowed to one municipality; in the
real reporting database, each example rolled back."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session

from mentorship_kit.work_lights import work_colour, work_colour_sql
from reporting.adapters.light_queries import school_light_counts
from reporting.domain.indicators import Within
from tests.clock import today

# (overdue items, items not overdue, roadmap exists, pairs as (active, weeks since the last meeting or formation))
schools = st.lists(st.tuples(st.integers(0, 4), st.integers(0, 2), st.booleans(),
                             st.lists(st.tuples(st.booleans(), st.integers(0, 8)), max_size=9)),
                   min_size=1, max_size=8)


def _school(conn: Connection, org: str, municipality: str, region: str, n: int,
            drawn: tuple[int, int, bool, list[tuple[bool, int]]]) -> str:
    overdue, not_overdue, has_roadmap, pairs = drawn
    day = today()
    conn.execute(text("INSERT INTO organisation_units (org_id, org_name, municipality_id, municipality_name, "
                      "region_id, region_name) VALUES (:o, :name, :m, :mn, :r, 'Регион')"),
                 {"o": org, "name": f"Школа {n}", "m": municipality, "mn": f"Район {municipality[:4]}", "r": region})
    tenant = {"o": org, "m": municipality, "r": region}
    if has_roadmap:
        document = str(uuid.uuid4())
        conn.execute(text("INSERT INTO document_states (document_id, kind, owner_level, org_id, municipality_id, "
                          "region_id, status, version, approved_version, changed_at) VALUES (:d, 'roadmap', "
                          "'organisation', :o, :m, :r, 'approved', 1, 1, now())"), {**tenant, "d": document})
        items = [(day - timedelta(days=3), "planned")] * overdue + [(day + timedelta(days=5), "planned"),
                                                                    (day - timedelta(days=9), "done")][:not_overdue]
        for k, (due, progress) in enumerate(items):
            conn.execute(text("INSERT INTO roadmap_item_states (document_id, item_id, org_id, municipality_id, "
                              "region_id, due_on, progress) VALUES (:d, :i, :o, :m, :r, :due, :p)"),
                         {**tenant, "d": document, "i": f"i{k}", "due": due, "p": progress})
    for active, weeks in pairs:
        on = day - timedelta(weeks=weeks)
        conn.execute(text("INSERT INTO pair_work_states (pair_id, org_id, municipality_id, region_id, formed_on, "
                          "active, pair_version, last_meeting_on, plan_version, plan_due, plan_done) VALUES (:p, :o, "
                          ":m, :r, :f, :a, 1, :f, 0, '{}'::jsonb, '[]'::jsonb)"),
                     {**tenant, "p": str(uuid.uuid4()), "f": on, "a": active})
    active_pairs = sum(active for active, _ in pairs)
    if active_pairs:
        conn.execute(text("INSERT INTO participant_counts (org_id, facet, municipality_id, region_id, count) "
                          "VALUES (:o, 'pair', :m, :r, :n)"), {**tenant, "n": active_pairs})
    # the rule as the control page applies it: a pair is without meetings after 4 weeks (NO_MEETING_WEEKS)
    without = sum(active and weeks >= 4 for active, weeks in pairs)
    return work_colour(overdue if has_roadmap else 0, active_pairs, without)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(schools, schools)
def test_postgresql_counts_the_lights_as_the_one_rule_judges_each_school(reporting_system: Engine, first: list,
                                                                         second: list) -> None:
    region, m1, m2 = (str(uuid.uuid4()) for _ in range(3))
    with reporting_system.connect() as conn:
        conn.begin()
        expected: dict[str, Counter[str]] = {m1: Counter(), m2: Counter()}
        for n, (municipality, drawn) in enumerate([(m1, d) for d in first] + [(m2, d) for d in second]):
            expected[municipality][_school(conn, str(uuid.uuid4()), municipality, region, n, drawn)] += 1
        session = Session(bind=conn)
        for municipality in (m1, m2):
            found = school_light_counts(session, today=today(), within=Within(municipality))
            assert [(c.unit_id, c.green, c.yellow, c.red) for c in found] == [
                (municipality, *(expected[municipality][colour] for colour in ("green", "yellow", "red")))]
        session.close()
        conn.rollback()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 6), st.integers(0, 12), st.integers(0, 12))
def test_the_sql_spelling_is_the_python_rule(reporting_app: Engine, overdue: int, active: int, drawn: int) -> None:
    """Every input of the rule, the quarter's edge included, in PostgreSQL's own arithmetic — no tables."""
    without = min(drawn, active)
    with reporting_app.connect() as conn:
        found = conn.scalar(text("SELECT " + work_colour_sql(str(overdue), str(active), str(without))))
    assert found == work_colour(overdue, active, without)


def test_the_quarter_is_yellow_and_one_more_red() -> None:
    """A quarter of the active pairs without meetings is «внимание», one more is «проблема»; no active pair is
    «внимание» however the roadmap goes; three overdue items are «проблема»."""
    assert (work_colour(0, 8, 2), work_colour(0, 8, 3)) == ("yellow", "red")
    assert (work_colour(0, 0, 0), work_colour(2, 4, 0), work_colour(3, 4, 0), work_colour(0, 4, 0)) == (
        "yellow", "yellow", "red", "green")
