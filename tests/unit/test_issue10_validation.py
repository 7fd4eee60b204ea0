"""Issue 10 item 14: what the registry refuses, and how it says so — a malformed id names nothing (404, like a
well-formed stranger), an impossible date is called impossible, roadmap dates stay within years that make sense,
and a program goes to approval only with a title and every section written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mentorship_kit.errors import NotFound, ValidationFailed
from registry.domain import commands
from registry.domain import documents as d
from registry.domain.field_checks import Problems, parse_date
from registry.service_layer import document_handlers, import_handlers, participant_handlers, person_handlers
from tests.unit.fakes import FakeUnitOfWork
from tests.unit.test_handlers import _school

MALFORMED = "not-an-id"
LOOKUPS: dict[str, Callable[[FakeUnitOfWork], Any]] = {
    "person card": lambda uow: person_handlers.person_card(MALFORMED, uow),
    "consent": lambda uow: person_handlers.withdraw_consent(commands.WithdrawConsent(MALFORMED), uow),
    "mentor": lambda uow: participant_handlers.deactivate_mentor(commands.Deactivate(MALFORMED, "уволился"), uow),
    "mentee": lambda uow: participant_handlers.deactivate_mentee(commands.Deactivate(MALFORMED, "выбыл"), uow),
    "request": lambda uow: participant_handlers.change_request_status(
        commands.ChangeRequestStatus(MALFORMED, "withdrawn"), uow),
    "import": lambda uow: import_handlers.get(MALFORMED, uow),
    "document": lambda uow: document_handlers.get(MALFORMED, 0, uow),
}


@pytest.mark.parametrize("lookup", LOOKUPS.values(), ids=LOOKUPS.keys())
def test_a_malformed_id_in_an_address_is_not_found_not_a_validation_error(
        lookup: Callable[[FakeUnitOfWork], Any]) -> None:
    with pytest.raises(NotFound):
        lookup(_school())


@pytest.mark.parametrize("typed", ["31.02.2012", "2012-02-31", "29.02.2023", "31.04.2026", "00.01.2020"])
def test_an_impossible_date_is_reported_as_impossible_not_as_a_wrong_format(typed: str) -> None:
    problems = Problems()
    assert parse_date(typed, "birth_date", "Дата рождения", problems) is None
    assert [p.message for p in problems.items] == [f"«Дата рождения»: такой даты не существует ({typed})"]


@pytest.mark.parametrize("typed", ["31/02/2012", "завтра", "2012-2-3x"])
def test_a_date_in_a_wrong_shape_is_still_a_wrong_format(typed: str) -> None:
    problems = Problems()
    parse_date(typed, "birth_date", "Дата рождения", problems)
    assert "дата в виде ДД.ММ.ГГГГ" in problems.items[0].message


def _roadmap_with_due(due_on: str) -> dict[str, Any]:
    uow = _school()
    doc = document_handlers.create(d.Kind.ROADMAP, d.OwnerLevel.SCHOOL, uow)
    content = doc.content
    content["stages"][0]["items"][0]["due_on"] = due_on
    return content


@pytest.mark.parametrize("due_on", ["1999-09-01", "2019-12-31", "2101-01-01", "2999-05-31"])
def test_a_roadmap_due_date_far_in_the_past_or_the_future_is_refused(due_on: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        d.validate_content(d.Kind.ROADMAP, _roadmap_with_due(due_on))
    assert [p.message for p in refused.value.problems] == [
        f"Этап 1, п. 1: срок {due_on[8:]}.{due_on[5:7]}.{due_on[:4]} вне лет, на которые ведётся дорожная карта "
        f"({d.EARLIEST_YEAR}–{d.LATEST_YEAR})"]


@pytest.mark.parametrize("due_on", ["2020-01-01", "2026-09-01", "2100-12-31"])
def test_a_roadmap_due_date_within_the_years_is_kept(due_on: str) -> None:
    saved = d.validate_content(d.Kind.ROADMAP, _roadmap_with_due(due_on))
    assert saved["stages"][0]["items"][0]["due_on"] == due_on


def test_an_impossible_roadmap_date_is_called_impossible() -> None:
    with pytest.raises(ValidationFailed) as refused:
        d.validate_content(d.Kind.ROADMAP, _roadmap_with_due("2026-02-31"))
    assert [p.message for p in refused.value.problems] == ["Этап 1, п. 1: такой даты не существует (2026-02-31)"]
    with pytest.raises(ValidationFailed) as refused:
        d.validate_content(d.Kind.ROADMAP, _roadmap_with_due("когда-нибудь"))
    assert refused.value.problems[0].message == "Этап 1, п. 1: дата в формате ГГГГ-ММ-ДД"


def _program(uow: FakeUnitOfWork) -> d.Document:
    return document_handlers.create(d.Kind.PROGRAM, d.OwnerLevel.SCHOOL, uow)


def test_a_program_with_an_empty_section_is_not_submitted_and_nothing_changes() -> None:
    uow = _school()
    doc = _program(uow)
    content = doc.content
    content["sections"][2]["text"] = "   "
    saved = document_handlers.save_draft(doc.id, doc.revision, doc.title, content, uow)
    with pytest.raises(ValidationFailed) as refused:
        document_handlers.submit(doc.id, saved.revision, uow)
    title = content["sections"][2]["title"]
    assert [p.message for p in refused.value.problems] == [
        f"Раздел «{title}» не заполнен: заполните его, прежде чем отправлять программу на согласование"]
    stored = uow.documents.get(doc.id)
    assert stored is not None and stored.status is d.Status.DRAFT and stored.revision == saved.revision
    assert uow.events == []




def test_a_complete_program_is_submitted() -> None:
    uow = _school()
    doc = _program(uow)
    assert document_handlers.submit(doc.id, doc.revision, uow).status is d.Status.SUBMITTED


def test_an_import_row_with_an_impossible_date_says_so() -> None:
    from registry.domain import imports
    from tests.unit.test_bases_domain import TITLES, TODAY

    data, problems = imports.check_row(imports.ImportKind.STUDENTS, {
        "external_key": "S-1", "last_name": "Петров", "first_name": "Пётр", "birth_date": "31.02.2012",
        "class_name": "5а"}, TITLES, today=TODAY)
    assert data is None
    assert [(p.column, p.message) for p in problems] == [
        ("Дата рождения", "«Дата рождения»: такой даты не существует (31.02.2012)")]


def test_a_mentor_consent_on_an_impossible_date_says_so() -> None:
    from datetime import UTC, date, datetime

    from matching.domain.pairs import Pair

    pair = Pair(id="p", org_id="o", municipality_id="m", region_id="r", run_id="run", request_id="q",
                mentee_id="b", mentee_name="Б", mentor_id="a", mentor_name="А", form="teacher_teacher",
                kind="individual", term_start=date(2026, 1, 1), term_end=date(2026, 6, 1), reporting="monthly",
                created_by="curator", created_at=datetime.now(UTC))
    with pytest.raises(ValidationFailed) as refused:
        pair.record_mentor_consent("2026-02-30", "заявление № 1", today=date(2026, 3, 1))
    assert [p.message for p in refused.value.problems] == [
        "Дата согласия наставника: такой даты не существует (2026-02-30)"]
