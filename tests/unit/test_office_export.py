"""The DOCX approval block belongs to the approved version only (issue 10, item 2)."""

from __future__ import annotations

import io

import docx

from gateway.adapters.office_export import document_docx

APPROVAL = {"approver_name": "Иванова И. И.", "approver_position": "Муниципальный куратор",
            "approved_at": "2026-10-01T09:00:00+00:00"}


def _document(**changes: object) -> dict[str, object]:
    return {"kind": "roadmap", "owner_level": "school", "owner_name": "Школа № 1", "title": "Дорожная карта",
            "status": "draft", "version": 3, "approved_version": 2, "approval": APPROVAL,
            "content": {"stages": [{"number": 1, "title": "Подготовка", "items": [
                {"id": "a", "activity": "Приказ", "period": "сентябрь", "due_on": "2026-09-30"}]}]}, **changes}


def _agreed_cell(body: bytes) -> str:
    return docx.Document(io.BytesIO(body)).tables[0].rows[0].cells[0].text


def test_the_approved_version_carries_the_approval() -> None:
    cell = _agreed_cell(document_docx(_document(version=2, approved=True)))
    assert "СОГЛАСОВАНО" in cell and "Муниципальный куратор" in cell and "ПРОЕКТ" not in cell


def test_a_draft_over_an_approved_version_is_a_project_without_the_approval() -> None:
    cell = _agreed_cell(document_docx(_document()))
    assert "ПРОЕКТ (не согласован)" in cell and "СОГЛАСОВАНО" not in cell and "Муниципальный куратор" not in cell
