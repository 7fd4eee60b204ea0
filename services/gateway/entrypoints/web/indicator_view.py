"""What /indicators shows at each level of the drill-down — the region, one municipality, one school — read once and
shared by the page, its XLSX and the DOCX справка, so that the three show the same numbers.

The levels are URL filters (``?municipality=<id>``, ``?municipality=<id>&organisation=<id>``) passed to reporting,
which enforces the reach itself (a municipality asking for another's schools gets 403, an id outside the caller's rows
404): the gateway never filters rows it was given."""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar
from urllib.parse import urlencode

from markupsafe import Markup, escape

from gateway.adapters.evaluation_export import period_title
from gateway.adapters.evaluation_reads import EvaluationLevelsRead
from gateway.adapters.history_reads import PeriodIndicatorsRead
from gateway.adapters.indicator_export import TOTAL, SpravkaFigures, Table
from gateway.adapters.service_clients import SchoolLightCount
from gateway.adapters.service_reads import (
    DocumentIndicatorRowRead,
    DocumentIndicatorsRead,
    MentorCountsRead,
    PairCountsRead,
    ParticipantCountsRead,
)
from gateway.domain.control_lights import work_lights
from gateway.entrypoints.web.charts import Bar, Series, bar_chart, trend_chart
from gateway.entrypoints.web.ru_format import today
from mentorship_kit import errors
from mentorship_kit.principal import Principal, Scope
from mentorship_kit.vocabulary import (
    DOCUMENT_STATUS_TITLES,
    EVALUATION_LEVEL_TITLES,
    LIGHT_TITLES,
    MENTORING_FORM_TITLES,
    PAIR_KIND_TITLES,
)

PARTICIPANT_COLUMNS = ("mentor", "mentor.origin.teacher", "mentor.origin.student", "mentor.outside", "mentee",
                       "mentee.student", "mentee.staff", "request.status.open", "consent.participation.given",
                       "consent.participation.withdrawn", "transition.staff", "transition.student")
"""The columns of «Базы участников», facets and the figures reporting derived («внешних»), in the page's order."""
PAIR_COLUMNS = ("pairs", "mentees_in_pairs", "closed_early", "completed", "groups", "mentees_in_groups",
                "meetings_held", "plans_agreed", "plan_items_done", "reports_submitted", "pairs_without_meetings",
                "plans_on_track")
"""The columns of «Наставнические пары» (fields of GetPairCounts' rows), in the page's order."""
LEVEL_COLUMNS = ("level.optimal", "level.acceptable", "level.unacceptable", "level.not_evaluated")
ITEM_COLUMNS = ("awaiting_decision", "items_done", "items_total", "items_overdue")
IMPLEMENTING_TARGET = 100.0
"""Every organisation implements the target model (004 §VI): the target line of the share's bars."""


@dataclass(frozen=True)
class Drill:
    """Where the page stands: both empty — the caller's whole reach."""

    municipality_id: str = ""
    organisation_id: str = ""

    def query(self, **more: str) -> str:
        values = {"municipality": self.municipality_id, "organisation": self.organisation_id, **more}
        found = {k: v for k, v in values.items() if v}
        return "?" + urlencode(found) if found else ""


@dataclass(frozen=True)
class Light:
    """A school's deadline light: the worst of its overdue roadmap items and its pairs without meetings, judged by
    ``control_lights.work_lights`` — the same rule and thresholds as the control page."""

    unit_id: str
    unit_name: str
    parent_name: str
    status: str
    items_overdue: int
    pairs_without_meetings: int
    reasons: str

    @property
    def title(self) -> str:
        return LIGHT_TITLES[self.status]


def unit_link(links: Mapping[str, str]) -> Callable[[str, str], Markup]:
    """The first cell of a row of the page's tables: the unit's name, a link to its level when there is one. A Python
    function, not a template macro: the region's page draws ~400 of them, and a macro call cost ten times more."""
    def unit(unit_id: str, name: str) -> Markup:
        url = links.get(unit_id)
        # both parts escaped, then joined: Markup's own format and % are two and three times slower
        return Markup(f'<a href="{escape(url)}">{escape(name)}</a>') if url else escape(name)  # noqa: S704
    return unit


def participant_cells(counts: dict[str, Any], derived: dict[str, Any]) -> list[int]:
    """One row of the «Базы участников» table: facets and the figures reporting derived («внешних»), as sent."""
    values = {**counts, **derived}
    return [int(values.get(column, 0)) for column in PARTICIPANT_COLUMNS]


@dataclass
class IndicatorView:
    principal: Principal
    drill: Drill
    grouping: str
    counts: MentorCountsRead
    documents: DocumentIndicatorsRead
    participants: ParticipantCountsRead | None
    participants_error: str
    pairs: PairCountsRead | None
    pairs_error: str
    evaluations: EvaluationLevelsRead
    lights: list[Light] = field(default_factory=list)
    trend_labels: list[str] = field(default_factory=list)
    trend: list[Series] = field(default_factory=list)
    """The main counts at the end of each month of the school year so far (count history, ADR 019)."""
    light_summary: list[SchoolLightCount] = field(default_factory=list)
    """The region's level: each municipality's schools counted by light."""
    crumbs: list[tuple[str, str]] = field(default_factory=list)
    """(title, url): the last one is where the page stands (no url)."""

    @property
    def level(self) -> str:
        """region | municipality | organisation: what one row of the page's tables is."""
        if self.drill.organisation_id or self.principal.scope is Scope.ORG:
            return "organisation"
        if self.drill.municipality_id or self.principal.scope is Scope.MUNICIPALITY:
            return "municipality"
        return "region"

    def link(self, unit_id: str, parent_id: str = "") -> str:
        """The next level's URL for a row of the mentor counts; empty at a school."""
        if self.grouping == "municipality":
            return "/indicators" + Drill(unit_id).query()
        if self.level == "organisation" or self.principal.scope is Scope.ORG:
            return ""
        return "/indicators" + Drill(self.drill.municipality_id or parent_id, unit_id).query()

    @property
    def links(self) -> dict[str, str]:
        """unit id → the next level's URL, for the first column of every table of the page."""
        return {r.unit_id: url for r in self.counts.rows if (url := self.link(r.unit_id, r.parent_id))}

    def implementing_bars(self) -> list[Bar]:
        return [Bar(r.unit_name, round(100 * r.implementing / r.organisations, 1) if r.organisations else 0.0,
                    f"{r.implementing} из {r.organisations}") for r in self.documents.rows]

    def implementing_chart(self) -> str:
        return bar_chart(self.implementing_bars(), name="Доля организаций, реализующих целевую модель наставничества, "
                         "по строкам таблицы рядом; цель — 100 %", maximum=100.0, target=IMPLEMENTING_TARGET,
                         target_label="цель 100 %", unit=" %")

    def pairs_by_form(self) -> list[tuple[str, int]]:
        if self.pairs is None or self.pairs.totals is None:
            return []
        return [(MENTORING_FORM_TITLES.get(k, k), n) for k, n in self.pairs.totals.by_form.items()]

    def pairs_by_kind(self) -> list[tuple[str, int]]:
        if self.pairs is None or self.pairs.totals is None:
            return []
        return [(PAIR_KIND_TITLES.get(k, k), n) for k, n in self.pairs.totals.by_kind.items()]

    def groups_by_kind(self) -> list[tuple[str, int]]:
        if self.pairs is None or self.pairs.totals is None:
            return []
        return [(PAIR_KIND_TITLES.get(k, k), n) for k, n in self.pairs.totals.groups_by_kind.items()]

    def figures(self) -> SpravkaFigures:
        return SpravkaFigures(self.documents, self.participants, self.pairs, self.evaluations)

    def trend_chart(self) -> str:
        return trend_chart(self.trend_labels, self.trend,
                           name="Наставники, наставляемые и пары по месяцам учебного года, числа в таблице рядом")

    def pairs_by_form_chart(self) -> str:
        return bar_chart([Bar(title, n) for title, n in self.pairs_by_form()],
                         name="Действующие пары по формам наставничества, числа в таблице рядом")


TREND_FACETS = (("mentor", "Наставники"), ("mentee", "Наставляемые"), ("pair", "Пары"))


def _trend(found: PeriodIndicatorsRead, on: date) -> tuple[list[str], list[Series]]:
    """The school year's points up to today: the points past today repeat today's counts but the first of them, which
    stands for today (the month not yet over)."""
    points = [date.fromisoformat(p) for p in found.trend_points]
    keep = [i for i, p in enumerate(points) if p <= on]
    if len(keep) < len(points):
        keep.append(len(keep))
    labels = ["сегодня" if points[i] > on else points[i].strftime("%d.%m") for i in keep]
    values = {v.key: v.trend for v in found.facets}
    series = [Series(title, [(values.get(key) or [0] * len(points))[i] for i in keep]) for key, title in TREND_FACETS]
    return labels, series


def _lights(documents: DocumentIndicatorsRead, pairs: PairCountsRead | None) -> list[Light]:
    by_unit = {r.unit_id: r for r in (pairs.rows if pairs else [])}
    rows: list[DocumentIndicatorRowRead] = documents.rows
    found = []
    for r in rows:
        pair_row = by_unit.get(r.unit_id)
        active, without = (pair_row.pairs, pair_row.pairs_without_meetings) if pair_row else (0, 0)
        lights = work_lights(r.items_overdue, active, without)
        found.append(Light(r.unit_id, r.unit_name, r.parent_name, lights["overall"].colour, r.items_overdue, without,
                           "; ".join(lights[k].text for k in ("overdue", "meetings"))))
    return found


T = TypeVar("T")

# The page's reads are independent once the level is known: asked at once, the page waits for the slowest read, not
# for their sum (8 reads at the region's level and the KPIs; ADR 026, ADR 027). Threads, because the service clients
# are blocking gRPC.
_READS = ThreadPoolExecutor(max_workers=12, thread_name_prefix="indicator-read")


def ask(call: Callable[..., T], *args: Any, **kwargs: Any) -> Future[T]:
    """``call`` on the pool in a copy of this context (the request's trace goes on in the read's spans)."""
    context = contextvars.copy_context()
    return _READS.submit(context.run, call, *args, **kwargs)


def outcome(future: Future[T]) -> tuple[T | None, str]:
    """A section's read or, when its service refused it, the reason the page shows in its place."""
    try:
        return future.result(), ""
    except errors.DomainError as exc:  # one unavailable section should not hide the others
        return None, exc.message


def load(container: Any, principal: Principal, *, grouping: str | None, drill: Drill) -> IndicatorView:
    """Every read of the page for one level; a unit outside the reach stops here with reporting's 403/404."""
    reporting = container.reporting
    where = {"municipality_id": drill.municipality_id, "organisation_id": drill.organisation_id}
    counts = reporting.mentor_counts(principal, grouping=grouping, **where)
    documents = ask(reporting.document_indicators, principal, grouping=counts.grouping, **where)
    participants = ask(reporting.participant_counts, principal, grouping=counts.grouping, **where)
    pairs = ask(reporting.pair_counts, principal, grouping=counts.grouping, **where)
    regional = counts.grouping != "organisation"
    # a level that lists municipalities shows the schools' evaluations and lights counted, the schools a click away
    evaluations = ask(reporting.evaluation_levels, principal, with_schools=not regional, **where)
    history = ask(container.count_history.period_indicators, principal, start="", end="", grouping=None,
                  with_rows=False, **where)
    if regional:  # the region's level: the schools' lights counted per municipality (the schools are a click away)
        by_municipality = ask(reporting.school_light_counts, principal, **where)
    found_participants, participants_error = outcome(participants)
    found_pairs, pairs_error = outcome(pairs)
    view = IndicatorView(principal, drill, counts.grouping, counts, documents.result(), found_participants,
                         participants_error, found_pairs, pairs_error, evaluations.result())
    if not regional:
        view.lights = _lights(view.documents, found_pairs)
    else:
        view.light_summary = by_municipality.result()
    try:  # the history is a section of its own: when it is unavailable the rest of the page still stands
        view.trend_labels, view.trend = _trend(history.result(), today())
    except errors.DomainError:
        view.trend_labels, view.trend = [], []
    view.crumbs = _crumbs(view)
    return view


def _crumbs(view: IndicatorView) -> list[tuple[str, str]]:
    scope, drill = view.principal.scope, view.drill
    crumbs: list[tuple[str, str]] = []
    rows = view.counts.rows
    if scope in (Scope.REGION, Scope.PLATFORM):
        crumbs.append(("Регион", "/indicators"))
    if view.level in ("municipality", "organisation") and scope is not Scope.ORG and rows:
        first = rows[0]
        municipality = first.parent_name
        municipality_id = drill.municipality_id or first.parent_id
        crumbs.append((municipality, "/indicators" + Drill(municipality_id).query()
                       if scope in (Scope.REGION, Scope.PLATFORM) else "/indicators"))
    if view.level == "organisation" and rows:
        crumbs.append((rows[0].unit_name, ""))
    if crumbs:
        crumbs[-1] = (crumbs[-1][0], "")
    return crumbs


def _unit_column(grouping: str) -> str:
    return "municipality" if grouping == "municipality" else "organisation"


def tables_of(view: IndicatorView) -> list[Table]:
    """Every table the page shows at this level, with the same numbers (the page's table ``id`` is the key)."""
    unit = _unit_column(view.grouping)
    municipal = view.grouping == "municipality"
    found: list[Table] = []
    counts = view.counts
    found.append(Table("mentor-counts", "Наставники", (unit, "region" if municipal else "municipality",
                                                       *(("organisations",) if municipal else ()), "mentors"),
                       [[r.unit_name, r.parent_name, *((r.organisation_count,) if municipal else ()), r.mentor_count]
                        for r in counts.rows],
                       [TOTAL, "", *(("",) if municipal else ()), counts.total_mentors]))
    if view.participants is not None:
        p = view.participants
        found.append(Table("participant-counts", "Базы участников", (unit, *PARTICIPANT_COLUMNS),
                           [[r.unit_name, *participant_cells(r.counts, r.derived)] for r in p.rows],
                           [TOTAL, *participant_cells(p.totals, p.derived_totals)]))
        found.append(Table("appendix-2", "Приложение 2", ("code", "indicator", "value", "note"),
                           [[a.code, a.title, a.value, a.note] for a in p.appendix_indicators]))
        found.append(Table("route-counts", "ИОМ педагогов", (unit, "route", "route.item.done"),
                           [[r.unit_name, r.counts.get("route", 0), r.counts.get("route.item.done", 0)]
                            for r in p.rows],
                           [TOTAL, p.totals.get("route", 0), p.totals.get("route.item.done", 0)]))
    if view.pairs is not None and view.pairs.totals is not None:
        found.append(Table("pair-counts", "Наставнические пары", (unit, *PAIR_COLUMNS),
                           [[r.unit_name, *(getattr(r, c) for c in PAIR_COLUMNS)] for r in view.pairs.rows],
                           [TOTAL, *(getattr(view.pairs.totals, c) for c in PAIR_COLUMNS)]))
        found.append(Table("pairs-by-form", "Пары по формам", ("form", "pairs"),
                           [[t, n] for t, n in view.pairs_by_form()]))
        found.append(Table("pairs-by-kind", "Пары по видам", ("kind", "pairs"),
                           [[t, n] for t, n in view.pairs_by_kind()]))
        if view.groups_by_kind():
            found.append(Table("groups-by-kind", "Группы по видам", ("kind", "groups"),
                               [[t, n] for t, n in view.groups_by_kind()]))
    e = view.evaluations
    if len(e.municipalities) > 1:
        found.append(Table("evaluation-municipalities", "Оценка по муниципалитетам",
                           ("municipality", *LEVEL_COLUMNS),
                           [[m.unit_name, m.optimal, m.acceptable, m.unacceptable, m.not_evaluated]
                            for m in e.municipalities]))
    if view.grouping == "organisation":
        found.append(Table("evaluation-schools", "Оценка программ школ",
                           ("organisation", "municipality", "period", "evaluation_total", "evaluation_level"),
                           [[r.org_name, r.municipality_name, period_title(r.period) if r.period else "—",
                             r.total if r.period else "—", EVALUATION_LEVEL_TITLES.get(r.level, "нет оценки")]
                            for r in e.schools]))
    d = view.documents
    found.append(Table("implementing-share-table", "Доля реализующих ЦМН",
                       (unit, "implementing", "organisations", "implementing_share"),
                       [[b.label, r.implementing, r.organisations, b.value]
                        for b, r in zip(view.implementing_bars(), d.rows, strict=True)],
                       [TOTAL, d.implementing, d.organisations, round(100 * d.implementing_share, 1)]))
    if municipal:
        found.append(Table("document-indicators", "Программы и дорожные карты",
                           ("municipality", "implementing", "organisations", "with_approved_program",
                            "municipal_roadmap_status", *ITEM_COLUMNS),
                           [[r.unit_name, r.implementing, r.organisations, r.with_approved_program,
                             DOCUMENT_STATUS_TITLES.get(r.municipal_roadmap_status, "нет"), r.awaiting_decision,
                             r.items_done, r.items_total, r.items_overdue] for r in d.rows]))
    else:
        found.append(Table("document-indicators", "Программы и дорожные карты",
                           ("organisation", "roadmap_status", "program_status", *ITEM_COLUMNS),
                           [[r.unit_name, DOCUMENT_STATUS_TITLES.get(r.roadmap_status, "нет"),
                             DOCUMENT_STATUS_TITLES.get(r.program_status, "нет"), r.awaiting_decision, r.items_done,
                             r.items_total, r.items_overdue] for r in d.rows]))
    if view.trend_labels:
        found.append(Table("trend", "Динамика за учебный год", ("on", "mentor", "mentee", "pair"),
                           [[label, *(s.values[i] for s in view.trend)] for i, label in enumerate(view.trend_labels)]))
    if view.light_summary:
        found.append(Table("traffic-lights", "Светофор школ", ("municipality", "light.green", "light.yellow",
                                                               "light.red"),
                           [[s.unit_name, s.green, s.yellow, s.red] for s in view.light_summary]))
    else:
        found.append(Table("traffic-lights", "Светофор школ",
                           ("organisation", "light", "items_overdue", "pairs_without_meetings"),
                           [[x.unit_name, x.title, x.items_overdue, x.pairs_without_meetings] for x in view.lights]))
    return found
