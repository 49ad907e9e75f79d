"""Errors an import can meet; each message says which file, what is wrong and what to do."""

from __future__ import annotations

from otb_desktop.domain.errors import OtbError


class ImportSourceError(OtbError):
    """The file cannot be read: missing, corrupt, unknown format, no such layer, no CRS."""


class MappingError(OtbError):
    """The attributes of the file do not match what the import needs (or the mapping file)."""


class RefusedFeaturesError(OtbError):
    """Some features cannot be imported (unrepairable geometry, no key); nothing was written."""


class NoParkBoundariesError(OtbError):
    """Parcels inside parks were asked for, but no park has a boundary yet."""


class CentralReferenceDataError(OtbError):
    """This laptop syncs with a server: parcels and buildings come from there only."""
