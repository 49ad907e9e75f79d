"""The map colouring by ranking score (added to the map through the colouring hook)."""

from __future__ import annotations

import math
from collections.abc import Mapping

from otb_desktop.domain.colouring import (
    QT_TRANSLATE_NOOP,
    RD_YL_BU_5,
    ColourClass,
    Colouring,
)

KEY = "ranking_score"


def ranking_colouring(scores: Mapping[str, float | None]) -> Colouring:
    """Colour each parcel by its score (a site's score for each of its parcels); parcels
    without a score (too little data) are "no data", never the lowest class."""
    labels = (QT_TRANSLATE_NOOP("Colouring", "0–0.2 least promising"),
              QT_TRANSLATE_NOOP("Colouring", "0.2–0.4"), QT_TRANSLATE_NOOP("Colouring",
                                                                          "0.4–0.6"),
              QT_TRANSLATE_NOOP("Colouring", "0.6–0.8"),
              QT_TRANSLATE_NOOP("Colouring", "0.8–1 most promising"))
    return Colouring(
        KEY, QT_TRANSLATE_NOOP("Colouring", "Ranking score (active weight profile)"),
        tuple(ColourClass(label, colour) for label, colour in zip(labels, RD_YL_BU_5,
                                                                  strict=True)),
        lambda row, today: scores.get(row.id), (0.2, 0.4, 0.6, 0.8, math.inf), decimals=2)
