"""Pages of the outer contour's work (issue 15 items 5-8, ADR 024): the regional base of programs, agreements of
cooperation, mentors' courses, Школа молодого учителя and risks. The outer contour sees documents and counts; a
school sees its own people's names (its enrolled mentors, its young teachers present) and nobody else's."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.entrypoints.deps import ContainerDep, PageSession, allowed, audit_pii_read, check_form_csrf
from gateway.entrypoints.errors import status_of
from gateway.entrypoints.params import Choice, Id, IdFilter, Notice, PageToken, SearchText
from gateway.entrypoints.vocabulary import MENTORING_FORM_TITLES
from gateway.entrypoints.web.pages import form_fields, form_lists, problems_from
from gateway.entrypoints.web.rendering import render_page
from gateway.service_layer.auth import AuthenticatedSession
from mentorship_kit import errors
from mentorship_kit.policy import Action, is_allowed
from mentorship_kit.vocabulary import (
    AGREEMENT_KIND_TITLES,
    AGREEMENT_STATE_TITLES,
    RISK_SHORT_TITLES,
    RISK_SIGNAL_TITLES,
    RISK_TITLES,
)

router = APIRouter(include_in_schema=False)
FORMS = {k: v for k, v in MENTORING_FORM_TITLES.items() if k}
PLAN_TEXT_MAX = 40_000  # 60 lines of «ГГГГ-ММ тема» with a 500-character topic each


def _back(url: str, notice: str) -> RedirectResponse:
    return RedirectResponse(f"{url}{'&' if '?' in url else '?'}notice={quote(notice)}", status_code=303)


def _int(value: str, field: str) -> int:
    try:
        return int(value.strip() or "0")
    except ValueError:
        raise errors.ValidationFailed([errors.FieldProblem(field, "Введите целое число")]) from None


# -- 5. the regional base of programs -------------------------------------------------------------------------------

def _base_page(request: Request, session: AuthenticatedSession, container: ContainerDep, *, query: str = "",
               form: str = "", municipality_id: str = "", page_token: str = "", status_code: int = 200,
               problems: list[dict[str, str]] | None = None, typed: dict[str, str] | None = None,
               notice: str = "") -> HTMLResponse:
    p = session.principal
    found = container.outer_work.search_programs(p, query=query, form=form if form in FORMS else "",
                                                 municipality_id=municipality_id, page_token=page_token)
    own = None
    published = None
    if is_allowed(p, Action.PROGRAM_PUBLISH):
        own = next(iter(container.documents.headers(p, kind="program", org_id=p.org_id or "")), None)
        if own is not None:
            try:
                published = container.outer_work.published_program(p, own.id)
            except errors.NotFound:
                published = None
    following = urlencode({"query": query, "form": form, "municipality_id": municipality_id,
                           "page_token": found.next_page_token}) if found.next_page_token else ""
    return render_page(request, "program_base.html", session, status_code, found=found, forms=FORMS,
                       municipalities={m.id: m.name for m in container.registry.list_municipalities(
                           p, region_id=p.region_id or "")},
                       search={"query": query, "form": form, "municipality_id": municipality_id},
                       own=own, published=published, typed=typed or {}, problems=problems or [], notice=notice,
                       next_url=f"/program-base?{following}" if following else "")


@router.get("/program-base", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.PROGRAM_BASE_READ))])
def program_base(request: Request, session: PageSession, container: ContainerDep, query: SearchText = "",
                 form: Choice = "", municipality_id: IdFilter = "", page_token: PageToken = "",
                 notice: Notice = "") -> Response:
    return _base_page(request, session, container, query=query, form=form, municipality_id=municipality_id,
                      page_token=page_token, notice=notice)


@router.post("/program-base/publish", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.PROGRAM_PUBLISH))])
async def publish_program(request: Request, session: PageSession, container: ContainerDep) -> Response:
    single, many = await form_lists(request)
    check_form_csrf(session, single.get("csrf_token"))
    typed = {"summary": single.get("summary", ""), "forms": ",".join(many.get("forms", []))}
    try:
        container.outer_work.publish_program(session.principal, single.get("document_id", ""),
                                             forms=many.get("forms", []), summary=typed["summary"])
    except errors.DomainError as exc:
        return _base_page(request, session, container, status_code=status_of(exc), problems=problems_from(exc),
                          typed=typed)
    return _back("/program-base", "Программа опубликована в региональной базе")


@router.post("/program-base/unpublish", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.PROGRAM_PUBLISH))])
async def unpublish_program(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    container.outer_work.unpublish_program(session.principal, form.get("document_id", ""))
    return _back("/program-base", "Программа снята с региональной базы")


@router.get("/program-base/{document_id}", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.PROGRAM_BASE_READ))])
def published_program(request: Request, document_id: Id, session: PageSession, container: ContainerDep) -> Response:
    program = container.outer_work.published_program(session.principal, document_id)
    return render_page(request, "program_base_card.html", session, program=program, forms=FORMS)


# -- 6. agreements --------------------------------------------------------------------------------------------------

def _agreements_page(request: Request, session: AuthenticatedSession, container: ContainerDep, *,
                     status_code: int = 200, problems: list[dict[str, str]] | None = None,
                     typed: dict[str, str] | None = None, notice: str = "") -> HTMLResponse:
    found = container.outer_work.list_agreements(session.principal).agreements
    return render_page(request, "agreements.html", session, status_code, agreements=found,
                       kinds=AGREEMENT_KIND_TITLES, states=AGREEMENT_STATE_TITLES,
                       manage=is_allowed(session.principal, Action.AGREEMENT_MANAGE),
                       typed={"kind": "with_operator", **(typed or {})}, problems=problems or [], notice=notice)


@router.get("/agreements", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.AGREEMENT_READ))])
def agreements(request: Request, session: PageSession, container: ContainerDep, notice: Notice = "") -> Response:
    return _agreements_page(request, session, container, notice=notice)


@router.post("/agreements", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.AGREEMENT_MANAGE))])
async def create_agreement(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    names = ("agreement_number", "signed_on", "kind", "parties", "subject", "valid_from", "valid_until")
    typed = {k: form.get(k, "") for k in names}
    try:
        made = container.outer_work.create_agreement(
            session.principal, number=typed["agreement_number"], signed_on=typed["signed_on"], kind=typed["kind"],
            parties=[x.strip() for x in typed["parties"].splitlines() if x.strip()], subject=typed["subject"],
            valid_from=typed["valid_from"], valid_until=typed["valid_until"])
    except errors.DomainError as exc:
        return _agreements_page(request, session, container, status_code=status_of(exc),
                                problems=problems_from(exc), typed=typed)
    return _back("/agreements", f"Соглашение № {made.number} внесено")


@router.post("/agreements/{agreement_id}/end", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.AGREEMENT_MANAGE))])
async def end_agreement(request: Request, agreement_id: Id, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    try:
        container.outer_work.end_agreement(session.principal, agreement_id, ended_on=form.get("ended_on", ""))
    except errors.DomainError as exc:
        return _agreements_page(request, session, container, status_code=status_of(exc),
                                problems=problems_from(exc))
    return _back("/agreements", "Соглашение расторгнуто")


# -- 6. courses -----------------------------------------------------------------------------------------------------

def _courses_page(request: Request, session: AuthenticatedSession, container: ContainerDep, *,
                  status_code: int = 200, problems: list[dict[str, str]] | None = None,
                  typed: dict[str, str] | None = None, notice: str = "") -> HTMLResponse:
    p = session.principal
    courses = container.outer_work.list_courses(p).courses
    apply = is_allowed(p, Action.COURSE_APPLY)
    schools = {o.id: o.name for o in container.registry.list_organisations(
        p, municipality_id=p.municipality_id or "")} if apply else {}
    return render_page(request, "courses.html", session, status_code, courses=courses, schools=schools,
                       manage=is_allowed(p, Action.COURSE_MANAGE), apply=apply,
                       enrol=is_allowed(p, Action.COURSE_ENROL), typed={"hours": "36", "provider": "ЦНППМ",
                                                                         **(typed or {})},
                       problems=problems or [], notice=notice)


@router.get("/courses", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.COURSE_READ))])
def courses(request: Request, session: PageSession, container: ContainerDep, notice: Notice = "") -> Response:
    return _courses_page(request, session, container, notice=notice)


@router.post("/courses", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.COURSE_MANAGE))])
async def create_course(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    typed = {k: form.get(k, "") for k in ("title", "hours", "provider", "study_form", "starts_on", "ends_on",
                                          "seats")}
    try:
        made = container.outer_work.create_course(
            session.principal, title=typed["title"], hours=_int(typed["hours"], "hours"),
            provider=typed["provider"], study_form=typed["study_form"], starts_on=typed["starts_on"],
            ends_on=typed["ends_on"], seats=_int(typed["seats"], "seats"))
    except errors.DomainError as exc:
        return _courses_page(request, session, container, status_code=status_of(exc), problems=problems_from(exc),
                             typed=typed)
    return _back("/courses", f"Курс «{made.title}» внесён в график")


@router.post("/courses/{course_id}/seats", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.COURSE_APPLY))])
async def apply_for_course(request: Request, course_id: Id, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    try:
        seats = {k.removeprefix("seats-"): _int(v, "seats") for k, v in form.items() if k.startswith("seats-")}
        container.outer_work.apply_for_course(session.principal, course_id, seats=seats)
    except errors.DomainError as exc:
        return _courses_page(request, session, container, status_code=status_of(exc), problems=problems_from(exc))
    return _back("/courses", "Заявка на курс сохранена")


def _course_page(request: Request, course_id: str, session: AuthenticatedSession, container: ContainerDep, *,
                 status_code: int = 200, problems: list[dict[str, str]] | None = None,
                 notice: str = "") -> HTMLResponse:
    p = session.principal
    found = container.outer_work.enrolments(p, course_id)
    mentors = container.participants.list_mentors(p, page_size=200, active_only=True).mentors
    audit_pii_read(request, session, action=Action.COURSE_ENROL, subject="наставники на курсе",
                   records=len(found.enrolments) + len(mentors))
    named = {e.mentor_id for e in found.enrolments}
    return render_page(request, "course_enrolments.html", session, status_code, found=found,
                       mentors={m.id: m.full_name for m in mentors if m.id not in named}, problems=problems or [],
                       notice=notice)


@router.get("/courses/{course_id}", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.COURSE_ENROL))])
def course_enrolments(request: Request, course_id: Id, session: PageSession, container: ContainerDep,
                      notice: Notice = "") -> Response:
    return _course_page(request, course_id, session, container, notice=notice)


@router.post("/courses/{course_id}/enrolments", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.COURSE_ENROL))])
async def enrol_mentor(request: Request, course_id: Id, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    try:
        if form.get("completed_on") is not None:
            container.outer_work.complete_course(session.principal, course_id, mentor_id=form.get("mentor_id", ""),
                                                 completed_on=form.get("completed_on", ""))
            notice = "Окончание курса отмечено: запись добавлена в «обучение» наставника"
        else:
            container.outer_work.enrol_mentor(session.principal, course_id, mentor_id=form.get("mentor_id", ""))
            notice = "Наставник записан на курс"
    except errors.DomainError as exc:
        return _course_page(request, course_id, session, container, status_code=status_of(exc),
                            problems=problems_from(exc))
    return _back(f"/courses/{quote(course_id)}", notice)


# -- 7. Школа молодого учителя -----------------------------------------------------------------------------------------

def _plan_page(request: Request, session: AuthenticatedSession, container: ContainerDep, *, municipality_id: str = "",
               status_code: int = 200, problems: list[dict[str, str]] | None = None,
               typed: dict[str, str] | None = None, notice: str = "") -> HTMLResponse:
    p = session.principal
    region_wide = p.scope.value == "region"
    municipalities = {m.id: m.name for m in container.registry.list_municipalities(p, region_id=p.region_id or "")} \
        if region_wide else {}
    plan = None
    if not region_wide or municipality_id:
        plan = container.outer_work.young_teacher_plan(p, municipality_id=municipality_id)
    lines = "\n".join(f"{s.month} {s.topic}" for s in plan.sessions) if plan else ""
    return render_page(request, "young_teacher_school.html", session, status_code, plan=plan,
                       municipalities=municipalities, municipality_id=municipality_id,
                       manage=is_allowed(p, Action.YOUNG_TEACHER_PLAN),
                       attendance=is_allowed(p, Action.YOUNG_TEACHER_ATTENDANCE),
                       typed={"first_year": str(plan.first_year) if plan and plan.first_year else "", "plan": lines,
                              **(typed or {})},
                       problems=problems or [], notice=notice)


@router.get("/young-teacher-school", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.YOUNG_TEACHER_READ))])
def young_teacher_school(request: Request, session: PageSession, container: ContainerDep,
                         municipality_id: IdFilter = "", notice: Notice = "") -> Response:
    return _plan_page(request, session, container, municipality_id=municipality_id, notice=notice)


@router.post("/young-teacher-school/plan", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.YOUNG_TEACHER_PLAN))])
async def save_plan(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request, limit=PLAN_TEXT_MAX)
    check_form_csrf(session, form.get("csrf_token"))
    typed = {"first_year": form.get("first_year", ""), "plan": form.get("plan", "")}
    try:
        sessions = []
        for line in typed["plan"].splitlines():
            if line.strip():
                month, _, topic = line.strip().partition(" ")
                sessions.append((month, topic))
        container.outer_work.save_young_teacher_plan(session.principal,
                                                     first_year=_int(typed["first_year"], "first_year"),
                                                     sessions=sessions)
    except errors.DomainError as exc:
        return _plan_page(request, session, container, status_code=status_of(exc), problems=problems_from(exc),
                          typed=typed)
    return _back("/young-teacher-school", "План ШМУ сохранён")


@router.post("/young-teacher-school/sessions/{session_id}/held", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.YOUNG_TEACHER_PLAN))])
async def session_held(request: Request, session_id: Id, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    try:
        container.outer_work.record_session_held(session.principal, session_id, held_on=form.get("held_on", ""))
    except errors.DomainError as exc:
        return _plan_page(request, session, container, status_code=status_of(exc), problems=problems_from(exc))
    return _back("/young-teacher-school", "Занятие отмечено проведённым")


def _attendance_page(request: Request, session_id: str, session: AuthenticatedSession, container: ContainerDep, *,
                     status_code: int = 200, problems: list[dict[str, str]] | None = None,
                     notice: str = "") -> HTMLResponse:
    p = session.principal
    found = container.outer_work.attendance(p, session_id)
    teachers = container.participants.list_persons(p, kind="staff", page_size=200).persons
    audit_pii_read(request, session, action=Action.YOUNG_TEACHER_ATTENDANCE, subject="посещение ШМУ",
                   records=len(teachers))
    return render_page(request, "young_teacher_attendance.html", session, status_code, found=found,
                       teachers=teachers, present={a.person_id for a in found.attendees}, problems=problems or [],
                       notice=notice)


@router.get("/young-teacher-school/sessions/{session_id}", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.YOUNG_TEACHER_ATTENDANCE))])
def attendance(request: Request, session_id: Id, session: PageSession, container: ContainerDep,
               notice: Notice = "") -> Response:
    return _attendance_page(request, session_id, session, container, notice=notice)


@router.post("/young-teacher-school/sessions/{session_id}", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.YOUNG_TEACHER_ATTENDANCE))])
async def mark_attendance(request: Request, session_id: Id, session: PageSession, container: ContainerDep) -> Response:
    single, many = await form_lists(request)
    check_form_csrf(session, single.get("csrf_token"))
    try:
        container.outer_work.mark_attendance(session.principal, session_id, person_ids=many.get("person_ids", []))
    except errors.DomainError as exc:
        return _attendance_page(request, session_id, session, container, status_code=status_of(exc),
                                problems=problems_from(exc))
    return _back(f"/young-teacher-school/sessions/{quote(session_id)}", "Посещение сохранено")


# -- 8. risks -------------------------------------------------------------------------------------------------------

def _risks_page(request: Request, session: AuthenticatedSession, container: ContainerDep, *, status_code: int = 200,
                problems: list[dict[str, str]] | None = None, typed: dict[str, str] | None = None,
                notice: str = "") -> HTMLResponse:
    p = session.principal
    signals = container.risk_signals.risk_signals(p)
    log = container.outer_work.mitigations(p).mitigations
    return render_page(request, "risks.html", session, status_code, schools=signals.schools,
                       schools_raised=signals.schools_raised, risks=RISK_TITLES, short=RISK_SHORT_TITLES,
                       signal_titles=RISK_SIGNAL_TITLES, log=log,
                       school_names={s.unit_id: s.unit_name for s in signals.schools},
                       mitigate=is_allowed(p, Action.RISK_MITIGATE), typed=typed or {}, problems=problems or [],
                       notice=notice)


@router.get("/risks", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.RISK_READ))])
def risks(request: Request, session: PageSession, container: ContainerDep, notice: Notice = "") -> Response:
    return _risks_page(request, session, container, notice=notice)


@router.post("/risks", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.RISK_MITIGATE))])
async def add_mitigation(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    typed = {"org_id": form.get("org_id", ""), "risk": form.get("risk", ""), "text": form.get("mitigation_text", "")}
    try:
        container.outer_work.add_mitigation(session.principal, **typed)
    except errors.DomainError as exc:
        return _risks_page(request, session, container, status_code=status_of(exc), problems=problems_from(exc),
                           typed=typed)
    return _back("/risks", "Мера записана в журнал")
