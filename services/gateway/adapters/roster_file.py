"""The roster spreadsheet (XLSX) of a region: its downloadable template and reading the rows of an upload.

Only the file layer: find the header row, map its titles to the roster's columns, yield stripped strings with
their row numbers. Whether a value is right is decided by ``gateway.domain.roster``.
"""

from __future__ import annotations

import io
import zipfile
from itertools import islice

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from gateway.domain.roster import COLUMNS, ROWS_MAX
from mentorship_kit.errors import FieldProblem, ValidationFailed

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_NAME = "reestr-organizaciy.xlsx"
_MAX_UNPACKED = 100 * 1024 * 1024  # openpyxl inflates no more than the zip directory declares: sum it first
_HEADER_SEARCH_ROWS = 10
_ALIASES = {"e-mail": "email", "email": "email", "электронная почта": "email", "фио куратора": "curator_name",
            "куратор": "curator_name", "вид организации": "kind", "тип": "kind", "муниципальное образование":
            "municipality", "наименование организации": "organisation", "название": "organisation"}


def _refused(message: str) -> ValidationFailed:
    return ValidationFailed([FieldProblem("file", message)])


def _title(value: object) -> str:
    return " ".join(str(value or "").replace("*", "").split()).casefold()


_BY_TITLE = {title.casefold(): key for key, title, _ in COLUMNS} | _ALIASES


def template() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Реестр"
    for index, (_, title, example) in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=index, value=f"{title}*").font = Font(bold=True)
        sheet.cell(row=2, column=index, value=example)
        sheet.column_dimensions[get_column_letter(index)].width = 36
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_rows(content: bytes) -> list[tuple[int, dict[str, str]]]:
    """(row number, {column key: text}) for every non-empty row under the header."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(i.file_size for i in archive.infolist()) > _MAX_UNPACKED:
                raise _refused("Файл XLSX слишком велик в распакованном виде")
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except ValidationFailed:
        raise
    except Exception:
        raise _refused("Файл не распознан: загрузите реестр в формате XLSX (скачайте шаблон)") from None
    try:
        sheet = book.worksheets[0]
        records = sheet.iter_rows(values_only=True)
        header: dict[int, str] = {}
        header_row = 0
        for number, cells in enumerate(islice(records, _HEADER_SEARCH_ROWS), start=1):
            found = {i: _BY_TITLE[_title(c)] for i, c in enumerate(cells) if _title(c) in _BY_TITLE}
            if len(found) >= 3:
                header, header_row = found, number
                break
        missing = [title for key, title, _ in COLUMNS if key not in header.values()]
        if not header or missing:
            raise _refused("Не найдены столбцы шаблона: " + ", ".join(f"«{t}»" for t in missing)
                           + ". Скачайте шаблон и перенесите данные в его столбцы.")
        rows: list[tuple[int, dict[str, str]]] = []
        for number, cells in enumerate(records, start=header_row + 1):
            values = {key: "" if i >= len(cells) or cells[i] is None else str(cells[i]).strip()
                      for i, key in header.items()}
            if any(values.values()):
                rows.append((number, values))
                if len(rows) > ROWS_MAX:
                    break
        return rows
    finally:
        book.close()
