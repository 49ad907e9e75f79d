"""Record identity: time-ordered UUIDs made on the device (RFC 9562 version 7).

Records travel between laptops and the central database, so ids are globally unique and never
autoincrement integers; version 7 keeps them roughly in creation order, which indexes like.
"""

from __future__ import annotations

import uuid

from uuid6 import uuid7


def new_id() -> str:
    return str(uuid7())


def is_valid_id(value: str) -> bool:
    try:
        uuid.UUID(value)
    except (ValueError, TypeError, AttributeError):
        return False
    return True
