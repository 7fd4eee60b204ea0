"""A region's roster: the file layer and the checks of its rows, without I/O."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from gateway.adapters.roster_file import read_rows, template
from gateway.domain.roster import check_rows, kind_of
from mentorship_kit.errors import ValidationFailed


def _xlsx(*rows: tuple[object, ...]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_template_reads_back_as_its_example_row() -> None:
    rows = read_rows(template())
    assert [n for n, _ in rows] == [2]
    checked, problems = check_rows(rows)
    assert problems == [] and checked[0].kind == "school" and checked[0].email == "ivanova@school1.example"


def test_the_header_may_sit_below_a_title_and_use_other_spellings() -> None:
    content = _xlsx(("Реестр школ области",), (), ("Наименование организации", "Тип", "Муниципальное образование",
                                                   "ФИО куратора", "Email"),
                    ("Лицей № 2", "СПО", "Округ", "Орлова Вера", "o@l.example"), (None, None, None, None, None))
    assert read_rows(content) == [(4, {"organisation": "Лицей № 2", "kind": "СПО", "municipality": "Округ",
                                       "curator_name": "Орлова Вера", "email": "o@l.example"})]


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 broken", _xlsx(("Фамилия", "Имя"), ("a", "b"))])
def test_a_file_that_is_not_a_roster_is_refused_with_a_russian_message(content: bytes) -> None:
    with pytest.raises(ValidationFailed) as refused:
        read_rows(content)
    message = refused.value.message
    assert refused.value.problems[0].field == "file" and ("XLSX" in message or "«Организация»" in message)


def test_every_bad_cell_and_every_duplicate_is_a_problem_with_its_row_and_column() -> None:
    rows = [(2, {"organisation": "Школа 1", "kind": "школа", "municipality": "Округ", "curator_name": "А Б",
                 "email": "a@b.example"}),
            (3, {"organisation": "ШКОЛА  1", "kind": "вуз", "municipality": "округ", "curator_name": "",
                 "email": "A@B.example"}),
            (4, {"organisation": "x" * 201, "kind": "ДО", "municipality": "Округ", "curator_name": "В Г",
                 "email": "nope"})]
    checked, problems = check_rows(rows)
    assert len(checked) == 3
    assert {(p.row, p.column) for p in problems} == {
        (3, "Вид"), (3, "ФИО первого куратора"), (3, "Организация"), (3, "E-mail"), (4, "Организация"),
        (4, "E-mail")}
    assert any("строку 2" in p.message for p in problems if p.row == 3 and p.column == "Организация")


def test_kinds_are_read_as_people_write_them_and_an_empty_file_is_a_problem() -> None:
    assert [kind_of(k) for k in ("Школа", "колледж", "Организация дополнительного образования", "вуз")] == \
        ["school", "college", "additional", ""]
    assert check_rows([])[1][0].message.startswith("В файле нет")
