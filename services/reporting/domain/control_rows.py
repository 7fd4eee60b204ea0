"""Control of schools (issue 15 item 2): one row of counts per school, and the same summed per municipality.

Pure: the rows come from the read models (``adapters/control_queries.py``); the traffic lights are the gateway's
(``gateway/domain/control_lights.py``) — here only what is counted, never a name of a person.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class ControlRow:
    unit_id: str
    unit_name: str
    municipality_id: str
    municipality_name: str
    schools: int = 1
    roadmap_status: str = ""
    program_status: str = ""
    roadmap_approved: bool = False
    program_approved: bool = False
    schools_roadmap_approved: int = 0
    schools_program_approved: int = 0
    items_total: int = 0
    items_overdue: int = 0
    active_pairs: int = 0
    pairs_without_meetings: int = 0
    evaluation_level: str = ""
    evaluation_total: int = 0
    schools_evaluated: int = 0
    schools_unacceptable: int = 0
    self_diagnosed: bool = False
    self_diagnosis_score: int = 0
    self_diagnosis_max: int = 0
    schools_self_diagnosed: int = 0


def school_row(row: ControlRow) -> ControlRow:
    """A school's own figures also fill the «schools …» counts (1 or 0), so a school row sums like a municipality."""
    return replace(row, schools=1, schools_roadmap_approved=int(row.roadmap_approved),
                   schools_program_approved=int(row.program_approved),
                   schools_evaluated=int(bool(row.evaluation_level)),
                   schools_unacceptable=int(row.evaluation_level == "unacceptable"),
                   schools_self_diagnosed=int(row.self_diagnosed))


@dataclass(frozen=True)
class MunicipalState:
    """The municipality's own roadmap and self-diagnosis of the year."""

    roadmap_status: str = ""
    roadmap_approved: bool = False
    items_total: int = 0
    items_overdue: int = 0
    self_diagnosed: bool = False
    self_diagnosis_score: int = 0
    self_diagnosis_max: int = 0


def per_municipality(schools: Iterable[ControlRow], own: Mapping[str, MunicipalState]) -> list[ControlRow]:
    """The schools' rows summed per municipality, with the municipality's own roadmap and self-diagnosis; the overdue
    items are the municipality's own plus its schools'."""
    grouped: dict[str, ControlRow] = {}
    for school in schools:
        s = school_row(school)
        key = s.municipality_id
        before = grouped.get(key)
        if before is None:
            state = own.get(key, MunicipalState())
            before = ControlRow(key, s.municipality_name, key, s.municipality_name, schools=0,
                                roadmap_status=state.roadmap_status, roadmap_approved=state.roadmap_approved,
                                items_total=state.items_total, items_overdue=state.items_overdue,
                                self_diagnosed=state.self_diagnosed, self_diagnosis_score=state.self_diagnosis_score,
                                self_diagnosis_max=state.self_diagnosis_max)
        grouped[key] = replace(
            before, schools=before.schools + 1,
            schools_roadmap_approved=before.schools_roadmap_approved + s.schools_roadmap_approved,
            schools_program_approved=before.schools_program_approved + s.schools_program_approved,
            items_total=before.items_total + s.items_total, items_overdue=before.items_overdue + s.items_overdue,
            active_pairs=before.active_pairs + s.active_pairs,
            pairs_without_meetings=before.pairs_without_meetings + s.pairs_without_meetings,
            schools_evaluated=before.schools_evaluated + s.schools_evaluated,
            schools_unacceptable=before.schools_unacceptable + s.schools_unacceptable,
            schools_self_diagnosed=before.schools_self_diagnosed + s.schools_self_diagnosed)
    return sorted(grouped.values(), key=lambda r: r.unit_name)
