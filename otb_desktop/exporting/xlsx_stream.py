"""A streaming XLSX writer for one large sheet: rows go straight into the zip as XML.

openpyxl's write-only mode keeps memory flat but spends about 10 µs per cell building and
serialising cell objects: 88 s for 100 000 parcels × 90 columns. A table export needs only
what this writes: numbers, inline strings, dates, a bold header row, number formats, frozen
panes, an autofilter and column widths. Strings are always written as text, never as
formulas, so a value beginning with ``=`` cannot run in Excel.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

# Characters XML 1.0 cannot hold (what openpyxl calls ILLEGAL_CHARACTERS_RE).
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EPOCH = dt.datetime(1899, 12, 30)


class IllegalCharacterError(ValueError):
    """A string holds a character an XLSX file cannot hold."""


class Cell:
    """A value with a number format (``#,##0.0``, ``yyyy-mm-dd``); plain values need none."""

    __slots__ = ("value", "number_format")

    def __init__(self, _sheet: Any = None, value: Any = None):
        self.value = value
        self.number_format = "General"


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class SheetWriter:
    """Write one sheet: ``header`` first, then ``append`` rows; ``close`` finishes the file."""

    def __init__(self, path: Path, title: str, header: Sequence[str],
                 widths: Sequence[float], freeze: str | None = None):
        self._zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._sheet = self._zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        self._title = title
        self._letters = [column_letter(i) for i in range(1, len(header) + 1)]
        self._formats: dict[str, int] = {}   # number format → style index (from 2)
        self._rows = 0
        self._buffer: list[str] = []
        pane = ""
        if freeze:
            match = re.fullmatch(r"([A-Z]+)(\d+)", freeze)
            col = sum((ord(c) - 64) * 26 ** i for i, c in enumerate(reversed(match[1]))) - 1
            row = int(match[2]) - 1
            pane = (f'<pane xSplit="{col}" ySplit="{row}" topLeftCell="{freeze}" '
                    'activePane="bottomRight" state="frozen"/>'
                    '<selection pane="bottomRight"/>')
        cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                       for i, w in enumerate(widths, start=1))
        self._write(
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>')
        self._append(header, style=1)

    def append(self, values: Iterable[Any]) -> None:
        self._append(values, style=0)
        if len(self._buffer) >= 500:
            self._flush()

    def _append(self, values: Iterable[Any], style: int) -> None:
        self._rows += 1
        n = self._rows
        cells = []
        for letter, value in zip(self._letters, values, strict=False):
            if value is None:
                continue
            fmt = 0
            if isinstance(value, Cell):
                fmt = self._style(value.number_format)
                value = value.value
                if value is None:
                    continue
            s = f' s="{fmt or style}"' if (fmt or style) else ""
            if isinstance(value, bool):
                cells.append(f'<c r="{letter}{n}" t="b"{s}><v>{int(value)}</v></c>')
            elif isinstance(value, numbers.Integral):
                cells.append(f'<c r="{letter}{n}"{s}><v>{int(value)}</v></c>')
            elif isinstance(value, numbers.Real):
                number = float(value)
                if not math.isfinite(number):
                    continue  # no NaN/infinity in XLSX: left empty, as unknown
                cells.append(f'<c r="{letter}{n}"{s}><v>{number!r}</v></c>')
            elif isinstance(value, dt.date):
                if not fmt:
                    s = f' s="{self._style("yyyy-mm-dd")}"'
                moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(
                    value, dt.time())
                serial = (moment.replace(tzinfo=None) - _EPOCH) / dt.timedelta(days=1)
                cells.append(f'<c r="{letter}{n}"{s}><v>{serial!r}</v></c>')
            else:
                text = str(value)
                if ILLEGAL.search(text):
                    raise IllegalCharacterError(text)
                cells.append(f'<c r="{letter}{n}" t="inlineStr"{s}><is><t xml:space='
                             f'"preserve">{escape(text)}</t></is></c>')
        self._buffer.append(f'<row r="{n}">{"".join(cells)}</row>')

    def _style(self, number_format: str) -> int:
        if number_format in ("General", None):
            return 0
        if number_format not in self._formats:
            self._formats[number_format] = len(self._formats) + 2
        return self._formats[number_format]

    def _write(self, text: str) -> None:
        self._sheet.write(text.encode("utf-8"))

    def _flush(self) -> None:
        self._write("".join(self._buffer))
        self._buffer.clear()

    def close(self, autofilter: bool = True) -> None:
        self._flush()
        last = f"{self._letters[-1]}{self._rows}" if self._letters else "A1"
        self._write("</sheetData>" + (f'<autoFilter ref="A1:{last}"/>' if autofilter else "")
                    + '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
                    'header="0.3" footer="0.3"/></worksheet>')
        self._sheet.close()
        self._write_package(autofilter)
        self._zip.close()

    def abort(self) -> None:
        self._sheet.close()
        self._zip.close()

    def _write_package(self, autofilter: bool) -> None:
        title = escape(self._title, {'"': "&quot;"})
        defined = (f'<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" '
                   f'hidden="1">\'{title}\'!$A$1:${self._letters[-1]}${self._rows}'
                   '</definedName></definedNames>') if autofilter and self._letters else ""
        main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        pkg = "http://schemas.openxmlformats.org/package/2006"
        parts = {
            "[Content_Types].xml":
                f'<Types xmlns="{pkg}/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
                'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
                'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                '<Override PartName="/xl/styles.xml" ContentType="application/vnd.'
                'openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
            "_rels/.rels":
                f'<Relationships xmlns="{pkg}/relationships"><Relationship Id="rId1" '
                f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
            "xl/workbook.xml":
                f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="{title}" '
                f'sheetId="1" r:id="rId1"/></sheets>{defined}</workbook>',
            "xl/_rels/workbook.xml.rels":
                f'<Relationships xmlns="{pkg}/relationships">'
                f'<Relationship Id="rId1" Type="{rel}/worksheet" '
                'Target="worksheets/sheet1.xml"/>'
                f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/>'
                '</Relationships>',
            "xl/styles.xml": self._styles_xml(main),
        }
        for name, xml in parts.items():
            self._zip.writestr(name, '<?xml version="1.0" encoding="UTF-8" '
                                     f'standalone="yes"?>\n{xml}')

    def _styles_xml(self, main: str) -> str:
        formats = list(self._formats)
        num_fmts = "".join(
            f'<numFmt numFmtId="{164 + i}" formatCode="{escape(f, {chr(34): "&quot;"})}"/>'
            for i, f in enumerate(formats))
        xfs = ('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
               '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
               + "".join(f'<xf numFmtId="{164 + i}" fontId="0" fillId="0" borderId="0" '
                         'xfId="0" applyNumberFormat="1"/>' for i in range(len(formats))))
        return (f'<styleSheet xmlns="{main}">'
                f'<numFmts count="{len(formats)}">{num_fmts}</numFmts>'
                '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
                '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
                '<fills count="2"><fill><patternFill patternType="none"/></fill>'
                '<fill><patternFill patternType="gray125"/></fill></fills>'
                '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
                '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
                f'borderId="0"/></cellStyleXfs><cellXfs count="{2 + len(formats)}">{xfs}'
                '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" '
                'builtinId="0"/></cellStyles></styleSheet>')
