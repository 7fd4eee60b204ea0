"""A teacher's ИОМ with the ЦНППМ tutor (issue 12 item 3, ADR 011): the domain's rules — the route's 4-5 years and
the deadlines inside each year of it, the diagnosis' scores 1-5 over exactly the 8 areas (each diagnosis kept, dated),
no tutor without consent, an item done once — and the use cases' policy, on a fake unit of work."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta
from typing import Any, Self

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorship_kit import vocabulary
from mentorship_kit.errors import Conflict, Forbidden, NotFound, ValidationFailed
from mentorship_kit.principal import Principal, Role, Scope
from monitoring.adapters.route_event_codec import encode_route_event
from monitoring.domain import route_events
from monitoring.domain.routes import (
    AREAS,
    FORMS,
    NOTE_KINDS,
    STATUSES,
    AreaScore,
    Route,
    add_item,
    add_note,
    assign_tutor,
    diagnose,
    end_of,
    open_route,
    record_consent,
    set_status,
)
from monitoring.service_layer import route_handlers as h

AT = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
TODAY = AT.date()
ORG, MUN, REGION = "00000000-0000-0000-0000-0000000000a1", "00000000-0000-0000-0000-0000000000b1", \
    "00000000-0000-0000-0000-0000000000c1"
TEACHER = "00000000-0000-0000-0000-0000000000d1"


def _route(years: int = 5, starts_on: str = "2026-09-01") -> Route:
    return open_route(teacher_person_id=TEACHER, teacher_name="Петрова Анна Сергеевна", years=years,
                      starts_on=starts_on, ideal_image="Учитель-исследователь", org_id=ORG, municipality_id=MUN,
                      region_id=REGION, by="curator", at=AT)


def _scores(value: int = 3) -> list[AreaScore]:
    return [AreaScore(area, value, "") for area in AREAS]


def _fields(exc: pytest.ExceptionInfo[ValidationFailed]) -> set[str]:
    return {p.field for p in exc.value.problems}


# -- the route's term --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("years", [0, 1, 3, 6, 10])
def test_a_route_lasts_four_or_five_years(years: int) -> None:
    with pytest.raises(ValidationFailed) as refused:
        _route(years=years)
    assert _fields(refused) == {"years"}


@pytest.mark.parametrize("years", [4, 5])
def test_a_route_of_four_or_five_years_ends_the_day_before_its_anniversary(years: int) -> None:
    route = _route(years=years)
    assert route.ends_on == date(2026 + years, 8, 31)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.sampled_from([4, 5]))
def test_end_of_a_route_is_within_a_day_of_whole_years(start: date, years: int) -> None:
    end = end_of(start, years)
    assert end > start and 365 * years - 1 <= (end - start).days <= 366 * years
    assert end_of(end + timedelta(days=1), 0) == end  # the next day begins the next «year 0» of nothing


def test_a_route_needs_a_teacher_and_a_start() -> None:
    with pytest.raises(ValidationFailed) as refused:
        open_route(teacher_person_id=TEACHER, teacher_name=" ", years=5, starts_on="", ideal_image="x" * 2001,
                   org_id=ORG, municipality_id=MUN, region_id=REGION, by="c", at=AT)
    assert _fields(refused) == {"teacher_name", "starts_on", "ideal_image"}


# -- the roadmap: items per year of the route --------------------------------------------------------------------
@pytest.mark.parametrize(("year", "due_on"), [(1, "2026-09-01"), (1, "2027-08-31"), (2, "2027-09-01"),
                                              (5, "2031-08-31")])
def test_a_roadmap_item_is_due_inside_its_year_of_the_route(year: int, due_on: str) -> None:
    route, item = add_item(_route(), year=year, title="Курсы ДПО по ФГОС", form="courses", due_on=due_on, product="")
    assert item in route.items and item.status == "planned"


@pytest.mark.parametrize(("years", "year", "due_on", "field"), [
    (5, 1, "2027-09-01", "due_on"), (5, 2, "2027-08-31", "due_on"), (5, 6, "2032-01-10", "year"),
    (4, 5, "2030-10-01", "year"), (5, 0, "2026-10-01", "year"), (5, 1, "2026-08-31", "due_on")])
def test_a_roadmap_item_outside_the_route_s_years_is_refused(years: int, year: int, due_on: str, field: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        add_item(_route(years=years), year=year, title="Стажировка", form="internship", due_on=due_on, product="")
    assert field in _fields(refused)


def test_a_roadmap_item_needs_a_known_form_and_a_title() -> None:
    with pytest.raises(ValidationFailed) as refused:
        add_item(_route(), year=1, title="", form="lecture", due_on="2026-12-01", product="")
    assert _fields(refused) == {"title", "form"}


def test_items_are_kept_in_order_of_their_deadline() -> None:
    route, _ = add_item(_route(), year=2, title="Проект", form="project", due_on="2028-03-01", product="")
    route, _ = add_item(route, year=1, title="Курсы", form="courses", due_on="2026-11-01", product="")
    assert [i.title for i in route.items] == ["Курсы", "Проект"]


def test_an_item_becomes_done_once_with_its_product() -> None:
    route, item = add_item(_route(), year=1, title="Курсы", form="courses", due_on="2026-11-01", product="")
    route, done, became = set_status(route, item_id=item.id, status="done", on="2026-09-01",
                                     product="Удостоверение о повышении квалификации", today=TODAY)
    assert became and done.done_on == TODAY and done.product.startswith("Удостоверение")
    route, again, became_again = set_status(route, item_id=item.id, status="done", on="", product="", today=TODAY)
    assert not became_again and again.product.startswith("Удостоверение")
    route, back, _ = set_status(route, item_id=item.id, status="in_progress", on="", product="", today=TODAY)
    assert back.done_on is None
    with pytest.raises(ValidationFailed):
        set_status(route, item_id=item.id, status="finished", on="", product="", today=TODAY)
    with pytest.raises(ValidationFailed):
        set_status(route, item_id=item.id, status="done", on="2026-09-02", product="", today=TODAY)
    with pytest.raises(NotFound):
        set_status(route, item_id="no-such-item", status="done", on="", product="", today=TODAY)


# -- self-diagnosis: 8 areas, scores 1..5, every diagnosis kept -------------------------------------------------
@given(st.integers(min_value=-1000, max_value=1000))
def test_a_diagnosis_score_lies_between_one_and_five(score: int) -> None:
    scores = [AreaScore(area, 3 if area != "legal" else score) for area in AREAS]
    if 1 <= score <= 5:
        assert diagnose(_route(), taken_on="2026-09-01", scores=scores, by="c", today=TODAY).diagnoses[0] \
            .score_of("legal") == score
    else:
        with pytest.raises(ValidationFailed) as refused:
            diagnose(_route(), taken_on="2026-09-01", scores=scores, by="c", today=TODAY)
        assert _fields(refused) == {"score_legal"}


def test_a_diagnosis_covers_exactly_the_eight_areas() -> None:
    assert len(AREAS) == 8
    with pytest.raises(ValidationFailed) as missing:
        diagnose(_route(), taken_on="2026-09-01", scores=_scores()[:7], by="c", today=TODAY)
    assert _fields(missing) == {"scores"}
    with pytest.raises(ValidationFailed) as unknown:
        diagnose(_route(), taken_on="2026-09-01", scores=[*_scores(), AreaScore("astrology", 3)], by="c",
                 today=TODAY)
    assert _fields(unknown) == {"scores"}
    with pytest.raises(ValidationFailed) as twice:
        diagnose(_route(), taken_on="2026-09-01", scores=[*_scores(), AreaScore("legal", 4)], by="c", today=TODAY)
    assert _fields(twice) == {"score_legal"}


def test_diagnoses_are_kept_dated_so_progress_shows() -> None:
    route = diagnose(_route(), taken_on="2026-09-01", scores=_scores(2), by="c", today=TODAY)
    later = datetime(2027, 9, 1, tzinfo=UTC).date()
    route = diagnose(route, taken_on="2027-09-01", scores=_scores(4), by="t", today=later)
    route = diagnose(route, taken_on="2027-01-15", scores=_scores(3), by="t", today=later)
    assert [d.taken_on.isoformat() for d in route.diagnoses] == ["2026-09-01", "2027-01-15", "2027-09-01"]
    assert route.diagnoses[0].score_of("digital") == 2 and route.diagnoses[-1].score_of("digital") == 4
    with pytest.raises(ValidationFailed):
        diagnose(route, taken_on="2027-09-02", scores=_scores(), by="t", today=later)  # not in the future


# -- consent and the tutor ----------------------------------------------------------------------------------------
def test_no_tutor_without_the_teacher_s_consent() -> None:
    with pytest.raises(Conflict):
        assign_tutor(_route(), tutor_user_id="tutor-1", tutor_name="Тьютор", teacher_name="", school_name="",
                     at=AT)


def test_consent_needs_a_date_not_in_the_future_and_a_document_number() -> None:
    with pytest.raises(ValidationFailed) as refused:
        record_consent(_route(), consent_on="2026-09-02", consent_document="", today=TODAY)
    assert _fields(refused) == {"consent_on", "consent_document"}


def test_the_assignment_copies_the_teacher_s_and_the_school_s_names() -> None:
    route = record_consent(_route(), consent_on="2026-08-30", consent_document="С-17", today=TODAY)
    assigned = assign_tutor(route, tutor_user_id="tutor-1", tutor_name="Иванова Ирина", teacher_name="Петрова А. С.",
                            school_name="МБОУ СОШ № 1", at=AT)
    assert (assigned.tutor_user_id, assigned.teacher_name, assigned.school_name) == \
        ("tutor-1", "Петрова А. С.", "МБОУ СОШ № 1")
    assert assigned.version == route.version + 1


def test_notes_are_newest_first_and_of_known_kinds() -> None:
    route = add_note(_route(), kind="reflection", text="Освоила проектную методику", author_role="tutor",
                     author_name="Т", at=AT)
    route = add_note(route, kind="comment", text="Хорошо", author_role="school", author_name="К",
                     at=AT + timedelta(hours=1))
    assert [n.kind for n in route.notes] == ["comment", "reflection"]
    with pytest.raises(ValidationFailed):
        add_note(route, kind="praise", text="", author_role="tutor", author_name="", at=AT)


def test_every_value_of_the_route_s_sets_has_a_russian_title() -> None:
    assert set(vocabulary.COMPETENCE_AREA_TITLES) == set(AREAS)
    assert set(vocabulary.ROUTE_ITEM_FORM_TITLES) == set(FORMS)
    assert set(vocabulary.ROUTE_ITEM_STATUS_TITLES) == set(STATUSES)
    assert set(vocabulary.ROUTE_NOTE_KIND_TITLES) == set(NOTE_KINDS)


def test_route_events_carry_ids_and_facets_never_a_name() -> None:
    started = encode_route_event(route_events.RouteStarted("r1", ORG, MUN, REGION, 5, "2026-09-01"))
    assert started.type == "mentorship.monitoring.route_started.v1" and list(started.payload.facets) == ["route"]
    done = encode_route_event(route_events.RouteItemDone("r1", ORG, MUN, REGION, "i1", "courses", "2026-09-01"))
    assert list(done.payload.facets) == ["route.item.done", "route.item.form.courses"]
    assert "Петрова" not in str(started.payload) + str(done.payload)


# -- the use cases on a fake unit of work ---------------------------------------------------------------------------
class FakeRoutes:
    def __init__(self, rows: dict[str, Route], visible: Any) -> None:
        self.rows, self._visible = rows, visible

    def get(self, route_id: str, *, lock: bool = False) -> Route | None:
        found = self.rows.get(route_id)
        return copy.deepcopy(found) if found and self._visible(found) else None

    def list(self) -> list[Route]:
        return [copy.deepcopy(r) for r in self.rows.values() if self._visible(r)]

    def add(self, route: Route) -> None:
        self.rows[route.id] = copy.deepcopy(route)

    def save(self, route: Route, *, known_version: int) -> bool:
        if self.rows[route.id].version != known_version:
            return False
        self.rows[route.id] = copy.deepcopy(route)
        return True


class FakeRouteUnitOfWork:
    """Stands in for row-level security as the migration declares it: the school's rows, or the assigned ones."""

    def __init__(self, principal: Principal, rows: dict[str, Route]) -> None:
        self.principal = principal
        self.events: list[object] = []
        self._pending: list[object] = []

        def visible(r: Route) -> bool:
            if principal.scope is Scope.ORG:
                return r.org_id == principal.org_id
            return principal.scope is Scope.REGION and r.region_id == principal.region_id \
                and r.tutor_user_id == principal.user_id
        self.routes = FakeRoutes(rows, visible)

    def __enter__(self) -> Self:
        self._pending = []
        return self

    def __exit__(self, *exc: object) -> None:
        self._pending = []

    def collect(self, event: object) -> None:
        self._pending.append(event)

    def commit(self) -> None:
        self.events += self._pending


CURATOR = Principal("curator", frozenset({Role.SCHOOL_CURATOR}), Scope.ORG, ORG, MUN, REGION)
TUTOR = Principal("tutor-1", frozenset({Role.TUTOR}), Scope.REGION, region_id=REGION, display_name="Иванова И.")
OTHER_TUTOR = Principal("tutor-2", frozenset({Role.TUTOR}), Scope.REGION, region_id=REGION)
MENTOR = Principal("mentor", frozenset({Role.MENTOR}), Scope.ORG, ORG, MUN, REGION)


def test_the_curator_opens_and_assigns_the_tutor_works_and_another_tutor_sees_nothing() -> None:
    rows: dict[str, Route] = {}
    school = FakeRouteUnitOfWork(CURATOR, rows)
    route = h.create_route(school, teacher_person_id=TEACHER, teacher_name="Петрова", years=5,
                           starts_on="2026-09-01", ideal_image="", now=lambda: AT)
    with pytest.raises(Conflict):
        h.assign_tutor(route.id, school, tutor_user_id="tutor-1", tutor_name="И", teacher_name="П",
                       school_name="СОШ", now=lambda: AT)
    h.record_consent(route.id, school, consent_on="2026-08-30", consent_document="С-1", now=lambda: AT)
    tutor = FakeRouteUnitOfWork(TUTOR, rows)
    assert h.list_routes(tutor) == []  # consent alone assigns nobody
    h.assign_tutor(route.id, school, tutor_user_id="tutor-1", tutor_name="И", teacher_name="П", school_name="СОШ",
                   now=lambda: AT)
    h.assign_tutor(route.id, school, tutor_user_id="tutor-1", tutor_name="И", teacher_name="П", school_name="СОШ",
                   now=lambda: AT)
    assert [type(e).__name__ for e in school.events] == ["RouteStarted"]  # started once
    assert [r.id for r in h.list_routes(tutor)] == [route.id]
    h.add_item(route.id, tutor, year=1, title="Курсы", form="courses", due_on="2026-12-01", product="")
    item = h.get_route(route.id, tutor).items[0]
    h.set_item_status(route.id, tutor, item_id=item.id, status="done", on="", product="Удостоверение",
                      now=lambda: AT)
    h.add_note(route.id, tutor, kind="comment", text="Молодец", now=lambda: AT)
    assert [type(e).__name__ for e in tutor.events] == ["RouteItemDone"]
    assert h.get_route(route.id, school).notes[0].author_role == "tutor"
    other = FakeRouteUnitOfWork(OTHER_TUTOR, rows)
    assert h.list_routes(other) == []
    with pytest.raises(NotFound):
        h.get_route(route.id, other)
    with pytest.raises(Forbidden):
        h.record_consent(route.id, tutor, consent_on="2026-08-30", consent_document="x", now=lambda: AT)
    with pytest.raises(Forbidden):
        h.list_routes(FakeRouteUnitOfWork(MENTOR, rows))
    with pytest.raises(NotFound):
        h.get_route("not-a-uuid", school)


def test_reporting_counts_a_route_once_and_an_item_by_its_form_only() -> None:
    from reporting.entrypoints.route_event_handlers import route_item_state, route_state

    assert route_state("r1") == route_state("r1") and route_state("r1").facets == ("route",)
    state = route_item_state("i1", ["route.item.done", "route.item.form.courses", "teacher:Петрова"])
    assert set(state.facets) == {"route.item.done", "route.item.form.courses"} and state.version == 1
