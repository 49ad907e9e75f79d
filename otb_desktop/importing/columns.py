"""Source columns, as GDAL hands them over, to plain Python values.

The same attribute arrives as int32 from GML, int64 from GeoJSON, float64 with NaN when it has
gaps, or text from a spreadsheet-made file; these functions accept all of them. Integer and
float columns are converted in numpy; only text goes value by value.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import numpy as np

_TRUE = {"1", "j", "ja", "y", "yes", "true", "waar", "binnen", "in"}
_FALSE = {"0", "n", "nee", "no", "false", "onwaar", "buiten", "uit"}


def _text(value: object) -> str | None:
    text = None if value is None else str(value).strip()
    return text or None


def texts(column: np.ndarray) -> list[str | None]:
    """Stripped text; empty text and missing values become None."""
    if column.dtype.kind in "iu":
        return [str(v) for v in column.tolist()]
    if column.dtype.kind == "f":
        return [None if v != v else (str(int(v)) if v.is_integer() else str(v))
                for v in column.tolist()]
    return [(v.strip() or None) if v.__class__ is str else _text(v) for v in column.tolist()]


def floats(column: np.ndarray) -> list[float | None]:
    if column.dtype.kind in "iuf":
        values = column.astype(float)
        return [None if v != v else v for v in values.tolist()]
    result: list[float | None] = []
    for text in texts(column):
        try:
            result.append(None if text is None else float(text.replace(",", ".")))
        except ValueError:
            result.append(None)
    return result


def ints(column: np.ndarray) -> list[int | None]:
    if column.dtype.kind in "iu":
        return column.tolist()
    return [None if v is None else int(round(v)) for v in floats(column)]


def bools(column: np.ndarray) -> list[bool | None]:
    if column.dtype.kind == "b":
        return column.tolist()
    result: list[bool | None] = []
    for text in texts(column):
        folded = text.casefold() if text else None
        result.append(True if folded in _TRUE else False if folded in _FALSE else None)
    return result


def text_lists(column: np.ndarray) -> list[list[str]]:
    """Addresses: a list field, a JSON list in text, or text separated by ``;`` or ``|``."""
    result = []
    for value in column.tolist():
        if value is None:
            result.append([])
        elif isinstance(value, list | tuple | np.ndarray):
            result.append([str(v).strip() for v in value if str(v).strip()])
        else:
            text = str(value).strip()
            if text.startswith("["):
                try:
                    items = json.loads(text)
                except json.JSONDecodeError:
                    items = [text]
            else:
                items = re.split(r"[;|\n]", text)
            result.append([str(v).strip() for v in items if str(v).strip()])
    return result


def ended(values: list[str | None], today: dt.date) -> list[bool]:
    """Whether an end-of-validity value (``2019-05-08``, ``2010072000000099``) lies in the
    past; an unreadable non-empty value counts as ended (history, not the current state)."""
    result = []
    for text in values:
        if not text:
            result.append(False)
            continue
        digits = re.sub(r"\D", "", text)[:8]
        try:
            result.append(dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])) <= today)
        except ValueError:
            result.append(True)
    return result
