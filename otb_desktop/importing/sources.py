"""Reading a GIS file (GeoPackage, GML, GeoJSON, anything GDAL reads) into numpy arrays.

pyogrio hands over whole columns and WKB at once; no Python object per feature is made here.
Every way a file can fail to read becomes an ImportSourceError with a Dutch message.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyogrio
import pyogrio.errors
import pyogrio.raw

from otb_desktop.importing import gml_templates
from otb_desktop.importing.errors import ImportSourceError

GML_SUFFIXES = {".gml", ".xml"}
_PYOGRIO_ERRORS = (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError,
                   pyogrio.errors.CRSError, pyogrio.errors.FeatureError,
                   pyogrio.errors.FieldError, pyogrio.errors.GeometryError)
log = logging.getLogger(__name__)

_WHAT_TO_DO = ("Controleer of het bestand volledig is gedownload en een GeoPackage, GML of "
               "GeoJSON is (open het bijvoorbeeld in QGIS), en probeer het opnieuw.")


@dataclass(frozen=True)
class LayerInfo:
    name: str
    fields: tuple[str, ...]
    geometry_type: str | None
    features: int


@dataclass(frozen=True)
class SourceTable:
    """One layer of a file: attribute columns by source field name and WKB geometries."""

    path: Path
    layer: str
    fields: dict[str, np.ndarray]
    wkb: np.ndarray          # object array of bytes (None where a feature has no geometry)
    crs: str | None

    def __len__(self) -> int:
        return len(self.wkb)


class Source:
    """An opened file: its layers, and reading one layer's columns."""

    def __init__(self, path: Path, options: dict[str, str], format_name: str | None):
        self.path = path
        self.options = options
        self.format_name = format_name    # a known GML format (BRK, BAG), or None
        self.layers = self._layers()
        if not self.layers:
            raise ImportSourceError(
                f"{path.name} bevat geen lagen met objecten die te importeren zijn. "
                f"{_WHAT_TO_DO}")

    def _info(self, layer: str | int) -> dict:
        with warnings.catch_warnings():
            # GDAL warns about, e.g., a newer GeoPackage version; nothing the user can act on.
            warnings.simplefilter("ignore", RuntimeWarning)
            return pyogrio.read_info(self.path, layer=layer, **self.options)

    def _layers(self) -> list[LayerInfo]:
        try:
            if self.options:    # GML: list_layers cannot take open options, so walk indexes
                infos = []
                for index in range(1000):
                    try:
                        infos.append(self._info(index))
                    except pyogrio.errors.DataLayerError:
                        break
            else:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)
                    names = [str(name) for name, _ in pyogrio.list_layers(self.path)]
                infos = [self._info(name) for name in names]
        except _PYOGRIO_ERRORS as exc:
            raise _unreadable(self.path, exc) from exc
        return [LayerInfo(str(i["layer_name"]), tuple(str(f) for f in i["fields"]),
                          i["geometry_type"], int(i["features"]))
                for i in infos if i["geometry_type"] is not None]

    def read(self, layer: str, columns: Sequence[str]) -> SourceTable:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                meta, _, wkb, data = pyogrio.raw.read(
                    self.path, layer=layer, columns=list(columns), force_2d=True,
                    **self.options)
        except _PYOGRIO_ERRORS as exc:
            raise _unreadable(self.path, exc) from exc
        names = [str(n) for n in meta["fields"]]
        if wkb is None:
            wkb = np.full(len(data[0]) if data else 0, None, dtype=object)
        return SourceTable(self.path, layer, dict(zip(names, data, strict=True)), wkb,
                           meta["crs"])


@contextmanager
def open_source(path: Path) -> Iterator[Source]:
    """Open ``path`` for reading; GML gets the templates of gml_templates."""
    path = Path(path)
    if not path.is_file():
        raise ImportSourceError(
            f"Het bestand {path} bestaat niet of is geen bestand. Controleer de naam en de map.")
    if path.suffix.lower() in GML_SUFFIXES:
        with gml_templates.open_options(path) as (format_name, options):
            yield Source(path, options, format_name)
    else:
        yield Source(path, {}, None)


def _unreadable(path: Path, exc: Exception) -> ImportSourceError:
    """A Dutch message without GDAL's English text (that goes to the log for support)."""
    detail = str(exc).split("\n")[0].replace(str(path), path.name)
    log.warning("GDAL kan %s niet lezen: %s", path.name, detail)
    error = ImportSourceError(
        f"{path.name} kan niet worden gelezen: het is geen leesbaar GIS-bestand of het is "
        f"beschadigd. {_WHAT_TO_DO}")
    error.detail = detail
    return error
