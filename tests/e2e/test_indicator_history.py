"""The two dates end to end through the gateway (issue 14 item 2, ADR 019): a school registers a teacher mentor; the
municipality's period (the current school year by default) shows indicator 2.2 at 0 «на дату начала» and 1 «на дату
подведения итогов»; the counts as of yesterday do not have him; another municipality sees none of it; bad dates are
refused in Russian; the page shows both columns, the change and a sparkline, and is linked from /indicators."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.clock import MOSCOW, today
from tests.conftest import PASSWORD
from tests.matching_support import mentor
from tests.monitoring_support import school_place
from tests.support import wait_until


def _with_municipal_login(gateway_container: Any, place: dict[str, str], name: str) -> dict[str, str]:
    from mentorship_kit.principal import Role

    gateway_container.auth.create_account(username=name, password=PASSWORD, display_name="Муниципальный куратор",
                                          role=Role.MUNICIPAL_CURATOR, municipality_id=place["municipality_id"],
                                          region_id=place["region_id"])
    return {**place, "municipal": name}


@pytest.fixture(scope="module")
def ours(gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    place = school_place(gateway_container, code="hist", title="истории")
    return _with_municipal_login(gateway_container, place, f"{place['curator']}-mun")


@pytest.fixture(scope="module")
def theirs(gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    place = school_place(gateway_container, code="hist2", title="соседей")
    return _with_municipal_login(gateway_container, place, f"{place['curator']}-mun")


def _row(report: dict[str, Any], org_id: str, code: str) -> dict[str, Any] | None:
    for unit in report["rows"]:
        if unit["unit_id"] == org_id:
            return next(v for v in unit["indicators"] if v["key"] == code)
    return None


def test_a_period_shows_both_dates_and_the_change(stack, ours, theirs, login) -> None:  # type: ignore[no-untyped-def]
    curator = login(ours["curator"])
    mentor(curator, "staff", "teacher", 1)
    municipal = login(ours["municipal"])

    def counted() -> dict[str, Any] | None:
        report = municipal.get("/api/v1/indicators/period").json()
        row = _row(report, ours["org_id"], "2.2")
        return report if row and row["at_end"] == 1 else None

    report = wait_until(counted, timeout=30, what="the mentor counted in the period")
    day = today(MOSCOW)
    first = day.year if day.month >= 9 else day.year - 1
    assert (report["start"], report["end"]) == (f"{first}-09-01", f"{first + 1}-08-31")
    assert _row(report, ours["org_id"], "2.2") == {
        **_row(report, ours["org_id"], "2.2"), "at_start": 0, "at_end": 1, "change": 1}  # type: ignore[dict-item]
    total = next(v for v in report["indicators"] if v["key"] == "2.2")
    assert (total["at_start"], total["at_end"], total["change"]) == (0, 1, 1)
    assert total["trend"][-1] == 1 and len(total["trend"]) == len(report["trend_points"])

    # Dates set: a period that ended yesterday has not got him yet; the counts as of yesterday neither.
    yesterday = (day - timedelta(days=1)).isoformat()
    earlier = municipal.get("/api/v1/indicators/period",
                            params={"start": (day - timedelta(days=30)).isoformat(), "end": yesterday}).json()
    assert _row(earlier, ours["org_id"], "2.2")["at_end"] == 0  # type: ignore[index]
    as_of = municipal.get("/api/v1/indicators/as-of", params={"on": yesterday}).json()
    assert [r["counts"].get("mentor.origin.teacher", 0) for r in as_of["rows"] if r["unit_id"] == ours["org_id"]] \
        == [0]
    now = municipal.get("/api/v1/indicators/as-of", params={"on": day.isoformat()}).json()
    assert [r["counts"].get("mentor.origin.teacher", 0) for r in now["rows"] if r["unit_id"] == ours["org_id"]] \
        == [1]

    # Another municipality sees neither the school nor its count.
    other = login(theirs["municipal"]).get("/api/v1/indicators/period").json()
    assert [r["unit_id"] for r in other["rows"]] == [theirs["org_id"]]
    assert next(v for v in other["indicators"] if v["key"] == "2.2")["at_end"] == 0


@pytest.mark.parametrize(("params", "message"), [
    ({"start": "2026-06-30", "end": "2026-01-01"}, "Дата подведения итогов не может быть раньше даты начала"),
    ({"start": "01.09.2025", "end": "2026-05-31"}, "ГГГГ-ММ-ДД"),
    ({"start": "2025-09-01"}, "Укажите обе даты периода"),
])
def test_bad_dates_are_refused_in_russian(stack, ours, login, params, message) -> None:  # type: ignore[no-untyped-def]
    municipal = login(ours["municipal"])
    refused = municipal.get("/api/v1/indicators/period", params=params)
    assert refused.status_code == 422, refused.text
    assert message in refused.json()["detail"]
    page = municipal.get("/indicators/period", params=params)
    assert page.status_code == 422
    assert message in page.text and 'id="period-form"' in page.text
    assert municipal.get("/api/v1/indicators/as-of", params={"on": "вчера"}).status_code == 422


def test_the_page_shows_both_columns_the_change_and_a_sparkline(stack, ours, login) -> None:  # type: ignore[no-untyped-def]
    municipal = login(ours["municipal"])
    assert 'href="/indicators/period"' in municipal.get("/indicators").text
    day = today(MOSCOW)
    first = day.year if day.month >= 9 else day.year - 1
    page = municipal.get("/indicators/period", params={"year": str(first)})
    assert page.status_code == 200
    for text in ("На дату начала", "На дату подведения итогов", "Изменение",
                 "Количество наставников из числа педагогов", 'class="spark"', f'<option value="{first}" selected'):
        assert text in page.text, text
    custom = municipal.get("/indicators/period", params={"start": f"{first}-09-01", "end": day.isoformat()})
    assert custom.status_code == 200 and 'id="period-units"' in custom.text
