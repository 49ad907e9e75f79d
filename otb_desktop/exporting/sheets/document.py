"""The intake sheet (3F) as PDF: A4 portrait, two pages per site, ReportLab platypus.

Page 1: site, park and profile, map, key figures, parcels, buildings. Page 2: design
principles of 4.3 and aardgasvrij, the chapter-5 issue selection, up to four photos and, on
the intern variant only, rank, willingness, applicant and notes. Each page's content sits in
a KeepInFrame that shrinks rather than spills, so a sheet never exceeds two pages whatever
the data (a very long name, many parcels, long notes).

Header and footer are drawn when the document is saved, so every page knows its sheet: page
x of y (per site), sheet id, print date, the data's as-of date and the variant. The same
SheetData gives the same bytes (``invariant``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepInFrame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from otb_desktop.exporting.sheets.fonts import BOLD, REGULAR, register_fonts
from otb_desktop.exporting.sheets.site_map import SiteMap
from otb_desktop.services.sheet_data import VARIANT_LABELS, SheetData, Variant

PAGE_W, PAGE_H = A4
MARGIN = 15 * mm
HEADER_H = 11 * mm
FOOTER_H = 10 * mm
FRAME_W = PAGE_W - 2 * MARGIN
FRAME_H = PAGE_H - 2 * MARGIN - HEADER_H - FOOTER_H
GRID = Color(0.6, 0.6, 0.6)
SHADE = Color(0.92, 0.92, 0.92)
MAX_BUILDING_ROWS = 10
MAX_NOTE_CHARS = 700
CELL_SIZE = 8
CELL_SMALL = 7.2
CELL_PAD = 3


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("base", fontName=REGULAR, bulletFontName=REGULAR, fontSize=8.5,
                          leading=10.5, alignment=TA_LEFT)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=15, leading=18,
                                spaceAfter=2),
        "sub": ParagraphStyle("sub", parent=base, fontSize=9, leading=12, spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=10.5, leading=13,
                             spaceBefore=8, spaceAfter=3),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=9.6),
        "cellb": ParagraphStyle("cellb", parent=base, fontName=BOLD, fontSize=8, leading=9.6),
    }


def _n(value: float, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _table(rows: list[list[str]], widths: list[float], header: bool = True,
           bold_columns: tuple[int, ...] = (), small_columns: tuple[int, ...] = ()) -> Table:
    """A grid of plain strings, wrapped here with simpleSplit: far cheaper than a Paragraph
    per cell (which Table wraps twice), and batches of a hundred sheets are the norm."""
    wrapped = []
    for r, row in enumerate(rows):
        cells = []
        for c, text in enumerate(row):
            font = BOLD if (c in bold_columns or (header and r == 0)) else REGULAR
            size = CELL_SMALL if c in small_columns and not (header and r == 0) else CELL_SIZE
            lines: list[str] = []
            for part in str(text).split("\n"):
                lines += simpleSplit(part, font, size, widths[c] - 2 * CELL_PAD) or [""]
            cells.append("\n".join(lines))
        wrapped.append(cells)
    table = Table(wrapped, colWidths=widths)
    commands = [("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
                ("LEADING", (0, 0), (-1, -1), CELL_SIZE * 1.2),
                ("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]
    for c in bold_columns:
        commands.append(("FONTNAME", (c, 0), (c, -1), BOLD))
    for c in small_columns:
        commands += [("FONTSIZE", (c, 1 if header else 0), (c, -1), CELL_SMALL),
                     ("LEADING", (c, 1 if header else 0), (c, -1), CELL_SMALL * 1.2)]
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), SHADE),
                     ("FONTNAME", (0, 0), (-1, 0), BOLD)]
    table.setStyle(TableStyle(commands))
    return table


class _Heading(Flowable):
    """One bold line: a section heading, without the cost of a Paragraph."""

    def __init__(self, text: str, size: float = 10.5, before: float = 8, after: float = 3):
        super().__init__()
        self.text, self.size, self.before, self.after = text, size, before, after

    def wrap(self, available_width, _available_height):
        return available_width, self.before + self.size * 1.2 + self.after

    def draw(self):
        self.canv.setFont(BOLD, self.size)
        self.canv.drawString(0, self.after + self.size * 0.25, self.text)


class _SheetStart(Flowable):
    """Zero-size marker: tells the canvas which sheet the following pages belong to."""

    def __init__(self, index: int, sheet: SheetData):
        super().__init__()
        self.index, self.sheet = index, sheet

    def wrap(self, *_args):
        return 0, 0

    def draw(self):
        self.canv._otb_sheet = (self.index, self.sheet)


class _SheetCanvas(Canvas):
    """Keeps every page until save, then draws header and footer knowing the page count."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initialFontName", REGULAR)
        super().__init__(*args, **kwargs)
        self._otb_sheet = None
        self._otb_pages: list[dict] = []

    def showPage(self):
        self._otb_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        counts: dict[int, int] = {}
        for state in self._otb_pages:
            index = state["_otb_sheet"][0]
            counts[index] = counts.get(index, 0) + 1
        seen: dict[int, int] = {}
        for state in self._otb_pages:
            self.__dict__.update(state)
            index, sheet = self._otb_sheet
            seen[index] = seen.get(index, 0) + 1
            _draw_page_frame(self, sheet, seen[index], counts[index])
            super().showPage()
        super().save()


def _draw_page_frame(canvas: Canvas, sheet: SheetData, page: int, pages: int) -> None:
    canvas.saveState()
    top = PAGE_H - MARGIN
    canvas.setFont(BOLD, 9)
    canvas.drawString(MARGIN, top - 9, "Gemeente Hengelo · OTB Architectenpool (3F)")
    canvas.setFont(REGULAR, 8)
    canvas.drawString(MARGIN, top - 20, "Intakeblad: efficiënter benutten van bedrijfsruimte")
    label = f"VARIANT {sheet.variant.value.upper()}"
    canvas.setFont(BOLD, 10)
    width = canvas.stringWidth(label, BOLD, 10) + 10
    canvas.setLineWidth(1.2)
    canvas.rect(PAGE_W - MARGIN - width, top - 22, width, 17, stroke=1, fill=0)
    canvas.drawRightString(PAGE_W - MARGIN - 5, top - 17, label)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, top - HEADER_H + 3, PAGE_W - MARGIN, top - HEADER_H + 3)
    bottom = MARGIN
    canvas.line(MARGIN, bottom + FOOTER_H - 3, PAGE_W - MARGIN, bottom + FOOTER_H - 3)
    canvas.setFont(REGULAR, 7.5)
    canvas.drawString(MARGIN, bottom + 9, f"Blad {sheet.sheet_id} · variant "
                                          f"{VARIANT_LABELS[sheet.variant]}")
    canvas.drawString(MARGIN, bottom, f"Gegevens per {sheet.as_of:%d-%m-%Y} · afgedrukt "
                                      f"{sheet.printed_on:%d-%m-%Y} · indicatieve cijfers, "
                                      "geen besluit")
    canvas.setFont(BOLD, 8)
    canvas.drawRightString(PAGE_W - MARGIN, bottom + 9, f"pagina {page} van {pages}")
    canvas.restoreState()


def _figures_table(sheet: SheetData, s: dict[str, ParagraphStyle], width: float) -> Table:
    f = sheet.figures
    n_parcels = len(sheet.parcels)
    rows: list[tuple[str, str, str]] = [
        ("Oppervlakte", f"{_n(f.area_m2)} m²",
         f"{n_parcels} perce{'el' if n_parcels == 1 else 'len'}"),
        ("Bebouwd (footprint)", f"{_n(f.built_footprint_m2)} m²", "panden (BAG) op de percelen"),
    ]
    if f.max_coverage_pct is not None:
        rows.append(("Bebouwing", f"{_n(f.coverage_pct)} % van max. "
                     f"{_n(f.max_coverage_pct)} %", "max. volgens omgevingsplan"))
    else:
        rows.append(("Bebouwing", f"{_n(f.coverage_pct)} %",
                     "max. niet vastgelegd"))
    if not f.buildings:
        tallest = "geen panden"
    elif f.tallest_building_m is not None:
        tallest = f"hoogste pand {_n(f.tallest_building_m, 1)} m"
    else:
        tallest = "pandhoogte onbekend"
    if f.max_height_m is not None:
        source = "; ".join(f.plan_references) or "bron niet vastgelegd"
        rows.append(("Bouwhoogte", f"{tallest}; max. {_n(f.max_height_m, 1)} m",
                     f"bron: {source}"))
    else:
        rows.append(("Bouwhoogte", tallest, "max. niet vastgelegd"))
    partial = (f" (over {f.planning_parcels} van {n_parcels} percelen)"
               if 0 < f.planning_parcels < n_parcels else "")
    if f.unused_coverage_m2 is not None:
        rows.append(("Onbenutte bebouwing", f"{_n(f.unused_coverage_m2)} m²",
                     "ruimte onder het max." + partial))
        rows.append(("Vloerpotentieel", f"{_n(f.unused_floor_area_m2)} m²",
                     "indicatief" + partial))
    else:
        rows.append(("Onbenutte bebouwing", "onbekend", "planologische ruimte niet vastgelegd"))
        rows.append(("Vloerpotentieel", "onbekend", "indicatief; idem"))
    if f.vacant_m2 is not None:
        share = (f" van {_n(f.total_floor_m2)} m² ({_n(100 * f.vacant_m2 / f.total_floor_m2)} %)"
                 if f.total_floor_m2 else "")
        surveyed = (f" (over {f.vacancy_parcels} van {n_parcels} percelen)"
                    if 0 < f.vacancy_parcels < n_parcels else "")
        rows.append(("Leegstand", f"{_n(f.vacant_m2)} m²{share}",
                     (f"klasse {f.vacancy_class} (PBL)" if f.vacancy_class else
                      ("geen leegstand" if not f.vacant_m2 else "sinds onbekend")) + surveyed))
    else:
        rows.append(("Leegstand", "onbekend", "niet opgenomen"))
    years = sorted({b.year_built for b in f.buildings if b.year_built})
    rows.append(("Panden", str(len(f.buildings)),
                 "onbebouwd" if not f.buildings else
                 "bouwjaar " + ", ".join(map(str, years)) if years else "bouwjaar onbekend"))
    rows.append(("Profiel terrein", sheet.park_profile or "onbekend",
                 "voorlopig: aanname, nog niet vastgesteld (1B/3F)"))
    return _table([list(r) for r in rows], [width * 0.31, width * 0.36, width * 0.33],
                  header=False, bold_columns=(0,), small_columns=(2,))


def _page_one(sheet: SheetData, s: dict[str, ParagraphStyle]) -> list:
    parts = [f"Bedrijventerrein {sheet.park_name}"]
    if sheet.park_profile:
        parts.append(f"profiel {sheet.park_profile} (voorlopig)")
    parts.append(f"fase {sheet.stage}")
    if sheet.plan_kind:
        parts.append(f"plan: {sheet.plan_kind}")
    flow: list = [_p(sheet.site_name, s["title"]), _p(" · ".join(parts), s["sub"])]
    map_size = FRAME_W * 0.46
    legend = _p("Locatie: zwarte stippellijn · buurpercelen: lichtgrijs · panden: grijs",
                s["small"])
    right = FRAME_W - map_size - 8
    layout = Table([[[SiteMap(sheet.map, map_size), legend],
                     [_Heading("Kerncijfers", before=0), _figures_table(sheet, s, right)]]],
                   colWidths=[map_size + 8, right])
    layout.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    flow.append(layout)
    flow.append(_Heading("Kadastrale percelen en adressen"))
    rows = [["Aanduiding", "Oppervlakte", "Adressen"]]
    for parcel in sheet.parcels:
        rows.append([parcel.designation, f"{_n(parcel.area_m2)} m²",
                     ", ".join(parcel.addresses) or "geen adres"])
    flow.append(_table(rows, [FRAME_W * 0.22, FRAME_W * 0.15, FRAME_W * 0.63]))
    flow.append(_Heading("Panden op de locatie"))
    buildings = sheet.figures.buildings
    if buildings:
        rows = [["BAG-pand", "Bouwjaar", "Hoogte", "Bouwlagen", "Op de locatie"]]
        for b in buildings[:MAX_BUILDING_ROWS]:
            rows.append([b.bag_id, str(b.year_built) if b.year_built else "onbekend",
                         f"{_n(b.height_m, 1)} m" if b.height_m is not None else "onbekend",
                         str(b.storeys) if b.storeys else "onbekend",
                         f"{_n(b.footprint_m2)} m²"])
        flow.append(_table(rows, [FRAME_W * w for w in (0.34, 0.14, 0.14, 0.14, 0.24)]))
        if len(buildings) > MAX_BUILDING_ROWS:
            flow.append(_p(f"en nog {len(buildings) - MAX_BUILDING_ROWS} kleinere panden",
                           s["small"]))
    else:
        flow.append(_p("Op deze locatie staan geen panden (onbebouwd).", s["base"]))
    return flow


def _photo_cell(photo, s, width: float, height: float) -> list:
    scale = min(width / photo.width, height / photo.height)
    caption = f"{photo.date:%d-%m-%Y}" + (f" · {photo.caption}" if photo.caption else "")
    return [Image(str(photo.path), photo.width * scale, photo.height * scale),
            _p(caption, s["small"])]


def _page_two(sheet: SheetData, s: dict[str, ParagraphStyle]) -> list:
    flow: list = [_Heading("Ontwerpprincipes (4.3 Optimaliseren ruimtegebruik)", before=0)]
    rows = [[title, text] for title, text in sheet.principles]
    rows.append(["Aardgasvrij", sheet.gas_free])
    flow.append(_table(rows, [FRAME_W * 0.24, FRAME_W * 0.76], header=False,
                       bold_columns=(0,)))
    flow.append(_Heading("Vraagstukkenselectie (hoofdstuk 5, stap 2)"))
    if sheet.issues:
        rows = [["Vraagstuk (thema)", "Keuze", "Onderbouwing"]]
        for issue in sheet.issues:
            rows.append([f"{issue.vraagstuk} ({issue.theme})", issue.option,
                         issue.motivation or "–"])
        flow.append(_table(rows, [FRAME_W * w for w in (0.46, 0.15, 0.39)],
                           small_columns=(0, 1, 2)))
    if sheet.not_relevant:
        flow.append(_p(f"Niet relevant voor deze locatie: {sheet.not_relevant} vraagstuk(ken).",
                       s["small"]))
    if not sheet.issues and not sheet.not_relevant:
        flow.append(_p("Nog niet gemaakt: de vraagstukken van hoofdstuk 5 zijn voor deze locatie "
                       "nog niet gewogen.", s["base"]))
    flow.append(_Heading("Foto's"))
    if sheet.photos:
        # room for the photos shrinks with a long issue selection, not the text
        cell_w, cell_h = FRAME_W / 2 - 6, 150 if len(sheet.issues) <= 8 else 105
        cells = [_photo_cell(p, s, cell_w, cell_h) for p in sheet.photos]
        while len(cells) % 2:
            cells.append("")
        grid = Table([cells[i:i + 2] for i in range(0, len(cells), 2)],
                     colWidths=[FRAME_W / 2] * 2)
        grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        flow.append(grid)
    if sheet.photo_note:
        flow.append(_p(sheet.photo_note, s["base"]))
    if sheet.variant is Variant.INTERN and sheet.intern is not None:
        intern = sheet.intern
        flow.append(_Heading("Alleen intern (vertrouwelijk, niet aan de architect geven)"))
        rows = [("Rang (3D)", intern.rank), ("Urgentie / kansrijkheid", intern.axes),
                ("Intake", intern.intake_status),
                ("Aanvrager", intern.applicant or "niet vastgelegd"),
                ("Investeringsbereidheid", "\n".join(intern.willingness) or "niet vastgelegd"),
                ("Aanpak (3E)", sheet.approach or "nog niet gekozen")]
        for k, note in enumerate(intern.notes, 1):
            text = note if len(note) <= MAX_NOTE_CHARS else note[:MAX_NOTE_CHARS] + " …"
            rows.append((f"Notitie {k}", text))
        flow.append(_table([list(r) for r in rows], [FRAME_W * 0.22, FRAME_W * 0.78],
                           header=False, bold_columns=(0,)))
    return flow


def _fit(flow: list) -> KeepInFrame:
    return KeepInFrame(FRAME_W, FRAME_H - 2, flow, mode="shrink")


def sheet_story(sheets: Sequence[SheetData]) -> list:
    s = _styles()
    story: list = []
    for index, sheet in enumerate(sheets):
        if index:
            story.append(PageBreak())
        story += [_SheetStart(index, sheet), _fit(_page_one(sheet, s)), PageBreak(),
                  _fit(_page_two(sheet, s))]
    return story


class _SheetDoc(BaseDocTemplate):
    on_sheet: Callable[[int], None] | None = None

    def afterFlowable(self, flowable):
        if self.on_sheet is not None and isinstance(flowable, _SheetStart):
            self.on_sheet(flowable.index)


def write_sheets(sheets: Sequence[SheetData], out: Path | BinaryIO,
                 on_sheet: Callable[[int], None] | None = None) -> None:
    """Write the sheets (two pages each) into one PDF; ``on_sheet(k)`` as sheet k starts
    (it may raise Cancelled)."""
    if not sheets:
        raise ValueError("no sheets to write")
    register_fonts()
    first = sheets[0]
    title = first.site_name if len(sheets) == 1 else f"Intakebladen ({len(sheets)} locaties)"
    doc = _SheetDoc(
        str(out) if isinstance(out, Path) else out, pagesize=A4, leftMargin=MARGIN,
        rightMargin=MARGIN, topMargin=MARGIN + HEADER_H, bottomMargin=MARGIN + FOOTER_H,
        title=title, author="Gemeente Hengelo (OTB Desktop)",
        subject=f"Intakeblad architectenpool 3F, variant {first.variant.value}",
        creator="OTB Desktop", invariant=1, pageCompression=1)
    frame = Frame(MARGIN, MARGIN + FOOTER_H, FRAME_W, FRAME_H, id="body", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="sheet", frames=[frame])])
    doc.on_sheet = on_sheet
    doc.build(sheet_story(sheets), canvasmaker=_SheetCanvas)

