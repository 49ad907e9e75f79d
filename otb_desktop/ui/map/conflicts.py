"""Parcels with a conflict (two versions of a topic after a sync) outlined on the map in every
colouring, so a field worker sees where a decision is waiting."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import suppress
from itertools import compress
from operator import attrgetter

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen

from otb_desktop.ui.map.items import OutlineItem
from otb_desktop.ui.map.prepared import PreparedGeometries

CONFLICT_COLOUR = "#d93025"  # the topic chooser's conflict dot; apart from every class


def conflict_indices(index: Mapping[str, int], rows: Sequence[object]) -> np.ndarray:
    """Positions of the parcels whose row reports a conflict."""
    rows = list(rows)
    with suppress(AttributeError):  # the few rows with conflicts found in C (else: a row
        rows = list(compress(rows, map(attrgetter("conflicts"), rows)))  # without conflicts)
    return np.array(sorted(index[r.id] for r in rows  # type: ignore[attr-defined]
                           if getattr(r, "conflicts", None) and r.id in index),  # type: ignore[attr-defined]
                    dtype=np.int64)


class ConflictItem(OutlineItem):
    """A red dashed outline around each conflicting parcel, over the fills."""

    def __init__(self, parcels: PreparedGeometries):
        core = QPen(QColor(CONFLICT_COLOUR), 3.0, Qt.PenStyle.DashLine)
        core.setCosmetic(True)
        super().__init__(parcels, core, halo_px=5.0)

    def set_conflicts(self, indices: np.ndarray) -> None:
        self.set_indices(indices)
