"""Many sheets at once: one PDF, or one file per site, with progress and cancel.

Gathering reads the database; writing only draws. Progress counts sites (gathered, then
written); the progress callback raises Cancelled when the user cancels, and files not yet
complete are removed, so a cancelled batch leaves no half-written PDF behind.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from otb_desktop.domain.errors import OtbError
from otb_desktop.domain.wording import count
from otb_desktop.exporting import atomic_output
from otb_desktop.exporting.sheets.document import write_sheets
from otb_desktop.progress import Progress, no_progress
from otb_desktop.services.context import AppContext
from otb_desktop.services.sheet_data import SheetData, Variant, gather_sheets


class SheetWriteError(OtbError):
    pass


@dataclass(frozen=True)
class BatchResult:
    files: tuple[Path, ...]
    sheets: int
    variant: Variant

    def summary_lines(self) -> list[str]:
        first = (f"{count(self.sheets, 'intakeblad', 'intakebladen')}, variant "
                 f"{self.variant.value}, in {count(len(self.files), 'bestand', 'bestanden')}:")
        return [first, *(str(f) for f in self.files)]


def safe_name(text: str, limit: int = 60) -> str:
    cleaned = re.sub(r"[^\w\-]+", "_", text, flags=re.UNICODE).strip("_")
    return cleaned[:limit] or "locatie"


def print_sheets(context: AppContext, site_ids: Sequence[str], out: Path, *,
                 per_site: bool = False, variant: Variant | str = Variant.EXTERN,
                 printed_on: dt.date | None = None,
                 progress: Progress = no_progress) -> BatchResult:
    """Sheets for ``site_ids`` into ``out`` (a .pdf file, or a folder with ``per_site``)."""
    variant = Variant(variant)
    if not site_ids:
        raise SheetWriteError("Kies minstens één locatie om af te drukken.")
    total = 2 * len(site_ids)
    sheets = gather_sheets(context, site_ids, variant, printed_on, on_site=lambda k: progress(
        k, total, "Intakebladen: gegevens verzamelen"))
    written: list[Path] = []
    try:
        if per_site:
            out.mkdir(parents=True, exist_ok=True)
            for k, sheet in enumerate(sheets):
                progress(len(sheets) + k, total, "Intakebladen: PDF maken")
                target = out / f"intakeblad_{safe_name(sheet.site_name)}_{sheet.sheet_id}_" \
                               f"{variant.value}.pdf"
                _write([sheet], target)
                written.append(target)
        else:
            _write(sheets, out, lambda k: progress(len(sheets) + k, total,
                                                   "Intakebladen: PDF maken"))
            written.append(out)
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise SheetWriteError(f"Kan {out} niet schrijven ({exc.strerror or exc}); kies een "
                              "andere map of sluit het bestand in de PDF-lezer.") from exc
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    progress(total, total, "Intakebladen klaar")
    return BatchResult(tuple(written), len(sheets), variant)


def _write(sheets: Sequence[SheetData], target: Path,
           on_sheet: Callable[[int], None] | None = None) -> None:
    """Write beside the target and rename at the end: never a half-written PDF."""
    with atomic_output(target) as temporary:
        write_sheets(sheets, temporary, on_sheet=on_sheet)
