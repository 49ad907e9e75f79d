"""The site map of a sheet, drawn from the vector geometry (RD New) straight onto the canvas.

Black and white readable: neighbouring parcels light grey, buildings mid grey, the site's
parcels outlined thick black over a white fill, a scale bar in metres, a north arrow (RD New
grid north is up) and the RD coordinates of the centre.
"""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.lib.colors import Color, black, white
from reportlab.platypus import Flowable
from shapely import union_all
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from otb_desktop.exporting.sheets.fonts import BOLD, REGULAR
from otb_desktop.services.sheet_data import SheetMap

NEIGHBOUR_FILL = Color(0.9, 0.9, 0.9)
NEIGHBOUR_LINE = Color(0.55, 0.55, 0.55)
BUILDING_FILL = Color(0.62, 0.62, 0.62)
NICE_LENGTHS_M = (10, 20, 50, 100, 200, 500, 1000, 2000)  # halves are whole metres


def _polygons(geometry: BaseGeometry) -> Iterable[Polygon]:
    if isinstance(geometry, Polygon):
        yield geometry
    elif isinstance(geometry, MultiPolygon):
        yield from geometry.geoms
    elif hasattr(geometry, "geoms"):
        for part in geometry.geoms:
            yield from _polygons(part)


def scale_bar_length(window_width_m: float) -> int:
    """The longest nice length not over a quarter of the map's width."""
    target = window_width_m / 4
    return max((n for n in NICE_LENGTHS_M if n <= target), default=NICE_LENGTHS_M[0])


class SiteMap(Flowable):
    def __init__(self, data: SheetMap, size: float):
        super().__init__()
        self.data = data
        self.width = self.height = size
        self.bar_space = 30  # points below the map for the scale bar and centre

    def wrap(self, available_width, available_height):
        return self.width, self.height + self.bar_space

    def _path(self, canvas, geometry: BaseGeometry, to_page):
        path = canvas.beginPath()
        for polygon in _polygons(geometry):
            for ring in (polygon.exterior, *polygon.interiors):
                coords = list(ring.coords)
                if len(coords) < 3:
                    continue
                x, y = to_page(*coords[0])
                path.moveTo(x, y)
                for cx, cy in coords[1:]:
                    path.lineTo(*to_page(cx, cy))
                path.close()
        return path

    def draw(self):
        canvas = self.canv
        min_x, min_y, max_x, max_y = self.data.window
        scale = self.width / (max_x - min_x)
        base = self.bar_space

        def to_page(x: float, y: float) -> tuple[float, float]:
            return (x - min_x) * scale, base + (y - min_y) * scale

        canvas.saveState()
        frame = canvas.beginPath()
        frame.rect(0, base, self.width, self.height)
        canvas.clipPath(frame, stroke=0, fill=0)
        canvas.setLineWidth(0.4)
        canvas.setStrokeColor(NEIGHBOUR_LINE)
        canvas.setFillColor(NEIGHBOUR_FILL)
        for shape in self.data.neighbours:
            canvas.drawPath(self._path(canvas, shape, to_page), stroke=1, fill=1, fillMode=0)
        canvas.setFillColor(white)
        canvas.setStrokeColor(black)
        for shape in self.data.site:
            canvas.drawPath(self._path(canvas, shape, to_page), stroke=0, fill=1, fillMode=0)
        canvas.setFillColor(BUILDING_FILL)
        canvas.setStrokeColor(Color(0.35, 0.35, 0.35))
        canvas.setLineWidth(0.3)
        for shape in self.data.buildings:
            canvas.drawPath(self._path(canvas, shape, to_page), stroke=1, fill=1, fillMode=0)
        canvas.setStrokeColor(black)
        canvas.setLineWidth(0.6)
        for shape in self.data.site:  # parcel borders inside the site: thin
            canvas.drawPath(self._path(canvas, shape, to_page), stroke=1, fill=0)
        canvas.setLineWidth(2.0)
        canvas.setDash(6, 2)
        outline = union_all(list(self.data.site)) if self.data.site else None
        if outline is not None:  # the site as a whole: thick dashed
            canvas.drawPath(self._path(canvas, outline, to_page), stroke=1, fill=0)
        canvas.restoreState()
        canvas.saveState()
        canvas.setLineWidth(0.8)
        canvas.setStrokeColor(black)
        canvas.rect(0, base, self.width, self.height, stroke=1, fill=0)
        self._north_arrow(canvas, self.width - 16, base + self.height - 34)
        self._scale_bar(canvas, scale, max_x - min_x)
        cx, cy = self.data.centre
        canvas.setFont(REGULAR, 7)
        canvas.setFillColor(black)
        canvas.drawRightString(self.width, 6,
                               f"Midden: X {cx:,.0f}  Y {cy:,.0f} (RD New, EPSG:28992)"
                               .replace(",", "."))
        canvas.restoreState()

    def _north_arrow(self, canvas, x: float, y: float) -> None:
        canvas.setFillColor(white)
        canvas.circle(x, y + 12, 13, stroke=0, fill=1)
        path = canvas.beginPath()
        path.moveTo(x, y + 22)
        path.lineTo(x - 6, y + 2)
        path.lineTo(x, y + 7)
        path.lineTo(x + 6, y + 2)
        path.close()
        canvas.setFillColor(black)
        canvas.drawPath(path, stroke=1, fill=1)
        canvas.setFont(BOLD, 8)
        canvas.drawCentredString(x, y - 7, "N")

    def _scale_bar(self, canvas, scale: float, width_m: float) -> None:
        length = scale_bar_length(width_m)
        segment = length * scale / 2
        y = 16
        for k in range(2):
            canvas.setFillColor(black if k == 0 else white)
            canvas.rect(k * segment, y, segment, 4, stroke=1, fill=1)
        canvas.setFillColor(black)
        canvas.setFont(REGULAR, 7)
        canvas.drawString(0, y - 9, "0")
        canvas.drawCentredString(segment, y - 9, str(length // 2))
        canvas.drawString(2 * segment + 3, y - 1, f"{length} m")
