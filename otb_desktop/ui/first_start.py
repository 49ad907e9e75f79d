"""Questions asked once: the user's name, what to do with an empty database, old drafts.

Each question is one module-level function returning a plain answer, so the start-up flow in
app.py reads as a sequence and tests can substitute an answer with monkeypatch.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class UserNameDialog(QDialog):
    """Asks for the name recorded with every observation; OK stays disabled while empty."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to OTB Desktop"))
        self.name = QLineEdit(objectName="userName")
        self.name.setMaxLength(100)
        self.name.setPlaceholderText(self.tr("First name and surname"))
        explanation = QLabel(self.tr(
            "Your name is recorded with every observation you make on this laptop, so "
            "colleagues know who surveyed what. You are asked this only once."))
        explanation.setWordWrap(True)
        label = QLabel(self.tr("&Your name:"))
        label.setBuddy(self.name)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("&Quit"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(label)
        layout.addWidget(self.name)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self._update()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            bool(self.name.text().strip()))


def ask_user_name(parent: QWidget | None = None) -> str | None:
    """The user's name, or None when they chose to quit."""
    dialog = UserNameDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.name.text().strip() or None


class StartChoice(StrEnum):
    DEMO = "demo"
    IMPORT = "import"
    EMPTY = "empty"


def ask_start_choice(parent: QWidget | None = None) -> StartChoice:
    """What to do with a database without parcels."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("FirstStart", "No parcels yet"))
    box.setText(QCoreApplication.translate(
        "FirstStart", "This database does not contain any parcels yet."))
    box.setInformativeText(QCoreApplication.translate("FirstStart",
        "Load the synthetic demo data to try the app, or import cadastral parcels (BRK) "
        "from a GeoPackage, GML or GeoJSON file. You can also import later from the File "
        "menu."))
    demo = box.addButton(QCoreApplication.translate("FirstStart", "Load &demo data"),
                         QMessageBox.ButtonRole.AcceptRole)
    imported = box.addButton(QCoreApplication.translate("FirstStart", "&Import parcels…"),
                             QMessageBox.ButtonRole.ActionRole)
    empty: QPushButton = box.addButton(QCoreApplication.translate("FirstStart", "Start &empty"),
                                       QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(demo)
    box.setEscapeButton(empty)
    box.exec()
    clicked = box.clickedButton()
    if clicked is demo:
        return StartChoice.DEMO
    if clicked is imported:
        return StartChoice.IMPORT
    return StartChoice.EMPTY


class RestoreDraftsBox(QMessageBox):
    """Its own class so the plural text is a ``self.tr(..., n)`` lupdate recognises."""

    def __init__(self, parent: QWidget | None, parcels: int):
        super().__init__(parent)
        self.setText(self.tr(
            "OTB Desktop was closed before entries for %n parcel(s) were saved.", None,
            parcels))


def ask_restore_drafts(parent: QWidget | None, parcels: int) -> bool:
    """True: restore unsaved entries of an earlier session; False: discard them."""
    box = RestoreDraftsBox(parent, parcels)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("FirstStart", "Unsaved entries found"))
    box.setInformativeText(QCoreApplication.translate("FirstStart",
        "Restore them to check and save them, or discard them. Saved observations are not "
        "affected."))
    restore = box.addButton(QCoreApplication.translate("FirstStart", "&Restore"),
                            QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(QCoreApplication.translate("FirstStart", "&Discard"),
                            QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(restore)
    box.setEscapeButton(restore)
    box.exec()
    return box.clickedButton() is not discard
