"""The revision families of this app, found in the models rather than listed by hand.

Every mapped subclass of ``persistence.revisions.Revision`` is a family; its edge table is
the mapped ``RevisionEdge`` subclass named ``<family>_supersedes``. A family another branch
adds is carried by sync as soon as its models exist.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

from sqlalchemy import Table

from otb_desktop import persistence
from otb_desktop.persistence import models
from otb_desktop.persistence.revisions import Revision, RevisionEdge


@dataclass(frozen=True)
class Family:
    name: str          # the revision table's name: site_revision, photo_revision, ...
    revision: Table
    edge: Table
    revision_class: type[Revision]
    edge_class: type[RevisionEdge]


def revision_families() -> list[Family]:
    # Families may be declared in any module of the persistence package: load them all.
    for module in pkgutil.iter_modules(persistence.__path__):
        importlib.import_module(f"{persistence.__name__}.{module.name}")
    mapped = [mapper.class_ for mapper in models.Base.registry.mappers]
    revisions = {cls.__tablename__: cls for cls in mapped if issubclass(cls, Revision)}
    edges = {cls.__tablename__: cls for cls in mapped if issubclass(cls, RevisionEdge)}
    families = []
    for name, cls in sorted(revisions.items()):
        edge = edges.get(f"{name}_supersedes")
        if edge is None:
            raise RuntimeError(f"revision family {name} has no {name}_supersedes edge table")
        families.append(Family(name, cls.__table__, edge.__table__, cls, edge))
    return families
