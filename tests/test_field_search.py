"""Item 2 of issue 8: the search opens the right parcel, keeps the shown one without a hit,
Next/Previous walk the filtered list, and the map zooms to what was found."""

from __future__ import annotations

import pytest
from field_window import move_parcel, open_window, set_addresses
from ui_factories import make_parcels

from otb_desktop.domain.search import Rank, SearchQuery, search_entry

pytestmark = pytest.mark.usefixtures("sync_workers")


@pytest.fixture
def parcels(context) -> list[str]:
    """Designation order puts Zagerijweg 10 before Zagerijweg 1, as in the field test."""
    ids = make_parcels(context, 6)
    set_addresses(context, {
        ids[0]: ["Zagerijweg 10, 7554 RT Hengelo"],
        ids[1]: ["Zagerijweg 1a, 7554 RS Hengelo"],
        ids[2]: ["Zagerijweg 1, 7554 RS Hengelo", "Zagerijweg 1b, 7554 RS Hengelo"],
        ids[3]: ["Havenweg 3, 7553 AB Hengelo"],
        ids[4]: ["Havenweg 5, 7553 AB Hengelo"],
        ids[5]: ["Havenweg 12, 7553 AC Hengelo"],
    })
    return ids


@pytest.fixture
def window(qtbot, context, tmp_path, parcels):
    return open_window(qtbot, context, tmp_path)


def search(window, text: str) -> None:
    window.search.setText(text)
    window.search.flush()


@pytest.mark.parametrize(("text", "index"), [
    ("Zagerijweg 1", 2), ("zagerijweg 1", 2), ("Zagerijweg 1a", 1), ("Zagerijweg 1b", 2),
    ("Zagerijweg 10", 0), ("7553 AB", 3), ("7553ab 5", 4), ("7553 AC", 5), ("Havenweg 3", 3),
    ("OTL02 B 2294", 4), ("b2295", 5),
])
def test_search_opens_the_exact_address_postcode_or_designation(window, parcels, text, index):
    search(window, text)
    assert window.panel.current_parcel_id() == parcels[index]
    assert window.canvas.selected_parcels() == [parcels[index]]


def test_exact_number_and_full_designation_rank_above_loose_matches():
    entry = search_entry("OTL02 B 2291", ["Zagerijweg 1, 7554 RS Hengelo"], "Noord")
    assert SearchQuery("Zagerijweg 1").rank(entry) == Rank.ADDRESS
    assert SearchQuery("Zagerijweg 1a").rank(entry) == Rank.ADDRESS_OTHER_ADDITION
    assert SearchQuery("Zagerij").rank(entry) == Rank.ADDRESS_PART
    assert SearchQuery("OTL02 B 2291").rank(entry) < SearchQuery("b2291").rank(entry) \
        < SearchQuery("229").rank(entry)
    ten = search_entry("OTL02 B 2290", ["Zagerijweg 10, Hengelo"], "Noord")
    assert SearchQuery("Zagerijweg 1").rank(ten) > SearchQuery("Zagerijweg 1").rank(entry)
    assert SearchQuery("7554RS").rank(entry) == Rank.POSTCODE
    assert SearchQuery("9999 ZZ").rank(entry) is None


def test_a_search_without_a_match_keeps_the_parcel_and_says_so(window, parcels):
    window.select_parcels([parcels[3]])
    search(window, "Nergensweg 99")
    assert window.panel.current_parcel_id() == parcels[3]
    assert window.canvas.selected_parcels() == [parcels[3]]
    assert window.proxy.rowCount() == len(parcels)  # the list is not emptied
    assert window.search_message.isVisible()
    assert "Nergensweg 99" in window.search_message.text()
    search(window, "Havenweg 5")
    assert not window.search_message.isVisible()
    assert window.panel.current_parcel_id() == parcels[4]


def test_next_and_previous_walk_the_filtered_list_not_the_hits(window, parcels):
    search(window, "Zagerijweg 1")  # hits: parcels 0, 1, 2; opens 2
    assert window.panel.current_parcel_id() == parcels[2]
    window.step(1)
    assert window.panel.current_parcel_id() == parcels[3]  # beyond the hits
    window.step(1)
    assert window.panel.current_parcel_id() == parcels[4]
    window.step(-1)
    window.step(-1)
    window.step(-1)
    assert window.panel.current_parcel_id() == parcels[1]
    assert window.proxy.rowCount() == len(parcels)


def test_found_parcel_is_shown_at_a_readable_scale(qtbot, context, tmp_path, parcels):
    far = make_parcels(context, 1)[0]
    move_parcel(context, far, 12_000, 9_000)  # an outlier stretches "all" to town scale
    window = open_window(qtbot, context, tmp_path)
    window.canvas.view.fit(window.canvas.view.extent(), min_metres=0)
    assert window.canvas.view.scale_factor() * 50 < 10  # a parcel is a few pixels
    search(window, "Havenweg 5")
    scale = window.canvas.view.scale_factor()
    assert 50 * scale >= 40  # the 50 m parcel is at least 40 px wide
    rect = window.canvas.scene.parcels_rect([window.canvas._index[parcels[4]]])
    assert window.canvas.visible_rect().contains(rect)
