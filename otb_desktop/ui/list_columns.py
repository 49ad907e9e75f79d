"""The parcel list's columns: a chooser on the header's context menu, and pane sizes that give
the list room for its key figures on wide screens (1920 px: no horizontal scrollbar)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSplitter, QTableView

PANEL_WIDTH, PANEL_MIN = 420, 340
LIST_MIN, LIST_MAX = 260, 820
LIST_SHARE = 0.48  # of what the panel leaves
LIST_SHARE_WIDE, WIDE = 0.54, 1800  # full HD: eight columns incl. "To dwelling" (~780 px)


def splitter_sizes(width: int) -> list[int]:
    """List, map, panel for a window ``width`` px wide: 1920 px gives the list room for all
    its columns (720 px); 1366 px at 150 % (911 px) still leaves the map about 300 px."""
    panel = max(PANEL_MIN, min(PANEL_WIDTH, int(width * 0.36)))
    rest = max(width - panel, 0)
    share = LIST_SHARE_WIDE if width >= WIDE else LIST_SHARE
    listed = int(min(LIST_MAX, max(LIST_MIN, rest * share)))
    return [listed, max(rest - listed, 160), panel]


def install_column_chooser(view: QTableView) -> QMenu:
    """Right-click on the header: tick the columns to show (at least one stays)."""
    header = view.horizontalHeader()
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    menu = QMenu(view)
    menu.setObjectName("columnChooser")

    def fill() -> None:
        menu.clear()
        model = view.model()
        shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        for column in range(header.count()):
            action = QAction(str(model.headerData(column, Qt.Orientation.Horizontal)), menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.setEnabled(not (len(shown) == 1 and column in shown))
            action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
            menu.addAction(action)

    def show(point: QPoint) -> None:
        fill()
        menu.popup(header.mapToGlobal(point))

    header.customContextMenuRequested.connect(show)
    menu.aboutToShow.connect(fill)
    return menu


class _FollowWidth(QObject):
    """Re-divides the panes when the splitter is resized, until the user drags a handle."""

    def __init__(self, splitter: QSplitter):
        super().__init__(splitter)
        self.splitter = splitter
        self.user_sized = False
        splitter.splitterMoved.connect(self._moved)

    def _moved(self, *_args) -> None:
        if not self.splitter.signalsBlocked():
            self.user_sized = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize and not self.user_sized \
                and self.splitter.width() > 0:
            self.splitter.setSizes(splitter_sizes(self.splitter.width()))
        return False


def follow_window_width(splitter: QSplitter, user_sized: bool) -> None:
    """Panes sized for the window (a wide screen gives the list room) until the user has
    chosen sizes (saved ones count as chosen)."""
    follower = _FollowWidth(splitter)
    follower.user_sized = user_sized
    splitter.installEventFilter(follower)
    splitter.setProperty("widthFollower", follower)
