"""Benchmark: a search keystroke and a filter change on 20 000 parcels (issue 8).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_search_filter.py

The window asks whether a search has a hit (``ui.search.search_has_match``), filters the list
with the ranked search and tells the map which parcels the list shows
(``ParcelFilterProxy.visible_ids``). The baseline, measured in the same run, is what the list
did before issue 8: the proxy's filter pass with the search alone. Figures are ratios to it.
Not a test: pytest skips tests/benchmarks.
"""

from __future__ import annotations

import argparse

from PySide6.QtWidgets import QApplication
from timing import median_seconds  # a sibling module: benchmarks run as scripts

from otb_desktop.services.parcels import ParcelRow
from otb_desktop.ui.parcel_table_model import ParcelFilterProxy, ParcelTableModel
from otb_desktop.ui.search import search_has_match

STREETS = ["Zagerijweg", "Havenweg", "Timmerstraat", "Roershoekweg", "Houtweg", "Plein"]


def rows(count: int) -> list[ParcelRow]:
    result = []
    for i in range(count):
        street = STREETS[i % len(STREETS)]
        result.append(ParcelRow(
            f"id{i:06d}", f"HGL0{i % 3} {'ABCDEF'[i % 6]} {1000 + i}", f"park{i % 14}",
            f"Park {i % 14}", True, (f"{street} {i // 6 + 1}, 7553 AB Hengelo",), 2500.0,
            2500.0, 500.0, 20.0, 1000.0, None, None))
    return result




def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parcels", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    QApplication.instance() or QApplication([])
    model = ParcelTableModel()
    model.set_rows(rows(args.parcels))
    proxy = ParcelFilterProxy()
    proxy.setSourceModel(model)

    def baseline() -> None:
        proxy.set_search("Zagerijweg 1")
        proxy.set_search("")

    def keystroke() -> None:
        search_has_match(proxy, "Zagerijweg 1")
        proxy.set_search("Zagerijweg 1")
        proxy.best_search_match()
        proxy.visible_ids()
        proxy.set_search("")

    def park_filter() -> None:
        proxy.set_park("park3")
        proxy.visible_ids()
        proxy.set_park(None)

    base = median_seconds(baseline, args.repeat)
    print(f"{args.parcels} parcels")
    print(f"baseline (proxy search pass, on and off): {1000 * base:.0f} ms")
    for name, fn in (("search keystroke (hit check, filter, best hit, map ids)", keystroke),
                     ("park filter with map ids", park_filter)):
        t = median_seconds(fn, args.repeat)
        print(f"{name}: {1000 * t:.0f} ms = {t / base:.2f} x baseline")


if __name__ == "__main__":
    main()
