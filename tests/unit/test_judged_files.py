"""A worker keeps the valid rows of the files it checked for their write (ADR 034): the write then skips judging the
file again and writes exactly what judging it again would have written; anything not kept is judged as before."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from mentorship_kit.principal import Principal, Role, Scope
from registry.domain import persons
from registry.domain.imports import ImportKind, ImportStatus
from registry.domain.persons import PersonData, PersonKind
from registry.domain.structure import Organisation, OrganisationKind
from registry.service_layer import import_processing
from registry.service_layer.judged_files import Judged, JudgedFiles
from tests.unit.fakes import FakeUnitOfWork

UPLOADED = datetime(2020, 1, 10, 23, 30, tzinfo=UTC)
HEADER = "Идентификатор;Фамилия;Имя;Отчество;Дата рождения;Класс;Законный представитель;Контакт представителя"


def _uow(rows: list[str], *, stored: bool = True) -> FakeUnitOfWork:
    uow = FakeUnitOfWork(Principal(user_id="u", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG,
                                   org_id="o", municipality_id="m", region_id="r"))
    school = Organisation("o", "m", "r", "Школа № 1", OrganisationKind.SCHOOL, "s-1")
    uow.structure.organisations["o"] = school
    if stored:
        uow.persons.add_many([persons.new_person(person_id="p-4", organisation=school, now=UPLOADED, data=PersonData(
            kind=PersonKind.STUDENT, last_name="Смирнов", first_name="Олег", external_key="k-4",
            birth_date=date(2012, 4, 4), class_name="5А", email="oleg@example.org"))], created_by="u")
    uow.imports.add(job_id="j", tenant=("o", "m", "r"), kind=ImportKind.STUDENTS, filename="f.csv",
                    content="\n".join([HEADER, *rows]).encode(), created_by="u", created_by_name="Куратор",
                    at=UPLOADED)
    return uow


def _checked_then_written(rows: list[str], judged: JudgedFiles | None, *, spoil_file: bool = False,
                          college_after: bool = False) -> dict[str, PersonData]:
    uow = _uow(rows)
    import_processing.check(uow.imports.jobs["j"], lambda: uow, lambda _: None, judged)
    if spoil_file:  # the stored file is not read again when the rows were kept
        uow.imports.files["j"] = b"\xff\xfe not a file"
    if college_after:
        school = uow.structure.organisations["o"]
        uow.structure.organisations["o"] = Organisation(school.id, school.municipality_id, school.region_id,
                                                        school.name, OrganisationKind.COLLEGE, school.code)
    uow.imports.set("j", status=ImportStatus.COMMITTING)
    import_processing.commit(uow.imports.jobs["j"], lambda: uow, lambda _: None, judged)
    assert uow.imports.jobs["j"].status is ImportStatus.DONE, uow.imports.jobs["j"].error
    return {p.data.external_key: p.data for p in uow.persons.people.values()}


ROWS = [
    "k-1;Иванов;Иван;;01.02.2012;5А;;",
    "k-2;Петрова;Анна;;01.06.2020;1А;;",  # born after the upload's day: invalid
    "k-3;Сидоров;Пётр;;03.03.2012;5Б;;",
    "k-1;Дубль;Иван;;01.02.2012;5А;;",  # the same key again: invalid
    "k-4;Смирнов;Олег;;04.04.2012;6А;;",  # stored already: the file's class replaces the stored one
]


def test_the_write_takes_the_rows_the_check_kept_and_forgets_them() -> None:
    judged = JudgedFiles()
    written = _checked_then_written(ROWS, judged, spoil_file=True)
    assert sorted(written) == ["k-1", "k-3", "k-4"]
    assert written["k-1"].last_name == "Иванов" and written["k-4"].class_name == "6А"
    assert written["k-4"].email == "oleg@example.org", "only the file's own columns replace stored values"
    assert judged.job_ids() == [] and judged.rows == 0, "a written file's rows are not kept any longer"
    assert written == _checked_then_written(ROWS, None), "the same people as judging the file again"


def test_rows_judged_for_another_kind_of_school_are_judged_again() -> None:
    judged = JudgedFiles()
    again = _checked_then_written(ROWS, judged, college_after=True)
    assert again == _checked_then_written(ROWS, None, college_after=True)
    assert judged.rows == 0


def _judged(rows: int) -> Judged:
    data = PersonData(kind=PersonKind.STUDENT, last_name="Я", first_name="Я")
    return Judged(False, frozenset({"last_name"}), ((data,) * rows,))


def test_the_bound_pushes_out_the_least_recently_checked_files() -> None:
    judged = JudgedFiles(max_rows=10)
    judged.keep("a", _judged(4))
    judged.keep("b", _judged(4))
    judged.keep("c", _judged(4))
    assert judged.job_ids() == ["b", "c"] and judged.rows == 8
    judged.keep("huge", _judged(11))
    assert judged.job_ids() == ["b", "c"], "a file over the bound alone is not kept (nor pushes others out)"
    assert judged.take("a", college=False) is None
    assert judged.take("b", college=True) is None and judged.job_ids() == ["c"], "taken, though not usable"
    assert judged.take("c", college=False) is not None and judged.rows == 0


_ROW = st.tuples(
    st.sampled_from(["k-1", "k-2", "k-3", "k-4", ""]),
    st.sampled_from(["Иванов", "", "Петрова-Водкина"]),
    st.sampled_from(["01.02.2012", "01.06.2020", "31.02.2012", ""]),
    st.sampled_from(["5А", "11Б", "", "99Я"]),
).map(lambda r: f"{r[0]};{r[1]};Имя;;{r[2]};{r[3]};;")


@settings(max_examples=60, deadline=None)
@given(st.lists(_ROW, min_size=1, max_size=25), st.booleans())
def test_kept_rows_write_what_judging_again_writes(rows: list[str], small_chunks: bool) -> None:
    chunk = import_processing.CHUNK
    import_processing.CHUNK = 3 if small_chunks else chunk
    try:
        assert _checked_then_written(rows, JudgedFiles()) == _checked_then_written(rows, None)
    finally:
        import_processing.CHUNK = chunk
