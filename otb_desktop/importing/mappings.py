"""Which source attribute fills which field: mapping files, and recognising BRK/BAG by names.

A mapping is JSON::

    {"layer": "percelen",                       # optional
     "fields": {"designation": "KAD_AANDUIDING",  # or {"akr_code": .., "section": .., "number": ..}
                "registered_area_m2": "OPP",
                "addresses": ["ADRES", "ADRESSEN"]}}   # a list: the first field present wins

Field names match without regard to case, ``_``, ``-`` or ``|``, so one mapping serves both
spellings PDOK uses (``AKRKadastraleGemeenteCodeWaarde`` in the WFS/GeoJSON,
``akr_kadastrale_gemeente_code_waarde`` in the OGC API and GeoPackage). The built-in mappings
in resources/mappings are such files too; without --mapping the import tries them all and
takes the one that fits best. In a mapping you give, every named field must exist; in a
built-in one, only the key (designation, bag_id or name) must.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from otb_desktop.importing.errors import ImportSourceError, MappingError
from otb_desktop.importing.sources import LayerInfo
from otb_desktop.paths import resources_dir

KINDS = ("parcels", "buildings", "parks")
KIND_NAMES = {"parcels": "percelen", "buildings": "panden", "parks": "bedrijventerreinen"}
KEY_FIELD = {"parcels": "designation", "buildings": "bag_id", "parks": "name"}
TARGETS = {
    "parcels": ("designation", "registered_area_m2", "addresses", "source_id", "valid_until"),
    "buildings": ("bag_id", "year_built", "status", "height_m", "ground_elevation_m", "storeys",
                  "valid_until", "inactive"),
    "parks": ("name", "in_scope", "profile"),
}
DESIGNATION_PARTS = ("akr_code", "section", "number")
ALL_TARGETS = frozenset(t for targets in TARGETS.values() for t in targets)
# Layer names that hint at the kind, for files with several matching layers (PDOK packages).
_LAYER_HINTS = {"parcels": ("perceel", "percel", "parcel"),
                "buildings": ("pand", "build", "gebouw"), "parks": ("terrein", "park")}

Alternatives = tuple[str, ...]


def normalise(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.casefold())


@dataclass(frozen=True)
class Mapping:
    name: str
    layer: str | None
    fields: dict[str, Alternatives | dict[str, Alternatives]]
    builtin: bool = False
    kind: str | None = None


@dataclass(frozen=True)
class ResolvedMapping:
    """A mapping applied to one layer: target -> the actual source field name(s)."""

    mapping: Mapping
    layer: LayerInfo
    columns: dict[str, str]                  # simple targets
    designation_parts: dict[str, str] | None  # akr_code/section/number, when used

    @property
    def source_fields(self) -> list[str]:
        names = list(self.columns.values())
        if self.designation_parts:
            names.extend(self.designation_parts.values())
        return list(dict.fromkeys(names))


def _alternatives(value: object, where: str) -> Alternatives:
    if isinstance(value, str) and value.strip():
        return (value.strip(),)
    if (isinstance(value, list) and value
            and all(isinstance(v, str) and v.strip() for v in value)):
        return tuple(v.strip() for v in value)
    raise MappingError(f"{where}: verwacht een veldnaam of een lijst van veldnamen, "
                       f"niet {json.dumps(value, ensure_ascii=False)}.")


def parse_mapping(data: object, name: str, builtin: bool = False) -> Mapping:
    """Check and convert mapping JSON (already parsed); MappingError says what is wrong."""
    where = f"Koppelbestand {name}"
    if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
        raise MappingError(f"{where} moet een JSON-object zijn met een onderdeel \"fields\" "
                           "(zie de voorbeelden in resources/mappings).")
    layer = data.get("layer")
    if layer is not None and not isinstance(layer, str):
        raise MappingError(f"{where}: \"layer\" moet een laagnaam (tekst) zijn.")
    kind = data.get("kind")
    if kind is not None and kind not in KINDS:
        raise MappingError(f"{where}: \"kind\" moet een van {', '.join(KINDS)} zijn.")
    fields: dict[str, Alternatives | dict[str, Alternatives]] = {}
    for target, value in data["fields"].items():
        if target not in ALL_TARGETS:
            raise MappingError(
                f"{where}: onbekend doelveld '{target}'. Mogelijk zijn: "
                f"{', '.join(sorted(ALL_TARGETS))}.")
        if target == "designation" and isinstance(value, dict):
            missing = [p for p in DESIGNATION_PARTS if p not in value]
            extra = [p for p in value if p not in DESIGNATION_PARTS]
            if missing or extra:
                raise MappingError(
                    f"{where}: \"designation\" als object heeft precies de onderdelen "
                    f"{', '.join(DESIGNATION_PARTS)} nodig.")
            fields[target] = {p: _alternatives(value[p], f"{where}, designation.{p}")
                              for p in DESIGNATION_PARTS}
        else:
            fields[target] = _alternatives(value, f"{where}, {target}")
    return Mapping(name, layer, fields, builtin, kind)


def load_mapping(path: Path) -> Mapping:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ImportSourceError(
            f"Het koppelbestand {path} kan niet worden gelezen ({exc.strerror}). Controleer "
            "de naam en de map.") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MappingError(
            f"Het koppelbestand {path.name} is geen geldige JSON ({exc}). Vergelijk het met "
            "de voorbeelden in resources/mappings.") from exc
    return parse_mapping(data, path.name)


def builtin_mappings(kind: str) -> list[Mapping]:
    folder = resources_dir() / "mappings"
    mappings = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("builtin") and data.get("kind") == kind:
            mappings.append(parse_mapping(data, data.get("description", path.stem),
                                          builtin=True))
    return mappings


def _find(alternatives: Alternatives, by_norm: dict[str, str]) -> str | None:
    for name in alternatives:
        if normalise(name) in by_norm:
            return by_norm[normalise(name)]
    return None


def resolve(mapping: Mapping, kind: str, layer: LayerInfo) -> ResolvedMapping:
    """Apply ``mapping`` to ``layer``; MappingError names what was expected and found."""
    key = KEY_FIELD[kind]
    if mapping.kind and mapping.kind != kind:
        raise MappingError(f"Koppelbestand {mapping.name} is voor {KIND_NAMES[mapping.kind]}, "
                           f"niet voor {KIND_NAMES[kind]}.")
    if key not in mapping.fields:
        raise MappingError(f"Koppelbestand {mapping.name} zegt niet welk veld '{key}' vult; "
                           f"dat is nodig voor {KIND_NAMES[kind]}.")
    by_norm: dict[str, str] = {}
    for field in layer.fields:
        by_norm.setdefault(normalise(field), field)
    missing: list[str] = []
    columns: dict[str, str] = {}
    parts: dict[str, str] | None = None
    for target in TARGETS[kind]:
        spec = mapping.fields.get(target)
        if spec is None:
            continue
        required = not mapping.builtin or target == KEY_FIELD[kind]
        if isinstance(spec, dict):
            found = {p: _find(alts, by_norm) for p, alts in spec.items()}
            if all(found.values()):
                parts = {p: str(f) for p, f in found.items()}
            elif required:
                missing.extend(" of ".join(spec[p]) for p, f in found.items() if f is None)
            continue
        field = _find(spec, by_norm)
        if field is not None:
            columns[target] = field
        elif required:
            missing.append(" of ".join(spec))
    if missing:
        raise MappingError(
            f"Laag '{layer.name}' past niet bij koppeling {mapping.name}: velden "
            f"{', '.join(missing)} ontbreken. Gevonden velden: {', '.join(layer.fields)}.")
    return ResolvedMapping(mapping, layer, columns, parts)


def choose(kind: str, layers: Sequence[LayerInfo], mapping: Mapping | None,
           layer: str | None, file_name: str) -> ResolvedMapping:
    """The layer and mapping to import: the given ones, or the best built-in fit."""
    layer = layer or (mapping.layer if mapping else None)
    candidates = [info for info in layers if layer is None or info.name == layer]
    if not candidates:
        names = ", ".join(f"'{info.name}'" for info in layers)
        raise ImportSourceError(
            f"{file_name} heeft geen laag '{layer}'. Aanwezige lagen: {names}. Geef met "
            "--layer (of 'layer' in het koppelbestand) een van deze lagen op.")
    mappings = [mapping] if mapping else builtin_mappings(kind)
    fits: list[tuple[int, int, ResolvedMapping]] = []
    errors: list[MappingError] = []
    for info in candidates:
        hinted = any(h in info.name.casefold() for h in _LAYER_HINTS[kind])
        for candidate in mappings:
            try:
                resolved = resolve(candidate, kind, info)
            except MappingError as exc:
                errors.append(exc)
                continue
            fits.append((int(hinted), len(resolved.source_fields), resolved))
    if fits:
        # A layer named like the kind first, then the mapping that explains most fields.
        return max(fits, key=lambda fit: fit[:2])[2]
    if mapping:
        raise MappingError(f"{file_name}: {errors[0]}") from errors[0]
    expected = "; ".join(_describe(m, kind) for m in mappings)
    found = "; ".join(f"laag '{i.name}': {', '.join(i.fields) or 'geen velden'}"
                      for i in candidates)
    raise MappingError(
        f"{file_name} is niet herkend als bron voor {KIND_NAMES[kind]}. Verwacht werden de "
        f"velden van {expected}. Gevonden: {found}. Geef met --mapping een koppelbestand op "
        "(voorbeelden in resources/mappings).")


def _describe(mapping: Mapping, kind: str) -> str:
    spec = mapping.fields[KEY_FIELD[kind]]
    if isinstance(spec, dict):
        names = " + ".join(alts[0] for alts in spec.values())
    else:
        names = " of ".join(spec)
    return f"{mapping.name} ({names})"
