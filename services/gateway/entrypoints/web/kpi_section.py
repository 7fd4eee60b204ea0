"""The «Региональные показатели» section of the /indicators page (ADR 021): reporting's KPIs as sent, with the
titles and the bar heights of the coverage chart worked out here so the template only lays them out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gateway.adapters.indicator_export import Table
from gateway.adapters.kpi_reads import KpiRowRead, KpiShareRead, RegionalKpisRead
from gateway.container import Container
from mentorship_kit import errors
from mentorship_kit.principal import Principal
from mentorship_kit.vocabulary import EVALUATION_LEVEL_TITLES, MENTORING_FORM_TITLES, PAIR_KIND_TITLES

CHART_WIDTH = 600
BAR_HEIGHT = 22


@dataclass(frozen=True)
class CoverageBar:
    """One bar of the coverage chart (an object, not a dict: the template reads its fields by name, per bar)."""

    name: str
    y: int
    width: int
    label: str


def percent(share: float) -> str:
    """«42,5 %»: one decimal with the Russian comma."""
    return f"{share * 100:.1f}".replace(".", ",") + " %"


def kpi_section(container: Container, principal: Principal, *, grouping: str | None, min_age: int,
                max_age: int) -> dict[str, Any]:
    try:
        found = container.kpis.regional_kpis(principal, grouping=grouping, min_age=min_age, max_age=max_age)
    except errors.DomainError as exc:
        # One unavailable section should not hide the others: the page shows the reason in its place.
        return {"error": exc.message}
    bars = [CoverageBar(r.unit_name, i * BAR_HEIGHT,
                        round(CHART_WIDTH * (r.student_coverage.share if r.student_coverage else 0.0)),
                        percent(r.student_coverage.share if r.student_coverage else 0.0))
            for i, r in enumerate(found.rows)]
    return {"error": "", "found": found, "percent": percent, "bars": bars, "chart_width": CHART_WIDTH,
            "chart_height": max(len(bars), 1) * BAR_HEIGHT, "bar_height": BAR_HEIGHT - 4,
            "target_x": round(CHART_WIDTH * found.coverage_target),
            "by_form": [(MENTORING_FORM_TITLES.get(k, k), n) for k, n in sorted(found.pairs_by_form.items())],
            "by_kind": [(PAIR_KIND_TITLES.get(k, k), n) for k, n in sorted(found.pairs_by_kind.items())],
            "levels": [(EVALUATION_LEVEL_TITLES.get(c.level, "нет оценки"), c.schools)
                       for c in found.evaluation_levels]}


KPI_COLUMNS = ("implementing", "implementing_with_pair", "organisations", "students_covered", "students",
               "young_with_mentor", "young_teachers", "retained_1y", "cohort_1y", "retained_3y", "cohort_3y", "pairs",
               "meetings_per_pair")


def _parts(share: KpiShareRead | None) -> list[int]:
    return [share.numerator, share.denominator] if share else [0, 0]


def _kpi_cells(r: KpiRowRead) -> list[int | float]:
    """The row of «Региональные показатели» as numbers: each share as its numerator and denominator (the page's
    «n из N»), so a table in the XLSX sums."""
    implementing, organisations = _parts(r.implementing)
    with_pair, _ = _parts(r.implementing_with_pair)
    return [implementing, with_pair, organisations, *_parts(r.student_coverage), *_parts(r.young_teachers_with_mentor),
            *_parts(r.retention_1y), *_parts(r.retention_3y), r.pairs, round(r.meetings_per_pair, 1)]


def kpi_tables(found: RegionalKpisRead) -> list[Table]:
    """The KPI section's four tables with the ids they have on the page (the XLSX holds every table of the page)."""
    unit = "organisation" if found.grouping == "organisation" else "municipality"
    return [
        Table("kpi-rows", "Региональные показатели", (unit, *KPI_COLUMNS),
              [[r.unit_name, *_kpi_cells(r)] for r in found.rows],
              ["Итого", *_kpi_cells(found.totals)] if found.totals else None),
        Table("kpi-pairs-by-form", "Пары по формам (регион)", ("form", "pairs"),
              [[MENTORING_FORM_TITLES.get(k, k), n] for k, n in sorted(found.pairs_by_form.items())]),
        Table("kpi-pairs-by-kind", "Пары по видам (регион)", ("kind", "pairs"),
              [[PAIR_KIND_TITLES.get(k, k), n] for k, n in sorted(found.pairs_by_kind.items())]),
        Table("kpi-levels", "Уровни оценки программ", ("evaluation_level", "schools"),
              [[EVALUATION_LEVEL_TITLES.get(c.level, "нет оценки"), c.schools] for c in found.evaluation_levels]),
    ]
