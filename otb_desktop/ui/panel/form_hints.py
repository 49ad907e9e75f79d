"""What a form says before and after typing: allowed ranges and units as hints, the same date
format in the field and in the message, every issue at once (cross-field checks included).

The domain validates (domain.topics); this module only words and gathers for the form.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale

from otb_desktop.domain import topics
from otb_desktop.domain.errors import ValidationError, ValidationIssue
from otb_desktop.domain.topics import FieldSpec, Kind

FORM_DATE_HINT_NL = "dd-mm-jjjj"  # what the date field asks for (its Dutch placeholder)
_ISO_IN_TEXT = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _number(value: float) -> str:
    return QLocale().toString(float(value), "f", 0 if float(value).is_integer() else 2)


def placeholder(spec: FieldSpec) -> str:
    """Shown in the empty field: the range for numbers (the unit stands beside the field)."""
    if spec.kind in (Kind.INT, Kind.FLOAT):
        if spec.minimum is not None and spec.maximum is not None:
            return f"{_number(spec.minimum)} – {_number(spec.maximum)}"
        if spec.minimum is not None:
            text = QCoreApplication.translate("FormHints", "at least %1")
            return text.replace("%1", _number(spec.minimum))
    if spec.kind is Kind.DATE:
        return QCoreApplication.translate("FormHints", "dd-mm-yyyy")
    return ""


def tooltip(spec: FieldSpec) -> str:
    """What is allowed, in words, before anything is typed."""
    parts = []
    unit = f" {spec.unit}" if spec.unit else ""
    if spec.kind in (Kind.INT, Kind.FLOAT):
        if spec.minimum is not None and spec.maximum is not None:
            text = (QCoreApplication.translate("FormHints", "A whole number from %1 to %2%3")
                    if spec.kind is Kind.INT else
                    QCoreApplication.translate("FormHints", "A number from %1 to %2%3"))
            parts.append(text.replace("%1", _number(spec.minimum))
                         .replace("%2", _number(spec.maximum)).replace("%3", unit))
        elif spec.minimum is not None:
            text = QCoreApplication.translate("FormHints", "A number of at least %1%2")
            parts.append(text.replace("%1", _number(spec.minimum)).replace("%2", unit))
    elif spec.kind is Kind.DATE:
        parts.append(QCoreApplication.translate("FormHints",
                                                "A date as dd-mm-yyyy, e.g. 17-05-2024"))
        if spec.not_in_future:
            parts.append(QCoreApplication.translate("FormHints", "not in the future"))
    elif spec.kind is Kind.TEXT:
        text = QCoreApplication.translate("FormHints", "At most %1 characters")
        parts.append(text.replace("%1", _number(spec.max_length)))
    if spec.required:
        parts.append(QCoreApplication.translate("FormHints", "required"))
    return "; ".join(parts)


def form_message(spec: FieldSpec | None, message: str) -> str:
    """The domain's message with dates written the way the date field asks for them."""
    if spec is None or spec.kind is not Kind.DATE:
        return message
    message = message.replace("JJJJ-MM-DD", FORM_DATE_HINT_NL)
    return _ISO_IN_TEXT.sub(lambda m: f"{m.group(3)}-{m.group(2)}-{m.group(1)}", message)


def _typed(spec: FieldSpec, value: Any) -> Any:
    """A valid raw value as the cross checks read it (numbers as numbers)."""
    if spec.kind in (Kind.INT, Kind.FLOAT) and isinstance(value, str):
        number = float(value.strip().replace(",", "."))
        return int(number) if spec.kind is Kind.INT else number
    if spec.kind is Kind.DATE and isinstance(value, str):
        return dt.date.fromisoformat(value.strip()[:10])
    return value


def all_issues(topic: str, raw: Mapping[str, Any]) -> list[ValidationIssue]:
    """Every issue at once: the domain runs cross-field checks only when every field is
    valid; the form also runs them over the fields that are, so the user sees "vacant is more
    than total" together with "green is not a number", not one after the other."""
    try:
        topics.validate(topic, raw)
        return []
    except ValidationError as error:
        issues = list(error.issues)
    spec = topics.topic_spec(topic)
    bad = {issue.field for issue in issues}
    typed: dict[str, Any] = {}
    for field in spec.fields:
        value = raw.get(field.name)
        if field.name in bad or value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            typed[field.name] = _typed(field, value)
        except ValueError:
            continue
    known = {(i.field, i.message) for i in issues}
    for check in spec.cross_checks:
        for issue in check(typed):
            if (issue.field, issue.message) not in known:
                issues.append(issue)
    return issues
