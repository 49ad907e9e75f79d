"""The parcels' overview outlines, kept beside the database between starts.

Every start simplified every parcel for the map's overview level of detail (``SIMPLIFY_M``,
topology preserved) and flattened the result into paths: half a second at 200 000 parcels,
the same result each time the parcels are the same. The flattened paths
(``PathSource.arrays``) are kept in ``<database stem>-cache/`` beside the database, under a
name made from a hash of exactly what they are made from: every parcel's WKB in load order,
the tolerance, the GEOS version and this file's format. A file found under that name is what
a recomputation would make; any change to a parcel gives another name, so a cached file is
never stale, only unused (and removed when the next one is written). A start that finds none
makes the paths as before and writes them after the window has settled.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely

from otb_desktop.paths import cache_dir
from otb_desktop.ui.map.paths import PathSource
from otb_desktop.ui.map.prepared import SIMPLIFY_M

log = logging.getLogger(__name__)

FORMAT = 1
PREFIX = "overview-"


def content_key(wkb: Sequence[bytes]) -> str:
    """A name for the overview paths of parcels with this WKB, in this order."""
    digest = hashlib.sha256(
        f"{FORMAT}|{SIMPLIFY_M!r}|{shapely.geos_version_string}|{len(wkb)}|".encode())
    digest.update(b"".join(wkb))  # WKB is self-delimiting: the joined bytes fix the list
    return digest.hexdigest()[:40]


@dataclass(frozen=True, eq=False)
class Overview:
    """Where the overview paths of one set of parcels are (or go), and what was found."""

    file: Path
    count: int
    found: PathSource | None  # None: not cached (yet)


def find(database_path: Path | None, wkb: Sequence[bytes]) -> Overview | None:
    """The cached overview paths of parcels with this WKB; None without a database file."""
    if database_path is None or not len(wkb):
        return None
    file = cache_dir(database_path) / f"{PREFIX}{content_key(wkb)}.npz"
    return Overview(file, len(wkb), _read(file, len(wkb)))


def _read(file: Path, count: int) -> PathSource | None:
    try:
        with np.load(file, allow_pickle=False) as data:
            return PathSource.from_arrays(data["elements"], data["first"], count)
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - a damaged or foreign file is remade, not trusted
        log.warning("Ignoring unreadable map cache %s", file, exc_info=True)
        return None


def store(overview: Overview, paths: PathSource) -> bool:
    """Write ``paths`` (made for ``overview``'s parcels) and remove older cached overviews;
    False when the folder cannot be written (a read-only share: the next start recomputes)."""
    folder = overview.file.parent
    try:
        folder.mkdir(exist_ok=True)
        elements, first = paths.arrays()
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".npz")
        try:
            os.chmod(temporary, 0o644)  # mkstemp's 0600: others sharing the folder may read
            with os.fdopen(handle, "wb") as stream:
                np.savez(stream, elements=elements, first=first)
            os.replace(temporary, overview.file)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        for old in folder.glob(f"{PREFIX}*.npz"):
            if old != overview.file:
                old.unlink(missing_ok=True)
    except OSError:
        log.warning("Could not write the map cache in %s", folder, exc_info=True)
        return False
    return True
