"""Colours that follow the palette: light, dark (Windows dark mode) and high contrast.

Widgets take their text and background from the QPalette and only tint with an accent, so a
banner is never white text on a pale fill. ``contrast_ratio`` is WCAG 2's, so tests and the
map's class colours can check legibility numerically.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

ACCENTS = {
    "info": "#1a73e8",
    "warning": "#e8710a",
    "error": "#d93025",
    "success": "#1e8e3e",
}


def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    r, g, b = (_channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio, 1 (same) … 21 (black on white)."""
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def mix(base: QColor, tint: QColor, share: float) -> QColor:
    """``share`` of ``tint`` over ``base`` (opaque)."""
    return QColor.fromRgbF(base.redF() + (tint.redF() - base.redF()) * share,
                           base.greenF() + (tint.greenF() - base.greenF()) * share,
                           base.blueF() + (tint.blueF() - base.blueF()) * share)


def palette_of(widget: QWidget | None = None) -> QPalette:
    if widget is not None:
        return widget.palette()
    app = QApplication.instance()
    return app.palette() if app is not None else QPalette()


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or palette_of()
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def tinted_background(kind: str, palette: QPalette | None = None) -> QColor:
    """A banner's fill: the window colour with a touch of the accent (light or dark)."""
    palette = palette or palette_of()
    return mix(palette.color(QPalette.ColorRole.Window), QColor(ACCENTS[kind]),
               0.28 if is_dark(palette) else 0.12)


def readable_accent(kind: str, palette: QPalette | None = None) -> QColor:
    """The accent, lightened on a dark palette so it stays legible as text or a border."""
    palette = palette or palette_of()
    accent = QColor(ACCENTS[kind])
    if is_dark(palette):
        return mix(accent, QColor("white"), 0.35)
    return accent.darker(115)


def muted_role(palette: QPalette | None = None) -> QPalette.ColorRole:
    """The role for secondary text: PlaceholderText where it is legible on the window
    (≥ 4.5:1), else WindowText (a high-contrast palette may leave PlaceholderText grey)."""
    palette = palette or palette_of()
    muted = palette.color(QPalette.ColorRole.PlaceholderText)
    legible = contrast_ratio(muted, palette.color(QPalette.ColorRole.Window)) >= 4.5
    return QPalette.ColorRole.PlaceholderText if legible else QPalette.ColorRole.WindowText


def dark_palette() -> QPalette:
    """A dark palette like Windows' dark mode (for screenshots and tests)."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#202020", QPalette.ColorRole.WindowText: "#f0f0f0",
        QPalette.ColorRole.Base: "#2b2b2b", QPalette.ColorRole.AlternateBase: "#323232",
        QPalette.ColorRole.Text: "#f0f0f0", QPalette.ColorRole.Button: "#2d2d2d",
        QPalette.ColorRole.ButtonText: "#f0f0f0", QPalette.ColorRole.ToolTipBase: "#2b2b2b",
        QPalette.ColorRole.ToolTipText: "#f0f0f0", QPalette.ColorRole.Highlight: "#0078d4",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.Link: "#6cb4ff",
        QPalette.ColorRole.PlaceholderText: "#a0a0a0", QPalette.ColorRole.Mid: "#3c3c3c",
        QPalette.ColorRole.Dark: "#1a1a1a", QPalette.ColorRole.Light: "#4a4a4a",
        QPalette.ColorRole.BrightText: "#ffffff",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#8a8a8a"))
    return palette


def _lab(colour: QColor) -> tuple[float, float, float]:
    r, g, b = (_channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def colour_difference(first: QColor, second: QColor) -> float:
    """CIE76 ΔE: about 2.3 is just noticeable, above 10 clearly different colours. Unlike
    the contrast ratio it counts hue, which is what tells map classes apart."""
    a, b = _lab(first), _lab(second)
    return sum((p - q) ** 2 for p, q in zip(a, b, strict=True)) ** 0.5


def high_contrast_palette(dark: bool = True, text: str | None = None) -> QPalette:
    """A palette like Windows' high-contrast themes (for tests and screenshots): "High
    Contrast Black" (black window, white text, cyan selection, yellow links, green disabled
    text) or, with ``dark=False``, "High Contrast White". Like a platform palette it sets only
    the system colours, not PlaceholderText; ``text`` overrides the text colour (yellow,
    green)."""
    window, ink = ("#000000", text or "#ffffff") if dark else ("#ffffff", text or "#000000")
    highlight, highlighted, link, disabled = (
        ("#1aebff", "#000000", "#ffff00", "#3ff23f") if dark
        else ("#37006e", "#ffffff", "#00009f", "#600000"))
    palette = QPalette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base,
                 QPalette.ColorRole.AlternateBase, QPalette.ColorRole.Button,
                 QPalette.ColorRole.ToolTipBase):
        palette.setColor(role, QColor(window))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText, QPalette.ColorRole.ToolTipText,
                 QPalette.ColorRole.BrightText):
        palette.setColor(role, QColor(ink))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(highlight))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor(highlighted))
    palette.setColor(QPalette.ColorRole.Link, QColor(link))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return palette
