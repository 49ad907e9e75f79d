"""Column types: Shapely geometries as WKB, UTC timestamps as ISO text."""

from __future__ import annotations

import datetime as dt

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import LargeBinary, String
from sqlalchemy.types import TypeDecorator


class Geometry(TypeDecorator[BaseGeometry]):
    """A Shapely geometry stored as WKB (EPSG:28992 throughout the local database)."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else shapely.to_wkb(value)

    def process_result_value(self, value, dialect):
        return None if value is None else shapely.from_wkb(value)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes as sortable ISO-8601 text; naive values are refused loudly."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware UTC datetime")
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")

    def process_result_value(self, value, dialect):
        return None if value is None else dt.datetime.fromisoformat(value)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
