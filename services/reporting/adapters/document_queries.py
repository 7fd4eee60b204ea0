"""Indicators of programs and roadmaps; row-level security narrows every table to the caller's reach."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from reporting.domain.indicators import Grouping, Within


@dataclass(frozen=True)
class DocumentRow:
    unit_id: str
    unit_name: str
    parent_name: str
    organisations: int
    implementing: int
    with_approved_program: int
    awaiting_decision: int
    items_total: int
    items_done: int
    items_overdue: int
    roadmap_status: str = ""
    program_status: str = ""
    municipal_roadmap_status: str = ""


_PER_ORGANISATION = """
    WITH items AS (
        SELECT document_id, count(*) AS total, count(*) FILTER (WHERE progress = 'done') AS done,
               count(*) FILTER (WHERE progress <> 'done' AND due_on < current_date) AS overdue
        FROM roadmap_item_states GROUP BY document_id)
    SELECT u.org_id, u.org_name, u.municipality_id, u.municipality_name, u.region_name,
           coalesce(r.status, '') AS roadmap_status, coalesce(p.status, '') AS program_status,
           coalesce(r.approved_version, 0) > 0 AS implementing,
           coalesce(p.approved_version, 0) > 0 AS program_approved,
           -- coalesce: a school with one document has no row of the other, and NULL + 1 would hide it
           coalesce((r.status = 'submitted')::int, 0) + coalesce((p.status = 'submitted')::int, 0) AS awaiting,
           coalesce(i.total, 0) AS total, coalesce(i.done, 0) AS done, coalesce(i.overdue, 0) AS overdue
    FROM organisation_units u
    LEFT JOIN document_states r ON r.org_id = u.org_id AND r.kind = 'roadmap'
    LEFT JOIN document_states p ON p.org_id = u.org_id AND p.kind = 'program'
    LEFT JOIN items i ON i.document_id = r.document_id
"""


def _where(within: Within | None) -> tuple[str, dict[str, str]]:
    """The drill-down filter as a WHERE of ``_PER_ORGANISATION`` (bound parameters, never text)."""
    conditions, params = [], {}
    if within and within.municipality_id:
        conditions.append("u.municipality_id = CAST(:municipality_id AS uuid)")
        params["municipality_id"] = within.municipality_id
    if within and within.organisation_id:
        conditions.append("u.org_id = CAST(:organisation_id AS uuid)")
        params["organisation_id"] = within.organisation_id
    return (" WHERE " + " AND ".join(conditions) if conditions else ""), params


def document_indicators(session: Session, grouping: Grouping, within: Within | None = None) -> list[DocumentRow]:
    where, params = _where(within)
    rows = session.execute(text(_PER_ORGANISATION + where + " ORDER BY u.municipality_name, u.org_name"),
                           params).all()
    if grouping is Grouping.ORGANISATION:
        return [DocumentRow(str(r.org_id), r.org_name, r.municipality_name, 1, int(r.implementing),
                            int(r.program_approved), int(r.awaiting or 0), r.total, r.done, r.overdue,
                            r.roadmap_status, r.program_status) for r in rows]
    municipal = {str(m.municipality_id): m.status for m in session.execute(text(
        "SELECT municipality_id, status FROM document_states WHERE owner_level = 'municipality'"
        " AND kind = 'roadmap'")).all()}
    grouped: dict[str, DocumentRow] = {}
    for r in rows:
        key = str(r.municipality_id)
        before = grouped.get(key) or DocumentRow(key, r.municipality_name, r.region_name, 0, 0, 0, 0, 0, 0, 0,
                                                 municipal_roadmap_status=municipal.get(key, ""))
        grouped[key] = DocumentRow(
            key, before.unit_name, before.parent_name, before.organisations + 1,
            before.implementing + int(r.implementing), before.with_approved_program + int(r.program_approved),
            before.awaiting_decision + int(r.awaiting or 0), before.items_total + r.total,
            before.items_done + r.done, before.items_overdue + r.overdue,
            municipal_roadmap_status=before.municipal_roadmap_status)
    return list(grouped.values())
