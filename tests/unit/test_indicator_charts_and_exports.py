"""Issue 14 items 4-5 without I/O: the SVG charts (geometry, escaping, no inline style or script), the traffic light's
rule, the drill-down's reach rule in reporting's domain, the XLSX (every column in «Словарь», numbers read back) and
the DOCX справка (the seed's wording of Appendix 2, the period, the date of issue)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from gateway.adapters.evaluation_reads import EvaluationLevelsRead, LevelCountsRead
from gateway.adapters.history_reads import PeriodIndicatorsRead, PeriodValueRead
from gateway.adapters.indicator_columns import COLUMNS
from gateway.adapters.indicator_export import SpravkaFigures, Table, indicators_xlsx, school_year, spravka_docx
from gateway.adapters.service_clients import SchoolLightCount
from gateway.adapters.service_reads import (
    AppendixIndicatorRead,
    DocumentIndicatorRowRead,
    DocumentIndicatorsRead,
    MentorCountRowRead,
    MentorCountsRead,
    PairCountRowRead,
    PairCountsRead,
    ParticipantCountsRead,
)
from gateway.entrypoints.web.charts import (
    BAR_AREA,
    TREND_HEIGHT,
    TREND_TOP,
    Bar,
    Series,
    bar_chart,
    bar_geometry,
    light,
    trend_chart,
    trend_points,
)
from gateway.entrypoints.web.indicator_view import (
    ITEM_COLUMNS,
    LEVEL_COLUMNS,
    PAIR_COLUMNS,
    PARTICIPANT_COLUMNS,
    Drill,
    _trend,
    load,
    tables_of,
)
from gateway.entrypoints.web.kpi_section import KPI_COLUMNS
from mentorship_kit.errors import Forbidden, Unavailable, ValidationFailed
from mentorship_kit.principal import Principal, Role, Scope
from mentorship_kit.vocabulary import APPENDIX_2_TITLES, MENTORING_FORM_TITLES
from reporting.domain.indicators import Grouping, Within, check_within, grouping_within

SVG = "{http://www.w3.org/2000/svg}"
M1, M2, A, B = ("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222",
                "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa", "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb")


def test_bars_are_proportional_to_the_maximum_and_reach_the_target() -> None:
    bars = [Bar("Северный", 100.0), Bar("Южный", 50.0), Bar("Пустой", 0.0)]
    geometry = bar_geometry(bars, maximum=100.0, target=100.0)
    assert [g.width for g in geometry] == [BAR_AREA, BAR_AREA / 2, 0.0]
    assert [g.reached for g in geometry] == [True, False, False]
    assert geometry[1].y > geometry[0].y


@given(st.lists(st.floats(min_value=-10, max_value=1e6, allow_nan=False), max_size=30),
       st.floats(min_value=0.5, max_value=1e6))
def test_no_bar_leaves_the_chart(values: list[float], maximum: float) -> None:
    for g in bar_geometry([Bar(str(i), v) for i, v in enumerate(values)], maximum=maximum, target=None):
        assert 0.0 <= g.width <= BAR_AREA + 0.05


def test_a_chart_is_an_svg_image_with_a_name_escaped_labels_and_no_inline_style() -> None:
    svg = bar_chart([Bar("Школа <№1> & «Ромашка»", 60.0, "3 из 5"), Bar("Б", 100.0)], name="Доля «реализующих»",
                    maximum=100.0, target=100.0, target_label="цель 100 %", unit=" %")
    root = ET.fromstring(str(svg))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img" and root.get("aria-label") == "Доля «реализующих»"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Школа <№1> & «Ромашка»" in texts and "3 из 5" in texts and "100 %" in texts and "цель 100 %" in texts
    assert [r.get("class") for r in root.iter(f"{SVG}rect")] == ["bar", "bar reached"]
    assert [ln.get("class") for ln in root.iter(f"{SVG}line")] == ["axis", "target"]
    assert "style=" not in svg and "<script" not in svg and "fill=" not in svg


def test_an_empty_chart_says_so_and_long_labels_are_shortened() -> None:
    assert "Данных пока нет" in bar_chart([], name="Пусто")
    long = "Муниципальное бюджетное общеобразовательное учреждение № 1"
    label = next(t.text for t in ET.fromstring(str(bar_chart([Bar(long, 1)], name="x"))).iter(f"{SVG}text"))
    assert label is not None and label.endswith("…") and len(label) <= 32


def test_a_trend_is_lines_from_zero_to_the_largest_value_named_and_without_inline_style() -> None:
    months = ["31.08", "30.09", "31.10", "сегодня"]
    svg = str(trend_chart(months, [Series("Наставники", [0, 2, 4, 4]), Series("Пары <все>", [0, 1, 1, 2])],
                          name="Динамика «года»"))
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-label") == "Динамика «года»"
    lines = [ln.get("points") for ln in root.iter(f"{SVG}polyline")]
    assert len(lines) == 2 and lines[0] is not None and lines[0].count(",") == 4
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"31.08", "сегодня", "Наставники: 4", "Пары <все>: 2", "4", "0"} <= set(texts)
    assert "style=" not in svg and "<script" not in svg
    bottom, top = trend_points([0, 4], maximum=4)
    assert bottom[1] > top[1] and top[1] == TREND_TOP and bottom[1] < TREND_HEIGHT
    assert "Данных пока нет" in trend_chart(["31.08"], [Series("Пары", [1])], name="x")


def test_the_light_is_decorative() -> None:
    assert 'aria-hidden="true"' in light("red") and "light-red" in light("red")
    with pytest.raises(ValueError):
        light("blue")


def _principal(scope: Scope) -> Principal:
    role = {Scope.ORG: Role.SCHOOL_CURATOR, Scope.MUNICIPALITY: Role.MUNICIPAL_CURATOR,
            Scope.REGION: Role.REGIONAL_OPERATOR}[scope]
    homes = {Scope.ORG: {"org_id": A, "municipality_id": M1, "region_id": "r"},
             Scope.MUNICIPALITY: {"municipality_id": M1, "region_id": "r"}, Scope.REGION: {"region_id": "r"}}[scope]
    return Principal(user_id="u", roles=frozenset({role}), scope=scope, **homes)


def test_the_drill_down_reach_a_municipality_and_a_school_see_only_their_own() -> None:
    region, municipality, school = (_principal(s) for s in (Scope.REGION, Scope.MUNICIPALITY, Scope.ORG))
    assert check_within(region, Within(M2, B)) == Within(M2, B)
    assert check_within(region, Within()) is None
    assert check_within(municipality, Within(M1, B)) == Within(M1, B)  # the rows decide: B is not M1's → 404
    with pytest.raises(Forbidden, match="другого муниципалитета"):
        check_within(municipality, Within(M2))
    with pytest.raises(Forbidden, match="другой организации"):
        check_within(school, Within(organisation_id=B))
    with pytest.raises(Forbidden):
        check_within(school, Within(municipality_id=M2))
    assert check_within(school, Within(organisation_id=A.upper())) == Within("", A)
    with pytest.raises(ValidationFailed, match="Неверный идентификатор организации"):
        check_within(region, Within(organisation_id="1; drop table"))
    assert grouping_within(Scope.REGION, None, Within(M1)) is Grouping.ORGANISATION
    assert grouping_within(Scope.REGION, None, None) is Grouping.MUNICIPALITY
    assert grouping_within(Scope.REGION, Grouping.MUNICIPALITY, Within(M1)) is Grouping.MUNICIPALITY


def test_every_column_the_page_exports_has_a_dictionary_row() -> None:
    used = {"region", "municipality", "organisation", "organisations", "mentors", "code", "indicator", "value",
            "note", "route", "route.item.done", "form", "kind", "groups", "period", "evaluation_total",
            "evaluation_level", "implementing", "implementing_share", "with_approved_program", "roadmap_status",
            "program_status", "municipal_roadmap_status", "light", "light.green", "light.yellow", "light.red",
            *PARTICIPANT_COLUMNS, *PAIR_COLUMNS, *LEVEL_COLUMNS, *ITEM_COLUMNS, *KPI_COLUMNS, "pairs", "schools"}
    assert used - set(COLUMNS) == set()
    assert all(c.title.strip() and len(c.definition) > 10 for c in COLUMNS.values())


def test_the_xlsx_reads_back_with_its_numbers_and_a_dictionary_row_per_column() -> None:
    tables = [Table("mentor-counts", "Наставники", ("municipality", "region", "organisations", "mentors"),
                    [["Северный", "Область", 2, 7], ["Южный", "Область", 1, 0]], ["Итого", "", "", 7]),
              Table("pairs-by-form", "Пары по формам", ("form", "pairs"), [["Учитель – ученик", 3]]),
              Table("x", "Наставники", ("kind", "pairs"), [])]
    book = load_workbook(io.BytesIO(indicators_xlsx(tables, reach="Регион › Северный", today=date(2026, 3, 5))))
    assert book.sheetnames == ["О выгрузке", "Наставники", "Пары по формам", "Наставники (2)", "Словарь"]
    about = {r[0]: r[1] for r in book["О выгрузке"].iter_rows(values_only=True)}
    assert about["Охват"] == "Регион › Северный" and about["Дата выгрузки"] == "05.03.2026"
    rows = list(book["Наставники"].iter_rows(values_only=True))
    assert rows[0] == ("Муниципалитет", "Регион", "Организаций", "Наставников")
    assert rows[1] == ("Северный", "Область", 2, 7) and rows[-1][0] == "Итого" and rows[-1][3] == 7
    dictionary = {(r[0], r[1]): r[2] for r in book["Словарь"].iter_rows(min_row=2, values_only=True)}
    for name in book.sheetnames[1:-1]:
        for title in next(book[name].iter_rows(max_row=1, values_only=True)):
            assert dictionary[(name, title)], (name, title)
    assert dictionary[("Наставники", "Наставников")] == COLUMNS["mentors"].definition


def test_the_school_year_defaults_to_the_current_one_and_refuses_a_wrong_one() -> None:
    assert school_year("", today=date(2026, 3, 5)) == (2025, 2026)
    assert school_year("", today=date(2026, 9, 1)) == (2026, 2027)
    assert school_year(" 2024-2025 ", today=date(2026, 3, 5)) == (2024, 2025)
    for wrong in ("2025-2027", "2025", "двадцать", "1900-1901"):
        with pytest.raises(ValidationFailed, match="2025-2026"):
            school_year(wrong, today=date(2026, 3, 5))


def _pair_row(**values: object) -> PairCountRowRead:
    fields = {name: 0 for name in PairCountRowRead.model_fields}
    return PairCountRowRead(**{**fields, "unit_id": "", "unit_name": "", "parent_name": "", "by_form": {},
                               "by_kind": {}, "groups_by_form": {}, "groups_by_kind": {}, "meetings_by_kind": {},
                               **values})


def test_the_spravka_states_the_reach_the_period_the_date_and_the_appendix_in_the_seed_s_wording() -> None:
    documents = DocumentIndicatorsRead(grouping="organisation", organisations=4, implementing=3,
                                       implementing_share=0.75, rows=[DocumentIndicatorRowRead(
                                           unit_id=A, unit_name="Школа", parent_name="Северный", organisations=4,
                                           implementing=3, with_approved_program=2, awaiting_decision=0,
                                           items_total=10, items_done=6, items_overdue=1, roadmap_status="approved",
                                           program_status="", municipal_roadmap_status="")])
    participants = ParticipantCountsRead(grouping="organisation", rows=[], totals={"transition.staff": 2},
                                         derived_totals={}, appendix_indicators=[
                                             AppendixIndicatorRead(code="3.4", title=APPENDIX_2_TITLES["3.4"],
                                                                   facet="transition.staff", value=2, note=""),
                                             AppendixIndicatorRead(code="2.1", title=APPENDIX_2_TITLES["2.1"],
                                                                   facet="mentor.trained", value=5, note="все")])
    pairs = PairCountsRead(grouping="organisation", rows=[], no_meeting_weeks=4,
                           totals=_pair_row(pairs=4, mentees_in_pairs=4, meetings_held=10,
                                            by_form={"teacher_pupil": 4}))
    levels = EvaluationLevelsRead(period="", schools=[], municipalities=[], periods=[],
                                  totals=LevelCountsRead(unit_id="", unit_name="", optimal=1, acceptable=2,
                                                         unacceptable=0, not_evaluated=1))
    content = spravka_docx(SpravkaFigures(documents, participants, pairs, levels), reach="Регион › Северный",
                           year=(2025, 2026), today=date(2026, 3, 5))
    document = docx.Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "СПРАВКА" in text and "о реализации целевой модели наставничества" in text
    assert "Регион › Северный" in text and "за 2025/2026 учебный год" in text
    assert "с «01» сентября 2025 г. по «31» августа 2026 г." in text and "по состоянию на «05» марта 2026 г." in text
    rows = {r.cells[0].text: [c.text for c in r.cells] for t in document.tables for r in t.rows}
    assert rows["3.4"] == ["3.4", APPENDIX_2_TITLES["3.4"], "2"]
    assert rows["2.1"][2] == "5" and "(все)" in rows["2.1"][1]
    assert rows["1.1"][2] == "нет данных"  # a code reporting did not send is said so, never a zero
    assert [code for code in rows if code in APPENDIX_2_TITLES] == list(APPENDIX_2_TITLES)  # the seed's order
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert cells[cells.index("Доля образовательных организаций, реализующих целевую модель наставничества") + 1] \
        == "75 %"
    assert cells[cells.index("Встреч на одну действующую пару") + 1] == "2,5"
    assert cells[cells.index(MENTORING_FORM_TITLES["teacher_pupil"]) + 1] == "4"


class _FakeReporting:
    """Answers like reporting for one municipality «Северный» (M1) with school A, or the region with M1 and M2."""

    def __init__(self) -> None:
        self.asked: list[dict[str, object]] = []

    def mentor_counts(self, principal: Principal, *, grouping: str | None, municipality_id: str = "",
                      organisation_id: str = "") -> MentorCountsRead:
        self.asked.append({"grouping": grouping, "municipality_id": municipality_id,
                           "organisation_id": organisation_id})
        if grouping is None and principal.scope is Scope.REGION and not (municipality_id or organisation_id):
            return MentorCountsRead(grouping="municipality", total_mentors=3, rows=[
                MentorCountRowRead(unit_id=M1, unit_name="Северный", parent_name="Область", mentor_count=3,
                                   organisation_count=1, parent_id="r")])
        return MentorCountsRead(grouping="organisation", total_mentors=3, rows=[
            MentorCountRowRead(unit_id=A, unit_name="Школа А", parent_name="Северный", mentor_count=3,
                               organisation_count=1, parent_id=M1)])

    def document_indicators(self, principal: Principal, *, grouping: str | None, **_: str) -> DocumentIndicatorsRead:
        name, unit = ("Школа А", A) if grouping == "organisation" else ("Северный", M1)
        return DocumentIndicatorsRead(grouping=grouping or "", organisations=1, implementing=1,
                                      implementing_share=1.0, rows=[DocumentIndicatorRowRead(
                                          unit_id=unit, unit_name=name, parent_name="Северный", organisations=1,
                                          implementing=1, with_approved_program=0, awaiting_decision=0,
                                          items_total=2, items_done=1, items_overdue=1, roadmap_status="approved",
                                          program_status="", municipal_roadmap_status="")])

    def participant_counts(self, principal: Principal, **_: object) -> ParticipantCountsRead:
        raise Unavailable("Сервис показателей недоступен")

    def pair_counts(self, principal: Principal, *, grouping: str | None, **_: str) -> PairCountsRead:
        unit = A if grouping == "organisation" else M1
        return PairCountsRead(grouping=grouping or "", no_meeting_weeks=4, totals=_pair_row(pairs=1),
                              rows=[_pair_row(unit_id=unit, pairs=1, pairs_without_meetings=1)])

    def school_light_counts(self, principal: Principal, **_: object) -> list[SchoolLightCount]:
        """The same school as the by-school rows above (one overdue item, one pair without meetings): red."""
        return [SchoolLightCount(M1, "Северный", green=0, yellow=0, red=1)]

    def evaluation_levels(self, principal: Principal, **_: object) -> EvaluationLevelsRead:
        return EvaluationLevelsRead(period="", schools=[], municipalities=[], periods=[], totals=None)


class _FakeHistory:
    """The school year from 1 September 2026 with three points past «today» (2026-10-15): only one is kept."""

    def __init__(self) -> None:
        self.asked: list[dict[str, object]] = []

    def period_indicators(self, principal: Principal, **asked: object) -> PeriodIndicatorsRead:
        self.asked.append(asked)
        points = ["2026-08-31", "2026-09-30", "2026-10-31", "2026-11-30"]
        return PeriodIndicatorsRead(grouping="organisation", start="2026-09-01", end="2027-08-31", trend_points=points,
                                    indicators=[], rows=[], facets=[
                                        PeriodValueRead(key="mentor", title="", at_start=1, at_end=3, change=2,
                                                        trend=[1, 2, 3, 3], note=""),
                                        PeriodValueRead(key="pair", title="", at_start=0, at_end=1, change=1,
                                                        trend=[0, 0, 1, 1], note="")])


class _Container:
    def __init__(self) -> None:
        self.reporting = _FakeReporting()
        self.count_history = _FakeHistory()


def test_each_level_has_its_breadcrumbs_links_lights_and_tables() -> None:
    region, municipality, school = (_principal(s) for s in (Scope.REGION, Scope.MUNICIPALITY, Scope.ORG))
    top = load(_Container(), region, grouping=None, drill=Drill())
    assert top.level == "region" and top.crumbs == [("Регион", "")]
    assert top.links == {M1: f"/indicators?municipality={M1}"}
    assert [(s.unit_name, s.green, s.yellow, s.red) for s in top.light_summary] == [("Северный", 0, 0, 1)]
    assert top.participants is None and top.participants_error == "Сервис показателей недоступен"

    container = _Container()
    north = load(container, region, grouping=None, drill=Drill(M1))
    assert container.reporting.asked == [{"grouping": None, "municipality_id": M1, "organisation_id": ""}]
    assert north.level == "municipality" and north.crumbs == [("Регион", "/indicators"), ("Северный", "")]
    assert north.links == {A: f"/indicators?municipality={M1}&organisation={A}"}
    assert [(x.unit_name, x.status, x.reasons) for x in north.lights] == [
        ("Школа А", "red", "просрочено пунктов: 1; без встреч 1 из 1 пар")]
    assert container.count_history.asked == [{"start": "", "end": "", "grouping": None, "municipality_id": M1,
                                               "organisation_id": "", "with_rows": False}], \
        "the trend of the level, not of the reach; the page draws the level's totals, no row per unit"
    assert [s.label for s in north.trend] == ["Наставники", "Наставляемые", "Пары"]
    assert "trend" in [t.key for t in tables_of(north)]
    labels, series = _trend(_FakeHistory().period_indicators(region), date(2026, 10, 15))
    assert labels == ["31.08", "30.09", "сегодня"], "months to come are not drawn; the month under way is «сегодня»"
    assert [(s.label, list(s.values)) for s in series] == [("Наставники", [1, 2, 3]), ("Наставляемые", [0, 0, 0]),
                                                           ("Пары", [0, 0, 1])]
    keys = [t.key for t in tables_of(north)]
    assert "participant-counts" not in keys and {"mentor-counts", "pair-counts", "traffic-lights"} <= set(keys)

    at_school = load(_Container(), region, grouping=None, drill=Drill(organisation_id=A))
    assert at_school.crumbs == [("Регион", "/indicators"), ("Северный", f"/indicators?municipality={M1}"),
                                ("Школа А", "")]
    assert at_school.links == {}
    own = load(_Container(), municipality, grouping=None, drill=Drill(M1, A))
    assert own.crumbs == [("Северный", "/indicators"), ("Школа А", "")]
    assert load(_Container(), school, grouping=None, drill=Drill()).crumbs == [("Школа А", "")]
