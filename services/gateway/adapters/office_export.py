"""Documents as Russian schools file them: DOCX of a program or roadmap with the «УТВЕРЖДАЮ» and
«СОГЛАСОВАНО» blocks, and the municipal inbox as an XLSX sheet."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from mentorship_kit.vocabulary import (
    DOCUMENT_STATUS_TITLES,
    INBOX_COLUMN_TITLES,
    ITEM_PROGRESS_TITLES,
    PLAN_ROW_TITLES,
    ROADMAP_ITEM_TITLES,
)

MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
          "ноября", "декабря")
PROGRESS_TITLES = ITEM_PROGRESS_TITLES  # the names the page modules import
STATUS_TITLES = DOCUMENT_STATUS_TITLES


def russian_date(value: str | None) -> str:
    if not value:
        return "«___» ____________ 20__ г."
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return f"«{moment.day:02d}» {MONTHS[moment.month - 1]} {moment.year} г."


def _approval_blocks(doc: Any, document: dict[str, Any]) -> None:
    table = doc.add_table(rows=1, cols=2)
    agreed, approved = table.rows[0].cells
    approval = document.get("approval") or {}
    head = "Руководитель муниципального органа управления образованием" \
        if document["owner_level"] == "municipality" else "Директор"
    approved.text = ""
    for line, bold in (("УТВЕРЖДАЮ", True), (f"{head} {document['owner_name']}", False),
                       ("_______________ / ________________", False), (russian_date(None), False)):
        run = approved.add_paragraph().add_run(line)
        run.bold = bold
    agreed.text = ""
    # The approval belongs to the approved version only: any other version (a draft, one on approval, a returned
    # one, a new draft over an approved one) is a project, whatever the document's approval says.
    if approval and document.get("approved"):
        lines = [("СОГЛАСОВАНО", True), (approval.get("approver_position", ""), False),
                 (approval.get("approver_name", ""), False), (russian_date(approval.get("approved_at")), False)]
    else:
        lines = [("ПРОЕКТ (не согласован)", True), (f"Редакция {document['version']}", False)]
    for line, bold in lines:
        run = agreed.add_paragraph().add_run(line)
        run.bold = bold


def _table(doc: Any, header: list[str], rows: list[list[str]], widths: list[float]) -> Any:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, title, width in zip(table.rows[0].cells, header, widths, strict=True):
        cell.text = title
        cell.paragraphs[0].runs[0].bold = True
        cell.width = Cm(width)
    for values in rows:
        cells = table.add_row().cells
        for cell, value, width in zip(cells, values, widths, strict=True):
            cell.text = value
            cell.width = Cm(width)
    return table


def document_docx(document: dict[str, Any]) -> bytes:
    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    section = doc.sections[0]
    if document["kind"] == "roadmap":
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(2))
    _approval_blocks(doc, document)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(document["title"].upper())
    run.bold = True
    doc.add_paragraph(f"Редакция {document['version']}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    content = document.get("content") or {}
    if document["kind"] == "roadmap":
        rows: list[list[str]] = []
        for stage in content.get("stages", []):
            rows.append([f"{stage['number']}", f"Этап {stage['number']}. {stage['title']}", "", "", "", ""])
            for n, item in enumerate(stage.get("items", []), start=1):
                term = item.get("period", "")
                if item.get("due_on"):
                    term = f"{term} (до {item['due_on']})".strip()
                mark = PROGRESS_TITLES.get(item.get("progress", ""), "")
                if item.get("evidence"):
                    mark = f"{mark}: {item['evidence']}"
                rows.append([f"{stage['number']}.{n}", item.get("activity", ""), term, item.get("responsible", ""),
                             item.get("result", ""), mark])
        _table(doc, list(ROADMAP_ITEM_TITLES.values()), rows, [1.5, 8, 3.5, 4, 6, 3.5])
    else:
        for number, part in enumerate(content.get("sections", []), start=1):
            doc.add_heading(f"{number}. {part['title']}", level=2)
            for paragraph in str(part.get("text", "")).split("\n"):
                if paragraph.strip():
                    doc.add_paragraph(paragraph.strip())
        doc.add_heading("План мероприятий на учебный год", level=2)
        _table(doc, list(PLAN_ROW_TITLES.values()),
               [[str(r.get(key) or "") for key in PLAN_ROW_TITLES] for r in content.get("annual_plan", [])],
               [4.5, 2.5, 2, 2.5, 2.5, 3])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def inbox_xlsx(entries: list[dict[str, Any]], *, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "На согласовании"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    header = list(INBOX_COLUMN_TITLES.values())
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for entry in entries:
        doc = entry["document"]
        submitted = datetime.fromisoformat(doc["submitted_at"].replace("Z", "+00:00")) if doc.get("submitted_at") \
            else None
        sheet.append([doc["owner_name"], doc["title"], doc["version"],
                      submitted.strftime("%d.%m.%Y %H:%M") if submitted else "",
                      round(int(entry["waiting_seconds"]) / 86400, 1)])
    for column, width in zip("ABCDE", (45, 55, 10, 22, 14), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
