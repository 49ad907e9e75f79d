""""How is it calculated?": the formulas, the criteria, the flags and how parcel values
combine into site values, from the same definitions the engine uses."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from otb_desktop.domain.ranking.criteria import AXIS_LABELS, CRITERIA, FLAGS
from otb_desktop.domain.ranking.facts import AGGREGATION
from otb_desktop.domain.ranking.weights import PRIORITY_FACTORS
from otb_desktop.exporting.ranking import SCORE_FORMULA, STABILITY_NOTE


def calculation_html() -> str:
    e = html.escape
    criteria = "".join(f"<tr><td>{e(c.label)}</td><td>{e(AXIS_LABELS[c.axis])}</td>"
                       f"<td>{e(c.formula)}</td></tr>" for c in CRITERIA)
    flags = "".join(f"<li>{e(label)}</li>" for label in FLAGS.values())
    aggregation = "".join(f"<tr><td>{e(a)}</td><td>{e(b)}</td></tr>" for a, b in AGGREGATION)
    priorities = ", ".join(f"{k} × {v}" for k, v in PRIORITY_FACTORS.items())
    return (
        "<h3>Score</h3>"
        f"<p>{e(SCORE_FORMULA)}</p>"
        "<p>Elke deelscore ligt tussen 0 en 1; 1 betekent <i>kansrijker voor "
        "herontwikkeling</i>. Twee assen blijven zichtbaar: urgentie (knelpunten) en "
        "kansrijkheid (kansen). * = indicatief (geschatte invoer).</p>"
        f"<table border='1' cellpadding='3'><tr><th>Criterium</th><th>As</th>"
        f"<th>Deelscore</th></tr>{criteria}</table>"
        "<h3>Randvoorwaarden: vlaggen, nooit in de score</h3>"
        f"<ul>{flags}</ul>"
        "<h3>Van perceel naar locatie</h3>"
        f"<table border='1' cellpadding='3'>{aggregation}</table>"
        "<h3>Parkprioriteiten</h3>"
        f"<p>Als het profiel ze gebruikt: gewicht van een criterium × de prioriteit van zijn "
        f"thema in het park ({e(priorities)}).</p>"
        "<h3>Stabiliteit</h3>"
        f"<p>{e(STABILITY_NOTE)}</p>")


def show_calculation_help(parent: QWidget) -> QDialog:
    dialog = QDialog(parent)
    dialog.setObjectName("rankingHelpDialog")
    dialog.setWindowTitle(QCoreApplication.translate("RankingHelp",
                                                     "How is the ranking calculated?"))
    browser = QTextBrowser()
    browser.setHtml(calculation_html())
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    dialog.resize(760, 620)
    dialog.show()
    return dialog
