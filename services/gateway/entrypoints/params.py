"""Bounds of what a URL may carry, shared by pages and the API: an over-long value is a 422, never cut silently."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

Id = Annotated[str, Path(max_length=100)]
"""An id in the path (a UUID in practice; the registry answers 404 for a well-formed stranger)."""
IdFilter = Annotated[str, Query(max_length=100)]
SearchText = Annotated[str, Query(max_length=200)]
"""What a person types into a search field."""
ClassName = Annotated[str, Query(max_length=20)]
PageToken = Annotated[str, Query(max_length=500)]
Notice = Annotated[str, Query(max_length=1000)]
"""The one-line confirmation a form's redirect carries (it may name a person: three parts of up to 100 each)."""
Choice = Annotated[str, Query(max_length=50)]
"""A filter picked from a list (an origin, a kind, a status); an unknown value is ignored by the page."""
DocumentVersion = Annotated[int, Query(ge=1, le=10_000)]
ErrorsOffset = Annotated[int, Query(ge=0, le=1_000_000)]
"""Every problem of the largest file a curator may upload (50,000 rows × 20 columns)."""
PeriodCode = Annotated[str, Path(max_length=20, description="2026-H1, 2026-H2 или 2025-2026")]
"""A period of the program evaluation in the path; its form is monitoring's rule, refused there in Russian."""
IsoDate = Annotated[str, Query(max_length=10, description="дата в виде ГГГГ-ММ-ДД")]
AgeBound = Annotated[int, Query(ge=0, le=30, description="возраст в годах; 0 — без границы")]
"""A bound of the students' ages the coverage KPI counts (ADR 021); reporting checks the bounds again."""
IsoDay = Annotated[str, Query(max_length=10, description="ГГГГ-ММ-ДД; пусто — сегодня")]
SchoolYear = Annotated[str, Query(max_length=9, description="Учебный год: 2025-2026; пусто — текущий")]
"""The period of the справка of /indicators (a school year, 1 September – 31 August)."""
