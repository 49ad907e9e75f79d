"""The weight editor: choose the active profile, change weights, the table re-ranks live.

Every change emits ``profileEdited`` with the edited (unsaved) profile; the ranking view
re-ranks on it at once. "Save" stores the edit as a new revision of the profile, "Save as…"
as a new profile; both go through ``saveRequested`` so the editor never touches storage.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from otb_desktop.domain.ranking.criteria import AXIS_LABELS, CRITERIA
from otb_desktop.domain.ranking.weights import WeightProfile
from otb_desktop.services.weight_profiles import ProfileView

STEPS = 10  # slider steps per unit of weight


class WeightEditor(QWidget):
    profileEdited = Signal(object)  # WeightProfile (unsaved)
    activeChanged = Signal(str)  # profile id
    saveRequested = Signal(object, str, tuple)  # profile, id ("" = new), heads it edits
    prioritiesRequested = Signal()  # open the park priorities

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("weightEditor")
        self._views: list[ProfileView] = []
        self._current: ProfileView | None = None
        self._profile: WeightProfile | None = None
        self._loading = False

        self.profile_combo = QComboBox(objectName="profileCombo")
        self.description = QLabel(wordWrap=True)
        self.spins: dict[str, QDoubleSpinBox] = {}
        self.sliders: dict[str, QSlider] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.axis_labels: list[QLabel] = []
        for axis in AXIS_LABELS:
            heading = QLabel(f"<b>{AXIS_LABELS[axis]}</b>")
            form.addRow(heading)
            for c in (c for c in CRITERIA if c.axis == axis):
                slider = QSlider(Qt.Orientation.Horizontal, objectName=f"slider_{c.key}")
                slider.setRange(0, 5 * STEPS)
                spin = QDoubleSpinBox(objectName=f"weight_{c.key}")
                spin.setRange(0, 5)
                spin.setSingleStep(0.5)
                spin.setDecimals(1)
                spin.setToolTip(c.formula)
                slider.setToolTip(c.formula)
                row = QHBoxLayout()
                row.addWidget(slider, 1)
                row.addWidget(spin)
                label = QLabel(c.label)
                label.setBuddy(spin)
                form.addRow(label, row)
                slider.valueChanged.connect(lambda v, k=c.key: self._slider_moved(k, v))
                spin.valueChanged.connect(lambda v, k=c.key: self._spin_changed(k, v))
                self.spins[c.key] = spin
                self.sliders[c.key] = slider
        self.min_completeness = QSpinBox(objectName="minCompleteness")
        self.min_completeness.setRange(0, 100)
        self.min_completeness.setSuffix(" %")
        self.min_completeness.setMaximumWidth(90)
        self.min_completeness.valueChanged.connect(lambda _v: self._emit())
        self.use_priorities = QCheckBox(objectName="useParkPriorities")
        self.use_priorities.toggled.connect(lambda _v: self._emit())
        self.min_label = QLabel()
        self.min_label.setBuddy(self.min_completeness)
        form.addRow(self.min_label, self.min_completeness)
        self.priorities_button = QPushButton(objectName="editParkPriorities")
        self.priorities_button.clicked.connect(self.prioritiesRequested)
        priorities_row = QHBoxLayout()
        priorities_row.addWidget(self.use_priorities)
        priorities_row.addWidget(self.priorities_button)
        priorities_row.addStretch(1)
        form.addRow("", priorities_row)
        self.state = QLabel(objectName="profileState")
        self.save_button = QPushButton(objectName="saveProfile")
        self.save_as_button = QPushButton(objectName="saveProfileAs")
        self.reset_button = QPushButton(objectName="resetProfile")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.save_as_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.profile_label = QLabel()
        self.profile_label.setBuddy(self.profile_combo)
        top.addWidget(self.profile_label)
        top.addWidget(self.profile_combo, 1)
        layout.addLayout(top)
        layout.addWidget(self.description)
        layout.addLayout(form)
        layout.addWidget(self.state)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.profile_combo.activated.connect(self._chosen)
        self.save_button.clicked.connect(self.save)
        self.save_as_button.clicked.connect(self.save_as)
        self.reset_button.clicked.connect(lambda: self._load(self._current))
        self.retranslate()

    def retranslate(self) -> None:
        self.profile_label.setText(self.tr("&Weight profile:"))
        self.min_label.setText(self.tr("Minimum &completeness:"))
        self.use_priorities.setText(self.tr("Use the park priorities (ontwikkelkader)"))
        self.priorities_button.setText(self.tr("Park &priorities…"))
        self.save_button.setText(self.tr("&Save"))
        self.save_as_button.setText(self.tr("Save &as…"))
        self.reset_button.setText(self.tr("&Undo changes"))
        self._update_state()

    # --- data --------------------------------------------------------------------------

    def set_profiles(self, views: Sequence[ProfileView], active_id: str) -> None:
        self._views = list(views)
        self.profile_combo.clear()
        for view in self._views:
            suffix = " ⚠" if view.conflict else ""
            self.profile_combo.addItem(view.profile.name + suffix, view.id)
        active = next((v for v in self._views if v.id == active_id), self._views[0])
        self.profile_combo.setCurrentIndex(self._views.index(active))
        self._load(active)

    def profile(self) -> WeightProfile:
        assert self._profile is not None
        return self._profile

    def is_modified(self) -> bool:
        return self._current is not None and self._profile != self._current.profile

    def set_weight(self, key: str, weight: float) -> None:
        self.spins[key].setValue(weight)

    # --- internals ---------------------------------------------------------------------

    def _load(self, view: ProfileView | None) -> None:
        if view is None:
            return
        self._current = view
        self._loading = True
        try:
            for c in CRITERIA:
                weight = float(view.profile.weights.get(c.key, 0.0))
                self.spins[c.key].setValue(weight)
                self.sliders[c.key].setValue(round(weight * STEPS))
            self.min_completeness.setValue(round(view.profile.min_completeness * 100))
            self.use_priorities.setChecked(view.profile.use_park_priorities)
            self.description.setText(view.profile.description)
        finally:
            self._loading = False
        self._emit()

    def _chosen(self, index: int) -> None:
        view = self._views[index]
        self.activeChanged.emit(view.id)
        self._load(view)

    def _slider_moved(self, key: str, value: int) -> None:
        if not self._loading:
            self.spins[key].setValue(value / STEPS)

    def _spin_changed(self, key: str, value: float) -> None:
        slider = self.sliders[key]
        if slider.value() != round(value * STEPS):
            slider.blockSignals(True)
            slider.setValue(round(value * STEPS))
            slider.blockSignals(False)
        self._emit()

    def _emit(self) -> None:
        if self._loading or self._current is None:
            return
        base = self._current.profile
        self._profile = WeightProfile(
            base.name, {c.key: self.spins[c.key].value() for c in CRITERIA},
            self.min_completeness.value() / 100, self.use_priorities.isChecked(),
            base.description)
        self._update_state()
        self.profileEdited.emit(self._profile)

    def _update_state(self) -> None:
        if self._current is None:
            return
        modified = self.is_modified()
        nothing = self._profile is not None and not any(self._profile.weights.values())
        self.save_button.setEnabled(modified and not nothing)
        self.reset_button.setEnabled(modified)
        if nothing:
            self.state.setText(self.tr("Give at least one criterion a weight above 0."))
        elif self._current.conflict:
            self.state.setText(self.tr("This profile was changed on two laptops at once; "
                                       "saving resolves the conflict."))
        elif modified:
            self.state.setText(self.tr("Changed, not saved: the ranking already uses it."))
        else:
            self.state.setText("")

    def save(self) -> None:
        if self._current is not None and self._profile is not None:
            self.saveRequested.emit(self._profile, self._current.id,
                                    tuple(self._current.head_ids))

    def save_as(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Save weight profile as"),
                                        self.tr("Name of the new profile:"))
        if ok and name.strip() and self._profile is not None:
            profile = WeightProfile(name.strip(), self._profile.weights,
                                    self._profile.min_completeness,
                                    self._profile.use_park_priorities, "")
            self.saveRequested.emit(profile, "", ())
