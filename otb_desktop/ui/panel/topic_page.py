"""One survey topic of the shown parcel: its form, save/discard, draft, conflict and history.

Load, edit, validate, save: nothing is written while typing except the draft (debounced, so a
crash loses at most a second of input). Saving appends a new observation that supersedes every
current head, so a saved mistake is corrected by saving again, and a conflict (two heads after
a sync) is resolved by saving once.

Keys: Enter in a one-line field moves to the next field (an accidental Enter must not append
an observation to the permanent history); Enter on the Save button, Ctrl+S or Ctrl+Enter save.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from otb_desktop.domain import topics
from otb_desktop.domain.errors import OtbError, ValidationError, ValidationIssue
from otb_desktop.domain.topics import TopicSpec
from otb_desktop.services.survey import ObservationView, SurveyService, is_log_topic
from otb_desktop.ui import field_writes
from otb_desktop.ui.operations import DRAFTS, OBSERVATIONS, operations
from otb_desktop.ui.panel import form_hints
from otb_desktop.ui.panel.banner import Banner
from otb_desktop.ui.panel.conflict_view import ConflictView
from otb_desktop.ui.panel.history_view import HistoryView
from otb_desktop.ui.panel.locale_text import format_datetime
from otb_desktop.ui.panel.topic_form import TopicForm, mnemonic_of

MESSAGE_DELAY_MS = 300
DRAFT_DELAY_MS = 1000
SUCCESS_COLOUR = "#1e7d34"

Draft = tuple[dict[str, Any], dt.datetime]


class TopicPage(QWidget):
    """``saved(topic)`` after an observation was appended; ``stateChanged`` whenever the
    dirty / draft / conflict state a topic indicator shows may have changed."""

    saved = Signal(str)
    stateChanged = Signal()

    def __init__(self, survey: SurveyService, spec: TopicSpec,
                 reserved_mnemonics: tuple[str, ...] = (), parent: QWidget | None = None):
        super().__init__(parent)
        self.survey = survey
        self.spec = spec
        self.topic = str(spec.topic)
        self.is_log = is_log_topic(self.topic)
        self.parcel_id: str | None = None
        self.heads: list[ObservationView] = []
        self._baseline_values: dict[str, Any] = {}
        self._baseline_texts: dict[str, str] = {}
        self._draft_stored = False
        self._cleaned: dict[str, Any] | None = None
        self._issues: list[ValidationIssue] = []
        self._dirty = False
        self._history_stale = False

        self.save_button = QPushButton(self.tr("&Save"))
        self.discard_button = QPushButton(self.tr("&Discard changes"))
        for button in (self.save_button, self.discard_button):
            button.setAutoDefault(True)  # Enter on the focused button presses it
        self.restore_button = QPushButton(self.tr("&Restore this value"))
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setAutoDefault(True)
        self.restore_button.setToolTip(self.tr(
            "Save the values of the chosen earlier observation again, as a new observation "
            "(nothing is deleted)"))
        self.restore_button.setEnabled(False)
        if self.is_log:  # restoring an old note would only repeat it
            self.restore_button.hide()
        self.restore_button.clicked.connect(self.restore_selected)
        reserved = (*reserved_mnemonics, mnemonic_of(self.save_button.text()),
                    mnemonic_of(self.discard_button.text()),
                    mnemonic_of(self.restore_button.text()))

        self.conflict_banner = Banner("warning")
        self.conflict_view = ConflictView()
        self._conflict_chosen = False  # a version was chosen or a value edited
        self._conflict_buttons: list[QPushButton] = []
        self.draft_banner = Banner("info")
        self._draft_save = self.draft_banner.add_button(self.tr("Save"))
        self._draft_save.clicked.connect(self.save)
        draft_discard = self.draft_banner.add_button(self.tr("Discard"))
        draft_discard.clicked.connect(self.discard)
        self._draft_buttons = [self._draft_save, draft_discard]
        self.error_banner = Banner("error")
        self.form = TopicForm(spec, reserved, self)
        self.status = QLabel()
        self.status.setStyleSheet(f"color: {SUCCESS_COLOUR};")
        self.status.setWordWrap(True)
        self.history = HistoryView()
        self.history.selectionModel().selectionChanged.connect(self._history_selected)
        history_label = QLabel(self.tr("History"))
        font = QFont(history_label.font())
        font.setBold(True)
        history_label.setFont(font)

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.conflict_banner)
        layout.addWidget(self.conflict_view)
        layout.addWidget(self.draft_banner)
        layout.addWidget(self.error_banner)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(history_label)
        layout.addWidget(self.history)
        restore_row = QHBoxLayout()
        restore_row.addStretch(1)
        restore_row.addWidget(self.restore_button)
        layout.addLayout(restore_row)

        self.save_button.clicked.connect(self.save)
        self.discard_button.clicked.connect(self.discard)
        self.form.edited.connect(self._edited)
        self._message_timer = QTimer(self, singleShot=True, interval=MESSAGE_DELAY_MS)
        self._message_timer.timeout.connect(self._show_messages)
        self._draft_timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self._write_draft)
        self._keys = _FormKeys(self)
        for widget in self.form.focus_widgets():
            widget.installEventFilter(self._keys)
        self._refresh()

    # Loading

    def load(self, parcel_id: str | None, heads: list[ObservationView],
             draft: Draft | None = None) -> None:
        """Show the parcel's saved values, or its restored draft with a banner saying so."""
        self._draft_timer.stop()
        self.parcel_id = parcel_id
        self._set_status("")
        self.error_banner.hide()
        self._set_baseline(heads)
        self._draft_stored = draft is not None
        texts = self._baseline_texts
        if draft is not None:
            restored = {name: str(draft[0].get(name, "") or "") for name in texts}
            if restored != texts:
                texts = restored
            elif parcel_id is not None:  # the draft says nothing new
                self._discard_draft(parcel_id)
                self._draft_stored = False
        if self._draft_stored:
            self.draft_banner.show_message(self.tr("Unsaved input from %1 restored.").replace(
                "%1", format_datetime(draft[1])))
        else:
            self.draft_banner.hide()
        self.form.set_texts(texts)
        self._history_stale = True  # read when the page is shown: see ensure_history()
        self._refresh()

    def _set_baseline(self, heads: list[ObservationView]) -> None:
        self.heads = list(heads)
        # A log topic (notes) starts every entry empty: saving adds, it never replaces.
        self._baseline_values = dict(heads[0].values) if heads and not self.is_log else {}
        self._baseline_texts = self.form.texts_of(self._baseline_values)
        self._show_conflict()

    def ensure_history(self) -> None:
        """Read the history if the parcel changed since it was last read (only the shown
        topic's history is read when a parcel opens)."""
        if self._history_stale:
            self._show_history()

    def _show_history(self) -> None:
        rows = self.survey.history(self.parcel_id, self.topic) if self.parcel_id else []
        self.history.set_observations(rows)
        self._history_stale = False

    def _show_conflict(self) -> None:
        self.conflict_banner.clear_buttons()
        self._conflict_buttons = []
        self._conflict_chosen = False
        self.conflict_view.set_versions(self.spec, self.heads if self.in_conflict() else [])
        if not self.in_conflict():
            self.conflict_banner.hide()
            return
        names = ", ".join(self.spec.field(n).label for n in self.conflict_view.differences)
        lines = [self.tr("Conflict: this topic was changed on more than one device. Choose "
                         "the version to keep (or correct the values) and save; every "
                         "version stays in the history."),
                 self.tr("Differences: %1").replace("%1", names or self.tr("none"))]
        for number, head in enumerate(self.heads, start=1):
            button = self.conflict_banner.add_button(self.tr("Use %1").replace("%1", str(number)))
            button.setToolTip(self.tr("Put the values of version %1 (%2) in the form").replace(
                "%1", str(number)).replace("%2", head.author))
            button.clicked.connect(lambda _=False, h=head: self._use_head(h))
            self._conflict_buttons.append(button)
        self.conflict_banner.show_message("\n".join(lines))

    def _use_head(self, head: ObservationView) -> None:
        self.form.set_texts(self.form.texts_of(head.values))
        self._conflict_chosen = True
        self._set_status(self.tr("Version of %1 in the form; save to resolve the conflict.")
                         .replace("%1", head.author))
        self._evaluate()
        self._message_timer.start()
        if self.parcel_id is not None:
            self._draft_timer.start()

    # State

    def _set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _edited(self) -> None:
        """Every change: validate now (cheap) so Save is enabled before the next Tab; show
        the messages once typing pauses, so they do not flicker with each keystroke."""
        self._set_status("")
        self._conflict_chosen = self.in_conflict()
        self._evaluate()
        self._message_timer.start()
        if self.parcel_id is not None:
            self._draft_timer.start()

    def _refresh(self) -> None:
        """Validate and show the messages at once."""
        self._evaluate()
        self._show_messages()

    def _evaluate(self) -> None:
        """Validate the form and enable what can be done."""
        raw = self.form.raw()
        try:
            self._cleaned, self._issues = topics.validate(self.topic, raw), []
        except ValidationError:
            self._cleaned, self._issues = None, form_hints.all_issues(self.topic, raw)
        changed_text = self.form.texts() != self._baseline_texts
        was_dirty = self._dirty
        self._dirty = (self._cleaned != self._baseline_values if self._cleaned is not None
                       else changed_text)
        self.save_button.setEnabled(self.can_save())
        self._draft_save.setEnabled(self.can_save())
        self.discard_button.setEnabled(self.parcel_id is not None
                                       and (changed_text or self._draft_stored))
        self.save_button.setToolTip(self._save_hint())
        if was_dirty != self._dirty:
            self.stateChanged.emit()

    def _show_messages(self) -> None:
        """The issues of input that differs from the saved values (an untouched empty form
        shows no "required" messages)."""
        self._message_timer.stop()
        changed_text = self.form.texts() != self._baseline_texts
        self.form.show_issues(self._issues if changed_text else [])
        if self._cleaned is not None:
            self.form.show_hints(topics.hints(self.topic, self._cleaned))

    def _save_hint(self) -> str:
        if self.parcel_id is None:
            return ""
        if self._cleaned is None:
            return self.tr("Correct the fields marked in red first.")
        if not self.can_save():
            if self.in_conflict():
                return self.tr("Choose a version (Use 1, Use 2…) or correct a value first.")
            return self.tr("Nothing changed.")
        return self.tr("Save as a new observation (Ctrl+S)")

    def can_save(self) -> bool:
        """Something valid to save: a change, or a conflict whose version was chosen on
        purpose (opening a conflicted topic alone enables nothing)."""
        return (self.parcel_id is not None and self._cleaned is not None
                and (self._dirty or (self.in_conflict() and self._conflict_chosen)))

    def is_dirty(self) -> bool:
        """True while the form differs from the saved values (a draft may hold it)."""
        return self._dirty

    def in_conflict(self) -> bool:
        return len(self.heads) > 1 and not self.is_log

    def has_draft(self) -> bool:
        return self._draft_stored or self._draft_timer.isActive()

    # Actions

    def save(self) -> bool:
        """Append the form as a new observation; False (and the reasons shown) when it can't."""
        self._refresh()
        if self.parcel_id is None:
            return False
        if self._cleaned is None:
            self.form.show_issues(self._issues)
            if fields := self.form.issue_fields():
                self.form.focus_field(fields[0])
            return False
        if not self.can_save():
            self._set_status(self.tr("Nothing to save: the values are unchanged."))
            return False
        parcel_id, topic, raw = self.parcel_id, self.topic, self.form.raw()
        self._draft_timer.stop()  # the save replaces the draft (record() removes it)
        self.save_button.setEnabled(False)
        operations().run(
            OBSERVATIONS, lambda _progress: self.survey.record(parcel_id, topic, raw),
            ids=[parcel_id], progress=False,
            on_success=lambda observation: self._recorded(parcel_id, observation),
            on_error=lambda error: self._record_failed(parcel_id, error))
        return True

    def _recorded(self, parcel_id: str, observation: ObservationView) -> None:
        if parcel_id != self.parcel_id:
            return  # another parcel is shown by now; the list and map follow dataChanged
        self._draft_stored = False  # record() removed the draft in the same transaction
        self.draft_banner.hide()
        self.error_banner.hide()
        self._set_baseline(self.survey.heads(parcel_id).get(self.topic, [observation]))
        self.form.set_texts(self._baseline_texts)
        self._show_history()
        self._refresh()
        self._set_status(self.tr("Saved at %1 as a new observation.").replace(
            "%1", format_datetime(observation.observed_at)))
        self.stateChanged.emit()
        self.saved.emit(self.topic)

    def _record_failed(self, parcel_id: str, error: Exception) -> bool:
        """Nothing was saved: say why next to the form; the input stays (and its draft)."""
        if parcel_id != self.parcel_id:
            return False
        self._refresh()
        if isinstance(error, ValidationError):  # e.g. a date that became "in the future"
            self.form.show_issues(error.issues)
        elif isinstance(error, OtbError):
            self.error_banner.show_message(str(error))
        else:
            return False
        self._draft_timer.start()
        return True

    def _history_selected(self, *_args) -> None:
        row = self.history.selected_row()
        self.restore_button.setEnabled(not self.is_log and row is not None
                                       and not self.history.history.is_current(row))

    def restore_selected(self) -> bool:
        """Write the selected earlier observation's values again as a new observation (off
        the GUI thread); False when there is nothing to restore now."""
        row = self.history.selected_row()
        if self.parcel_id is None or row is None or self.is_log:
            return False
        if self.is_dirty():
            self.error_banner.show_message(self.tr(
                "Save or discard the changes in the form first; then restore the value."))
            return False
        old = self.history.history.observation(row)
        parcel_id = self.parcel_id
        self.restore_button.setEnabled(False)
        field_writes.restore_observation(
            self.survey, old.id, parcel_id,
            lambda observation: self._restored(parcel_id, old, observation),
            self._restore_failed)
        return True

    def _restore_failed(self, error: Exception) -> None:
        self.error_banner.show_message(str(error))
        self._history_selected()

    def _restored(self, parcel_id: str, old: ObservationView,
                  observation: ObservationView) -> None:
        if parcel_id != self.parcel_id:
            return  # the user moved on; the next load shows it
        self.error_banner.hide()
        self._set_baseline(self.survey.heads(self.parcel_id).get(self.topic, [observation]))
        self.form.set_texts(self._baseline_texts)
        self._show_history()
        self._refresh()
        self._set_status(self.tr("The value of %1 was restored as a new observation.").replace(
            "%1", format_datetime(old.observed_at)))
        self.stateChanged.emit()
        self.saved.emit(self.topic)

    def discard(self) -> None:
        """Back to the saved values; the draft is removed."""
        self._draft_timer.stop()
        if self.parcel_id is not None and self._draft_stored:
            self._discard_draft(self.parcel_id)
        self._draft_stored = False
        self.draft_banner.hide()
        self.form.set_texts(self._baseline_texts)
        self._set_status("")
        self._refresh()
        self.stateChanged.emit()

    def flush_draft(self) -> None:
        """Write a pending draft now (before switching parcel or closing)."""
        if self._draft_timer.isActive():
            self._draft_timer.stop()
            self._write_draft()

    def _write_draft(self) -> None:
        """Store (or drop) the draft on the writer thread; a busy database retries."""
        if self.parcel_id is None:
            return
        parcel_id, topic, texts = self.parcel_id, self.topic, self.form.texts()
        if texts != self._baseline_texts:
            write = lambda _progress: self.survey.save_draft(parcel_id, topic, texts)  # noqa: E731
            stored = True
        elif self._draft_stored:
            write = lambda _progress: self.survey.discard_draft(parcel_id, topic)  # noqa: E731
            stored = False
        else:
            return
        self._draft_stored = stored
        self.stateChanged.emit()

        def failed(error: Exception) -> bool:
            if not isinstance(error, OtbError):
                return False
            if parcel_id == self.parcel_id:  # e.g. the database is busy: keep it, try again
                self.error_banner.show_message(str(error))
                self._draft_timer.start()
            return True

        operations().run(DRAFTS, write, ids=[parcel_id], progress=False, on_error=failed)

    def _discard_draft(self, parcel_id: str) -> None:
        topic = self.topic
        operations().run(DRAFTS, lambda _progress: self.survey.discard_draft(parcel_id, topic),
                         ids=[parcel_id], progress=False)

    # Keyboard

    def focus_first_field(self) -> None:
        widgets = self.form.focus_widgets()
        if widgets:
            widgets[0].setFocus(Qt.FocusReason.TabFocusReason)

    def tab_chain(self) -> list[QWidget]:
        """Focus order in reading order: banner buttons, fields, Save, Discard, history."""
        return [*self._conflict_buttons, *self._draft_buttons, *self.form.focus_widgets(),
                self.save_button, self.discard_button, self.history, self.restore_button]

    def focus_next_after(self, widget: QWidget) -> None:
        chain = [*self.form.focus_widgets(), self.save_button]
        if widget in chain[:-1]:
            following = chain[chain.index(widget) + 1:]
            target = next((w for w in following if w.isEnabled()), self.discard_button)
            target.setFocus(Qt.FocusReason.TabFocusReason)


class _FormKeys(QObject):
    """Enter moves on to the next field (Ctrl+Enter saves: a panel shortcut)."""

    def __init__(self, page: TopicPage):
        super().__init__(page)
        self.page = page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() != QEvent.Type.KeyPress or isinstance(watched, QPlainTextEdit):
            return False  # Enter in a note makes a new line
        key_event: QKeyEvent = event  # type: ignore[assignment]
        plain = key_event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                          Qt.KeyboardModifier.KeypadModifier)
        if plain and key_event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.page.focus_next_after(watched)  # type: ignore[arg-type]
            return True
        return False
