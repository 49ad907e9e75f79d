"""The parcel panel: key facts, one form per survey topic with its history, and photos.

Designed for a ~420 px wide column beside the map: a fixed header with the designation, and
below it one scrolling column (facts, topic grid, the chosen topic's form and history, photos).

Keyboard: Tab walks topic grid → fields → Save → Discard → history → photos. Ctrl+S saves the
shown topic (``save_action``), Ctrl+Tab / Ctrl+PgDown and Ctrl+Shift+Tab / Ctrl+PgUp switch
topic, Alt+1 … Alt+7 jump to a topic, Alt+<underlined letter> jumps to a field.

Unsaved input is never lost: each topic keeps a draft in the local database (written a second
after the last keystroke, and at once when another parcel is shown), and showing the parcel
again restores it with a banner. Switching parcel therefore never asks anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from otb_desktop.domain.topics import TOPICS, Topic
from otb_desktop.services.context import AppContext
from otb_desktop.services.parcel_detail import parcel_detail
from otb_desktop.services.parcels import ParcelRow, ParcelService
from otb_desktop.services.photos import PhotoService
from otb_desktop.services.survey import SurveyService
from otb_desktop.services.survey_progress import months_before
from otb_desktop.services.timeline import parcel_timeline
from otb_desktop.ui.operations import DRAFTS, operations
from otb_desktop.ui.panel.facts_view import FactsView, profile_label
from otb_desktop.ui.panel.locale_text import format_datetime
from otb_desktop.ui.panel.photo_strip import PhotoStrip, dropped_files
from otb_desktop.ui.panel.timeline_view import TimelineDialog
from otb_desktop.ui.panel.topic_chooser import TopicChooser, TopicStatus
from otb_desktop.ui.panel.topic_form import mnemonic_of
from otb_desktop.ui.panel.topic_page import TopicPage

__all__ = ["ParcelPanel"]


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


def _rule() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


class ParcelPanel(QWidget):
    """Shows one parcel; ``observationSaved(parcel_id, topic)`` after every save."""

    observationSaved = Signal(str, str)

    def __init__(self, context: AppContext, parent: QWidget | None = None,
                 reserved_mnemonics: Sequence[str] = ()):
        super().__init__(parent)
        self.context = context
        self.parcels = ParcelService(context)
        self.survey = SurveyService(context)
        self.photo_service = PhotoService(context)
        self._parcel_id: str | None = None
        self.row: ParcelRow | None = None
        self.setAcceptDrops(True)
        self.setMinimumWidth(340)

        self.placeholder = QLabel(self.tr("Select a parcel on the map or in the list, or "
                                          "search for an address or cadastral designation."))
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setEnabled(False)
        self.placeholder.setMargin(24)

        self.designation = QLabel()
        font = QFont(self.designation.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.45)
        self.designation.setFont(font)
        self.designation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.conflict_label = QLabel(objectName="headerConflict")
        self.conflict_label.setWordWrap(True)
        self.conflict_label.hide()

        self.facts = FactsView()
        self.timeline_button = QPushButton(self.tr("&Timeline…"))
        self.timeline_button.setObjectName("timelineButton")
        self.timeline_button.setToolTip(self.tr(
            "All topics, notes and photos of this parcel in one chronological view"))
        self.timeline_button.clicked.connect(self.show_timeline)
        self.timeline_dialog: TimelineDialog | None = None
        self.photos = PhotoStrip(self.photo_service)
        self.photos.parcel_choices = self.parcels.labels
        self.photos.photosAdded.connect(lambda *_: self._refresh_timeline())
        self.photos.photosChanged.connect(lambda *_: self._refresh_timeline())
        specs = list(TOPICS.values())
        self.chooser = TopicChooser(specs)
        # Pages in a box layout, one visible: a QStackedWidget would be as tall as its tallest
        # page (its height-for-width ignores hidden pages' size policies).
        self.pages = QWidget()
        pages_layout = QVBoxLayout(self.pages)
        pages_layout.setContentsMargins(0, 0, 0, 0)
        self.topic_pages: dict[str, TopicPage] = {}
        reserved = (mnemonic_of(self.photos.add_button.text()),
                    mnemonic_of(self.timeline_button.text()), *reserved_mnemonics)
        for spec in specs:
            page = TopicPage(self.survey, spec, reserved)
            page.saved.connect(self._page_saved)
            page.stateChanged.connect(lambda p=page: self._update_status(p))
            page.hide()
            pages_layout.addWidget(page)
            self.topic_pages[str(spec.topic)] = page
        self.chooser.currentRowChanged.connect(self._show_topic)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(10, 4, 10, 10)
        column.setSpacing(8)
        column.addWidget(self.facts)
        column.addWidget(_rule())
        column.addWidget(_heading(self.tr("Survey")))
        column.addWidget(self.chooser)
        column.addWidget(self.pages)
        column.addWidget(_rule())
        column.addWidget(self.photos)
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidget(content)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its children take focus
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        parcel_view = QWidget()
        layout = QVBoxLayout(parcel_view)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        header = QWidget()
        header_layout = QVBoxLayout(header)
        header_layout.setContentsMargins(10, 8, 10, 6)
        header_layout.setSpacing(2)
        title_row = QHBoxLayout()
        title_row.addWidget(self.designation, 1)
        title_row.addWidget(self.timeline_button)
        header_layout.addLayout(title_row)
        header_layout.addWidget(self.subtitle)
        header_layout.addWidget(self.conflict_label)
        layout.addWidget(header)
        layout.addWidget(_rule())
        layout.addWidget(self.scroll, 1)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(parcel_view)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        self.save_action = QAction(self.tr("Save observation"), self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_action.triggered.connect(self.save_current)
        self.addAction(self.save_action)
        self._shortcuts()
        self._show_topic(0)
        self.show_parcel(None)
        operations().dataChanged.connect(self._data_changed)

    def _shortcuts(self) -> None:
        def add(keys: QKeySequence | str, slot) -> None:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        for keys in ("Ctrl+Tab", "Ctrl+PgDown"):
            add(keys, lambda: self.step_topic(1))
        for keys in ("Ctrl+Shift+Tab", "Ctrl+Shift+Backtab", "Ctrl+PgUp"):
            add(keys, lambda: self.step_topic(-1))
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            add(keys, self.save_current)
        for row in range(self.chooser.count()):
            add(f"Alt+{row + 1}", lambda r=row: self.select_topic_row(r, focus=True))

    # The API the main window uses

    def current_parcel_id(self) -> str | None:
        return self._parcel_id

    def has_unsaved_changes(self) -> bool:
        return any(page.is_dirty() for page in self.topic_pages.values())

    def save_current(self) -> bool:
        """Save the shown topic; False when there is nothing valid to save (reasons shown)."""
        return self.current_page().save()

    def save_all(self) -> bool:
        """Save every topic with changes (e.g. before quitting); True when none is left.
        A topic with invalid input stays unsaved (kept as a draft) and is shown."""
        unsaved = [page for page in self.topic_pages.values() if page.is_dirty()]
        failed = [page for page in unsaved if not page.save()]
        if failed:
            self.select_topic(failed[0].topic, focus=True)
        return not failed

    def flush_drafts(self) -> None:
        """Write pending drafts now; the main window calls this before it closes."""
        for page in self.topic_pages.values():
            page.flush_draft()

    def show_parcel(self, parcel_id: str | None) -> None:
        """Show a parcel (None: nothing); its drafts come back into the forms."""
        self.flush_drafts()
        rows = self.parcels.rows([parcel_id]) if parcel_id else []
        self._parcel_id = parcel_id if rows else None
        self.row = rows[0] if rows else None
        if self.row is None:
            for page in self.topic_pages.values():
                page.load(None, [])
            self.photos.set_parcel(None)
            self.stack.setCurrentIndex(0)
            return
        heads = self.survey.heads(self.row.id)
        drafts = {topic: (values, at) for pid, topic, values, at in self.survey.drafts()
                  if pid == self.row.id}
        for topic, page in self.topic_pages.items():
            page.load(self.row.id, heads.get(topic, []), drafts.get(topic))
            self._update_status(page)
        self._show_header()
        self.photos.set_parcel(self.row.id)
        self._refresh_timeline()
        self.stack.setCurrentIndex(1)
        restored = [t for t, p in self.topic_pages.items() if p.draft_banner.isVisibleTo(p)]
        if restored:
            self.select_topic(restored[0])
        self.current_page().ensure_history()
        self._chain_tab_order()
        self.scroll.verticalScrollBar().setValue(0)

    # Topics

    def current_page(self) -> TopicPage:
        return list(self.topic_pages.values())[max(0, self.chooser.currentRow())]

    def select_topic(self, topic: str, focus: bool = False) -> None:
        self.select_topic_row(self.chooser.row_of(topic), focus)

    def select_topic_row(self, row: int, focus: bool = False) -> None:
        self.chooser.setCurrentRow(row)
        if focus:
            self.current_page().focus_first_field()
            self.scroll.ensureWidgetVisible(self.current_page().form, 0, 40)

    def step_topic(self, step: int) -> None:
        count = self.chooser.count()
        self.select_topic_row((self.chooser.currentRow() + step) % count, focus=True)

    def _show_topic(self, row: int) -> None:
        if row < 0:
            return
        page = self.current_page()
        focus = QApplication.focusWidget()
        had_focus = focus is not None and self.pages.isAncestorOf(focus)
        page.show()
        for other in self.topic_pages.values():
            if other is not page:
                other.hide()
        if had_focus:
            page.focus_first_field()
        page.ensure_history()
        self._chain_tab_order()

    def _chain_tab_order(self) -> None:
        chain = [self.timeline_button, self.chooser, *self.current_page().tab_chain(),
                 self.photos.view, self.photos.add_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _update_status(self, page: TopicPage) -> None:
        if page.in_conflict():
            status = TopicStatus.CONFLICT
            tip = self.tr("%1: conflict between %2 versions; save to resolve").replace(
                "%2", str(len(page.heads)))
        elif page.heads and page.heads[0].observed_at.astimezone().date() < months_before(
                dt.date.today(), self.facts.stale_months) and not page.is_log:
            status = TopicStatus.STALE
            tip = self.tr("%1: stale, recorded %2 by %3").replace(
                "%2", format_datetime(page.heads[0].observed_at)).replace(
                "%3", page.heads[0].author)
        elif page.heads:
            status = TopicStatus.RECORDED
            tip = self.tr("%1: recorded %2 by %3").replace(
                "%2", format_datetime(page.heads[0].observed_at)).replace(
                "%3", page.heads[0].author)
        else:
            status = TopicStatus.EMPTY
            tip = self.tr("%1: not yet surveyed")
        unsaved = page.is_dirty() or page.has_draft()
        if unsaved:
            tip += "\n" + self.tr("unsaved input")
        self.chooser.set_status(page.topic, status, unsaved, tip.replace("%1", page.spec.label))

    def set_stale_months(self, months: int) -> None:
        """The age after which facts and topics are marked stale (the window's setting)."""
        self.facts.stale_months = months
        if self.row is not None:
            self.show_parcel(self.row.id)

    def show_timeline(self) -> TimelineDialog | None:
        """The parcel's timeline beside the panel (non-modal), refreshed on every change."""
        if self.row is None:
            return None
        if self.timeline_dialog is None:
            self.timeline_dialog = TimelineDialog(self)
        self._refresh_timeline(force=True)
        self.timeline_dialog.show()
        self.timeline_dialog.raise_()
        return self.timeline_dialog

    def _refresh_timeline(self, force: bool = False) -> None:
        dialog = self.timeline_dialog
        if dialog is None or self.row is None or not (force or dialog.isVisible()):
            return
        dialog.set_timeline(self.row.designation, parcel_timeline(self.context, self.row.id))

    def _page_saved(self, topic: str) -> None:
        if self._parcel_id is not None:
            self.observationSaved.emit(self._parcel_id, topic)

    def _data_changed(self, kind: str, ids: frozenset[str] | None) -> None:
        """Subscribed to the operations' ``dataChanged``: new figures in the header, and the
        open timeline follows (observations, notes, photos)."""
        if kind == DRAFTS or self._parcel_id is None or (ids is not None
                                                         and self._parcel_id not in ids):
            return
        self._refresh_timeline()
        rows = self.parcels.rows([self._parcel_id])
        if rows:
            self.row = rows[0]
            self._show_header()

    def _show_header(self) -> None:
        row = self.row
        assert row is not None
        detail = parcel_detail(self.context, row.id)
        self.designation.setText(row.designation)
        parts = [row.addresses[0]] if row.addresses else []
        parts.append(row.park_name or self.tr("outside the business parks"))
        if detail.park_profile:
            parts.append(self.tr("profile %1 (provisional, assumption)").replace(
                "%1", profile_label(detail.park_profile)))
        if row.in_scope is False:
            parts.append(self.tr("outside the OTB scope"))
        self.subtitle.setText(" · ".join(parts))
        self._show_header_conflicts(row)
        self.facts.set_facts(row, detail)
        # The column's height for its width changed with the facts' texts: let the scroll
        # area size it again, or a wrapped fact loses part of its second line.
        QCoreApplication.postEvent(self.scroll, QEvent(QEvent.Type.LayoutRequest))

    def _show_header_conflicts(self, row: ParcelRow) -> None:
        """The header names the topics in conflict, so they are seen before scrolling."""
        topics = [TOPICS[Topic(t)].label for t in sorted(row.conflicts)]
        self.conflict_label.setText("⚠ " + self.tr("Conflict in %1: choose a version and save.")
                                    .replace("%1", ", ".join(topics)) if topics else "")
        self.conflict_label.setStyleSheet("font-weight: bold;")  # palette colour: any theme
        self.conflict_label.setVisible(bool(topics))

    # Photos dropped anywhere on the panel

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if self._parcel_id and dropped_files(event):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self._parcel_id and dropped_files(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        files = dropped_files(event)
        if self._parcel_id and files:
            event.acceptProposedAction()
            self.photos.add_files(files)

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.flush_drafts()
        super().hideEvent(event)
