"""What the window says about a file with bad rows: no command-line options, and no offer to
import "the other rows" when every row is bad.

The importer's own message is written for the terminal (it names ``--skip-bad-rows``); the
dialog words the same facts for a window user and lists the rows as the importer does.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

MAX_LISTED = 10


def bad_rows_text(error, file_name: str) -> tuple[str, int]:
    """(the dialog text, how many good rows could still be imported)."""
    bad = list(error.bad_rows)
    total = getattr(error, "total_rows", 0) or len(bad)
    good = max(total - len(bad), 0)
    locale = QLocale()
    head = QCoreApplication.translate(
        "ImportWords", "%1 of the %2 rows in %3 were rejected; nothing was imported.").replace(
        "%1", locale.toString(len(bad))).replace("%2", locale.toString(total)).replace(
        "%3", file_name)
    lines = [head, ""]
    row_word = QCoreApplication.translate("ImportWords", "row %1: %2")
    lines += [row_word.replace("%1", str(b.row)).replace("%2", b.reason)
              for b in bad[:MAX_LISTED]]
    if len(bad) > MAX_LISTED:
        lines.append(QCoreApplication.translate("ImportWords", "… and %1 more").replace(
            "%1", locale.toString(len(bad) - MAX_LISTED)))
    if not good:
        lines += ["", QCoreApplication.translate(
            "ImportWords", "Correct the rows in the file and import it again.")]
    return "\n".join(lines), good
