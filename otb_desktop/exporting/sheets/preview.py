"""Page images of a sheet PDF for the preview and for printing, rendered by PDFium.

The app's preview shows the very PDF that will be saved, rendered by PDFium (pypdfium2):
QtPdf is not part of PySide6-Essentials and poppler's pdftoppm is not on the laptops.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium


def render_pages(pdf: Path, dpi: float = 60, first: int = 0, limit: int | None = None
                 ) -> list[bytes]:
    """PNG bytes of pages ``first``… (at most ``limit``), at ``dpi``."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        last = len(document) if limit is None else min(len(document), first + limit)
        images = []
        for index in range(first, last):
            page = document[index]
            bitmap = page.render(scale=dpi / 72)
            buffer = io.BytesIO()
            bitmap.to_pil().save(buffer, "PNG")
            images.append(buffer.getvalue())
            page.close()
        return images
    finally:
        document.close()
