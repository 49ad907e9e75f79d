"""Export of parcels and their survey values (GeoPackage, CSV, XLSX) and the survey template.

Every writer goes through ``atomic_output``: the file is written under a temporary name in the
target folder and only renamed over the target when it is complete, so a failed or cancelled
export never leaves a half-written file where the user expects a good one. The temporary file
is flushed to disk (fsync) before the rename, so a power cut right after an export leaves the
old file or the complete new one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pyogrio.errors import DataSourceError

from otb_desktop.domain.errors import OtbError
from otb_desktop.domain.ids import new_id


class ExportFileError(OtbError):
    """The export file cannot be written where the user asked."""


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it onto ``path`` when the block succeeds."""
    path = Path(path).expanduser().absolute()
    if not path.parent.is_dir():
        raise ExportFileError(
            f"De map {path.parent} bestaat niet. Kies een bestaande map voor de export.")
    if path.is_dir():
        raise ExportFileError(f"{path} is een map. Geef een bestandsnaam op, bijvoorbeeld "
                              f"{path / ('percelen' + (path.suffix or '.gpkg'))}.")
    temporary = path.with_name(f".{path.stem}.{new_id()}.tmp{path.suffix}")
    try:
        yield temporary
        _flush_to_disk(temporary)
        os.replace(temporary, path)
        _flush_folder(path.parent)
    except (OSError, DataSourceError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise ExportFileError(
            f"{path} kan niet worden geschreven ({reason}). Sluit het bestand als "
            "het in een ander programma (Excel, QGIS) open staat, of kies een andere plek."
        ) from exc
    finally:
        for leftover in (temporary, *(Path(f"{temporary}{s}") for s in
                                      ("-journal", "-wal", "-shm"))):
            leftover.unlink(missing_ok=True)


def _flush_to_disk(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _flush_folder(folder: Path) -> None:
    """The rename itself on disk (POSIX; Windows cannot open a folder, and needs no flush)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


FORMAT_SUFFIXES = {"gpkg": ".gpkg", "csv": ".csv", "xlsx": ".xlsx"}
_FORMAT_WORDS = {"gpkg": "GeoPackage", "csv": "CSV", "xlsx": "Excel (XLSX)"}


def check_suffix(path: Path, fmt: str) -> None:
    """Refuse ``export csv out.xlsx``: a file whose extension lies about its content.

    Excel would refuse such a file or, worse, open a CSV as garbage; QGIS guesses the driver
    from the extension. Asking for the right name is clearer than guessing what was meant.
    """
    suffix = FORMAT_SUFFIXES[fmt]
    actual = Path(path).suffix.lower()
    if actual != suffix:
        named = f"de extensie {actual}" if actual else "geen extensie"
        raise ExportFileError(
            f"{Path(path).name} heeft {named}, maar wordt geschreven als {_FORMAT_WORDS[fmt]}; "
            f"noem het bestand {Path(path).stem}{suffix}, of kies het formaat dat bij de "
            "extensie hoort. Er is niets geschreven.")


def suggested_path(folder: Path | str, fmt: str, stem: str = "percelen") -> Path:
    """The name a save dialog proposes: its extension always that of the chosen format."""
    return Path(folder) / f"{stem}{FORMAT_SUFFIXES[fmt]}"
