"""The parcel panel: facts, survey forms with history and drafts, photos."""

from otb_desktop.ui.panel.parcel_panel import ParcelPanel

__all__ = ["ParcelPanel"]
