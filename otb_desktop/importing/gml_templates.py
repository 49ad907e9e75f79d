"""GDAL read templates (.gfs) for the Dutch GML formats whose default reading is wrong.

Left to itself, GDAL's GML driver guesses one geometry per feature type and guesses badly for
these formats: a BRK Perceel has its boundary (``begrenzingPerceel``) *and* a label point
(``plaatscoordinaten``), and GDAL reports the layer as points; an IMGeo/BGT pand likewise comes
out as its house-number label point; a BAG 1.0 extract finds no layer at all, because the
Pand elements sit deep inside the delivery envelope. (BAG 2.0 extracts are read by GDAL's own
LVBAG driver.) A template names the feature element, the one
geometry we want and the attributes under names the built-in mappings know. It also stops GDAL
from trusting a stale ``.gfs`` lying next to the file and from writing one there.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

# Enough of the file to see its namespaces and first feature, not so much that sniffing a
# 2 GB national extract costs anything.
_SNIFF_BYTES = 64 * 1024

_AANDUIDING = "kadastraleAanduiding|TypeKadastraleAanduiding|"
_RD = "urn:ogc:def:crs:EPSG::28992"


@dataclass(frozen=True)
class GmlProfile:
    """One known GML format: how to recognise it and how GDAL should read it."""

    name: str
    markers: tuple[str, ...]   # all must occur in the start of the file
    feature: str               # feature element (GDAL matches it at any depth)
    geometry: str              # element path of the geometry to read
    geometry_type: str
    fields: tuple[tuple[str, str, str], ...]   # (name, element path, GDAL type)
    srs: str | None = None

    def gfs(self) -> str:
        props = "".join(
            f"<PropertyDefn><Name>{escape(name)}</Name><ElementPath>{escape(path)}"
            f"</ElementPath><Type>{kind}</Type></PropertyDefn>"
            for name, path, kind in self.fields)
        srs = f"<SRSName>{self.srs}</SRSName>" if self.srs else ""
        return (f"<GMLFeatureClassList><GMLFeatureClass><Name>{self.feature}</Name>"
                f"<ElementPath>{self.feature}</ElementPath>"
                f"<GeomPropertyDefn><Name>{self.geometry}</Name>"
                f"<ElementPath>{self.geometry}</ElementPath>"
                f"<Type>{self.geometry_type}</Type></GeomPropertyDefn>{srs}{props}"
                f"</GMLFeatureClass></GMLFeatureClassList>")


def _brk_perceel(version: str, id_path: str) -> GmlProfile:
    # Field names as in PDOK's kadastralekaart WFS/GeoJSON, so the BRK mapping reads them.
    return GmlProfile(
        name=f"BRK Kadastrale Kaart {version} (Perceel)",
        markers=(f"brkkadastralekaart/{version}", "Perceel"),
        feature="Perceel", geometry="begrenzingPerceel", geometry_type="Polygon", srs=_RD,
        fields=(
            ("identificatieLokaalID", id_path, "String"),
            ("AKRKadastraleGemeenteCodeWaarde",
             _AANDUIDING + "aKRKadastraleGemeenteCode|AKRKadastraleGemeenteCode|waarde",
             "String"),
            ("kadastraleGemeenteWaarde",
             _AANDUIDING + "kadastraleGemeente|KadastraleGemeente|waarde", "String"),
            ("sectie", _AANDUIDING + "sectie", "String"),
            ("perceelnummer", _AANDUIDING + "perceelnummer", "Integer"),
            ("kadastraleGrootteWaarde", "kadastraleGrootte|TypeOppervlak|waarde", "Real"),
        ))


PROFILES: tuple[GmlProfile, ...] = (
    _brk_perceel("v5", "identificatie"),
    _brk_perceel("v4", "identificatie|lokaalID"),
    # Before the Pand profile: a verblijfsobject extract names its gerelateerdPand too.
    GmlProfile(
        name="BAG-extract 1.0 (Verblijfsobject)",
        markers=("kadaster.nl/schemas/imbag/lvc", "Verblijfsobject>"),
        feature="Verblijfsobject", geometry="verblijfsobjectGeometrie",
        geometry_type="Unknown", srs=_RD,   # a point, in old extracts sometimes a polygon
        fields=(
            ("identificatie", "identificatie", "String"),
            ("gebruiksdoel", "gebruiksdoelVerblijfsobject", "StringList"),
            ("oppervlakte", "oppervlakteVerblijfsobject", "Integer"),
            ("pandidentificatie", "gerelateerdPand|identificatie", "String"),
            ("status", "verblijfsobjectStatus", "String"),
            ("aanduidingRecordInactief", "aanduidingRecordInactief", "String"),
            ("eindGeldigheid", "tijdvakgeldigheid|einddatumTijdvakGeldigheid", "String"),
        )),
    GmlProfile(
        name="BAG-extract 1.0 (Pand)",
        markers=("kadaster.nl/schemas/imbag/lvc", "Pand"),
        feature="Pand", geometry="pandGeometrie", geometry_type="Polygon", srs=_RD,
        fields=(
            ("identificatie", "identificatie", "String"),
            ("bouwjaar", "bouwjaar", "Integer"),
            ("status", "pandstatus", "String"),
            ("aanduidingRecordInactief", "aanduidingRecordInactief", "String"),
            ("eindGeldigheid", "tijdvakgeldigheid|einddatumTijdvakGeldigheid", "String"),
        )),
    GmlProfile(
        name="IMGeo/BGT (pand, BuildingPart)",
        markers=("imgeo", "BuildingPart", "identificatieBAGPND"),
        feature="BuildingPart", geometry="geometrie2dGrondvlak",
        geometry_type="MultiPolygon", srs=_RD,
        fields=(
            ("identificatieBAGPND", "identificatieBAGPND", "String"),
            ("bgt-status", "bgt-status", "String"),
            ("lokaalID", "identificatie|NEN3610ID|lokaalID", "String"),
        )),
)


# BAG 2.0 extracts have a GDAL driver of their own (LVBAG); it only needs telling to give
# the 16-digit ids BAG uses everywhere else instead of "NL.IMBAG.Pand.0003100000117485".
LVBAG_NAME = "BAG-extract 2.0 (GDAL-driver LVBAG)"
_LVBAG_MARKER = "lvbag/imbag/objecten"


def _head(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            return handle.read(_SNIFF_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return ""


def sniff(path: Path) -> GmlProfile | None:
    """The known GML format of a file, judged by its first bytes; None for other GML."""
    head = _head(path)
    for profile in PROFILES:
        if all(marker in head for marker in profile.markers):
            return profile
    return None


@contextmanager
def open_options(path: Path) -> Iterator[tuple[str | None, dict[str, str]]]:
    """(known format name, GDAL open options) for an XML/GML file: our template for a known
    GML format, never a sidecar .gfs written beside the user's file, never a schema download
    (laptops work offline)."""
    if _LVBAG_MARKER in _head(path):
        yield LVBAG_NAME, {"LEGACY_ID": "YES"}
        return
    profile = sniff(path)
    options = {"WRITE_GFS": "NO", "DOWNLOAD_SCHEMA": "NO"}
    if profile is None:
        yield None, options
        return
    with tempfile.TemporaryDirectory(prefix="otb-gfs-") as folder:
        template = Path(folder) / "template.gfs"
        template.write_text(profile.gfs(), encoding="utf-8")
        yield profile.name, {**options, "GFS_TEMPLATE": str(template)}
