"""Geometry of a synthetic business park: street grid, blocks, parcels and buildings.

A park is a grid of blocks between 16 m streets. A block holds two rows of parcels back to back
(one facing the street south of it, one the street north of it) or, for the big plots, one row
through the whole block. Parcel boundaries are slightly slanted and the line between the two
rows slightly tilted, so parcels are irregular quadrilaterals that still share their edges
exactly with their neighbours; a few front and back parcels are merged into L-shaped plots.
Buildings are rectangles inside each parcel's inner rectangle, behind a front setback.

Pure numpy/shapely (no database); every number comes from the caller's seeded Generator, so
the same seed gives the same park. Coordinates are metres: local while a park is drawn, RD New
after ``place``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from otb_desktop.demo.plan import Style

STREET_M = 16.0
EDGE_M = 10.0  # park boundary beyond the outer blocks: half a street and a verge
MIN_WIDTH_M = 20.0  # street frontage of the narrowest parcel
SLANT_M = 2.5  # how far a side boundary leans at its back end
TILT_M = 3.0  # how far the line between the two rows of a block rises over its width
AREA_RANGE_M2 = (500.0, 15_000.0)  # parcel areas drawn; widening the last parcel adds a bit
MAX_MERGED_M2 = 18_000.0
MERGE_SHARE = 0.12  # of the split blocks that get one L-shaped plot
BUILDING_GAP_M = 5.0
MIN_BUILDING_M = 10.0
DECIMALS = 3  # millimetres


@dataclass(frozen=True)
class ParkLayout:
    """One park's geometry; index arrays refer to positions in the other arrays."""

    boundary: BaseGeometry
    parcels: np.ndarray  # Polygon per parcel
    subrow: np.ndarray  # parcels in the same row of one block ...
    position: np.ndarray  # ... and next to each other in it (position differs by 1) touch
    frontage_parcel: np.ndarray  # one entry per street frontage (merged plots have two)
    frontage_street: np.ndarray  # street index, counted from the south
    frontage_odd: np.ndarray  # north side of the street: odd house numbers
    frontage_x: np.ndarray  # where along the street
    buildings: np.ndarray  # Polygon per building
    building_parcel: np.ndarray

    @property
    def parcel_count(self) -> int:
        return len(self.parcels)


def draw_park(quota: int, style: Style, aspect: float, rng: np.random.Generator
              ) -> ParkLayout:
    """A park of exactly ``quota`` parcels in local coordinates (south-west corner at 0, 0)."""
    return _ParkDrawer(style, rng).draw(quota, aspect)


def place(layout: ParkLayout, angle_deg: float, centre: tuple[float, float]) -> ParkLayout:
    """Rotate the park about the middle of its boundary and move that middle to ``centre``;
    coordinates are rounded to millimetres (as stored)."""
    minx, miny, maxx, maxy = layout.boundary.bounds
    origin = np.array([(minx + maxx) / 2, (miny + maxy) / 2])
    a = math.radians(angle_deg)
    rotation = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    target = np.asarray(centre, dtype=float)

    def move(geoms):
        return shapely.transform(
            geoms, lambda xy: np.round((xy - origin) @ rotation.T + target, DECIMALS))

    return replace(layout, boundary=move(layout.boundary), parcels=move(layout.parcels),
                   buildings=move(layout.buildings))


def rotated_extent(layout: ParkLayout, angle_deg: float) -> tuple[float, float, float, float]:
    """Bounds of the park after ``place(layout, angle_deg, (0, 0))``, for arranging parks."""
    return place(replace(layout, parcels=layout.parcels[:0], buildings=layout.buildings[:0]),
                 angle_deg, (0.0, 0.0)).boundary.bounds


def arrange(anchors: np.ndarray, extents: np.ndarray, gap: float) -> np.ndarray:
    """Centres near ``anchors`` such that no two parks' bounding boxes come closer than ``gap``.

    ``extents`` holds each park's (minx, miny, maxx, maxy) relative to its centre. Overlapping
    pairs are pushed apart along the axis where that costs least, until none overlap; the
    pushes are symmetric, so the group keeps its middle. Deterministic.
    """
    centres = np.asarray(anchors, dtype=float).copy()
    lo, hi = extents[:, :2], extents[:, 2:]
    for _ in range(10_000):
        moved = False
        for i in range(len(centres)):
            for j in range(i + 1, len(centres)):
                a_lo, a_hi = centres[i] + lo[i], centres[i] + hi[i]
                b_lo, b_hi = centres[j] + lo[j], centres[j] + hi[j]
                overlap = np.minimum(a_hi, b_hi) - np.maximum(a_lo, b_lo) + gap
                if overlap[0] <= 0 or overlap[1] <= 0:
                    continue
                axis = int(np.argmin(overlap))
                direction = 1.0 if (b_lo + b_hi)[axis] >= (a_lo + a_hi)[axis] else -1.0
                shift = overlap[axis] / 2 + 0.5
                centres[i, axis] -= direction * shift
                centres[j, axis] += direction * shift
                moved = True
        if not moved:
            return centres
    raise RuntimeError("demo parks could not be arranged without overlap")


class _ParkDrawer:
    """Collects base quadrilaterals row by row; parcels are one quad or two merged ones."""

    def __init__(self, style: Style, rng: np.random.Generator):
        self.style = style
        self.rng = rng
        self.quads: list[np.ndarray] = []  # (k, 4, 2) per row of a block
        self.inner: list[np.ndarray] = []  # (k, 4): x0, x1, y0, y1 free of slants and tilt
        self.south: list[np.ndarray] = []  # frontage on the south side of the quad
        self.street: list[np.ndarray] = []
        self.odd: list[np.ndarray] = []
        self.front_x: list[np.ndarray] = []
        self.block: list[np.ndarray] = []
        self.subrow: list[np.ndarray] = []
        self.position: list[np.ndarray] = []
        self.parcels: list[tuple[int, ...]] = []  # base quad indices per parcel
        self.blocks: list[tuple[float, float, float, float]] = []
        self.n_quads = 0
        self.n_subrows = 0

    def draw(self, quota: int, aspect: float) -> ParkLayout:
        style, rng = self.style, self.rng
        # ground per parcel: the lognormal mean, plus streets and the odd full-depth plot
        mean_area = style.median_area * math.exp(style.area_sigma ** 2 / 2) * 1.35
        target_width = math.sqrt(max(quota, 1) * mean_area * aspect)
        widths: list[float] = []
        while not widths or sum(widths) + STREET_M * (len(widths) - 1) < target_width:
            widths.append(float(rng.uniform(*style.block_width)))
        lefts = np.concatenate([[0.0], np.cumsum(np.array(widths) + STREET_M)[:-1]])
        # half the parks miss a corner block, so not every park is a plain rectangle
        notch = (0, int(rng.choice([0, len(widths) - 1]))) \
            if len(widths) >= 3 and rng.random() < 0.5 else None
        y, row = 0.0, 0
        while len(self.parcels) < quota:
            front_depth, back_depth = rng.uniform(*style.depth, size=2)
            height = float(front_depth + back_depth)
            for col, (left, width) in enumerate(zip(lefts.tolist(), widths, strict=True)):
                if len(self.parcels) >= quota:
                    break
                if (row, col) == notch:
                    continue
                self._block(left, left + width, y, float(front_depth), height, row)
            y += height + STREET_M
            row += 1
        if not self.blocks:  # an empty park still has a boundary
            self.blocks.append((0.0, 0.0, widths[0], sum(style.depth)))
        return self._layout(self.parcels[:quota])

    def _block(self, x0: float, x1: float, y: float, front_depth: float, height: float,
               row: int) -> None:
        block_no = len(self.blocks)
        self.blocks.append((x0, y, x1, y + height))
        if self.rng.random() < self.style.full_depth_share:
            first = self._subrow(x0, x1, y, y + height, 0.0, row, True, block_no, 2.0)
            self.parcels.extend((i,) for i in first)
            return
        slope = float(self.rng.uniform(-TILT_M, TILT_M)) / (x1 - x0)
        intercept = y + front_depth - slope * (x0 + x1) / 2
        front = self._subrow(x0, x1, y, intercept, slope, row, True, block_no, 1.0)
        back = self._subrow(x0, x1, y + height, intercept, slope, row + 1, False, block_no,
                            1.0)
        merged = self._merge(front, back) if self.rng.random() < MERGE_SHARE else None
        for i in front:
            self.parcels.append((i, merged[1]) if merged and merged[0] == i else (i,))
        self.parcels.extend((j,) for j in back if not (merged and merged[1] == j))

    def _subrow(self, x0: float, x1: float, y_front: float, intercept: float, slope: float,
                street: int, odd: bool, block_no: int, size_factor: float) -> range:
        """One row of parcels along a street; the back line is y = intercept + slope * x."""
        depth = abs(intercept + slope * (x0 + x1) / 2 - y_front)
        bounds = x0 + self._widths(x1 - x0, depth, size_factor)
        k = len(bounds) - 1
        slant = self.rng.uniform(-SLANT_M, SLANT_M, k + 1)
        slant[0] = slant[-1] = 0.0
        back_x = bounds + slant
        back_y = intercept + slope * back_x
        quads = np.empty((k, 4, 2))
        quads[:, 0, 0], quads[:, 0, 1] = bounds[:-1], y_front
        quads[:, 1, 0], quads[:, 1, 1] = bounds[1:], y_front
        quads[:, 2, 0], quads[:, 2, 1] = back_x[1:], back_y[1:]
        quads[:, 3, 0], quads[:, 3, 1] = back_x[:-1], back_y[:-1]
        south = y_front < back_y[0]
        inner = np.empty((k, 4))
        inner[:, 0] = np.maximum(bounds[:-1], back_x[:-1])
        inner[:, 1] = np.minimum(bounds[1:], back_x[1:])
        if south:
            inner[:, 2], inner[:, 3] = y_front, np.minimum(back_y[:-1], back_y[1:])
        else:
            inner[:, 2], inner[:, 3] = np.maximum(back_y[:-1], back_y[1:]), y_front
        self.quads.append(quads)
        self.inner.append(inner)
        self.south.append(np.full(k, south))
        self.street.append(np.full(k, street))
        self.odd.append(np.full(k, odd))
        self.front_x.append((bounds[:-1] + bounds[1:]) / 2)
        self.block.append(np.full(k, block_no))
        self.subrow.append(np.full(k, self.n_subrows))
        self.position.append(np.arange(k))
        self.n_subrows += 1
        first = self.n_quads
        self.n_quads += k
        return range(first, first + k)

    def _widths(self, length: float, depth: float, size_factor: float) -> np.ndarray:
        """Cut positions 0 … length: lognormal parcel areas over the row's depth."""
        style = self.style
        n = int(length // MIN_WIDTH_M) + 2
        areas = np.clip(size_factor * style.median_area
                        * np.exp(style.area_sigma * self.rng.standard_normal(n)),
                        *AREA_RANGE_M2)
        widths = np.clip(areas / depth, MIN_WIDTH_M, length)
        cuts = np.cumsum(widths)
        k = int(np.searchsorted(cuts, length, side="right"))
        cuts = cuts[:k]
        rest = length - cuts[-1]
        # the rest becomes a parcel, or when too narrow for one, widens the others
        cuts = np.append(cuts, length) if rest >= MIN_WIDTH_M else cuts * (length / cuts[-1])
        return np.concatenate([[0.0], cuts])

    def _merge(self, front: range, back: range) -> tuple[int, int] | None:
        """A front parcel and the back parcel behind its middle, if together not too big."""
        i = front[int(self.rng.integers(len(front)))]
        fq = self.quads[-2][i - front[0]]
        middle = (fq[0, 0] + fq[1, 0]) / 2
        back_quads = self.quads[-1]
        j_local = int(np.searchsorted(back_quads[:, 1, 0], middle, side="right"))
        j_local = min(j_local, len(back) - 1)
        j = back[j_local]
        area = _quad_area(fq) + _quad_area(back_quads[j_local])
        return (i, j) if area <= MAX_MERGED_M2 else None

    def _layout(self, parcels: list[tuple[int, ...]]) -> ParkLayout:
        rng = self.rng
        if not parcels:
            empty_f, empty_i = np.empty(0), np.empty(0, dtype=int)
            return ParkLayout(self._boundary([]), np.empty(0, dtype=object), empty_i, empty_i,
                              empty_i, empty_i, np.empty(0, dtype=bool), empty_f,
                              np.empty(0, dtype=object), empty_i)
        quads = np.concatenate(self.quads)
        inner = np.concatenate(self.inner)
        south = np.concatenate(self.south)
        block = np.concatenate(self.block)
        subrow = np.concatenate(self.subrow)
        position = np.concatenate(self.position)
        polygons = shapely.polygons(quads)
        owner = np.full(len(quads), -1)
        first = np.array([p[0] for p in parcels])
        owner[first] = np.arange(len(parcels))
        pairs = [(n, p[0], p[1]) for n, p in enumerate(parcels) if len(p) == 2]
        geoms = polygons[first].copy()
        if pairs:
            n_idx, i_idx, j_idx = (np.array(v) for v in zip(*pairs, strict=True))
            owner[j_idx] = n_idx
            geoms[n_idx] = shapely.union(polygons[i_idx], polygons[j_idx],
                                         grid_size=10.0 ** -DECIMALS)
        used = owner >= 0
        counts = self._building_counts(shapely.area(polygons), used)
        for _, i, j in pairs:  # at most three buildings on a merged plot
            counts[j] = min(counts[j], 3 - counts[i])
        boxes, building_quad = _buildings(inner, south, counts, shapely.area(polygons), rng)
        fronts = np.flatnonzero(used)
        return ParkLayout(
            boundary=self._boundary(np.unique(block[used]).tolist()),
            parcels=geoms, subrow=subrow[first], position=position[first],
            frontage_parcel=owner[fronts], frontage_street=np.concatenate(self.street)[fronts],
            frontage_odd=np.concatenate(self.odd)[fronts],
            frontage_x=np.concatenate(self.front_x)[fronts],
            buildings=shapely.box(boxes[:, 0], boxes[:, 2], boxes[:, 1], boxes[:, 3]),
            building_parcel=owner[building_quad])

    def _building_counts(self, areas: np.ndarray, used: np.ndarray) -> np.ndarray:
        """0–3 buildings per quad; bigger plots more often have several."""
        u = self.rng.random(len(areas))
        small, big = areas < 1_500, areas > 8_000
        counts = np.where(u < 0.07, 0, np.where(u < 0.62, 1, np.where(u < 0.90, 2, 3)))
        counts = np.where(small, np.minimum(counts, 2), counts)
        counts = np.where(big & (counts == 1) & (u > 0.45), 2, counts)
        return np.where(used, counts, 0)

    def _boundary(self, block_numbers: list[int]) -> BaseGeometry:
        chosen = [self.blocks[b] for b in block_numbers] or self.blocks[:1]
        boxes = shapely.box(*np.array(chosen).T)
        grown = shapely.buffer(boxes, EDGE_M, join_style="mitre")
        return shapely.simplify(shapely.union_all(grown), 0.01)


def _quad_area(quad: np.ndarray) -> float:
    x, y = quad[:, 0], quad[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2)


def _buildings(inner: np.ndarray, south: np.ndarray, counts: np.ndarray, areas: np.ndarray,
               rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Building rectangles (x0, x1, y0, y1) side by side behind each quad's front setback.

    Coverage of the parcel is drawn between 20 and 75 %, capped by the room there is.
    """
    n = len(inner)
    width, depth = inner[:, 1] - inner[:, 0], inner[:, 3] - inner[:, 2]
    side = np.minimum(rng.uniform(2, 6, n), 0.12 * width)
    front = np.minimum(rng.uniform(5, 15, n), 0.25 * depth)
    back = np.minimum(rng.uniform(2, 6, n), 0.10 * depth)
    room_w, room_d = width - 2 * side, depth - front - back
    fit = np.floor((room_w + BUILDING_GAP_M) / (MIN_BUILDING_M + BUILDING_GAP_M))
    k = np.where(room_d >= MIN_BUILDING_M, np.minimum(counts, fit), 0).astype(int)
    coverage = 0.20 + 0.55 * rng.beta(2.0, 2.2, n)
    footprint = np.minimum(coverage * areas, 0.95 * room_w * room_d)
    usable = room_w - (np.maximum(k, 1) - 1) * BUILDING_GAP_M
    slots = np.arange(3)[None, :] < k[:, None]
    shares = np.where(slots, rng.uniform(0.5, 1.5, (n, 3)), 0.0)
    shares /= np.maximum(shares.sum(axis=1, keepdims=True), 1e-9)
    spare = np.maximum(usable - MIN_BUILDING_M * k, 0.0)
    b_width = MIN_BUILDING_M + shares * spare[:, None]
    b_depth = np.clip((footprint / np.maximum(usable, 1.0))[:, None]
                      * rng.uniform(0.8, 1.2, (n, 3)), 8.0, np.maximum(room_d, 8.0)[:, None])
    x_start = inner[:, 0:1] + side[:, None] + np.concatenate(
        [np.zeros((n, 1)), np.cumsum(b_width + BUILDING_GAP_M, axis=1)[:, :2]], axis=1)
    y_near = np.where(south, inner[:, 2] + front, inner[:, 3] - front)[:, None]
    y0 = np.where(south[:, None], y_near, y_near - b_depth)
    y1 = np.where(south[:, None], y_near + b_depth, y_near)
    quad_idx, slot = np.nonzero(slots)
    boxes = np.stack([x_start[quad_idx, slot], x_start[quad_idx, slot] + b_width[quad_idx, slot],
                      y0[quad_idx, slot], y1[quad_idx, slot]], axis=1)
    return boxes, quad_idx
