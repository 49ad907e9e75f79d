"""The window's actions, menus, toolbar and help texts (one place to add an action).

To add an action: make it in ``_make_actions`` with ``self._action(name, slot, shortcut,
icon)``, put it in a menu in ``_make_menus`` (and the toolbar if it earns the space), and give
it its text in ``retranslate``. The slot is a window method or a command (ui/commands.py);
when it writes, it runs through the operations object (ui/operations.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QMenu, QMessageBox, QToolBar

from otb_desktop import __version__
from otb_desktop.paths import resources_dir
from otb_desktop.ui import i18n
from otb_desktop.ui.toolbar_fit import fit_toolbar

if TYPE_CHECKING:
    from otb_desktop.ui.main_window import MainWindow

NEXT_PARCEL_KEYS = "Alt+Down"
PREVIOUS_PARCEL_KEYS = "Alt+Up"


def save_keys() -> str:
    """Ctrl+S as the platform writes it (needs the QApplication, hence not a constant)."""
    return QKeySequence(QKeySequence.StandardKey.Save).toString(
        QKeySequence.SequenceFormat.NativeText)


def icon(name: str) -> QIcon:
    return QIcon(str(resources_dir() / "icons" / f"{name}.svg"))


class WindowActions(QObject):
    """Makes the window's actions (as ``window.act_*``), menus (``window.menu_*``) and
    toolbar; their slots stay on the window and its commands."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self._make_actions()
        self._make_menus()
        self._make_toolbar()

    def _action(self, name: str, slot: Callable[[], Any], shortcut: str | QKeySequence | None
                = None, icon_name: str | None = None) -> QAction:
        w = self.window
        action = QAction(w)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon_name:
            action.setIcon(icon(icon_name))
        action.triggered.connect(lambda _checked=False: slot())
        w.addAction(action)  # window-wide shortcut, also when the menu bar is hidden
        return action

    def _make_actions(self) -> None:
        w = self.window
        a = self._action
        w.act_import_parcels = a("importParcels", lambda: w.import_gis("parcels"),
                                    icon_name="import")
        w.act_import_buildings = a("importBuildings", lambda: w.import_gis("buildings"))
        w.act_import_parks = a("importParks", lambda: w.import_gis("parks"))
        w.act_import_observations = a("importObservations", w.import_observations)
        w.act_export_gpkg = a("exportGpkg", lambda: w.export("gpkg"), icon_name="export")
        w.act_export_csv = a("exportCsv", lambda: w.export("csv"))
        w.act_export_xlsx = a("exportXlsx", lambda: w.export("xlsx"))
        w.act_demo = a("loadDemo", w.load_demo_data)
        w.act_quit = a("quit", w.close, QKeySequence.StandardKey.Quit)

        w.act_find = a("find", w.focus_search, QKeySequence.StandardKey.Find, "search")
        w.act_next = a("nextParcel", lambda: w.step(1), NEXT_PARCEL_KEYS, "next")
        w.act_previous = a("previousParcel", lambda: w.step(-1), PREVIOUS_PARCEL_KEYS,
                              "previous")
        # Ctrl+S: the panel has its own Ctrl+S while it has focus; a second window-wide one
        # would make the key ambiguous there (and then nothing happens). So the window's Ctrl+S
        # only listens in the list pane and on the map.
        w.act_save = a("save", w.save_current, None, "save")
        w.act_focus_list = a("focusList", w.focus_list, "Ctrl+1")
        w.act_focus_map = a("focusMap", w.focus_map, "Ctrl+2")
        w.act_focus_panel = a("focusPanel", w.focus_panel, "Ctrl+3")

        w.act_zoom_full = a("zoomFull", w.canvas.zoom_full, "Ctrl+0", "zoom-full")
        w.act_zoom_park = a("zoomPark", w.zoom_to_park, None, "zoom-park")
        w.act_zoom_selection = a("zoomSelection", w.zoom_to_selection, None,
                                    "zoom-selection")
        w.act_progress = a("surveyProgress", w.show_survey_progress, "Ctrl+Shift+P",
                              "progress")
        w.act_shortcuts = a("shortcuts", self.show_shortcuts,
                               QKeySequence.StandardKey.HelpContents, "help")
        w.act_about = a("about", self.show_about)

        w.colouring_group = QActionGroup(w)
        w.colouring_group.setExclusive(True)
        w.language_group = QActionGroup(w)
        w.language_group.setExclusive(True)
        w.language_actions: dict[str, QAction] = {}
        for code, name in i18n.LANGUAGE_NAMES.items():
            action = QAction(name, w, checkable=True)
            action.setObjectName(f"language_{code}")
            action.setChecked(code == w.settings.language)
            action.triggered.connect(lambda _checked=False, c=code: w.set_language(c))
            w.language_group.addAction(action)
            w.language_actions[code] = action

    def _make_menus(self) -> None:
        w = self.window
        bar = w.menuBar()
        w.menu_file = bar.addMenu("")
        w.menu_import = QMenu(w)
        for action in (w.act_import_parcels, w.act_import_buildings,
                       w.act_import_parks, w.act_import_observations):
            w.menu_import.addAction(action)
        w.menu_export = QMenu(w)
        for action in (w.act_export_gpkg, w.act_export_csv, w.act_export_xlsx):
            w.menu_export.addAction(action)
        w.menu_file.addMenu(w.menu_import)
        w.menu_file.addMenu(w.menu_export)
        w.menu_file.addSeparator()
        w.menu_file.addAction(w.act_demo)
        w.menu_file.addSeparator()
        w.menu_file.addAction(w.act_quit)

        w.menu_parcel = bar.addMenu("")
        for action in (w.act_find, w.act_next, w.act_previous, w.act_save):
            w.menu_parcel.addAction(action)
        w.menu_parcel.addSeparator()
        for action in (w.act_focus_list, w.act_focus_map, w.act_focus_panel):
            w.menu_parcel.addAction(action)

        w.menu_view = bar.addMenu("")
        w.menu_colouring = QMenu(w)
        w.menu_view.addMenu(w.menu_colouring)
        w.menu_view.addSeparator()
        for action in (w.act_zoom_full, w.act_zoom_park, w.act_zoom_selection):
            w.menu_view.addAction(action)
        w.menu_view.addSeparator()
        w.menu_view.addAction(w.act_progress)
        w.menu_language = QMenu(w)
        for action in w.language_actions.values():
            w.menu_language.addAction(action)
        w.menu_view.addMenu(w.menu_language)

        w.menu_help = bar.addMenu("")
        w.menu_help.addAction(w.act_shortcuts)
        w.menu_help.addAction(w.act_about)

    def _make_toolbar(self) -> None:
        w = self.window
        w.toolbar = QToolBar(objectName="mainToolbar")
        w.toolbar.setMovable(False)
        w.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        w.toolbar.setIconSize(w.toolbar.iconSize().scaled(
            18, 18, Qt.AspectRatioMode.KeepAspectRatio))
        w.addToolBar(w.toolbar)
        fit_toolbar(w.toolbar)  # icons only when text beside them does not fit (125–150 %)
        w.toolbar.addAction(w.act_import_parcels)
        w.toolbar.addAction(w.act_export_gpkg)
        w.toolbar.addSeparator()
        w.toolbar.addAction(w.act_previous)
        w.toolbar.addAction(w.act_next)
        w.toolbar.addAction(w.act_save)
        w.toolbar.addSeparator()
        w.toolbar.addAction(w.act_zoom_full)
        w.toolbar.addAction(w.act_zoom_selection)
        w.toolbar.addAction(w.act_progress)
        w.toolbar.addSeparator()
        w.colouring_label = QLabel()
        w.colouring_label.setContentsMargins(6, 0, 4, 0)
        w.colouring_combo = QComboBox(objectName="colouringCombo")
        w.colouring_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        w.colouring_label.setBuddy(w.colouring_combo)
        w.toolbar.addWidget(w.colouring_label)
        w.toolbar.addWidget(w.colouring_combo)

    def retranslate(self) -> None:
        """The texts of menus, actions and toolbar (again after a language switch)."""
        w = self.window
        w.menu_file.setTitle(self.tr("&File"))
        w.menu_import.setTitle(self.tr("&Import"))
        w.menu_export.setTitle(self.tr("&Export"))
        w.menu_parcel.setTitle(self.tr("&Parcel"))
        w.menu_view.setTitle(self.tr("&View"))
        w.menu_colouring.setTitle(self.tr("&Colour map by"))
        w.menu_language.setTitle(self.tr("&Language"))
        w.menu_help.setTitle(self.tr("&Help"))
        texts = {
            w.act_import_parcels: (self.tr("Cadastral &parcels…"),
                                      self.tr("Import parcels (BRK: GeoPackage, GML, GeoJSON)")),
            w.act_import_buildings: (self.tr("&Buildings…"),
                                        self.tr("Import buildings (BAG)")),
            w.act_import_parks: (self.tr("Business park &boundaries…"),
                                    self.tr("Import business park boundaries")),
            w.act_import_observations: (self.tr("&Observations (CSV, Excel)…"),
                                           self.tr("Import survey observations")),
            w.act_export_gpkg: (self.tr("&GeoPackage…"),
                                   self.tr("Export parcels with their values")),
            w.act_export_csv: (self.tr("&CSV…"), self.tr("Export parcels as CSV")),
            w.act_export_xlsx: (self.tr("&Excel…"), self.tr("Export parcels as Excel")),
            w.act_demo: (self.tr("Load &demo data"),
                            self.tr("Fill the empty database with synthetic demo data")),
            w.act_quit: (self.tr("&Quit"), ""),
            w.act_find: (self.tr("&Find parcel"), self.tr("Find a parcel (Ctrl+F)")),
            w.act_next: (self.tr("&Next parcel"),
                            self.tr("Next parcel in the list (%1)").replace(
                                "%1", NEXT_PARCEL_KEYS)),
            w.act_previous: (self.tr("P&revious parcel"),
                                self.tr("Previous parcel in the list (%1)").replace(
                                    "%1", PREVIOUS_PARCEL_KEYS)),
            w.act_save: (self.tr("&Save observation") + "\t" + save_keys(), ""),
            w.act_focus_list: (self.tr("Go to &list"), ""),
            w.act_focus_map: (self.tr("Go to &map"), ""),
            w.act_focus_panel: (self.tr("Go to &parcel panel"), ""),
            w.act_zoom_full: (self.tr("Zoom to &all"), self.tr("Show all parcels (Ctrl+0)")),
            w.act_zoom_park: (self.tr("Zoom to &business park"),
                                 self.tr("Show the business park of the selected parcel")),
            w.act_zoom_selection: (self.tr("Zoom to &selection"),
                                      self.tr("Show the selected parcels")),
            w.act_progress: (self.tr("Survey &progress…"),
                                self.tr("Survey progress per business park (Ctrl+Shift+P)")),
            w.act_shortcuts: (self.tr("&Keyboard shortcuts"), ""),
            w.act_about: (self.tr("&About OTB Desktop"), ""),
        }
        for action, (text, tip) in texts.items():
            action.setText(text)
            action.setToolTip(tip or text.replace("&", "").rstrip("…"))
        w.act_save.setToolTip(self.tr("Save the observation being edited (%1)").replace(
            "%1", save_keys()))
        w.act_zoom_full.setIconText(self.tr("All"))
        w.act_zoom_selection.setIconText(self.tr("Selection"))
        w.act_progress.setIconText(self.tr("Progress"))
        w.act_import_parcels.setIconText(self.tr("Import"))
        w.act_export_gpkg.setIconText(self.tr("Export"))
        w.act_next.setIconText(self.tr("Next"))
        w.act_previous.setIconText(self.tr("Previous"))
        w.act_save.setIconText(self.tr("Save"))
        w.toolbar.setWindowTitle(self.tr("Toolbar"))
        w.colouring_label.setText(self.tr("Colour map by:"))

    def shortcut_rows(self) -> list[tuple[str, str]]:
        w = self.window
        def keys(action: QAction) -> str:
            return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)

        return [
            (keys(w.act_find), self.tr("Find a parcel by address, designation or park")),
            (self.tr("Enter / Down"), self.tr("From the search box to the result list")),
            (self.tr("Esc"), self.tr("Clear the search box")),
            (keys(w.act_next), self.tr("Next parcel in the list")),
            (keys(w.act_previous), self.tr("Previous parcel in the list")),
            (save_keys(), self.tr("Save the observation being edited")),
            (keys(w.act_focus_list), self.tr("Go to the parcel list")),
            (keys(w.act_focus_map), self.tr("Go to the map")),
            (keys(w.act_focus_panel), self.tr("Go to the parcel panel")),
            (self.tr("Alt+1 … Alt+7"), self.tr("Survey topic in the parcel panel")),
            (self.tr("Ctrl+Tab / Ctrl+Shift+Tab"), self.tr("Next / previous survey topic")),
            (self.tr("Tab / Shift+Tab"), self.tr("Next / previous field")),
            (self.tr("Enter"), self.tr("In a form: on to the next field")),
            (self.tr("Ctrl+Enter"), self.tr("In a form: save")),
            (self.tr("F4 or Space"), self.tr("Open a drop-down list in a form")),
            (self.tr("F4"), self.tr("In a date field: open the calendar")),
            (self.tr("+ / − / Z"), self.tr("On the map: zoom in / out / to the selection")),
            (keys(w.act_zoom_full), self.tr("Zoom the map to all parcels")),
            (keys(w.act_progress), self.tr("Survey progress per business park")),
            (keys(w.act_shortcuts), self.tr("This overview")),
        ]

    def show_shortcuts(self) -> None:
        w = self.window
        rows = "".join(f"<tr><td style='padding-right:16px'><b>{k}</b></td><td>{t}</td></tr>"
                       for k, t in self.shortcut_rows())
        box = QMessageBox(w)
        box.setWindowTitle(self.tr("Keyboard shortcuts"))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(self.tr("A whole survey can be done without the mouse:") +
                    f"<table style='margin-top:8px'>{rows}</table>")
        box.setObjectName("shortcutsBox")
        box.open()

    def show_about(self) -> None:
        w = self.window
        QMessageBox.about(w, self.tr("About OTB Desktop"), self.tr(
            "<b>OTB Desktop %1</b><p>Inventory and redevelopment of the business parks of "
            "the municipality of Hengelo (Omgevingsprogramma Toekomstbestendige "
            "Bedrijventerreinen 2026–2029).</p><p>Database: %2</p>").replace(
            "%1", __version__).replace("%2", str(w.context.database.path)))
