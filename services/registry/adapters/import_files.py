"""The spreadsheet a school curator uploads to bulk-import staff or students, and its downloadable template.

Only the file layer lives here: recognise XLSX or CSV by content, decode it, find the header row, map header
titles to column keys and yield raw stripped strings.  Whether a value is a valid date, class or phone is decided
by the import validation, not here.  A problem with the file as a whole raises ``FileRejected`` whose Russian
message the curator sees as is.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # as written in the template, without the «*» of required columns
    required: bool
    aliases: tuple[str, ...] = ()
    example: str = ""


COLUMNS: dict[str, tuple[Column, ...]] = {
    "students": (
        Column("external_key", "Идентификатор", True, ("Номер личного дела", "№ личного дела", "ID", "Код"), "ЛД-0153"),
        Column("last_name", "Фамилия", True, example="Иванова"),
        Column("first_name", "Имя", True, example="Мария"),
        Column("middle_name", "Отчество", False, example="Сергеевна"),
        Column("birth_date", "Дата рождения", True, example="14.03.2012"),
        Column("class_name", "Класс", False, example="7Б"),
        Column("course_year", "Курс", False, ("Курс обучения",), example=""),
        Column("guardian_name", "Законный представитель", False, ("ФИО законного представителя", "Родитель"),
               "Иванова Елена Петровна"),
        Column("guardian_contact", "Контакт представителя", False, ("Телефон представителя", "Телефон родителя"),
               "+7 912 345-67-89"),
    ),
    "staff": (
        Column("external_key", "Идентификатор", True, ("Табельный номер", "Таб. №", "ID", "Код"), "000123"),
        Column("last_name", "Фамилия", True, example="Петров"),
        Column("first_name", "Имя", True, example="Андрей"),
        Column("middle_name", "Отчество", False, example="Николаевич"),
        Column("position", "Должность", True, example="Учитель математики"),
        Column("hired_on", "Дата приёма на работу", True, ("Дата приема",), "01.09.2015"),
        Column("pedagogical_since", "Начало педагогического стажа", False,
               ("Педагогический стаж с", "Дата начала педагогического стажа", "Педстаж с"), "01.09.2006"),
        Column("education", "Образование", False, example="Высшее педагогическое"),
        Column("email", "E-mail", False, ("Электронная почта", "Email"), "petrov@school.example"),
        Column("phone", "Телефон", False, example="+7 912 345-67-89"),
    ),
}

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
_HEADER_SEARCH_ROWS = 10
# openpyxl never inflates more than the sizes declared in the zip directory, so summing them stops zip bombs.
_MAX_UNPACKED = 200 * 1024 * 1024
_SAMPLE = 64 * 1024
_CONTROL = re.compile(rb"[\x01-\x08\x0b\x0c\x0e-\x1f]")
_ROW_TAG = re.compile(rb"<(?:\w{1,20}:)?row[\s/>]")
_DELIMITERS = (";", ",", "\t")
_SEP_LINE = re.compile(r"sep=([;,\t])(?:\r\n|\r|\n)")  # Excel's «sep=;» first line, invisible in Excel itself
_DATE_KEYS = frozenset({"birth_date", "hired_on", "pedagogical_since"})
_XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CSV_TYPE = "text/csv; charset=utf-8"
_SLUGS = {"students": "obuchayushchiesya", "staff": "sotrudniki"}
_SHEETS = {"students": "Обучающиеся", "staff": "Сотрудники"}

_GET_TEMPLATE = "Скачайте шаблон и перенесите данные в его столбцы."
_UNRECOGNISED = "Файл не распознан: это не XLSX и не CSV в кодировке UTF-8 или Windows-1251"
_CORRUPT = ("Не удалось прочитать файл XLSX: файл повреждён или сохранён не полностью. "
            "Откройте его в Excel и сохраните заново.")
_NO_HEADER = "Не найдены столбцы шаблона (например, «Фамилия», «Имя»); проверьте, что {} первая строка — заголовки. "
_NOTES = {
    "last_name": "Как в документе, удостоверяющем личность.",
    "first_name": "Как в документе, удостоверяющем личность.",
    "middle_name": "При наличии.",
    "class_name": "Школа: номер и буква класса, например 7Б. В колледже не заполняется.",
    "course_year": "Колледж (СПО): номер курса от 1 до 5. В школе не заполняется.",
    "pedagogical_since": "Дата начала педагогической работы (в любой организации): по ней определяется "
                         "«молодой специалист» — стаж до 3 лет.",
    "guardian_name": "Фамилия, имя и отчество родителя или иного законного представителя.",
    "guardian_contact": "Телефон или электронная почта законного представителя.",
    "position": "Должность по штатному расписанию, например «Учитель математики».",
    "education": "Уровень и направление, например «Высшее педагогическое».",
    "email": "Рабочий адрес электронной почты.",
    "phone": "Контактный телефон, например +7 912 345-67-89.",
}
_KEY_SOURCE = {"students": "Номер личного дела обучающегося", "staff": "Табельный номер сотрудника"}


class FileRejected(Exception):
    """The whole file cannot be read; ``message`` is Russian and shown to the curator as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Table:
    format: str  # "xlsx" | "csv"
    columns: dict[int, Column]  # position in the row → column; unknown columns are absent
    # Only the columns present in the file appear in a row: a missing column is not the same as a blank value.
    rows: Iterator[tuple[int, dict[str, str]]]
    total_rows: int  # exact for CSV; for XLSX an upper bound from the sheet's declared size or its <row> count


def _normalise(title: str) -> str:
    return " ".join(title.strip().rstrip("*").split()).casefold().replace("ё", "е")


_LOOKUP = {kind: {_normalise(name): column for column in columns for name in (column.title, *column.aliases)}
           for kind, columns in COLUMNS.items()}


def _columns(kind: str) -> tuple[Column, ...]:
    if kind not in COLUMNS:
        raise ValueError(f"unknown import kind: {kind!r}")
    return COLUMNS[kind]


def read_table(kind: str, filename: str, content: bytes) -> Table:
    """Open an uploaded file; ``filename`` is not trusted for the format — curators rename files freely."""
    _columns(kind)
    if not content:
        raise FileRejected("Файл пустой")
    if len(content) > MAX_BYTES:
        raise FileRejected(f"Файл слишком большой: {_megabytes(len(content))} МБ, допускается не больше "
                           f"{_megabytes(MAX_BYTES)} МБ. Разделите его на части.")
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(kind, content)
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        # A password-protected XLSX is stored in the same container as the old XLS.
        if "EncryptedPackage".encode("utf-16-le") in content:
            raise FileRejected("Файл защищён паролем: снимите пароль в Excel и загрузите файл снова")
        raise FileRejected("Формат XLS (Excel 97–2003) не поддерживается: сохраните файл как XLSX или CSV")
    return _read_csv(kind, content)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",").removesuffix(",0")


def _too_many(last_row: int | None = None) -> FileRejected:
    limit = f"{MAX_ROWS:,}".replace(",", " ")
    # The sheet's own size counts rows that only carry formatting, so the curator may see fewer.
    found = (f" (на листе заполнено до строки {last_row}; если строк меньше, удалите пустые строки под таблицей)"
             if last_row else "")
    return FileRejected(f"В файле больше {limit} строк{found}: разделите его на части.")


def _find_header(kind: str, records: Iterator[tuple[int, list[str]]]) -> tuple[int, list[str], int] | None:
    lookup = _LOOKUP[kind]
    for number, cells in islice(records, _HEADER_SEARCH_ROWS):
        matched = sum(_normalise(cell) in lookup for cell in cells)
        if matched:
            return number, cells, matched
    return None


def _map_header(kind: str, cells: list[str]) -> dict[int, Column]:
    columns: dict[int, Column] = {}
    seen: dict[str, int] = {}
    for position, cell in enumerate(cells):
        column = _LOOKUP[kind].get(_normalise(cell))
        if column is None:
            continue
        if column.key in seen:
            raise FileRejected(f"Столбец «{column.title}» встречается в заголовке дважды (столбцы "
                               f"{get_column_letter(seen[column.key] + 1)} и {get_column_letter(position + 1)}): "
                               "оставьте один.")
        seen[column.key] = position
        columns[position] = column
    missing = [f"«{column.title}»" for column in COLUMNS[kind] if column.required and column.key not in seen]
    if missing:
        raise FileRejected(f"В файле нет обязательных столбцов: {', '.join(missing)}. {_GET_TEMPLATE}")
    return columns


def _width(header: list[str]) -> int:
    # Cells to the right of the last titled column carry nothing importable; ignoring them also keeps rows
    # that Excel padded out to thousands of formatted columns cheap.
    return max(position for position, cell in enumerate(header) if cell) + 1


def _data_rows(records: Iterator[tuple[int, list[str]]], columns: dict[int, Column]
               ) -> Iterator[tuple[int, dict[str, str]]]:
    count = 0
    for number, cells in records:
        if not any(cells):
            continue
        count += 1
        if count > MAX_ROWS:  # the up-front checks may trust a size that the file misstates
            raise _too_many()
        yield number, {column.key: cells[position] if position < len(cells) else ""
                       for position, column in columns.items()}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):  # datetime included: Excel has no pure dates
        return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"
    if isinstance(value, float):
        # Excel stores every number as a float; 15 digits is what it displays.
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    return str(value).strip()


def _read_xlsx(kind: str, content: bytes) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise FileRejected(_CORRUPT) from error
    if not any(entry.filename == "xl/workbook.xml" for entry in entries):
        raise FileRejected("Файл не является таблицей XLSX (возможно, это документ Word или таблица ODS): "
                           "сохраните таблицу как XLSX или CSV")
    if sum(entry.file_size for entry in entries) > _MAX_UNPACKED:
        raise FileRejected("Файл XLSX слишком большой после распаковки: разделите его на части")
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl reports broken XML or parts with whatever its parser raises
        raise FileRejected(_CORRUPT) from error
    try:
        if not workbook.worksheets:
            raise FileRejected("В файле XLSX нет листов с данными")
        sheet = workbook.worksheets[0]
        last_row = sheet.max_row
        if last_row is None and (path := getattr(sheet, "_worksheet_path", None)):
            last_row = _count_row_tags(content, path)
        # A wrong <dimension> written by some tools would otherwise cut the iteration short.
        sheet.reset_dimensions()
        numbered = enumerate(sheet.iter_rows(values_only=True), start=1)
        found = _find_header(kind, ((number, [_text(value) for value in row]) for number, row in numbered))
        if found is None:
            raise FileRejected(_NO_HEADER.format("на первом листе") + _GET_TEMPLATE)
        header_number, header, _ = found
        columns = _map_header(kind, header)
        if last_row is not None and last_row - header_number > MAX_ROWS:
            raise _too_many(last_row)
    except FileRejected:
        workbook.close()
        raise
    except Exception as error:
        workbook.close()
        raise FileRejected(_CORRUPT) from error
    width = _width(header)

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        try:
            yield from _data_rows(((number, [_text(value) for value in row[:width]]) for number, row in numbered),
                                  columns)
        except FileRejected:
            raise
        except Exception as error:  # a sheet damaged past its first rows surfaces only while streaming
            raise FileRejected(_CORRUPT) from error
        finally:
            workbook.close()

    total = max(last_row - header_number, 0) if last_row is not None else 0
    return Table(format="xlsx", columns=columns, rows=rows(), total_rows=total)


def _count_row_tags(content: bytes, path: str) -> int:
    # Only for sheets that do not declare their size: scanning the XML is ~30× faster than parsing the cells.
    count, tail = 0, b""
    with zipfile.ZipFile(io.BytesIO(content)) as archive, archive.open(path) as part:
        while chunk := part.read(1 << 20):
            data = tail + chunk
            # A tag cut by the chunk boundary is carried over whole: a match never contains a second «<».
            cut = data.rfind(b"<", max(len(data) - 32, 0))
            cut = len(data) if cut < 0 else cut
            count += len(_ROW_TAG.findall(data, 0, cut))
            tail = data[cut:]
    return count + len(_ROW_TAG.findall(tail))


def _csv_records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    number = 0
    try:
        # newline="" hands the csv module raw line ends, so quoted line breaks and old-Mac \r files both work.
        for number, record in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            yield number, [cell.strip() for cell in record]
    except csv.Error as error:
        raise FileRejected(f"Не удалось разобрать CSV около строки {number + 1}: слишком длинное значение — "
                           "вероятно, в файле есть незакрытая кавычка «\"»") from error


def _read_csv(kind: str, content: bytes) -> Table:
    sample = content[:_SAMPLE]
    # Binary data is full of control characters; one stray character in a real export is tolerated.
    if b"\x00" in content or len(_CONTROL.findall(sample)) > len(sample) // 100:
        raise FileRejected(_UNRECOGNISED)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1251")
        except UnicodeDecodeError:  # cp1251 leaves byte 0x98 undefined
            raise FileRejected(_UNRECOGNISED) from None
    if not text.strip():
        raise FileRejected("Файл пустой")
    delimiters: tuple[str, ...] = _DELIMITERS
    if sep := _SEP_LINE.match(text):
        delimiters, text = (sep.group(1),), text[sep.end():]
    # The delimiter is the one that splits the header into the most known titles: counting characters
    # misleads when titles or a caption above the table contain commas.
    best: tuple[int, str, int, list[str]] | None = None
    for delimiter in delimiters:
        found = _find_header(kind, _csv_records(text[:_SAMPLE], delimiter))
        if found and (best is None or found[2] > best[0]):
            best = (found[2], delimiter, found[0], found[1])
    if best is None:
        raise FileRejected(_NO_HEADER.format("файл сохранён в кодировке UTF-8 или Windows-1251 и") + _GET_TEMPLATE)
    _, delimiter, header_number, header = best
    columns = _map_header(kind, header)
    width = _width(header)

    def records() -> Iterator[tuple[int, list[str]]]:
        return ((number, cells[:width]) for number, cells in _csv_records(text, delimiter) if number > header_number)

    total = sum(1 for _, cells in records() if any(cells))
    if total > MAX_ROWS:
        raise _too_many()
    return Table(format="csv", columns=columns, rows=_data_rows(records(), columns), total_rows=total)


def _heading(column: Column) -> str:
    return f"{column.title}*" if column.required else column.title


def _note(kind: str, column: Column) -> str:
    if column.key == "external_key":
        return (f"{_KEY_SOURCE[kind]} — постоянный ключ записи: при повторной загрузке строка с тем же "
                "идентификатором обновляет существующую запись, а не создаёт новую.")
    if column.key in _DATE_KEYS:
        return " ".join((f"Дата в формате ДД.ММ.ГГГГ, например {column.example}.", _NOTES.get(column.key, "")))
    return _NOTES[column.key]


def build_template(kind: str, fmt: str) -> tuple[str, str, bytes]:
    """The template file to download: ``(filename, content_type, content)``."""
    columns = _columns(kind)
    filename = f"shablon-{_SLUGS[kind]}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow([_heading(column) for column in columns])
        writer.writerow([column.example for column in columns])
        # The BOM is what makes Excel open UTF-8 CSV as UTF-8 rather than the system code page.
        return filename, _CSV_TYPE, ("\ufeff" + buffer.getvalue()).encode("utf-8")
    if fmt == "xlsx":
        return filename, _XLSX_TYPE, _xlsx_template(kind, columns)
    raise ValueError(f"unknown template format: {fmt!r}")


def _xlsx_template(kind: str, columns: tuple[Column, ...]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _SHEETS[kind]
    sheet.append([_heading(column) for column in columns])
    sheet.append([datetime.strptime(column.example, "%d.%m.%Y") if column.key in _DATE_KEYS else column.example
                  for column in columns])
    for position, column in enumerate(columns, start=1):
        letter = get_column_letter(position)
        sheet.cell(1, position).font = Font(bold=True)
        # Text format keeps the leading zeros of a табельный номер and stops Excel turning «7Б»-like values
        # or phone numbers into something else when the curator types new rows.
        number_format = "DD.MM.YYYY" if column.key in _DATE_KEYS else "@"
        sheet.column_dimensions[letter].number_format = number_format
        sheet.cell(2, position).number_format = number_format
        sheet.column_dimensions[letter].width = max(len(_heading(column)), len(column.example)) + 4
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet("Пояснения")
    notes.append(["Столбец", "Обязательный", "Формат и пояснения", "Другие допустимые заголовки"])
    for column in columns:
        notes.append([column.title, "да" if column.required else "нет", _note(kind, column),
                      ", ".join(column.aliases)])
    notes.append([])
    notes.append([f"Строка 2 на листе «{_SHEETS[kind]}» — пример: замените её своими данными. "
                  "Столбцы, отмеченные «*», обязательны."])
    for position, width in enumerate((24, 14, 90, 40), start=1):
        notes.cell(1, position).font = Font(bold=True)
        notes.column_dimensions[get_column_letter(position)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
