"""Reporting's replies kept under its read version (ADR 029), against the real reporting and the real gateway: the
same read at the same version is answered once; a school's new mentor moves the version and is on the region's
page, its REST read and its XLSX at once — a kept reply never hides a count."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from gateway.adapters.read_cache import reads_at
from mentorship_kit.principal import Principal, Role, Scope
from tests.conftest import PASSWORD
from tests.indicator_support import drill_region
from tests.matching_support import mentor
from tests.support import Api, wait_until


def _quiet_version(reporting: Any, who: Principal) -> str:
    """Other tests' events may still be landing in the shared reporting: wait until two reads agree."""
    def settled() -> str | None:
        first = reporting.read_version(who)
        return first if reporting.read_version(who) == first else None
    return wait_until(settled, timeout=60, interval=0.5, what="reporting quiet")


def _mentors_of(reporting: Any, who: Principal, unit_id: str) -> int:
    with reads_at(reporting.read_version, who):
        rows = reporting.mentor_counts(who, grouping="organisation").rows
    return next((r.mentor_count for r in rows if r.unit_id == unit_id), 0)


def _xlsx_mentors(operator: Api, unit_name: str) -> int:
    response = operator.get("/indicators/export.xlsx", params={"grouping": "organisation"})
    assert response.status_code == 200, response.text[:300]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True)["Наставники"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    column = rows[0].index("Наставников")
    return next((int(r[column]) for r in rows[1:] if unit_name in r), 0)


def test_a_kept_reply_is_served_only_until_reporting_is_written(stack, gateway_container) -> None:  # type: ignore[no-untyped-def]
    place = drill_region(gateway_container)
    reporting = gateway_container.reporting
    kept = reporting.kept_replies
    assert kept is not None, "READ_CACHE_BYTES is on by default"
    who = Principal(user_id="freshness-operator", roles=frozenset({Role.REGIONAL_OPERATOR}), scope=Scope.REGION,
                    region_id=place["region_id"])

    version = _quiet_version(reporting, who)
    hits = kept.hits
    with reads_at(lambda _: version, who):
        first = reporting.participant_counts(who, grouping="municipality")
        again = reporting.participant_counts(who, grouping="municipality")
    assert again is first and kept.hits == hits + 1  # the read model itself is kept: not asked, not converted

    operator = Api(stack.gateway_url).login(place["region_op"], PASSWORD)
    before_page = operator.get("/indicators", params={"grouping": "organisation"})
    assert before_page.status_code == 200 and _xlsx_mentors(operator, place["a_name"]) == 0
    assert _mentors_of(reporting, who, place["a"]) == 0

    curator = Api(stack.gateway_url).login(place["curator_a"], PASSWORD)
    mentor(curator, "staff", "teacher", 1)
    wait_until(lambda: _mentors_of(reporting, who, place["a"]) == 1 or None, timeout=30,
               what="the new mentor read through the kept replies")
    assert reporting.read_version(who) != version
    assert operator.count_for(place["a"], "organisation") == 1  # REST, through the gateway's own cache
    assert _xlsx_mentors(operator, place["a_name"]) == 1
    curator.close()
    operator.close()
