"""The preview keeps only invalid rows; the write reads the stored file again and keeps exactly the rows the preview
promised (ADR 031): the same verdicts on the upload's day, duplicates refused the same way, the file's own columns
merged into people already stored."""

from __future__ import annotations

from datetime import UTC, date, datetime

from mentorship_kit.principal import Principal, Role, Scope
from registry.domain import persons
from registry.domain.imports import ImportKind, ImportStatus, RowAction
from registry.domain.persons import PersonData, PersonKind
from registry.domain.structure import Organisation, OrganisationKind
from registry.service_layer import import_processing
from tests.unit.fakes import FakeUnitOfWork

UPLOADED = datetime(2020, 1, 10, 23, 30, tzinfo=UTC)
HEADER = "Идентификатор;Фамилия;Имя;Отчество;Дата рождения;Класс;Законный представитель;Контакт представителя"
ROWS = [
    "k-1;Иванов;Иван;;01.02.2012;5А;;",
    "k-2;Петрова;Анна;;01.06.2020;1А;;",  # born after the upload's day: invalid then, and so at the write
    "k-3;Сидоров;Пётр;;03.03.2012;5Б;;",
    "k-1;Дубль;Иван;;01.02.2012;5А;;",  # the same key again
    "k-4;Смирнов;Олег;;04.04.2012;6А;;",  # stored already: the file's class replaces the stored one
]


def _uow() -> FakeUnitOfWork:
    uow = FakeUnitOfWork(Principal(user_id="u", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG,
                                   org_id="o", municipality_id="m", region_id="r"))
    school = Organisation("o", "m", "r", "Школа № 1", OrganisationKind.SCHOOL, "s-1")
    uow.structure.organisations["o"] = school
    stored = persons.new_person(person_id="p-4", organisation=school, now=UPLOADED, data=PersonData(
        kind=PersonKind.STUDENT, last_name="Смирнов", first_name="Олег", external_key="k-4",
        birth_date=date(2012, 4, 4), class_name="5А", email="oleg@example.org"))
    uow.persons.add_many([stored], created_by="u")
    uow.imports.add(job_id="j", tenant=("o", "m", "r"), kind=ImportKind.STUDENTS, filename="f.csv",
                    content="\n".join([HEADER, *ROWS]).encode(), created_by="u", created_by_name="Куратор",
                    at=UPLOADED)
    return uow


def test_the_write_keeps_what_the_preview_promised_without_storing_valid_rows() -> None:
    uow = _uow()
    import_processing.check(uow.imports.jobs["j"], lambda: uow, lambda _: None)
    job = uow.imports.jobs["j"]
    assert job.status is ImportStatus.PREVIEW
    assert (job.rows_total, job.rows_valid, job.rows_invalid, job.to_create, job.to_update) == (5, 3, 2, 2, 1)
    assert [(r.row_no, r.action) for r in uow.imports.rows["j"]] == [(3, RowAction.INVALID), (5, RowAction.INVALID)]
    assert uow.imports.files["j"], "the file stays until it is written"

    uow.imports.set("j", status=ImportStatus.COMMITTING)
    import_processing.commit(uow.imports.jobs["j"], lambda: uow, lambda _: None)
    job = uow.imports.jobs["j"]
    assert (job.status, job.created, job.updated, job.rows_processed) == (ImportStatus.DONE, 2, 1, 3)
    people = {p.data.external_key: p.data for p in uow.persons.people.values()}
    assert sorted(people) == ["k-1", "k-3", "k-4"]
    assert people["k-1"].last_name == "Иванов", "the first row of a repeated key is the one written"
    assert (people["k-4"].class_name, people["k-4"].email) == ("6А", "oleg@example.org")
    assert [r.row_no for r in uow.imports.rows["j"]] == [3, 5] and uow.imports.files["j"] == b""
