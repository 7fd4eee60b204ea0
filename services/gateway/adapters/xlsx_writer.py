"""A small SpreadsheetML (XLSX) writer for tables of numbers and words: sheets with column widths, rows of text and
numbers, a bold header, a bold totals row and a bold title. The region's indicators book (~10,000 cells) took two
thirds of its export's CPU through openpyxl, even write-only; this writes the same book's XML directly (issue 14).
Every string is an inline string — a cell that starts with «=» stays text, never a formula — and characters XML
cannot carry (control characters a pasted name may hold) are dropped instead of failing the export. Read back by
openpyxl in the tests."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from xml.sax.saxutils import escape, quoteattr


class Style(IntEnum):
    """Indices of ``cellXfs`` in ``_STYLES``."""

    PLAIN = 0
    BOLD = 1
    HEADER = 2  # bold, wrapped, at the top of the cell
    TITLE = 3  # bold, 13 pt


Value = str | int | float | None


@dataclass
class Sheet:
    name: str
    widths: Sequence[float] = ()
    rows: list[tuple[Sequence[Value], Style]] = field(default_factory=list)

    def append(self, values: Sequence[Value], style: Style = Style.PLAIN) -> None:
        self.rows.append((values, style))


_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="13"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def _column(n: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    # a bare CR would come back as LF: XML parsers normalise line ends that are not character references
    return escape(value, {"\r": "&#13;"})


def _cell(ref: str, value: Value, style: str) -> str:
    if isinstance(value, str):
        value = _ILLEGAL.sub("", value)
    if value is None or value == "":  # an empty cell, as Excel writes it (a text of control characters only too)
        return ""
    if isinstance(value, bool):  # bool is an int: written as the word, as people read it
        value = "да" if value else "нет"
    if isinstance(value, int | float):
        return f'<c r="{ref}"{style}><v>{value!r}</v></c>'
    return f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is></c>'


def _sheet_xml(sheet: Sheet) -> str:
    parts = [f'{_HEAD}<worksheet xmlns="{_MAIN}">']
    if sheet.widths:
        parts.append("<cols>" + "".join(f'<col min="{n}" max="{n}" width="{w}" customWidth="1"/>'
                                        for n, w in enumerate(sheet.widths, start=1)) + "</cols>")
    parts.append("<sheetData>")
    columns = [_column(n) for n in range(1, 1 + max((len(values) for values, _ in sheet.rows), default=0))]
    for r, (values, style) in enumerate(sheet.rows, start=1):
        s = f' s="{int(style)}"' if style else ""
        parts.append(f'<row r="{r}">' + "".join(_cell(f"{columns[c]}{r}", v, s) for c, v in enumerate(values))
                     + "</row>")
    parts.append("</sheetData></worksheet>")
    return "".join(parts)


def workbook(sheets: Sequence[Sheet]) -> bytes:
    """The book's bytes; sheet names are the caller's (Excel's rules: ≤ 31 characters, unique, none of []:*?/\\)."""
    n = len(sheets)
    types = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                    f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as book:
        book.writestr("[Content_Types].xml", (
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f'{types}</Types>'))
        book.writestr("_rels/.rels", f'{_HEAD}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
                                     f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        book.writestr("xl/workbook.xml", (
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
            + "".join(f'<sheet name={quoteattr(_ILLEGAL.sub("", s.name))} sheetId="{i}" r:id="rId{i}"/>'
                      for i, s in enumerate(sheets, start=1)) + "</sheets></workbook>"))
        book.writestr("xl/_rels/workbook.xml.rels", (
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                      for i in range(1, n + 1))
            + f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'))
        book.writestr("xl/styles.xml", _STYLES)
        for i, sheet in enumerate(sheets, start=1):
            book.writestr(f"xl/worksheets/sheet{i}.xml", _sheet_xml(sheet))
    return out.getvalue()
