"""Preview of intake sheets (3F) before saving or printing.

The preview is the PDF itself, built in the background and rendered page by page (PDFium,
exporting/sheets/preview.py); the variant is chosen here, extern by default (AVG). Saving
writes all chosen sites (one PDF or one file per site) as a cancellable background job;
printing sends the page images to a printer through Qt.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from otb_desktop.domain.errors import OtbError
from otb_desktop.progress import Cancelled
from otb_desktop.services.context import AppContext
from otb_desktop.ui.sheet_jobs import run_sheet_job

PREVIEW_DPI = 66
PRINT_DPI = 200
PREVIEW_SITES = 2  # pages of the first sites are shown; all are saved


class SheetPreviewDialog(QDialog):
    def __init__(self, context: AppContext, site_ids: Sequence[str], parent: QWidget | None
                 = None):
        super().__init__(parent)
        self.context = context
        self.site_ids = list(site_ids)
        # removed with the dialog (not on close: a preview job may still be writing there)
        self._dir = tempfile.TemporaryDirectory(prefix="otb-sheet-")
        self.preview_pdf = Path(self._dir.name) / "preview.pdf"
        self.pages: list[QImage] = []
        self.last_saved: list[Path] = []
        self.setWindowTitle(self.tr("Print intake sheet"))
        self.resize(640, 700)

        self.variant = QComboBox()
        self.variant.addItem(self.tr("Extern: for the architect, without personal data"),
                             "extern")
        self.variant.addItem(self.tr("Intern: for the municipality, confidential"), "intern")
        self.per_site = QCheckBox(self.tr("One file per site"))
        self.per_site.setVisible(len(self.site_ids) > 1)
        self.status = QLabel()
        self.pages_box = QWidget()
        self.pages_layout = QVBoxLayout(self.pages_box)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.pages_box)
        scroll.setBackgroundRole(self.backgroundRole())
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.print_button = QPushButton(self.tr("Print…"))
        close = QPushButton(self.tr("Close"))

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Variant:")))
        top.addWidget(self.variant, 1)
        top.addWidget(self.per_site)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

        self.variant.currentIndexChanged.connect(self.refresh)
        self.save_button.clicked.connect(self.save)
        self.print_button.clicked.connect(self.print_pages)
        close.clicked.connect(self.accept)
        self.refresh()

    @property
    def chosen_variant(self) -> str:
        return self.variant.currentData()

    def refresh(self) -> None:
        """Build the preview PDF in the background and show its pages."""
        from otb_desktop.exporting.sheets.batch import print_sheets
        from otb_desktop.exporting.sheets.preview import render_pages

        self.status.setText(self.tr("Making the preview…"))
        self.save_button.setEnabled(False)
        self.print_button.setEnabled(False)
        context, ids, variant = self.context, self.site_ids[:PREVIEW_SITES], self.chosen_variant
        target = self.preview_pdf

        def build(progress) -> list[bytes]:
            print_sheets(context, ids, target, variant=variant, progress=progress)
            return render_pages(target, PREVIEW_DPI)

        run_sheet_job(self, self.tr("Making the preview…"), build, on_result=self._show_pages,
                      on_error=self._failed, show_progress=False)

    def _show_pages(self, images: list[bytes]) -> None:
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.pages = [QImage.fromData(data, "PNG") for data in images]
        for image in self.pages:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setFrameShape(QLabel.Shape.Box)
            self.pages_layout.addWidget(label)
        shown = min(len(self.site_ids), PREVIEW_SITES)
        text = self.tr("%1 pages of %2 site(s) shown").replace("%1", str(len(self.pages))) \
            .replace("%2", str(shown))
        if len(self.site_ids) > shown:
            text += self.tr("; %1 sites are saved").replace("%1", str(len(self.site_ids)))
        self.status.setText(text)
        self.save_button.setEnabled(True)
        self.print_button.setEnabled(True)

    def _failed(self, error: Exception) -> None:
        self.status.setText(self.tr("No preview"))
        if isinstance(error, Cancelled):
            return
        QMessageBox.warning(self, self.tr("Intake sheets"), str(error) if isinstance(
            error, OtbError) else f"{type(error).__name__}: {error}")

    def save(self, target: Path | None = None) -> None:
        """Ask where, then write every chosen site (background job with progress, cancel)."""
        from otb_desktop.exporting.sheets.batch import print_sheets

        per_site = self.per_site.isChecked() and len(self.site_ids) > 1
        if target is None:
            suggested = f"intakebladen_{dt.date.today():%Y%m%d}_{self.chosen_variant}.pdf"
            if per_site:
                name = QFileDialog.getExistingDirectory(self, self.tr("Folder for the sheets"))
            else:
                name, _ = QFileDialog.getSaveFileName(self, self.tr("Save intake sheets"),
                                                      suggested, self.tr("PDF (*.pdf)"))
            if not name:
                return
            target = Path(name)
            if not per_site and target.suffix.lower() != ".pdf":
                target = target.with_name(target.name + ".pdf")
        context, ids, variant = self.context, list(self.site_ids), self.chosen_variant

        def write(progress):
            return print_sheets(context, ids, target, per_site=per_site, variant=variant,
                                progress=progress)

        def done(result) -> None:
            self.last_saved = list(result.files)
            self.status.setText(self.tr("Saved: %1").replace(
                "%1", ", ".join(p.name for p in result.files[:3])))

        run_sheet_job(self, self.tr("Writing intake sheets…"), write, on_result=done,
                      on_error=self._failed)

    def print_pages(self) -> None:
        """Print every chosen site's pages through the system's print dialog."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from otb_desktop.exporting.sheets.batch import print_sheets
        from otb_desktop.exporting.sheets.preview import render_pages

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        context, ids, variant = self.context, list(self.site_ids), self.chosen_variant
        target = Path(self._dir.name) / "print.pdf"

        def render(progress) -> list[bytes]:
            print_sheets(context, ids, target, variant=variant, progress=progress)
            return render_pages(target, PRINT_DPI)

        def send(images: list[bytes]) -> None:
            painter = QPainter(printer)
            try:
                for k, data in enumerate(images):
                    if k:
                        printer.newPage()
                    image = QImage.fromData(data, "PNG")
                    page = printer.pageLayout().paintRectPixels(printer.resolution())
                    size = image.size().scaled(page.size(), Qt.AspectRatioMode.KeepAspectRatio)
                    painter.drawImage(QRectF(0, 0, size.width(), size.height()), image)
            finally:
                painter.end()

        run_sheet_job(self, self.tr("Preparing the pages for the printer…"), render,
                      on_result=send, on_error=self._failed)
