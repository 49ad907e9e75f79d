"""Search helpers for the window: does a text find anything in the filtered list?

The ranking itself is domain.search (pure Python); the proxy filters with it. A search that
finds nothing must not empty the list and close the shown parcel, so the window asks first.
"""

from __future__ import annotations

from otb_desktop.domain.search import SearchQuery
from otb_desktop.ui.parcel_table_model import ParcelFilterProxy


def search_has_match(proxy: ParcelFilterProxy, text: str) -> bool:
    """True when a parcel passing the current filters matches ``text``."""
    query = SearchQuery(text)
    source = proxy.source()
    return any(proxy.accepts(source.row_at(position), source.search_entry(position), query)
               for position in range(source.rowCount()))
