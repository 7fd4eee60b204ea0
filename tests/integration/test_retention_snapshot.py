"""Today's retention of young teachers is kept per teacher and read from there while it holds (ADR 027, ADR 032); the
projector recounts a teacher whose history it moves in the same transaction, so the snapshot stays of the current
history — never a stale figure, and no live count over every history after a teacher's change."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from mentorship.registry.v1 import events_pb2
from mentorship_kit.envelope import Envelope
from mentorship_kit.principal import Principal, Role, Scope
from reporting.adapters import retention_store
from reporting.domain.indicators import Grouping
from reporting.domain.retention import years_before
from reporting.entrypoints.retention_refresher import refresh_once
from reporting.service_layer.kpis import get_regional_kpis
from reporting.service_layer.unit_of_work import ReportingUnitOfWork
from tests.integration.test_indicator_definitions import Region, Unit, _state, projector  # noqa: F401
from tests.support import wait_until


def _person(region: Region, unit: Unit, person_id: str, version: int, day: date, facets: list[str]) -> None:
    envelope = Envelope.wrap(type="mentorship.registry.person_added.v1", source="tests", subject=unit.org_id,
                             payload=events_pb2.PersonChanged(person_id=person_id,
                                                              state=_state("person", person_id, version, facets)),
                             org_id=unit.org_id, municipality_id=unit.municipality_id, region_id=unit.region_id,
                             traceparent=None)
    assert region.p.apply(replace(envelope, time=f"{day.isoformat()}T08:00:00+00:00"))


def test_todays_retention_is_read_from_the_snapshot_only_while_it_holds(projector, reporting_app: Engine,  # noqa: F811
                                                                        reporting_system: Engine) -> None:
    """The story of test_indicator_definitions' retention, told up to today: 2 of 3 young teachers of a year ago
    stayed, 1 of 1 of three years ago."""
    app, system = reporting_app, reporting_system
    region = Region(projector)
    a, b = region.a, region.b
    today = datetime.now(UTC).date()
    since = f"person.staff.service_since.{today.year - 1}"
    ira, oleg, sergey = (str(uuid.uuid4()) for _ in range(3))
    _person(region, a, ira, 1, years_before(today, 2) - timedelta(days=10),
            ["person.staff", f"person.staff.service_since.{today.year - 2}"])
    _person(region, a, oleg, 1, years_before(today, 1) - timedelta(days=4), ["person.staff", since])
    _person(region, b, sergey, 1, years_before(today, 3),
            ["person.staff", f"person.staff.service_since.{today.year - 3}"])
    _person(region, a, oleg, 2, today - timedelta(days=180), ["person.external"])
    regional = Principal(user_id="t", roles=frozenset({Role.REGIONAL_OPERATOR}), scope=Scope.REGION,
                         region_id=a.region_id)

    def kpis() -> tuple[tuple[int, int], tuple[int, int], dict[str, tuple[int, int]]]:
        found = get_regional_kpis(Grouping.ORGANISATION, ReportingUnitOfWork(app, principal=regional))
        return ((found.totals.retention_1y.numerator, found.totals.retention_1y.denominator),
                (found.totals.retention_3y.numerator, found.totals.retention_3y.denominator),
                {r.unit_name: (r.retention_1y.numerator, r.retention_1y.denominator) for r in found.rows})

    expected = ((2, 3), (1, 1), {"Школа А": (1, 2), "Школа Б": (1, 1)})
    assert kpis() == expected, "computed live from the history"

    def snapshot_read() -> bool:
        """Keep a snapshot, take Олег's row out of it (a figure the history cannot give: Школа А 1 of 1), and read it
        back (a refresher of a running server may count again in between: then try again)."""
        refresh_once(system, min_interval=timedelta(0))
        with Session(system) as session, session.begin():
            session.execute(text("DELETE FROM retention_members WHERE entity_id = :p"), {"p": oleg})
        return kpis()[2]["Школа А"] == (1, 1)

    wait_until(snapshot_read, timeout=60, what="a read from the kept snapshot")

    # Сергей leaves: the projector recounts him in the same transaction and the snapshot stays of the current
    # history — read from it (Олег still missing), with Сергей no longer retained.
    _person(region, b, sergey, 2, today, ["person.external"])
    with Session(app) as session:
        assert retention_store.marks(session).fresh_for(today)
    assert kpis() == ((1, 2), (0, 1), {"Школа А": (1, 1), "Школа Б": (0, 1)})

    # Олег comes back: recounted in the same way, and back in the snapshot, retained.
    _person(region, a, oleg, 3, today, ["person.staff", since])
    assert kpis() == ((2, 3), (0, 1), {"Школа А": (2, 2), "Школа Б": (0, 1)})
    with Session(system) as session, session.begin():  # the next day: the snapshot is counted from the history anew
        session.execute(text("UPDATE retention_marks SET snapshot_day = snapshot_day - 1"))
    refresh_once(system, min_interval=timedelta(0))  # or a running server's refresher did it first
    with Session(app) as session:
        assert retention_store.marks(session).fresh_for(today)
    assert kpis() == ((2, 3), (0, 1), {"Школа А": (2, 2), "Школа Б": (0, 1)}), "the new snapshot says the same"


def test_the_kept_retention_is_read_only_within_the_reach(reporting_app: Engine, reporting_system: Engine) -> None:
    """retention_members (reporting 0022) under forced row-level security: another region, another municipality and
    another school see none of a school's kept row; its own region does."""
    day, org, municipality, region = date(2000, 1, 1), str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    person = str(uuid.uuid4())
    with Session(reporting_system) as session, session.begin():
        session.execute(text("INSERT INTO retention_members (entity_id, years, on_day, org_id, municipality_id,"
                             " region_id, retained) VALUES (:p, 1, :d, :o, :m, :r, true)"),
                        {"p": person, "d": day, "o": org, "m": municipality, "r": region})

    def seen(scope: str, *, org_id: str = "", municipality_id: str = "", region_id: str = "") -> int:
        with reporting_app.connect() as conn, conn.begin():
            conn.execute(text("SELECT set_config('app.scope', :s, true), set_config('app.org_id', :o, true), "
                              "set_config('app.municipality_id', :m, true), set_config('app.region_id', :r, true)"),
                         {"s": scope, "o": org_id, "m": municipality_id, "r": region_id})
            return int(conn.execute(text("SELECT count(*) FROM retention_members WHERE on_day = :d"),
                                    {"d": day}).scalar_one())

    assert seen("region", region_id=str(uuid.uuid4())) == 0
    assert seen("municipality", municipality_id=str(uuid.uuid4()), region_id=region) == 0
    assert seen("org", org_id=str(uuid.uuid4()), municipality_id=municipality, region_id=region) == 0
    assert seen("", region_id=region) == 0, "no scope bound: nothing"
    assert seen("region", region_id=region) == 1
    with reporting_app.connect() as conn:
        forced = conn.execute(text("SELECT relforcerowsecurity FROM pg_class WHERE relname = ANY(:t)"),
                              {"t": ["retention_members", "retention_marks", "municipality_counts",
                                     "municipality_count_changes"]}).scalars().all()
    assert forced == [True] * 4
    with Session(reporting_system) as session, session.begin():
        session.execute(text("DELETE FROM retention_members WHERE entity_id = :p"), {"p": person})
