"""Export what you see: the filtered list or the selection, not only everything.

When the list is filtered or several parcels are selected, the window asks which parcels to
export (the filtered list first: that is what is on screen); otherwise it exports all.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QMessageBox, QWidget


class Scope(StrEnum):
    ALL = "all"
    FILTERED = "filtered"
    SELECTION = "selection"


def offered_scopes(total: int, filtered: list[str] | None, selected: list[str]) -> list[Scope]:
    """What to offer: the filtered list (when something filters), the selection (two or more
    parcels, or one while nothing filters), and always all parcels."""
    scopes = []
    if filtered is not None and len(filtered) != total:
        scopes.append(Scope.FILTERED)
    if len(selected) > 1:
        scopes.append(Scope.SELECTION)
    return [*scopes, Scope.ALL] if scopes else []


def ask_scope(parent: QWidget, total: int, filtered: list[str] | None,
              selected: list[str]) -> Scope | None:
    """The user's choice; Scope.ALL without asking when there is nothing to choose; None when
    cancelled."""
    scopes = offered_scopes(total, filtered, selected)
    if not scopes:
        return Scope.ALL
    locale = QLocale()
    counts = {Scope.FILTERED: len(filtered or []), Scope.SELECTION: len(selected),
              Scope.ALL: total}
    labels = {
        Scope.FILTERED: QCoreApplication.translate("ExportScope", "&Filtered list (%1)"),
        Scope.SELECTION: QCoreApplication.translate("ExportScope", "&Selection (%1)"),
        Scope.ALL: QCoreApplication.translate("ExportScope", "&All parcels (%1)"),
    }
    box = QMessageBox(QMessageBox.Icon.Question,
                      QCoreApplication.translate("ExportScope", "Export parcels"),
                      QCoreApplication.translate("ExportScope", "Which parcels do you want to "
                                                 "export?"), parent=parent)
    buttons = {}
    for scope in scopes:
        buttons[box.addButton(labels[scope].replace("%1", locale.toString(counts[scope])),
                              QMessageBox.ButtonRole.AcceptRole)] = scope
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(next(iter(buttons)))
    box.exec()
    return buttons.get(box.clickedButton())


def scope_ids(scope: Scope, filtered: list[str] | None, selected: list[str]
              ) -> list[str] | None:
    """The parcel ids to export; None for all."""
    if scope is Scope.FILTERED:
        return list(filtered or [])
    if scope is Scope.SELECTION:
        return list(selected)
    return None
