"""The outer tiers at work as pages (issue 15 items 1-3): the control of schools with its traffic lights (the
municipality's schools; the region's municipalities with the drill-down to a municipality's schools and to a
school), its XLSX; the yearly self-diagnosis; the approved roadmaps of the tiers above. Counts only."""

from __future__ import annotations

from io import BytesIO
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from openpyxl import Workbook
from openpyxl.styles import Font

from gateway.adapters.tier_reads import ControlRowRead, SelfDiagnosisRead
from gateway.domain.control_lights import SORTS, Light, municipality_lights, school_lights, sort_rows
from gateway.entrypoints.deps import ContainerDep, PageSession, allowed, check_form_csrf
from gateway.entrypoints.errors import status_of
from gateway.entrypoints.params import Id, Notice
from gateway.entrypoints.web.pages import form_fields, problems_from
from gateway.entrypoints.web.rendering import render_page
from gateway.service_layer.auth import AuthenticatedSession
from mentorship_kit import errors
from mentorship_kit.policy import Action, is_allowed
from mentorship_kit.principal import Scope
from mentorship_kit.vocabulary import (
    CONTROL_COLUMN_TITLES,
    DOCUMENT_STATUS_TITLES,
    ITEM_PROGRESS_TITLES,
    LIGHT_TITLES,
    LOWER_DUE_TITLES,
    OWNER_LEVEL_TITLES,
)

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Sort = Annotated[str, Query(max_length=30, pattern="^[a-z_]*$")]
NOTE_MAX = 500
SCHOOL_COLUMNS = ("overall", "roadmap", "program", "overdue", "meetings", "evaluation", "self_diagnosis")
MUNICIPAL_COLUMNS = ("overall", "roadmap", "school_roadmaps", "program", "overdue", "meetings", "evaluation",
                     "self_diagnosis")
_read = Depends(allowed(Action.CONTROL_READ))


def _rows(found: list[ControlRowRead], *, municipal: bool, sort: str) -> list[tuple[str, dict[str, Light],
                                                                                    ControlRowRead]]:
    judge = municipality_lights if municipal else school_lights
    by_name = {r.unit_name + "\x00" + r.unit_id: r for r in found}
    ordered = sort_rows([(key, judge(r)) for key, r in by_name.items()], sort)
    return [(key, lights, by_name[key]) for key, lights in ordered]


def _control_page(request: Request, session: AuthenticatedSession, container: ContainerDep, *, municipal: bool,
                  municipality_id: str, sort: str, base: str) -> HTMLResponse:
    p = session.principal
    reply = container.tiers.control_rows(p, grouping="municipality" if municipal else "school",
                                         municipality_id=municipality_id)
    rows = _rows(reply.rows, municipal=municipal, sort=sort)
    own = None
    if municipality_id and is_allowed(p, Action.SELF_DIAGNOSIS_READ):
        found = container.tiers.self_diagnoses(p, year=reply.year, municipality_id=municipality_id).items
        own = next((sd for sd in found if sd.owner_level == "municipality"), None)
    title = (rows[0][2].municipality_name if rows and municipality_id else "")
    return render_page(request, "control.html", session, rows=rows, municipal=municipal, year=reply.year,
                       columns=MUNICIPAL_COLUMNS if municipal else SCHOOL_COLUMNS, column_titles=CONTROL_COLUMN_TITLES,
                       light_titles=LIGHT_TITLES, sort=sort if sort in SORTS else "name", base=base,
                       municipality_id=municipality_id, municipality_name=title, own_diagnosis=own,
                       region=p.scope is Scope.REGION)


@router.get("/municipality/control", response_class=HTMLResponse, dependencies=[_read])
def municipality_control(request: Request, session: PageSession, container: ContainerDep,
                         sort: Sort = "overall") -> HTMLResponse:
    """The municipal curator's schools, one row each with traffic lights (a region sees all its schools)."""
    return _control_page(request, session, container, municipal=False, municipality_id="", sort=sort,
                         base="/municipality/control")


@router.get("/region/control", response_class=HTMLResponse, dependencies=[_read])
def region_control(request: Request, session: PageSession, container: ContainerDep,
                   sort: Sort = "overall") -> HTMLResponse:
    """The region's municipalities, one row each (a municipality sees its own row)."""
    return _control_page(request, session, container, municipal=True, municipality_id="", sort=sort,
                         base="/region/control")


def _xlsx(rows: list[tuple[str, dict[str, Light], ControlRowRead]], columns: tuple[str, ...], *, municipal: bool,
          year: int) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Контроль"
    head = ["Муниципалитет" if municipal else CONTROL_COLUMN_TITLES["name"],
            *([] if municipal else ["Муниципалитет"]), *(CONTROL_COLUMN_TITLES[c] for c in columns),
            "Школ", "Действующих пар", "Пар без встреч", "Просрочено пунктов", f"Самодиагностика {year}: баллы"]
    sheet.append(head)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for _, lights, r in rows:
        sheet.append([r.unit_name, *([] if municipal else [r.municipality_name]),
                      *(f"{LIGHT_TITLES[lights[c].colour]}: {lights[c].text}" for c in columns),
                      r.schools, r.active_pairs, r.pairs_without_meetings, r.items_overdue,
                      f"{r.self_diagnosis_score} из {r.self_diagnosis_max}" if r.self_diagnosed else ""])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _export(session: AuthenticatedSession, container: ContainerDep, *, municipal: bool, municipality_id: str,
            sort: str) -> Response:
    reply = container.tiers.control_rows(session.principal, grouping="municipality" if municipal else "school",
                                         municipality_id=municipality_id)
    rows = _rows(reply.rows, municipal=municipal, sort=sort)
    body = _xlsx(rows, MUNICIPAL_COLUMNS if municipal else SCHOOL_COLUMNS, municipal=municipal, year=reply.year)
    return Response(body, media_type=XLSX,
                    headers={"Content-Disposition": 'attachment; filename="control.xlsx"'})


@router.get("/municipality/control/export.xlsx", dependencies=[_read])
def municipality_control_xlsx(session: PageSession, container: ContainerDep, sort: Sort = "overall") -> Response:
    return _export(session, container, municipal=False, municipality_id="", sort=sort)


@router.get("/region/control/export.xlsx", dependencies=[_read])
def region_control_xlsx(session: PageSession, container: ContainerDep, sort: Sort = "overall") -> Response:
    return _export(session, container, municipal=True, municipality_id="", sort=sort)


@router.get("/region/control/{municipality_id}/export.xlsx", dependencies=[_read])
def region_control_municipality_xlsx(municipality_id: Id, session: PageSession, container: ContainerDep,
                                     sort: Sort = "overall") -> Response:
    return _export(session, container, municipal=False, municipality_id=municipality_id, sort=sort)


# Declared after the exports: «/region/control/export.xlsx» is not a municipality.
@router.get("/region/control/{municipality_id}", response_class=HTMLResponse, dependencies=[_read])
def region_control_municipality(request: Request, municipality_id: Id, session: PageSession,
                                container: ContainerDep, sort: Sort = "overall") -> HTMLResponse:
    """The drill-down: one municipality's schools and its own self-diagnosis."""
    return _control_page(request, session, container, municipal=False, municipality_id=municipality_id, sort=sort,
                         base=f"/region/control/{municipality_id}")


@router.get("/control/schools/{org_id}", response_class=HTMLResponse, dependencies=[_read])
def control_school(request: Request, org_id: Id, session: PageSession, container: ContainerDep) -> HTMLResponse:
    """One school's lights in words, its documents and its self-diagnosis of the year (the drill-down)."""
    p = session.principal
    reply = container.tiers.control_rows(p, grouping="school")
    row = next((r for r in reply.rows if r.unit_id == org_id), None)
    if row is None:
        raise errors.NotFound("Школа не найдена в вашем муниципалитете или регионе")
    documents = [d for d in container.documents.headers(p, org_id=org_id) if d.org_id == org_id]
    diagnosis: SelfDiagnosisRead | None = None
    if is_allowed(p, Action.SELF_DIAGNOSIS_READ):
        found = container.tiers.self_diagnoses(p, year=reply.year, org_id=org_id).items
        diagnosis = found[0] if found else None
    return render_page(request, "control_school.html", session, row=row, lights=school_lights(row),
                       columns=SCHOOL_COLUMNS, column_titles=CONTROL_COLUMN_TITLES, light_titles=LIGHT_TITLES,
                       documents=documents, statuses=DOCUMENT_STATUS_TITLES, diagnosis=diagnosis, year=reply.year)


# -- self-diagnosis -------------------------------------------------------------------------------------------------
Year = Annotated[int, Query(ge=0, le=2100)]


def _diagnosis_page(request: Request, session: AuthenticatedSession, container: ContainerDep, year: int, *,
                    status_code: int = 200, problems: list[dict[str, str]] | None = None,
                    notice: str = "") -> HTMLResponse:
    form = container.tiers.self_diagnosis_form(session.principal, year=year)
    return render_page(request, "self_diagnosis.html", session, status_code, form=form, problems=problems or [],
                       notice=notice, note_max=NOTE_MAX, owner_titles=OWNER_LEVEL_TITLES)


@router.get("/self-diagnosis", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.SELF_DIAGNOSIS_FILL))])
def self_diagnosis_page(request: Request, session: PageSession, container: ContainerDep, year: Year = 0,
                        notice: Notice = "") -> HTMLResponse:
    return _diagnosis_page(request, session, container, year, notice=notice)


@router.post("/self-diagnosis", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.SELF_DIAGNOSIS_FILL))])
async def self_diagnosis_save(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request, NOTE_MAX)
    check_form_csrf(session, form.get("csrf_token"))
    try:
        year = int(form.get("year", "0") or 0)
    except ValueError:
        year = 0
    # An unchecked box is not sent: every item the form named (its note field) is answered, checked or not.
    keys = sorted({k.split("-", 1)[1] for k in form if k.startswith(("item-", "note-"))})
    answers = [(key, form.get(f"item-{key}", "") == "done", form.get(f"note-{key}", "")) for key in keys]
    try:
        saved = container.tiers.save_self_diagnosis(session.principal, year=year, answers=answers)
    except errors.ValidationFailed as exc:
        return _diagnosis_page(request, session, container, year, status_code=status_of(exc),
                               problems=problems_from(exc))
    notice = f"Самодиагностика за {saved.year} год сохранена (версия {saved.version}): {saved.score} из " \
             f"{saved.max_score}"
    return RedirectResponse(f"/self-diagnosis?year={saved.year}&notice={quote(notice)}", status_code=303)


# -- the roadmaps above ---------------------------------------------------------------------------------------------
@router.get("/roadmaps/upper", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.DOCUMENT_READ))])
def upper_roadmaps(request: Request, session: PageSession, container: ContainerDep) -> HTMLResponse:
    """The approved roadmaps of the caller's municipality and region, read-only, with the deadlines they set the
    caller («срок для ОО» / «срок для МОУО»)."""
    found = container.tiers.upper_roadmaps(session.principal).roadmaps
    return render_page(request, "upper_roadmaps.html", session, roadmaps=found, owner_titles=OWNER_LEVEL_TITLES,
                       lower_due_titles=LOWER_DUE_TITLES, progress_titles=ITEM_PROGRESS_TITLES)
