"""Reading a GIS file (GeoPackage, GML, GeoJSON, anything GDAL reads) into numpy arrays.

pyogrio hands over whole columns and WKB at once; no Python object per feature is made here.
Every way a file can fail to read becomes an ImportSourceError with a Dutch message.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyogrio
import pyogrio.errors
import pyogrio.raw

from otb_desktop.domain.wording import number
from otb_desktop.importing import gml_templates
from otb_desktop.importing.errors import ImportSourceError

log = logging.getLogger(__name__)

GML_SUFFIXES = {".gml", ".xml"}
_DOWNLOAD_AGAIN = ("Download het bestand opnieuw (of pak het zip-bestand opnieuw uit) en "
                   "probeer het nog eens; er is niets geïmporteerd.")
# The root element: after the XML declaration, comments and processing instructions.
_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*(?::[\w.\-]+)?)[\s>/]")
_HEAD_BYTES = 64 * 1024
_TAIL_BYTES = 4 * 1024
_PYOGRIO_ERRORS = (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError,
                   pyogrio.errors.CRSError, pyogrio.errors.FeatureError,
                   pyogrio.errors.FieldError, pyogrio.errors.GeometryError)
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
        check_xml_complete(path)
        with gml_templates.open_options(path) as (format_name, options):
            yield Source(path, options, format_name)
    else:
        yield Source(path, {}, None)


def check_xml_complete(path: Path) -> None:
    """Refuse a GML/XML file that stops before its root element is closed.

    A broken download or a half-extracted zip cuts the file off; GDAL then reads the features
    up to the cut, or none, and reports an empty layer: the user would be told the file holds
    no parcels. The root's closing tag at the end shows the file is whole, without parsing it.
    """
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
        handle.seek(max(0, size - _TAIL_BYTES))
        tail = handle.read()
    body = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", head, flags=re.S)
    root = _ROOT.search(body)
    if root is None:
        raise ImportSourceError(
            f"{path.name} is beschadigd: het is geen GML- of XML-bestand (geen begin van de "
            f"gegevens gevonden). {_DOWNLOAD_AGAIN}")
    closing = b"</" + root.group(1)
    if closing not in tail and not tail.rstrip().endswith(b"/>"):
        raise ImportSourceError(
            f"{path.name} is onvolledig: het bestand houdt na {number(size)} bytes halverwege "
            f"op, het laatste deel ontbreekt. {_DOWNLOAD_AGAIN}")


# GDAL's English error texts mapped to a Dutch reason; the original goes to the log.
_GDAL_REASONS = (
    ("not recognized as being in a supported file format", "onbekend of beschadigd bestand"),
    ("no such file", "bestand niet gevonden"),
    ("permission denied", "geen leesrechten"),
    ("xml", "beschadigde XML"),
    ("parse", "beschadigde inhoud"),
    ("layer", "laag niet leesbaar"),
    ("crs", "onbekend coördinatenstelsel"),
)


def _unreadable(path: Path, exc: Exception) -> ImportSourceError:
    log.warning("GDAL cannot read %s: %s", path, exc)
    text = str(exc).lower()
    reason = next((dutch for english, dutch in _GDAL_REASONS if english in text),
                  "leesfout")
    return ImportSourceError(
        f"{path.name} kan niet worden gelezen ({reason}); het bestand is beschadigd of geen "
        f"GIS-bestand. {_WHAT_TO_DO}")
