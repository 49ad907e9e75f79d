"""Typed errors the user can cause; each carries a Dutch message that says what to do."""

from __future__ import annotations

from dataclasses import dataclass


class OtbError(Exception):
    """Base for errors with a message meant for the user (Dutch)."""


@dataclass(frozen=True)
class ValidationIssue:
    """One problem with one field: shown beside that field in a form."""

    field: str
    message: str


class ValidationError(OtbError):
    def __init__(self, issues: list[ValidationIssue]):
        self.issues = issues
        super().__init__("; ".join(f"{i.field}: {i.message}" for i in issues))
