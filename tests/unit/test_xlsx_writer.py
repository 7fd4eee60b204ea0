"""The indicators' XLSX writer read back by openpyxl: text and numbers as written, XML's special characters and a
leading «=» kept as text, characters XML cannot carry dropped, the bold header, totals and title, column widths."""

from __future__ import annotations

import io

import openpyxl
from hypothesis import given
from hypothesis import strategies as st

from gateway.adapters.xlsx_writer import _ILLEGAL, Sheet, Style, _column, workbook


def _read(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_a_book_reads_back_with_its_sheets_values_styles_and_widths() -> None:
    table = Sheet("Наставники", (40, 14))
    table.append(["Образовательная организация", "Наставников"], Style.HEADER)
    table.append(["Школа «<&>» \x07", 3])
    table.append(["=СУММ(B2)", 2.5])
    table.append(["Итого", 5.5], Style.BOLD)
    title = Sheet("О выгрузке", (30,))
    title.append(["Показатели"], Style.TITLE)
    book = _read(workbook([title, table]))
    assert book.sheetnames == ["О выгрузке", "Наставники"]
    sheet = book["Наставники"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Образовательная организация", "Наставников"], ["Школа «<&>» ", 3], ["=СУММ(B2)", 2.5], ["Итого", 5.5]]
    assert sheet["A3"].data_type == "s"  # a formula-looking name is text
    assert (sheet["A1"].font.b, sheet["A1"].alignment.wrap_text, sheet["A2"].font.b, sheet["B4"].font.b) == (
        True, True, False, True)
    assert (sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width) == (40, 14)
    assert (book["О выгрузке"]["A1"].font.b, book["О выгрузке"]["A1"].font.sz) == (True, 13)


def test_columns_past_z_are_lettered_as_excel_does() -> None:
    assert [_column(n) for n in (1, 26, 27, 52, 53, 702, 703)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]
    wide = Sheet("Широкая")
    wide.append(list(range(30)))
    assert [c.value for c in _read(workbook([wide]))["Широкая"]["AD"]] == [29]


@given(st.lists(st.text(max_size=30) | st.integers(-10**12, 10**12) | st.floats(allow_nan=False, allow_infinity=False),
                min_size=1, max_size=6))
def test_any_text_or_number_comes_back_as_written(values: list[str | int | float]) -> None:
    sheet = Sheet("Лист")
    sheet.append(values)
    read = _read(workbook([sheet]))["Лист"]
    found = [read.cell(1, n).value for n in range(1, len(values) + 1)]
    # an empty text is an empty cell, as in Excel
    assert found == [(_ILLEGAL.sub("", v) or None) if isinstance(v, str) else v for v in values]
