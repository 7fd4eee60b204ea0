"""The counts of the control page per school in reach (row-level security decides the reach), and each
municipality's own roadmap and self-diagnosis (issue 15 item 2)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from reporting.adapters.work_queries import pair_work_counts_by
from reporting.domain.control_rows import ControlRow, MunicipalState
from reporting.domain.indicators import Grouping
from reporting.domain.work_figures import WITHOUT_MEETINGS

_SCHOOLS = """
    WITH items AS (
        SELECT document_id, count(*) AS total,
               count(*) FILTER (WHERE progress <> 'done' AND due_on < :today) AS overdue
        FROM roadmap_item_states GROUP BY document_id),
    latest_evaluation AS (
        SELECT DISTINCT ON (org_id) org_id, level, total FROM school_evaluations ORDER BY org_id, period DESC),
    pairs AS (SELECT org_id, count(*) AS active FROM pair_work_states WHERE active GROUP BY org_id)
    SELECT u.org_id, u.org_name, u.municipality_id, u.municipality_name,
           coalesce(r.status, '') AS roadmap_status, coalesce(p.status, '') AS program_status,
           coalesce(r.approved_version, 0) > 0 AS roadmap_approved,
           coalesce(p.approved_version, 0) > 0 AS program_approved,
           coalesce(i.total, 0) AS items_total, coalesce(i.overdue, 0) AS items_overdue,
           coalesce(pairs.active, 0) AS active_pairs,
           coalesce(e.level, '') AS evaluation_level, coalesce(e.total, 0) AS evaluation_total,
           s.owner_id IS NOT NULL AS self_diagnosed, coalesce(s.score, 0) AS sd_score,
           coalesce(s.max_score, 0) AS sd_max
    FROM organisation_units u
    LEFT JOIN document_states r ON r.org_id = u.org_id AND r.kind = 'roadmap' AND r.owner_level = 'school'
    LEFT JOIN document_states p ON p.org_id = u.org_id AND p.kind = 'program'
    LEFT JOIN items i ON i.document_id = r.document_id
    LEFT JOIN latest_evaluation e ON e.org_id = u.org_id
    LEFT JOIN pairs ON pairs.org_id = u.org_id
    LEFT JOIN self_diagnosis_states s ON s.owner_level = 'school' AND s.owner_id = u.org_id AND s.year = :year
    WHERE (CAST(:municipality_id AS uuid) IS NULL OR u.municipality_id = CAST(:municipality_id AS uuid))
    ORDER BY u.municipality_name, u.org_name
"""

_MUNICIPAL = """
    WITH items AS (
        SELECT document_id, count(*) AS total,
               count(*) FILTER (WHERE progress <> 'done' AND due_on < :today) AS overdue
        FROM roadmap_item_states GROUP BY document_id)
    SELECT m.municipality_id, coalesce(r.status, '') AS roadmap_status,
           coalesce(r.approved_version, 0) > 0 AS roadmap_approved,
           coalesce(i.total, 0) AS items_total, coalesce(i.overdue, 0) AS items_overdue,
           s.owner_id IS NOT NULL AS self_diagnosed, coalesce(s.score, 0) AS sd_score,
           coalesce(s.max_score, 0) AS sd_max
    FROM (SELECT DISTINCT municipality_id FROM organisation_units) m
    LEFT JOIN document_states r ON r.municipality_id = m.municipality_id AND r.kind = 'roadmap'
        AND r.owner_level = 'municipality'
    LEFT JOIN items i ON i.document_id = r.document_id
    LEFT JOIN self_diagnosis_states s ON s.owner_level = 'municipality' AND s.owner_id = m.municipality_id
        AND s.year = :year
"""


def school_rows(session: Session, *, municipality_id: str | None, year: int, today: date) -> list[ControlRow]:
    work = pair_work_counts_by(session, Grouping.ORGANISATION, today=today)
    rows = session.execute(text(_SCHOOLS), {"today": today, "year": year,
                                            "municipality_id": municipality_id}).all()
    return [ControlRow(
        unit_id=str(r.org_id), unit_name=r.org_name, municipality_id=str(r.municipality_id),
        municipality_name=r.municipality_name, roadmap_status=r.roadmap_status, program_status=r.program_status,
        roadmap_approved=bool(r.roadmap_approved), program_approved=bool(r.program_approved),
        items_total=int(r.items_total), items_overdue=int(r.items_overdue), active_pairs=int(r.active_pairs),
        pairs_without_meetings=work.get(str(r.org_id), {}).get(WITHOUT_MEETINGS, 0),
        evaluation_level=r.evaluation_level, evaluation_total=int(r.evaluation_total),
        self_diagnosed=bool(r.self_diagnosed), self_diagnosis_score=int(r.sd_score),
        self_diagnosis_max=int(r.sd_max)) for r in rows]


def municipal_states(session: Session, *, year: int, today: date) -> dict[str, MunicipalState]:
    rows = session.execute(text(_MUNICIPAL), {"today": today, "year": year}).all()
    return {str(r.municipality_id): MunicipalState(
        r.roadmap_status, bool(r.roadmap_approved), int(r.items_total), int(r.items_overdue), bool(r.self_diagnosed),
        int(r.sd_score), int(r.sd_max)) for r in rows}
