"""The rows of a large XLSX sheet as XML, made column by column and spliced into a workbook
that XlsxWriter wrote with that sheet's header only.

Why not XlsxWriter for every cell: it spends about 6 µs on a cell (argument checks, a cell
tuple in a row dictionary, attribute lists, escaping, one ``write`` per cell). The parcel
export of 100 000 parcels holds about 3.7 million filled cells: XlsxWriter alone, with the
cells prepared beforehand, took 4.7–5× a plain pyogrio write of the same table, the whole
export 6.4–6.6×, against the goal of 3× (issue 7, measured by
``tests/benchmarks/bench_export.py``). Here each column of a batch becomes its ``<c>``
elements in one list comprehension (well under 1 µs a cell), the rows are joined once per
batch and go to a scratch file, so memory holds one batch. XlsxWriter still writes the
package: styles and number formats, the bold header, widths, frozen panes, the autofilter,
the other sheets and the document properties; ``splice`` copies its entries and streams the
rows into the sheet's ``<sheetData>``.

The cells are those XlsxWriter's ``constant_memory`` mode writes: text as inline strings
(``t="inlineStr"``, escaped by ``text``; a control character XML cannot hold stops the
export with the parcel and field named); numbers as ``<v>`` (the shortest text that reads
back as the same float); dates as serial numbers with the date format's style (XlsxWriter's
own xf index). Text is never taken for XML, a formula, a number or a link. The tests compare
the result cell by cell with XlsxWriter's own cells.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path

from xlsxwriter.utility import xl_col_to_name

from otb_desktop.services.parcel_table import ColumnType

# Characters an XLSX (XML 1.0) file cannot hold; XlsxWriter would silently escape them.
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Text that needs more than copying: XML's own characters, a carriage return (an XML reader
# would make it a line feed), text shaped like Excel's _xHHHH_ escape, the two non-characters.
_SPECIAL = re.compile("[&<>\r\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_ESCAPE_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
MAX_TEXT = 32_767  # Excel's limit of a cell, in UTF-16 units; XlsxWriter cuts longer text
MAX_ROWS = 1_048_576  # rows of an Excel sheet (XlsxWriter left out the ones beyond)
# Day 0 of Excel's serial dates; Excel counts 29 February 1900 (day 60), which never was.
_EPOCH = dt.date(1899, 12, 31).toordinal()
_NUMBERS = frozenset({int, float, type(None)})
_DATES = frozenset({dt.date, type(None)})
_TEXTS = frozenset({str, type(None)})
COMPRESSLEVEL = 1  # the parcel sheet; measured: level 6 makes the file ~ 25 % smaller, slower


class IllegalCharacter(ValueError):
    """Text of the row at ``index`` (in the batch) holds a character XML cannot hold."""

    def __init__(self, index: int):
        super().__init__(index)
        self.index = index


def rows_xml(
    kinds: Sequence[ColumnType], table: Sequence[list], first: int, styles: dict[ColumnType, int]
) -> list[str]:
    """The ``<row>`` element of every row of a batch: ``table`` holds the values column by
    column, ``first`` is the sheet row number (1-based) of its first row, ``styles`` the cell
    style (XlsxWriter's xf index) of the number formats by column type."""
    rows = len(table[0]) if table else 0
    numbers_ = [str(n) for n in range(first, first + rows)]
    cells = [
        column_xml(kind, values, xl_col_to_name(index), numbers_, styles)
        for index, (kind, values) in enumerate(zip(kinds, table, strict=True))
    ]
    opens = [f'<row r="{n}">' for n in numbers_]
    return list(map("".join, zip(opens, *cells, ["</row>"] * rows, strict=True)))


def column_xml(
    kind: ColumnType, values: list, letter: str, rows: list[str], styles: dict[ColumnType, int]
) -> list[str]:
    """The ``<c>`` element of every value of one column ("" where the cell stays empty:
    unknown, or a NaN or infinity, which XLSX cannot hold). ``rows`` are the row numbers."""
    present = set(map(type, values))
    style = f' s="{styles[kind]}"' if kind in styles else ""
    match kind:
        case ColumnType.BOOL:
            cell = {
                True: '" t="inlineStr"><is><t>ja</t></is></c>',
                False: '" t="inlineStr"><is><t>nee</t></is></c>',
            }
            return [
                "" if v is None else f'<c r="{letter}{n}{cell[bool(v)]}'
                for n, v in zip(rows, values, strict=True)
            ]
        case ColumnType.INT | ColumnType.FLOAT if present <= _NUMBERS:
            # v - v is 0 for every finite number, NaN for NaN and infinity
            return [
                f'<c r="{letter}{n}"{style}><v>{v}</v></c>' if v is not None and v - v == 0 else ""
                for n, v in zip(rows, values, strict=True)
            ]
        case ColumnType.DATE if present <= _DATES:
            return [
                ""
                if v is None
                else f'<c r="{letter}{n}"{style}><v>{(d := v.toordinal() - _EPOCH) + (d > 59)}'
                "</v></c>"
                for n, v in zip(rows, values, strict=True)
            ]
        case ColumnType.TEXT if present <= _TEXTS:
            texts = list(filter(None, values))
            joined = "\n".join(texts)  # the column's texts, checked at once
            if ILLEGAL.search(joined):
                raise IllegalCharacter(
                    next(i for i, v in enumerate(values) if v and ILLEGAL.search(v))
                )
            if _SPECIAL.search(joined) or max(map(len, texts), default=0) > MAX_TEXT // 2:
                values = [None if v is None else text(v) for v in values]
            # as XlsxWriter: xml:space="preserve" where a text begins or ends with white space
            space = ' xml:space="preserve"' if list(map(str.strip, texts)) != texts else ""
            return [
                ""
                if v is None
                else f'<c r="{letter}{n}" t="inlineStr"><is><t{space}>{v}</t></is></c>'
                for n, v in zip(rows, values, strict=True)
            ]
    date_style = f' s="{styles[ColumnType.DATE]}"'
    cells = []
    for index, (n, v) in enumerate(zip(rows, values, strict=True)):
        try:
            cells.append(cell_xml(f"{letter}{n}", kind, v, style, date_style))
        except IllegalCharacter:
            raise IllegalCharacter(index) from None
    return cells


def cell_xml(ref: str, kind: ColumnType, value, style: str, date_style: str) -> str:
    """One cell of any value, the way of the list comprehensions above (the rare values
    they do not take: text in a number column, a number in a text column, a datetime)."""
    if value is None:
        return ""
    if kind is ColumnType.BOOL:
        value = "ja" if value else "nee"
    if isinstance(value, str):
        if ILLEGAL.search(value):
            raise IllegalCharacter(0)
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text(value)}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}"{date_style}><v>{_date_serial(value)!r}</v></c>'
    if isinstance(value, numbers.Real):
        value = float(value) if not isinstance(value, int) else value
        return f'<c r="{ref}"{style}><v>{value!r}</v></c>' if math.isfinite(value) else ""
    return cell_xml(ref, ColumnType.TEXT, str(value), style, date_style)


def text(value: str) -> str:
    """Text as the content of an inline string: cut to Excel's limit as XlsxWriter does;
    ``&``, ``<`` and ``>`` escaped; a carriage return as ``&#13;`` (XML readers make a bare one
    a line feed; Excel's ``_x000D_`` would reach openpyxl, and so the import, as 7 letters);
    the two non-characters XML cannot hold as Excel's ``_xFFFE_``/``_xFFFF_``, and text
    already shaped like that escape escaped in turn, so Excel shows it as typed."""
    if len(value) > MAX_TEXT // 2:
        value = _cut(value)
    if not _SPECIAL.search(value):
        return value
    value = _ESCAPE_ESCAPE.sub(r"_x005F\1", value)
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r", "&#13;")
        .replace("\ufffe", "_xFFFE_")
        .replace("\uffff", "_xFFFF_")
    )


def _cut(value: str) -> str:
    """At most ``MAX_TEXT`` UTF-16 units (an emoji counts two), never half a character."""
    units = 0
    for index, char in enumerate(value):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > MAX_TEXT:
            return value[:index]
    return value


def _date_serial(value: dt.date) -> int | float:
    """Excel's serial number of a date or a datetime (its time as the fraction of a day; a
    time zone dropped, as XlsxWriter's ``remove_timezone``)."""
    days = value.toordinal() - _EPOCH
    days += days > 59
    if not isinstance(value, dt.datetime):
        return days
    midnight = dt.datetime.combine(value.date(), dt.time(), value.tzinfo)
    return days + (value - midnight).total_seconds() / 86_400


def splice(book: Path, sheet: int, rows: Path, last_row: int, last_column: int, out: Path) -> None:
    """Write ``out``: the workbook ``book`` with the rows in the file ``rows`` (XML of
    ``<row>`` elements, UTF-8) added to the data of its sheet ``sheet`` (1: the first added),
    which holds its header only; its dimension made ``A1`` to the last cell.

    Every other entry is copied as it is; the sheet is streamed into the new package, so
    memory holds neither the rows nor the sheet.
    """
    name = f"xl/worksheets/sheet{sheet}.xml"
    with (
        zipfile.ZipFile(book) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESSLEVEL) as target,
    ):
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info))
                continue
            head, end, tail = source.read(info).decode("utf-8").rpartition("</sheetData>")
            if not end:
                raise ValueError(f"{name} of {book} has no <sheetData> element")
            head = re.sub(
                '<dimension ref="[^"]*"/>',
                f'<dimension ref="A1:{xl_col_to_name(last_column)}{last_row}"/>',
                head,
                count=1,
            )
            with target.open(name, "w", force_zip64=True) as entry, rows.open("rb") as data:
                entry.write(head.encode("utf-8"))
                shutil.copyfileobj(data, entry, 1 << 20)
                entry.write((end + tail).encode("utf-8"))
