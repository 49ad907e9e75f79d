"""A toolbar that never hides its actions behind the overflow arrow: when the window is too
narrow for text beside the icons (1366×768 at 125 % or 150 %), the buttons show icons only
(their text stays in the tooltip and the menus)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QToolBar


class _Fitter(QObject):
    def __init__(self, toolbar: QToolBar):
        super().__init__(toolbar)
        self.toolbar = toolbar
        self._wide: int | None = None  # width the text-beside-icon layout needs

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        toolbar = self.toolbar
        if self._wide is None or toolbar.toolButtonStyle() == \
                Qt.ToolButtonStyle.ToolButtonTextBesideIcon:
            style = toolbar.toolButtonStyle()
            toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            self._wide = toolbar.sizeHint().width()
            toolbar.setToolButtonStyle(style)
        style = (Qt.ToolButtonStyle.ToolButtonTextBesideIcon if toolbar.width() >= self._wide
                 else Qt.ToolButtonStyle.ToolButtonIconOnly)
        if toolbar.toolButtonStyle() != style:
            toolbar.setToolButtonStyle(style)


def fit_toolbar(toolbar: QToolBar) -> None:
    fitter = _Fitter(toolbar)
    toolbar.installEventFilter(fitter)
    toolbar.setProperty("fitter", fitter)
