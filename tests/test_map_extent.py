"""The map's extents made from arrays (``MapLayers.bounds``, ``filtering.home_rect``): the
boxes the straightforward definitions give."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from otb_desktop.services.map_data import MapLayers, ParkShape
from otb_desktop.ui.map import filtering
from otb_desktop.ui.map.coordinates import rd_to_rect

PARCELS = np.array([shapely.box(0, 0, 10, 10), shapely.box(100, 50, 120, 70),
                    shapely.box(-40, 5, -30, 8)], dtype=object)
PARK = ParkShape("p1", "Park", True, "mixed", shapely.box(90, 40, 130, 200))
OUT_OF_SCOPE = ParkShape("p2", "Elsewhere", False, "mixed", shapely.box(500, 500, 600, 600))


def layers(park_ids, parks) -> MapLayers:
    return MapLayers(parcel_ids=("a", "b", "c"), designations=("A", "B", "C"),
                     parcel_park_ids=tuple(park_ids), parcel_geometries=PARCELS,
                     parks=tuple(parks))


@pytest.mark.parametrize(("park_ids", "parks", "expected"), [
    # the in-scope park and the parcels in a park (out-of-scope parks' outlines do not count)
    ((None, "p1", "p2"), (PARK, OUT_OF_SCOPE), (-40, 5, 130, 200)),
    ((None, None, None), (PARK,), (90, 40, 130, 200)),
    ((None, "p1", None), (OUT_OF_SCOPE,), (100, 50, 120, 70)),
    # no park at all: every parcel
    ((None, None, None), (OUT_OF_SCOPE,), (-40, 0, 120, 70)),
    ((None, None, None), (), (-40, 0, 120, 70)),
])
def test_home_is_the_parks_and_their_parcels_or_else_every_parcel(park_ids, parks, expected):
    assert filtering.home_rect(layers(park_ids, parks)) == rd_to_rect(expected)


def test_home_of_nothing_is_a_null_rect():
    assert filtering.home_rect(MapLayers()).isNull()


def test_bounds_take_every_parcel_and_every_park_outline():
    assert layers((None, None, None), (PARK, OUT_OF_SCOPE)).bounds() == (-40, 0, 600, 600)
    assert layers((None, None, None), ()).bounds() == (-40, 0, 120, 70)
    assert MapLayers(parks=(PARK,)).bounds() == (90, 40, 130, 200)
    assert MapLayers().bounds() is None
