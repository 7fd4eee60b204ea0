"""«Показатели за период» (issue 14 item 2, ADR 019): every indicator «на дату начала» and «на дату подведения
итогов» of a program period — a school year or dates set — with the change and a server-rendered sparkline of its
monthly values beside the numbers (no script: the CSP forbids it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from gateway.adapters.history_reads import PeriodIndicatorsRead
from gateway.entrypoints.deps import ContainerDep, PageSession, allowed
from gateway.entrypoints.params import Choice, IsoDate
from gateway.entrypoints.web import ru_format
from gateway.entrypoints.web.pages import problems_from
from gateway.entrypoints.web.rendering import render_page
from mentorship_kit import errors
from mentorship_kit.policy import Action
from mentorship_kit.principal import Scope

router = APIRouter(include_in_schema=False)

SPARK_WIDTH, SPARK_HEIGHT = 120, 28


def school_years(today: date, back: int = 5) -> list[tuple[str, str, str]]:
    """(value, start, end) of the current school year (1 September – 31 August) and the ``back`` before it."""
    first = today.year if today.month >= 9 else today.year - 1
    return [(str(y), date(y, 9, 1).isoformat(), date(y + 1, 8, 31).isoformat())
            for y in range(first, first - back - 1, -1)]


def sparkline(values: list[int], width: int = SPARK_WIDTH, height: int = SPARK_HEIGHT) -> dict[str, Any] | None:
    """The points of a polyline over ``values`` (the lowest at the bottom, the highest at the top); None for fewer
    than two values."""
    if len(values) < 2:
        return None
    low, high = min(values), max(values)
    span = (high - low) or 1
    step = (width - 4) / (len(values) - 1)
    points = [(round(2 + i * step, 1), round(height - 3 - (v - low) * (height - 6) / span, 1))
              for i, v in enumerate(values)]
    return {"points": " ".join(f"{x},{y}" for x, y in points), "last": points[-1], "width": width,
            "height": height, "low": low, "high": high}


def _view(found: PeriodIndicatorsRead) -> dict[str, Any]:
    def row(v: Any) -> dict[str, Any]:
        return {"value": v, "spark": sparkline(v.trend)}
    return {"indicators": [row(v) for v in found.indicators], "facets": [row(v) for v in found.facets],
            "codes": [v.key for v in found.indicators], "titles": {v.key: v.title for v in found.indicators}}


@router.get("/indicators/period", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.INDICATORS_READ))])
def period_page(request: Request, session: PageSession, container: ContainerDep, year: Choice = "",
                start: IsoDate = "", end: IsoDate = "", grouping: Choice = "") -> Response:
    today = ru_format.today()
    years = school_years(today)
    if year:  # the school year chosen wins over the dates still in the form from the last answer
        chosen = next((y for y in years if y[0] == year), None)
        if chosen is None:  # an older year typed into the address: its dates, checked by reporting
            chosen = (year, f"{year}-09-01", f"{int(year) + 1}-08-31") if year.isdigit() and len(year) == 4 \
                else (year, year, year)
        start, end = chosen[1], chosen[2]
    wanted = grouping if grouping in ("organisation", "municipality") else None
    context: dict[str, Any] = {"years": years, "year": year, "start": start, "end": end,
                               "can_regroup": session.principal.scope in (Scope.REGION, Scope.PLATFORM)}
    try:
        found = container.count_history.period_indicators(session.principal, start=start, end=end, grouping=wanted)
    except errors.ValidationFailed as exc:
        return render_page(request, "indicators_period.html", session, status_code=422, found=None,
                           problems=problems_from(exc), **context)
    chosen_year = next((y[0] for y in years if (y[1], y[2]) == (found.start, found.end)), "")
    return render_page(request, "indicators_period.html", session, found=found, problems=[],
                       **{**context, "year": chosen_year, "start": found.start, "end": found.end}, **_view(found))
