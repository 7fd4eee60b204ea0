"""Issue 14 items 4-5 end to end through the gateway: the region drills into a municipality and a school on /indicators
(each level a click, breadcrumbs «Регион › муниципалитет › школа»); reporting enforces the reach (a municipality
cannot drill into another's schools: 403, a unit outside the caller's rows: 404, a school sees only itself); the
traffic light turns red for a school whose only pair has had no meetings; the XLSX holds every table of the page with
the same numbers as REST and a «Словарь» row for each column; the DOCX справка reads back with the page's numbers.

A region of its own (two municipalities, three schools), so no other test's counts move these."""

from __future__ import annotations

import html
import io
import re
from typing import Any

import docx
import pytest
from openpyxl import load_workbook

from tests.indicator_support import counted_region
from tests.support import Api

TABLE_ID = re.compile(r'<table id="([a-z0-9\-]+)"')


@pytest.fixture(scope="module")
def counted(stack, gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return counted_region(stack, gateway_container)


def _page(client: Api, path: str, **params: str) -> str:
    response = client.get(path, params=params or None)
    assert response.status_code == 200, response.text[-500:]
    return response.text


def _crumbs(page: str) -> list[str]:
    nav = re.search(r'<nav aria-label="Уровень показателей" class="crumbs">(.*?)</nav>', page, re.S)
    assert nav, "breadcrumbs on a drilled-down page"
    return [html.unescape(re.sub(r"<[^>]+>", "", li)).strip() for li in re.findall(r"<li>(.*?)</li>", nav.group(1))]


def _trend_today(page: str) -> list[str]:
    """The last row of «Динамика за учебный год»: mentors, mentees, pairs."""
    table = re.search(r'<table id="trend">(.*?)</table>', page, re.S)
    assert table, "no trend table"
    last = re.findall(r"<tr><td>[^<]*</td>(.*?)</tr>", table.group(1), re.S)[-1]
    return re.findall(r'<td class="num">(\d+)</td>', last)


def test_the_region_drills_into_a_municipality_and_a_school_each_level_a_click(counted, login) -> None:
    p = counted
    operator = login(p["region_op"])
    top = _page(operator, "/indicators")
    assert f'href="/indicators?municipality={p["m1"]}"' in top and f'href="/indicators?municipality={p["m2"]}"' in top
    assert 'id="chart-implementing"' in top and 'role="img"' in top and "<script" not in top
    assert 'id="traffic-lights"' in top

    north = _page(operator, "/indicators", municipality=p["m1"])
    assert _crumbs(north) == ["Регион", p["m1_name"]]
    assert p["a_name"] in north and p["c_name"] in north and p["b_name"] not in north
    school_link = f'href="/indicators?municipality={p["m1"]}&amp;organisation={p["a"]}"'
    assert school_link in north
    # the light of «Север-1»: its only pair without meetings for 8 weeks (more than a quarter of its pairs), said in
    # words beside the colour; «Север-2» has no pair at all — the control page's rule (ADR 022 addendum)
    row = re.search(rf'<tr class="light-row"><td><a [^>]*>{re.escape(p["a_name"])}</a></td>(.*?)</tr>', north, re.S)
    assert row and "light-red" in row.group(1) and "проблема" in row.group(1)
    assert "без встреч 1 из 1 пар" in row.group(1)
    other = re.search(rf'<tr class="light-row"><td><a [^>]*>{re.escape(p["c_name"])}</a></td>(.*?)</tr>', north, re.S)
    assert other and "light-yellow" in other.group(1) and "нет действующих пар" in other.group(1)
    # the region's level counts those lights per municipality (green, yellow, red) from one small row per school,
    # and the schools' evaluations too: each school's row is a click away, on its municipality's level (ADR 028)
    lights = re.search(r'<table id="traffic-lights">(.*?)</table>', top, re.S)
    assert lights, "the lights counted per municipality"
    counted_north = re.search(rf'<tr><td><a [^>]*>{re.escape(p["m1_name"])}</a></td>(.*?)</tr>', lights.group(1), re.S)
    assert counted_north and re.findall(r'<td class="num">(\d+)</td>', counted_north.group(1)) == ["0", "1", "1"]
    assert 'id="evaluation-schools"' not in top and "на странице её муниципалитета" in top
    assert 'id="evaluation-schools"' in north

    school = _page(operator, "/indicators", municipality=p["m1"], organisation=p["a"])
    assert _crumbs(school) == ["Регион", p["m1_name"], p["a_name"]]
    assert p["c_name"] not in school and 'id="total-mentors">2<' in school
    # the year's trend of the level (count history): the school's two mentors today; its neighbour has none
    assert _trend_today(school)[:1] == ["2"] and 'id="chart-trend"' in school and 'class="chart trend"' in school
    neighbour = _page(operator, "/indicators", municipality=p["m1"], organisation=p["c"])
    assert _trend_today(neighbour)[:1] == ["0"], "the trend is narrowed to the school, not the region's"
    rest = operator.get("/api/v1/indicators/mentor-counts", params={"organisation": p["a"]}).json()
    assert [(r["unit_id"], r["mentor_count"], r["parent_id"]) for r in rest["rows"]] == [(p["a"], 2, p["m1"])]
    pairs = operator.get("/api/v1/indicators/pairs", params={"municipality": p["m1"]}).json()
    assert pairs["grouping"] == "organisation" and {r["unit_id"] for r in pairs["rows"]} == {p["a"], p["c"]}
    assert pairs["totals"]["pairs"] == 1 and pairs["totals"]["pairs_without_meetings"] == 1


def test_the_reach_is_enforced_by_reporting_in_russian(counted, tenants, login) -> None:
    p = counted
    south = login(p["mun_2"])
    refused = south.get("/indicators", params={"municipality": p["m1"]})
    assert refused.status_code == 403 and "другого муниципалитета" in refused.text
    assert p["a_name"] not in refused.text
    unknown = south.get("/indicators", params={"organisation": p["a"]})
    assert unknown.status_code == 404 and "не найдена" in unknown.text and p["a_name"] not in unknown.text
    api = south.get("/api/v1/indicators/participants", params={"municipality": p["m1"]})
    assert api.status_code == 403 and "другого муниципалитета" in api.json()["detail"]
    for path in ("/indicators/export.xlsx", "/indicators/spravka.docx"):
        assert south.get(path, params={"municipality": p["m1"]}).status_code == 403
    own = _page(south, "/indicators", organisation=p["b"])
    assert _crumbs(own) == [p["m2_name"], p["b_name"]]

    school = login(p["curator_a"])
    assert school.get("/indicators", params={"organisation": p["c"]}).status_code == 403
    assert school.get("/api/v1/indicators/pairs", params={"municipality": p["m2"]}).status_code == 403
    own_school = school.get("/api/v1/indicators/mentor-counts", params={"organisation": p["a"]}).json()
    assert [r["unit_id"] for r in own_school["rows"]] == [p["a"]]

    stranger = login(tenants.region_op)  # the region of another test: these schools are not in its rows
    assert stranger.get("/indicators", params={"municipality": p["m1"]}).status_code == 404
    bad = login(p["region_op"]).get("/api/v1/indicators/documents", params={"municipality": "не-идентификатор"})
    assert bad.status_code == 422 and "Неверный идентификатор муниципалитета" in bad.text


def test_the_xlsx_holds_every_table_of_the_page_with_the_numbers_of_rest(counted, login,
                                                                          gateway_container) -> None:
    from gateway.adapters.indicator_columns import COLUMNS
    from gateway.entrypoints.web import indicator_view
    from mentorship_kit.principal import Principal, Role, Scope

    p = counted
    operator = login(p["region_op"])
    page = _page(operator, "/indicators", municipality=p["m1"])
    principal = Principal(user_id="tests", roles=frozenset({Role.REGIONAL_OPERATOR}), scope=Scope.REGION,
                          region_id=p["region_id"])
    view = indicator_view.load(gateway_container, principal, grouping=None, drill=indicator_view.Drill(p["m1"]))
    tables = indicator_view.tables_of(view)
    assert set(TABLE_ID.findall(page)) == {t.key for t in tables}, "every table of the page, and only those"
    top = indicator_view.load(gateway_container, principal, grouping=None, drill=indicator_view.Drill())
    shown = set(TABLE_ID.findall(_page(operator, "/indicators")))
    kpi_keys = {"kpi-rows", "kpi-pairs-by-form", "kpi-pairs-by-kind", "kpi-levels"}
    assert shown == {t.key for t in indicator_view.tables_of(top)} | kpi_keys, \
        "the region's level too: its municipalities' tables, no row per school, and the KPI section's"
    region_book = load_workbook(io.BytesIO(operator.get("/indicators/export.xlsx").content))
    assert len(region_book.sheetnames) == len(shown) + 2, "a sheet for each table of the region's page"
    kpi_rows = [list(r) for r in region_book["Региональные показатели"].iter_rows(values_only=True)]
    kpis = operator.get("/api/v1/indicators/kpis").json()
    kpi_total = dict(zip(kpi_rows[0], kpi_rows[-1], strict=True))
    assert kpi_rows[-1][0] == "Итого" and len(kpi_rows) == len(kpis["rows"]) + 2
    assert kpi_total[COLUMNS["implementing"].title] == kpis["totals"]["implementing"]["numerator"]
    assert kpi_total[COLUMNS["organisations"].title] == kpis["totals"]["implementing"]["denominator"] == 3
    assert kpi_total[COLUMNS["students"].title] == kpis["totals"]["student_coverage"]["denominator"]
    assert kpi_total[COLUMNS["pairs"].title] == kpis["totals"]["pairs"] == 1

    response = operator.get("/indicators/export.xlsx", params={"municipality": p["m1"]})
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "О выгрузке" and book.sheetnames[-1] == "Словарь"
    assert p["m1_name"] in str(book["О выгрузке"]["B2"].value)
    assert len(book.sheetnames) == len(tables) + 2

    def sheet(title: str) -> list[list[Any]]:
        return [list(r) for r in book[title].iter_rows(values_only=True)]

    mentors = {r[0]: r[-1] for r in sheet("Наставники")[1:]}
    rest = operator.get("/api/v1/indicators/mentor-counts", params={"municipality": p["m1"]}).json()
    assert mentors == {**{r["unit_name"]: r["mentor_count"] for r in rest["rows"]}, "Итого": rest["total_mentors"]}
    assert mentors[p["a_name"]] == 2

    bases = sheet("Базы участников")
    participants = operator.get("/api/v1/indicators/participants", params={"municipality": p["m1"]}).json()
    head = bases[0]
    total = dict(zip(head, bases[-1], strict=True))
    assert total[COLUMNS["mentor"].title] == participants["totals"]["mentor"] == 2
    assert total[COLUMNS["mentor.origin.teacher"].title] == participants["totals"]["mentor.origin.teacher"]

    appendix = {r[0]: r[2] for r in sheet("Приложение 2")[1:]}
    assert appendix == {a["code"]: a["value"] for a in participants["appendix_indicators"]}

    pair_rows = sheet("Наставнические пары")
    pairs = operator.get("/api/v1/indicators/pairs", params={"municipality": p["m1"]}).json()
    pair_total = dict(zip(pair_rows[0], pair_rows[-1], strict=True))
    assert pair_total[COLUMNS["pairs"].title] == pairs["totals"]["pairs"] == 1
    assert pair_total[COLUMNS["pairs_without_meetings"].title] == pairs["totals"]["pairs_without_meetings"]

    lights = {r[0]: r[1] for r in sheet("Светофор школ")[1:]}
    assert lights == {p["a_name"]: "проблема", p["c_name"]: "внимание"}, "the one rule of ADR 022 (addendum)"

    dictionary = {(r[0], r[1]) for r in sheet("Словарь")[1:] if r[2]}
    for name in book.sheetnames[1:-1]:
        for title in sheet(name)[0]:
            assert (name, title) in dictionary, f"«{name}» / «{title}» has no row in «Словарь»"


def test_the_spravka_reads_back_with_the_numbers_of_the_page(counted, login) -> None:
    p = counted
    north = login(p["mun_1"])
    response = north.get("/indicators/spravka.docx", params={"period": "2025-2026"})
    assert response.status_code == 200, response.text[-300:]
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(par.text for par in document.paragraphs)
    assert "СПРАВКА" in text and "о реализации целевой модели наставничества" in text
    assert p["m1_name"] in text and "за 2025/2026 учебный год" in text and "по состоянию на" in text
    assert "Выводы и предложения" in text
    participants = north.get("/api/v1/indicators/participants").json()
    found = {row.cells[0].text: row.cells[2].text for table in document.tables for row in table.rows
             if len(row.cells) == 3}
    for a in participants["appendix_indicators"]:
        assert found[a["code"]] == str(a["value"])
    assert found["2.2"] == "2"
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    assert "Действующих наставнических пар" in cells
    assert cells[cells.index("Действующих наставнических пар") + 1] == "1"
    wrong = north.get("/indicators/spravka.docx", params={"period": "2025-2027"})
    assert wrong.status_code == 422 and "2025-2026" in wrong.text

