"""The 3E form of one site: stage, the four steps of chapter 5, and the municipal role.

An explicit form: ``load(view)`` fills it, the user edits, "Save" emits ``saveRequested``
with the whole new state and the heads it was based on; nothing is written on a keystroke.
What is still missing per chapter-5 step is listed live under the tabs, so the gate to "in
herontwikkeling" never comes as a surprise; the save itself is checked again by the service
and its Dutch message shown here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from otb_desktop.domain.catalogue import Catalogue
from otb_desktop.domain.site_record import (
    CONSIDERATIONS,
    EFFECTS,
    ORIGIN_KINDS,
    Agreement,
    Evaluation,
    Origin,
    Plan,
    Roles,
    SiteRecord,
    missing_steps,
)
from otb_desktop.domain.sites import STAGE_LABELS, Stage
from otb_desktop.services.sites import SiteView, StageChange
from otb_desktop.ui.ranking.selection_table import (
    EFFECT,
    OPTION,
    ChoiceDelegate,
    SelectionModel,
)

NO_DATE = QDate(2000, 1, 1)


def _text_edit(name: str, lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit(objectName=name)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 12)
    return edit


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit(objectName=name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText(" ")
    edit.setDate(NO_DATE)
    return edit


def _iso(edit: QDateEdit) -> str:
    return "" if edit.date() == NO_DATE else edit.date().toString("yyyy-MM-dd")


def _set_iso(edit: QDateEdit, text: str) -> None:
    date = QDate.fromString(text, "yyyy-MM-dd") if text else NO_DATE
    edit.setDate(date if date.isValid() else NO_DATE)


class SiteForm(QWidget):
    saveRequested = Signal(str, object, tuple)  # site id, SiteRecord, head ids it edits
    membersRequested = Signal()  # "take the parcels selected on the map"

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("siteForm")
        self.catalogue = catalogue
        self._view: SiteView | None = None
        self._base: SiteRecord | None = None  # the version shown (one of the heads)
        self._loading = False

        self.title = QLabel(objectName="siteTitle", wordWrap=True)
        self.members_button = QPushButton(objectName="siteMembers")
        self.members_button.clicked.connect(self.membersRequested)
        self._members: tuple[str, ...] | None = None  # changed members, not yet saved
        self.banner = QLabel(objectName="siteBanner", wordWrap=True)
        self.banner.setStyleSheet("background:#fff3cd; color:#5c4400; padding:4px;")
        self.banner.hide()
        self.version = QComboBox(objectName="siteVersion")  # only while in conflict
        self.version.hide()
        self.version.activated.connect(self._version_chosen)
        self.name = QLineEdit(objectName="siteName")
        self.stage = QComboBox(objectName="siteStage")
        for stage in Stage:
            self.stage.addItem(STAGE_LABELS[stage], stage.value)
        self.accelerated = QCheckBox(objectName="siteAccelerated")
        self.accelerated_motivation = QLineEdit(objectName="siteAcceleratedMotivation")
        self.accelerated_motivation.setMinimumWidth(120)
        self.owner_count = QSpinBox(objectName="siteOwnerCount")
        self.owner_count.setRange(0, 99)
        self.approach = _text_edit("siteApproach", 2)

        head = QFormLayout()
        self.name_label, self.stage_label, self.owner_label, self.approach_label = (
            QLabel(), QLabel(), QLabel(), QLabel())
        for label, field in ((self.name_label, self.name), (self.stage_label, self.stage),
                             (self.owner_label, self.owner_count),
                             (self.approach_label, self.approach)):
            label.setBuddy(field)
        stage_row = QHBoxLayout()
        stage_row.addWidget(self.stage)
        stage_row.addWidget(self.accelerated)
        stage_row.addStretch(1)
        head.addRow(self.name_label, self.name)
        head.addRow(self.stage_label, stage_row)
        head.addRow("", self.accelerated_motivation)
        head.addRow(self.owner_label, self.owner_count)
        head.addRow("", self.members_button)
        head.addRow(self.approach_label, self.approach)

        self.tabs = QTabWidget(objectName="siteTabs")
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self.tabs.addTab(self._step1_tab(), "")
        self.tabs.addTab(self._step2_tab(), "")
        self.tabs.addTab(self._step3_tab(), "")
        self.tabs.addTab(self._roles_tab(), "")
        self.tabs.addTab(self._history_tab(), "")

        self.missing = QLabel(objectName="siteMissing", wordWrap=True)
        self.missing.setTextFormat(Qt.TextFormat.RichText)
        self.error = QLabel(objectName="siteError", wordWrap=True)
        self.error.setStyleSheet("color:#b00020;")
        self.save_button = QPushButton(objectName="saveSite")
        self.save_button.clicked.connect(self.save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.missing, 1)
        bottom.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)

        self.body = QWidget(objectName="siteFormBody")
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.banner)
        body.addWidget(self.version)
        body.addLayout(head)
        body.addWidget(self.tabs, 1)
        body.addWidget(self.error)
        body.addLayout(bottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.body, 1)
        for widget in (self.name, self.accelerated_motivation, self.origin_initiator):
            widget.textChanged.connect(self._changed)
        for combo in (self.stage, self.origin_kind, self.origin_activity):
            combo.currentIndexChanged.connect(self._changed)
        for box in (self.accelerated, self.gas_free, *self.role_boxes.values()):
            box.toggled.connect(self._changed)
        for edit in self.findChildren(QPlainTextEdit):
            edit.textChanged.connect(self._changed)
        for edit in self.findChildren(QDateEdit):
            edit.dateChanged.connect(self._changed)
        self.owner_count.valueChanged.connect(self._changed)
        self.selection.changed.connect(self._changed)
        self.retranslate()
        self.body.setVisible(False)

    # --- construction ------------------------------------------------------------------

    def _step1_tab(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)
        self.origin_kind = QComboBox(objectName="originKind")
        self.origin_kind.addItem("—", "")
        for code, title in ORIGIN_KINDS.items():
            self.origin_kind.addItem(title, code)
        self.origin_activity = QComboBox(objectName="originActivity")
        self.origin_activity.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.origin_activity.setMinimumContentsLength(24)
        self.origin_activity.addItem("—", "")
        for activity in self.catalogue.all_activities():
            self.origin_activity.addItem(f"{activity.local_code} {activity.title}",
                                         activity.code)
        self.origin_initiator = QLineEdit(objectName="originInitiator")
        self.origin_description = _text_edit("originDescription", 3)
        self.origin_labels = [QLabel() for _ in range(4)]
        for label, field in zip(self.origin_labels, (
                self.origin_kind, self.origin_activity, self.origin_initiator,
                self.origin_description), strict=True):
            label.setBuddy(field)
            form.addRow(label, field)
        return page

    def _step2_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.selection = SelectionModel(self.catalogue, self)
        self.selection_view = QTableView(objectName="selectionTable")
        self.selection_view.setModel(self.selection)
        self.selection_view.setItemDelegateForColumn(OPTION, ChoiceDelegate(
            list(self.selection.option_titles.items()), self.selection_view))
        self.selection_view.setItemDelegateForColumn(EFFECT, ChoiceDelegate(
            [("", "—"), *EFFECTS.items()], self.selection_view))
        self.selection_view.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers)
        self.selection_view.setWordWrap(False)
        header = self.selection_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((110, 230, 150, 42, 46, 56, 44, 70, 80, 52, 90)):
            self.selection_view.setColumnWidth(column, width)
        self.selection_view.verticalHeader().setDefaultSectionSize(
            self.selection_view.fontMetrics().height() + 8)
        self.selection_view.setMinimumHeight(self.selection_view.fontMetrics().height() * 16)
        layout.addWidget(self.selection_view, 3)
        self.considerations_box = QGroupBox()
        grid = QGridLayout(self.considerations_box)
        self.considerations: dict[str, QPlainTextEdit] = {}
        for i, (key, label) in enumerate(CONSIDERATIONS.items()):
            edit = _text_edit(f"consideration_{key}", 2)
            edit.setPlaceholderText(label)
            edit.setToolTip(label)
            grid.addWidget(QLabel(label, wordWrap=True), i // 2 * 2, i % 2)
            grid.addWidget(edit, i // 2 * 2 + 1, i % 2)
            self.considerations[key] = edit
        gas = QHBoxLayout()
        self.gas_free = QCheckBox(objectName="gasFree")
        self.gas_free_exception = _text_edit("gasFreeException", 1)
        gas.addWidget(self.gas_free)
        gas.addWidget(self.gas_free_exception, 1)
        grid.addLayout(gas, 4, 0, 1, 2)
        layout.addWidget(self.considerations_box, 2)
        return page

    def _step3_tab(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        page = QWidget()
        layout = QVBoxLayout(page)
        self.plan_box = QGroupBox()
        form = QFormLayout(self.plan_box)
        self.plan_summary = _text_edit("planSummary", 2)
        self.plan_participation = _text_edit("planParticipation", 2)
        self.plan_monitoring = _text_edit("planMonitoring", 2)
        self.plan_examples = _text_edit("planExamples", 2)
        self.ambtelijk_by = QLineEdit(objectName="ambtelijkBy")
        self.ambtelijk_on = _date_edit("ambtelijkOn")
        self.bestuurlijk_by = QLineEdit(objectName="bestuurlijkBy")
        self.bestuurlijk_on = _date_edit("bestuurlijkOn")
        for widget in (self.ambtelijk_by, self.bestuurlijk_by):
            widget.textChanged.connect(self._changed)
        self.plan_labels = [QLabel() for _ in range(6)]
        amb = QHBoxLayout()
        amb.addWidget(self.ambtelijk_by, 1)
        amb.addWidget(self.ambtelijk_on)
        bes = QHBoxLayout()
        bes.addWidget(self.bestuurlijk_by, 1)
        bes.addWidget(self.bestuurlijk_on)
        for label, field in zip(self.plan_labels, (
                self.plan_summary, self.plan_participation, self.plan_monitoring,
                self.plan_examples, amb, bes), strict=True):
            form.addRow(label, field)
        self.evaluation_box = QGroupBox()
        eform = QFormLayout(self.evaluation_box)
        self.evaluation_on = _date_edit("evaluationOn")
        self.evaluation_summary = _text_edit("evaluationSummary", 2)
        self.evaluation_lessons = _text_edit("evaluationLessons", 3)
        self.evaluation_labels = [QLabel() for _ in range(3)]
        for label, field in zip(self.evaluation_labels, (
                self.evaluation_on, self.evaluation_summary, self.evaluation_lessons),
                strict=True):
            eform.addRow(label, field)
        layout.addWidget(self.plan_box)
        layout.addWidget(self.evaluation_box)
        layout.addStretch(1)
        scroll.setWidget(page)
        return scroll

    def _roles_tab(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)
        boxes = QGridLayout()
        self.role_boxes: dict[str, QCheckBox] = {}
        for i, role in enumerate(self.catalogue.roles):
            box = QCheckBox(role.title, objectName=f"role_{role.code}")
            box.setToolTip(role.description)
            boxes.addWidget(box, i // 2, i % 2)
            self.role_boxes[role.code] = box
        self.role_rationale = _text_edit("roleRationale", 2)
        self.role_maintenance = _text_edit("roleMaintenance", 2)
        self.role_value = _text_edit("rolePublicValue", 2)
        self.role_cost = _text_edit("rolePublicCost", 2)
        self.role_labels = [QLabel() for _ in range(5)]
        for label, field in zip(self.role_labels, (
                boxes, self.role_rationale, self.role_maintenance, self.role_value,
                self.role_cost), strict=True):
            form.addRow(label, field)
        return page

    def _history_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.history = QListWidget(objectName="stageHistory")
        layout.addWidget(self.history)
        return page

    def retranslate(self) -> None:
        self.name_label.setText(self.tr("&Name:"))
        self.stage_label.setText(self.tr("S&tage:"))
        self.accelerated.setText(self.tr("Started early (versneld)"))
        self.accelerated_motivation.setPlaceholderText(
            self.tr("Why 3E starts before 3D is finished (required)"))
        self.owner_label.setText(self.tr("Number of &owners:"))
        self.owner_count.setSpecialValueText(self.tr("unknown"))
        self.approach_label.setText(self.tr("&Approach:"))
        for i, text in enumerate((self.tr("Step 1 · Assignment"),
                                  self.tr("Step 2 · Issue selection (24)"),
                                  self.tr("Steps 3–4 · Plan and evaluation"),
                                  self.tr("Role (chapter 6)"), self.tr("History"))):
            self.tabs.setTabText(i, text)
        for label, text in zip(self.origin_labels, (
                self.tr("Comes from:"), self.tr("Activity (uitvoeringsagenda):"),
                self.tr("Third party:"), self.tr("Assignment:")), strict=True):
            label.setText(text)
        self.considerations_box.setTitle(self.tr("Justification: the four considerations"))
        self.gas_free.setText(self.tr("Aardgasvrij (4H, the starting point)"))
        self.gas_free_exception.setPlaceholderText(
            self.tr("Motivation for an exception to aardgasvrij"))
        self.plan_box.setTitle(self.tr("Step 3 · Plan van aanpak"))
        for label, text in zip(self.plan_labels, (
                self.tr("Summary:"), self.tr("Participation:"), self.tr("Monitoring:"),
                self.tr("Examples elsewhere:"), self.tr("Ambtelijk opdrachtgever:"),
                self.tr("Bestuurlijk opdrachtgever:")), strict=True):
            label.setText(text)
        self.ambtelijk_by.setPlaceholderText(self.tr("who agreed"))
        self.bestuurlijk_by.setPlaceholderText(self.tr("who agreed"))
        self.evaluation_box.setTitle(self.tr("Step 4 · Evaluation at closure"))
        for label, text in zip(self.evaluation_labels, (
                self.tr("Evaluated on:"), self.tr("Evaluation:"),
                self.tr("Lessons (one per line):")), strict=True):
            label.setText(text)
        for label, text in zip(self.role_labels, (
                self.tr("Role(s):"), self.tr("Why (from the goal):"),
                self.tr("Who maintains what:"), self.tr("Public value:"),
                self.tr("Public cost:")), strict=True):
            label.setText(text)
        self.save_button.setText(self.tr("&Save site"))
        self.members_button.setText(self.tr("Parcels: take the selection on the map"))
        self._update_title()
        self._update_missing()

    # --- load / collect ----------------------------------------------------------------

    def view(self) -> SiteView | None:
        return self._view

    def load(self, view: SiteView | None, history: Sequence[StageChange] = ()) -> None:
        self._view = view
        self.error.clear()
        self.body.setVisible(view is not None)
        if view is None:
            self._update_title()
            self.missing.clear()
            return
        self.version.clear()
        self.version.setVisible(view.conflict)
        if view.conflict:
            for i, record in enumerate((view.record, *view.conflicting)):
                self.version.addItem(self.tr("Version %1: %2 · %3").replace(
                    "%1", str(i + 1)).replace("%2", record.name).replace(
                    "%3", STAGE_LABELS[Stage(record.stage)]), i)
        self._fill(view.record)
        self.history.clear()
        for change in history:
            when = change.at.astimezone().strftime("%Y-%m-%d %H:%M")
            extra = " — " + self.tr("started early: %1").replace("%1", change.motivation) \
                if change.accelerated and change.stage == Stage.APPROACH_CHOSEN else ""
            self.history.addItem(f"{when}  {change.label}  ({change.by}){extra}")
        self.banner.setVisible(bool(view.warnings))
        self.banner.setText("\n".join(view.warnings))
        self._update_title()
        self._changed()

    def _version_chosen(self, index: int) -> None:
        """While in conflict: show the chosen version; saving it supersedes all of them."""
        if self._view is not None:
            versions = (self._view.record, *self._view.conflicting)
            self._fill(versions[index])
            self._changed()

    def set_members(self, parcel_ids: Sequence[str]) -> None:
        """New members for the site (checked for adjacency when saved)."""
        self._members = tuple(sorted(set(parcel_ids)))
        self._update_title()
        self._changed()

    def _fill(self, record: SiteRecord) -> None:
        self._base = record
        self._members = None
        self._loading = True
        try:
            self.name.setText(record.name)
            self.stage.setCurrentIndex(self.stage.findData(record.stage))
            self.accelerated.setChecked(record.accelerated)
            self.accelerated_motivation.setText(record.accelerated_motivation)
            self.owner_count.setValue(record.owner_count or 0)
            self.approach.setPlainText(record.approach)
            self.origin_kind.setCurrentIndex(max(0, self.origin_kind.findData(
                record.origin.kind)))
            self.origin_activity.setCurrentIndex(max(0, self.origin_activity.findData(
                record.origin.activity)))
            self.origin_initiator.setText(record.origin.initiator)
            self.origin_description.setPlainText(record.origin.description)
            self.selection.set_entries(dict(record.selection))
            for key, edit in self.considerations.items():
                edit.setPlainText(record.considerations.get(key, ""))
            self.gas_free.setChecked(record.gas_free)
            self.gas_free_exception.setPlainText(record.gas_free_exception)
            plan = record.plan
            self.plan_summary.setPlainText(plan.summary)
            self.plan_participation.setPlainText(plan.participation)
            self.plan_monitoring.setPlainText(plan.monitoring)
            self.plan_examples.setPlainText(plan.examples)
            self.ambtelijk_by.setText(plan.ambtelijk.by)
            _set_iso(self.ambtelijk_on, plan.ambtelijk.on)
            self.bestuurlijk_by.setText(plan.bestuurlijk.by)
            _set_iso(self.bestuurlijk_on, plan.bestuurlijk.on)
            _set_iso(self.evaluation_on, record.evaluation.on)
            self.evaluation_summary.setPlainText(record.evaluation.summary)
            self.evaluation_lessons.setPlainText("\n".join(record.evaluation.lessons))
            for code, box in self.role_boxes.items():
                box.setChecked(code in record.roles.codes)
            self.role_rationale.setPlainText(record.roles.rationale)
            self.role_maintenance.setPlainText(record.roles.maintenance)
            self.role_value.setPlainText(record.roles.public_value)
            self.role_cost.setPlainText(record.roles.public_cost)
        finally:
            self._loading = False

    def record(self) -> SiteRecord:
        """The state the form shows, as a new SiteRecord."""
        assert self._view is not None
        base = self._base
        return replace(
            base, name=self.name.text().strip(), stage=self.stage.currentData(),
            parcel_ids=self._members if self._members is not None else base.parcel_ids,
            accelerated=self.accelerated.isChecked(),
            accelerated_motivation=self.accelerated_motivation.text().strip(),
            owner_count=self.owner_count.value() or None,
            approach=self.approach.toPlainText().strip(),
            origin=Origin(self.origin_kind.currentData() or "",
                          self.origin_activity.currentData() or "",
                          self.origin_initiator.text().strip(),
                          self.origin_description.toPlainText().strip()),
            selection=dict(self.selection.entries),
            considerations={k: e.toPlainText().strip() for k, e in self.considerations.items()
                            if e.toPlainText().strip()},
            gas_free=self.gas_free.isChecked(),
            gas_free_exception=self.gas_free_exception.toPlainText().strip(),
            plan=Plan(self.plan_summary.toPlainText().strip(),
                      self.plan_participation.toPlainText().strip(),
                      self.plan_monitoring.toPlainText().strip(),
                      self.plan_examples.toPlainText().strip(),
                      Agreement(self.ambtelijk_by.text().strip(), _iso(self.ambtelijk_on)),
                      Agreement(self.bestuurlijk_by.text().strip(), _iso(self.bestuurlijk_on))),
            evaluation=Evaluation(_iso(self.evaluation_on),
                                  self.evaluation_summary.toPlainText().strip(),
                                  tuple(line.strip() for line in
                                        self.evaluation_lessons.toPlainText().splitlines()
                                        if line.strip())),
            roles=Roles(tuple(c for c, b in self.role_boxes.items() if b.isChecked()),
                        self.role_rationale.toPlainText().strip(),
                        self.role_maintenance.toPlainText().strip(),
                        self.role_value.toPlainText().strip(),
                        self.role_cost.toPlainText().strip()),
        )

    def is_modified(self) -> bool:
        return self._view is not None and self.record() != self._view.record

    def save(self) -> None:
        if self._view is None:
            return
        self.error.clear()
        self.saveRequested.emit(self._view.id, self.record(), tuple(self._view.head_ids))

    def show_error(self, message: str) -> None:
        self.error.setText(message)

    # --- feedback ----------------------------------------------------------------------

    def _changed(self, *_args) -> None:
        if self._loading:
            return
        self.accelerated_motivation.setEnabled(self.accelerated.isChecked())
        self.gas_free_exception.setEnabled(not self.gas_free.isChecked())
        self._update_missing()
        if self._view is not None:
            self.save_button.setEnabled(self.is_modified() or self._view.conflict)

    def _update_title(self) -> None:
        view = self._view
        if view is None:
            self.title.setText(self.tr("Select a site in the ranking (sites) to fill in its "
                                       "3E approach."))
            return
        parcels = ", ".join(m.designation for m in view.members)
        if self._members is not None and set(self._members) != set(view.parcel_ids):
            parcels = self.tr("%n parcel(s) chosen on the map (not yet saved)", "",
                              len(self._members))
        self.title.setText(f"<b>{view.name}</b> — {parcels}")

    def _update_missing(self) -> None:
        if self._view is None:
            return
        steps = missing_steps(self.record(), self.catalogue)
        parts = []
        for step in (1, 2, 3, 4):
            issues = steps[step]
            state = self.tr("complete") if not issues else self.tr("%n missing", "", len(issues))
            parts.append(self.tr("Step %1: %2").replace("%1", str(step)).replace("%2", state))
        first = next((i.message for s in (1, 2, 3) for i in steps[s]), "")
        self.missing.setText(" · ".join(parts) + (f"<br><i>{first}</i>" if first else ""))
