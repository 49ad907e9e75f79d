"""The window's file-dialog commands: import, export, demo data.

Each asks what it needs (a file name, a confirmation) on the GUI thread and hands the work to
the operations object (ui/operations.py), which runs it on the writer thread with a progress
dialog and Cancel, shows the summary or the error, and tells the window what changed through
``dataChanged`` — the commands never refresh a view themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from otb_desktop.ui import export_scope
from otb_desktop.ui.import_words import bad_rows_text
from otb_desktop.ui.operations import EXPORTS, OBSERVATIONS, PARCELS, Job, operations

if TYPE_CHECKING:
    from otb_desktop.ui.main_window import MainWindow


class WindowCommands(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self._last_folder = str(Path.home())

    def _open_file(self, title: str, filters: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self.window, title, self._last_folder, filters)
        if not name:
            return None
        self._last_folder = str(Path(name).parent)
        return Path(name)

    def import_gis(self, kind: str) -> None:
        titles = {"parcels": self.tr("Import cadastral parcels"),
                  "buildings": self.tr("Import buildings"),
                  "parks": self.tr("Import business park boundaries"),
                  "verblijfsobjecten": self.tr("Import BAG verblijfsobjecten")}
        path = self._open_file(titles[kind], self.tr(
            "GIS files (*.gpkg *.gml *.xml *.geojson *.json);;All files (*)"))
        if path is not None:
            self.run_import_gis(kind, path)

    def run_import_gis(self, kind: str, path: Path) -> None:
        from otb_desktop.importing import gis
        from otb_desktop.importing.verblijfsobjecten import import_verblijfsobjecten

        importer = {"parcels": gis.import_parcels, "buildings": gis.import_buildings,
                    "parks": gis.import_parks,
                    "verblijfsobjecten": import_verblijfsobjecten}[kind]
        context = self.window.context
        self.run_job(self.tr("Importing %1…").replace("%1", path.name),
                     lambda progress: importer(context, path, progress=progress),
                     reload_after=True)

    def import_observations(self) -> None:
        path = self._open_file(self.tr("Import observations"), self.tr(
            "Spreadsheets (*.xlsx *.csv);;All files (*)"))
        if path is None:
            return
        self.run_import_observations(path)

    def run_import_observations(self, path: Path, skip_bad_rows: bool = False) -> None:
        """All or nothing first; with bad rows, the user sees them and may import the rest."""
        from otb_desktop.importing.observations import BadRowsError, import_observations

        def bad_rows(error: Exception) -> bool:
            if not isinstance(error, BadRowsError) or skip_bad_rows:
                return False
            # The window's own words: no command-line option, and no offer to import "the
            # other rows" when every row is bad (issue 8).
            text, good = bad_rows_text(error, path.name)
            if not good:
                QMessageBox.warning(self.window, self.tr("Import observations"), text)
                return True
            question = self.tr("Import the other %n row(s) and skip the bad ones?", None, good)
            answer = QMessageBox.question(
                self.window, self.tr("Import observations"), f"{text}\n\n{question}",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer == QMessageBox.StandardButton.Yes:
                self.run_import_observations(path, skip_bad_rows=True)
            return True

        context = self.window.context
        self.run_job(self.tr("Importing %1…").replace("%1", path.name),
                     lambda progress: import_observations(
                         context, path, skip_bad_rows=skip_bad_rows, progress=progress),
                     reload_after=False, handle_error=bad_rows, kind=OBSERVATIONS)

    def export(self, fmt: str) -> None:
        from otb_desktop.exporting import parcels as exporting
        from otb_desktop.exporting import suggested_path

        window = self.window  # export what you see: the filtered list or the selection
        window.model.reveal_all()  # a large load still being shown: its scope is every row
        filtered, selected = window.proxy.visible_ids(), window.selected_ids()
        scope = export_scope.ask_scope(window, window.model.total(), filtered, selected)
        if scope is None:
            return
        parcel_ids = export_scope.scope_ids(scope, filtered, selected)
        filters = {"gpkg": self.tr("GeoPackage (*.gpkg)"), "csv": self.tr("CSV (*.csv)"),
                   "xlsx": self.tr("Excel (*.xlsx)")}
        suggested = str(suggested_path(self._last_folder, fmt))
        name, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export parcels"), suggested,
                                              filters[fmt])
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(f"{path.name}.{fmt}")
        self._last_folder = str(path.parent)
        writer = {"gpkg": exporting.export_gpkg, "csv": exporting.export_csv,
                  "xlsx": exporting.export_xlsx}[fmt]
        context = self.window.context
        self.run_job(self.tr("Exporting to %1…").replace("%1", path.name),
                     lambda progress: writer(context, path, progress=progress,
                                             parcel_ids=parcel_ids),
                     reload_after=False, writes=False)

    def load_demo_data(self) -> None:
        from otb_desktop.demo.generator import generate

        context = self.window.context
        self.run_job(self.tr("Loading demo data…"),
                     lambda progress: generate(context, progress=progress), reload_after=True)

    def run_job(self, title: str, fn: Callable[..., Any], reload_after: bool,
                writes: bool = True, handle_error: Callable[[Exception], bool] | None = None,
                kind: str | None = None) -> Job:
        """Run ``fn(progress)`` through the operations object with a cancellable progress
        dialog; show its report's summary. ``reload_after``: the job changes parcels (kind
        PARCELS unless given); ``writes=False``: it only reads (an export).
        ``handle_error`` may take over an error (return True) instead of the standard message.
        """
        kind = kind or (PARCELS if reload_after else EXPORTS if not writes else OBSERVATIONS)

        def finished(report: Any) -> None:
            lines = report.summary_lines() if hasattr(report, "summary_lines") else []
            if lines:
                QMessageBox.information(self.window, self.tr("Done"), "\n".join(lines))

        return operations().run(kind, fn, title=title, on_success=finished,
                                on_error=handle_error, parent=self.window)
