"""Reading the curator's import spreadsheet (XLSX/CSV) and building its template, all in memory."""

from __future__ import annotations

import inspect
import io
import os
import time
import zipfile
from datetime import date, datetime
from functools import cache
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from registry.adapters import import_files
from registry.adapters.import_files import COLUMNS, MAX_BYTES, FileRejected, build_template, read_table

STAFF_HEADER = "Идентификатор*;Фамилия*;Имя*;Отчество;Должность*;Дата приёма на работу*"
STAFF_ROW = {"external_key": "000123", "last_name": "Петров", "first_name": "Андрей", "middle_name": "Николаевич",
             "position": "Учитель математики", "hired_on": "01.09.2015"}
STUDENT_HEADER = ["Идентификатор", "Фамилия", "Имя", "Дата рождения", "Класс"]


def _xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv(lines: list[str], encoding: str = "utf-8") -> bytes:
    return "\r\n".join(lines).encode(encoding)


def _rejected(kind: str, content: bytes) -> str:
    with pytest.raises(FileRejected) as caught:
        read_table(kind, "file", content)
    return caught.value.message


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", ["students", "staff"])
def test_template_reads_back_as_exactly_the_example_row(kind: str, fmt: str) -> None:
    filename, content_type, content = build_template(kind, fmt)
    table = read_table(kind, filename, content)
    assert table.format == fmt
    assert table.total_rows == 1
    assert list(table.columns.values()) == list(COLUMNS[kind])
    assert list(table.rows) == [(2, {column.key: column.example for column in COLUMNS[kind]})]
    slug = "obuchayushchiesya" if kind == "students" else "sotrudniki"
    assert filename == f"shablon-{slug}.{fmt}"
    assert content_type == ("text/csv; charset=utf-8" if fmt == "csv"
                            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def test_xlsx_template_has_bold_starred_header_widths_and_explanations() -> None:
    workbook = load_workbook(io.BytesIO(build_template("staff", "xlsx")[2]))
    sheet, notes = workbook.worksheets
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Идентификатор*", "Фамилия*", "Имя*"]
    assert "Отчество" in header and "E-mail" in header
    assert all(cell.font.bold for cell in sheet[1])
    assert all((sheet.column_dimensions[letter].width or 0) >= 8 for letter in "ABCDEFGHI")
    assert notes.title == "Пояснения"
    explained = {row[0]: row for row in notes.iter_rows(min_row=2, values_only=True) if row[0]}
    assert all(column.title in explained for column in COLUMNS["staff"])
    assert explained["Идентификатор"][1] == "да" and explained["Образование"][1] == "нет"
    assert "Табельный номер" in explained["Идентификатор"][2] and "обновляет" in explained["Идентификатор"][2]
    assert "ДД.ММ.ГГГГ" in explained["Дата приёма на работу"][2]
    students = load_workbook(io.BytesIO(build_template("students", "xlsx")[2])).worksheets[1]
    texts = {row[0]: row[2] for row in students.iter_rows(min_row=2, values_only=True) if row[0]}
    assert "личного дела" in texts["Идентификатор"] and "7Б" in texts["Класс"]


def test_csv_template_is_utf8_with_bom_and_semicolons() -> None:
    content = build_template("students", "csv")[2]
    assert content.startswith(b"\xef\xbb\xbf")
    header, example = content.decode("utf-8-sig").splitlines()
    assert header.split(";")[:3] == ["Идентификатор*", "Фамилия*", "Имя*"]
    assert "Отчество;" in header
    assert example.split(";")[1] == "Иванова"


def test_unknown_kind_or_format_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        build_template("parents", "csv")
    with pytest.raises(ValueError):
        build_template("staff", "ods")
    with pytest.raises(ValueError):
        read_table("parents", "x.csv", b"a;b")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_csv_encodings(encoding: str) -> None:
    content = _csv([STAFF_HEADER, "000123;Петров;Андрей;Николаевич;Учитель математики;01.09.2015"], encoding)
    table = read_table("staff", "сотрудники.csv", content)
    assert table.format == "csv"
    assert list(table.rows) == [(2, STAFF_ROW)]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_delimiters_and_quoted_values(delimiter: str) -> None:
    header = STAFF_HEADER.replace(";", delimiter)
    row = delimiter.join(["000123", "Петров", "Андрей", "Николаевич", f'"Учитель{delimiter} математики"',
                          '"01.09.2015"'])
    rows = list(read_table("staff", "x.csv", _csv([header, row])).rows)
    assert rows == [(2, {**STAFF_ROW, "position": f"Учитель{delimiter} математики"})]


def test_csv_quoted_line_break_and_excel_sep_line() -> None:
    content = _csv(["sep=,", STAFF_HEADER.replace(";", ","), '1,Петров,Андрей,,"Учитель\nматематики",01.09.2015',
                    "2,Иванов,Иван,,Завуч,01.09.2010"])
    rows = list(read_table("staff", "x.csv", content).rows)
    assert [number for number, _ in rows] == [2, 3]
    assert rows[0][1]["position"] == "Учитель\nматематики"
    assert rows[0][1]["middle_name"] == ""


def test_unclosed_quote_is_reported_with_its_row() -> None:
    content = _csv([";".join(STUDENT_HEADER), "1;Ф;И;01.01.2012;7Б", '2;"Ф;И', "x" * 200_000])
    assert _rejected("students", content).startswith("Не удалось разобрать CSV около строки 3")


def test_header_aliases_case_yo_spaces_and_asterisk() -> None:
    header = ["Таб. №", " фамилия * ", "ИМЯ", "Примечание", "Дата  приема*", "Должность", "Электронная почта"]
    table = read_table("staff", "x.xlsx", _xlsx([header, ["7", "Петров", "Андрей", "любой текст", "01.09.2015",
                                                          "Учитель", "p@school.example"]]))
    assert {position: column.key for position, column in table.columns.items()} == {
        0: "external_key", 1: "last_name", 2: "first_name", 4: "hired_on", 5: "position", 6: "email"}
    assert list(table.rows) == [(2, {"external_key": "7", "last_name": "Петров", "first_name": "Андрей",
                                     "hired_on": "01.09.2015", "position": "Учитель", "email": "p@school.example"})]


@pytest.mark.parametrize("kind", ["students", "staff"])
def test_every_title_and_alias_maps_to_its_column(kind: str) -> None:
    required = [column for column in COLUMNS[kind] if column.required]
    for column in COLUMNS[kind]:
        for name in (column.title, *column.aliases):
            others = [other.title for other in required if other.key != column.key]
            table = read_table(kind, "x.csv", _csv([";".join([name.upper(), *others]), ""]))
            assert table.columns[0] == column, name


def test_header_below_a_caption_keeps_spreadsheet_row_numbers() -> None:
    content = _csv(["Список обучающихся на 1 сентября", "", ";".join(STUDENT_HEADER),
                    "Л-1;Иванова;Мария;01.02.2012;7Б"])
    assert list(read_table("students", "x.csv", content).rows) == [(4, {
        "external_key": "Л-1", "last_name": "Иванова", "first_name": "Мария", "birth_date": "01.02.2012",
        "class_name": "7Б"})]


def test_xlsx_cell_values_become_strings() -> None:
    content = _xlsx([[*STUDENT_HEADER, "Контакт представителя"],
                     [1234.0, "  Иванова ", "Мария", date(2012, 3, 4), 7, 79123456789.0],
                     [12.5, "Петров", None, datetime(2011, 12, 31, 0, 0), "7Б", "+7 912"]])
    rows = [row for _, row in read_table("students", "x.xlsx", content).rows]
    assert rows[0] == {"external_key": "1234", "last_name": "Иванова", "first_name": "Мария",
                       "birth_date": "04.03.2012", "class_name": "7", "guardian_contact": "79123456789"}
    assert rows[1]["external_key"] == "12.5"
    assert rows[1]["first_name"] == ""
    assert rows[1]["birth_date"] == "31.12.2011"


def test_empty_rows_are_skipped_and_row_numbers_preserved() -> None:
    data: list[list[Any]] = [["1", "Иванова", "Мария", "01.02.2012", "7Б"], ["", " ", None, "", ""], [None] * 5,
            ["2", "Петров", "Пётр", "03.04.2012", "7А"]]
    xlsx_rows = read_table("students", "x.xlsx", _xlsx([STUDENT_HEADER, *data])).rows
    assert [(number, row["external_key"]) for number, row in xlsx_rows] == [(2, "1"), (5, "2")]
    lines = [";".join(STUDENT_HEADER), "1;Иванова;Мария;01.02.2012;7Б", ";;;;", "", "2;Петров;Пётр;03.04.2012;7А"]
    table = read_table("students", "x.csv", _csv(lines))
    assert table.total_rows == 2
    assert [(number, row["external_key"]) for number, row in table.rows] == [(2, "1"), (5, "2")]


def test_missing_required_columns_are_named() -> None:
    message = _rejected("students", _csv(["Идентификатор;Фамилия;Имя;Отчество", "1;Иванова;Мария;"]))
    assert message.startswith("В файле нет обязательных столбцов: «Дата рождения».")  # a college has «Курс»
    assert "шаблон" in message and "«Фамилия»" not in message


def test_duplicate_column_is_named() -> None:
    message = _rejected("students", _csv([";".join([*STUDENT_HEADER, "Номер личного дела"]), "1;2;3;4;5;6"]))
    assert "«Идентификатор»" in message and "дважды" in message


def test_unknown_header_hints_at_encoding() -> None:
    # KOI8-R is not UTF-8 and decodes as cp1251 into nonsense, so no title can match.
    message = _rejected("students", ";".join(STUDENT_HEADER).encode("koi8-r"))
    assert message.startswith("Не найдены столбцы")
    assert "UTF-8 или Windows-1251" in message and "первая строка — заголовки" in message


def test_zip_that_is_not_xlsx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert _rejected("staff", buffer.getvalue()).startswith("Файл не является таблицей XLSX")


def _replace_in_zip(content: bytes, name: str, change: Any) -> bytes:
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w") as archive:
        for entry in source.infolist():
            data = source.read(entry.filename)
            archive.writestr(entry, change(data) if entry.filename == name else data)
    return target.getvalue()


def test_corrupt_xlsx() -> None:
    template = build_template("staff", "xlsx")[2]
    truncated = template[: len(template) // 2]
    broken = _replace_in_zip(template, "xl/workbook.xml", lambda data: data[:40])
    for content in (truncated, broken):
        assert _rejected("staff", content).startswith("Не удалось прочитать файл XLSX: файл повреждён")


def test_xlsx_with_understated_dimension_is_read_in_full() -> None:
    content = _xlsx([["Идентификатор", "Фамилия", "Имя", "Должность", "Дата приёма на работу"],
                     ["1", "А", "Б", "В", "01.01.2020"], ["2", "Г", "Д", "Е", "02.01.2020"]])
    content = _replace_in_zip(content, "xl/worksheets/sheet1.xml",
                              lambda data: data.replace(b'<dimension ref="A1:E3"/>', b'<dimension ref="A1:A1"/>'))
    assert [row["external_key"] for _, row in read_table("staff", "x.xlsx", content).rows] == ["1", "2"]


def test_xls_and_password_protected_files() -> None:
    old_excel = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert _rejected("staff", old_excel) == ("Формат XLS (Excel 97–2003) не поддерживается: "
                                             "сохраните файл как XLSX или CSV")
    assert "паролем" in _rejected("staff", old_excel + "EncryptedPackage".encode("utf-16-le"))


def test_empty_file() -> None:
    assert _rejected("staff", b"") == "Файл пустой"
    assert _rejected("staff", b"\xef\xbb\xbf \r\n") == "Файл пустой"


def test_utf16_text_is_not_recognised() -> None:
    message = _rejected("staff", STAFF_HEADER.encode("utf-16"))
    assert message == "Файл не распознан: это не XLSX и не CSV в кодировке UTF-8 или Windows-1251"


def test_random_bytes_are_rejected_quickly() -> None:
    started = time.perf_counter()
    message = _rejected("staff", os.urandom(10_000_000))
    assert time.perf_counter() - started < 1.0
    assert message.startswith("Файл не распознан") or message.startswith("Не удалось прочитать файл XLSX")


def test_oversize_file_is_rejected_with_its_size() -> None:
    message = _rejected("staff", b"a" * (MAX_BYTES + 600_000))
    assert message.startswith("Файл слишком большой: 10,6 МБ") and "10 МБ" in message


def test_too_many_csv_rows() -> None:
    lines = [STAFF_HEADER] + [f"{n};Ф;И;;Учитель;01.09.2015" for n in range(50_001)]
    assert _rejected("staff", _csv(lines)).startswith("В файле больше 50 000 строк")


def test_too_many_xlsx_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_files, "MAX_ROWS", 3)
    content = _xlsx([STUDENT_HEADER] + [[str(n), "Ф", "И", "01.01.2012", "7Б"] for n in range(4)])
    message = _rejected("students", content)
    assert message.startswith("В файле больше 3 строк") and "до строки 5" in message


FIRST_STUDENT = (2, {"external_key": "0", "last_name": "Фамилия0", "first_name": "Имя", "birth_date": "01.09.2012",
                     "class_name": "7Б"})


def test_workbook_is_closed_once_rows_are_exhausted(monkeypatch: pytest.MonkeyPatch) -> None:
    closed: list[int] = []
    close = Workbook.close

    def counting_close(workbook: Workbook) -> None:
        closed.append(1)
        close(workbook)

    monkeypatch.setattr(Workbook, "close", counting_close)
    table = read_table("staff", "x.xlsx", build_template("staff", "xlsx")[2])
    assert closed == []  # still open: rows are read from it on demand
    assert len(list(table.rows)) == 1
    assert closed == [1]
    with pytest.raises(FileRejected):
        read_table("students", "x.xlsx", build_template("staff", "xlsx")[2])
    assert closed == [1, 1]


def _untouched(rows: object) -> bool:
    """No row has been built before the caller asked for one."""
    return inspect.isgenerator(rows) and inspect.getgeneratorstate(rows) == inspect.GEN_CREATED


def test_20_000_csv_rows_are_read_lazily() -> None:
    lines = [";".join(STUDENT_HEADER)] + [f"{n};Фамилия{n};Имя;01.09.2012;7Б" for n in range(20_000)]
    table = read_table("students", "x.csv", _csv(lines, "cp1251"))
    assert table.total_rows == 20_000
    assert _untouched(table.rows)
    assert next(table.rows) == FIRST_STUDENT
    assert sum(1 for _ in table.rows) == 19_999


@cache
def _students_xlsx(count: int) -> bytes:
    # write_only omits <dimension>, so the row count comes from scanning the sheet's XML across many chunks.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(STUDENT_HEADER)
    for n in range(count):
        sheet.append([n, f"Фамилия{n}", "Имя", date(2012, 9, 1), "7Б"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_20_000_xlsx_rows_are_read_lazily() -> None:
    table = read_table("students", "x.xlsx", _students_xlsx(20_000))
    assert table.total_rows == 20_000
    assert _untouched(table.rows)
    assert next(table.rows) == FIRST_STUDENT
    assert sum(1 for _ in table.rows) == 19_999


def test_xlsx_rows_stream_until_damage_further_down_the_sheet() -> None:
    # openpyxl scans a sheet without <dimension> to its end on opening, so this sheet declares its size.
    content = _replace_in_zip(_students_xlsx(20_000), "xl/worksheets/sheet1.xml", lambda data: data.replace(
        b"<sheetViews>", b'<dimension ref="A1:E20001"/><sheetViews>').replace(b'<row r="15000">', b'<row r="15000"<<'))
    table = read_table("students", "x.xlsx", content)
    assert next(table.rows) == FIRST_STUDENT  # a reader that loaded the whole sheet up front would fail here
    read = 1
    with pytest.raises(FileRejected) as caught:
        for _ in table.rows:
            read += 1
    assert read == 14_998  # rows 2…14 999
    assert caught.value.message.startswith("Не удалось прочитать файл XLSX: файл повреждён")


def test_a_college_file_carries_the_course_and_staff_files_the_start_of_service() -> None:
    """Issue 10 items 16–17: «Курс» for a college's students; «Педагогический стаж с» is no longer the hire date."""
    students = read_table("students", "x.csv", _csv(["Идентификатор;Фамилия;Имя;Дата рождения;Курс",
                                                      "С-1;Иванова;Мария;01.02.2007;2"]))
    assert [row for _, row in students.rows] == [{"external_key": "С-1", "last_name": "Иванова", "first_name": "Мария",
                                                  "birth_date": "01.02.2007", "course_year": "2"}]
    staff = read_table("staff", "x.csv", _csv([STAFF_HEADER + ";Педагогический стаж с",
                                                "1;Петров;Андрей;;Учитель;01.09.2025;01.09.2006"]))
    (_, row), = list(staff.rows)
    assert row["hired_on"] == "01.09.2025" and row["pedagogical_since"] == "01.09.2006"
