"""The one place that reads and writes QSettings: typed, versioned user preferences.

No string-keyed ``QSettings()`` calls elsewhere (Picard's options.py). A new settings version
adds a step to ``_UPGRADES`` so older preference files keep working.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from otb_desktop.domain.defaults import DEFAULT_STALE_MONTHS

VERSION = 1
LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
DEFAULT_COLOURING = "survey_status"


def _upgrade_0_to_1(store: QSettings) -> None:
    """Version 0 had no version key; nothing to move yet, the step marks the baseline."""


_UPGRADES = {0: _upgrade_0_to_1}


class Settings:
    """Typed access to the user's preferences (window layout, language, map colouring)."""

    def __init__(self, store: QSettings | None = None):
        self.store = store if store is not None else QSettings()
        self._upgrade()

    @classmethod
    def at_path(cls, path: Path) -> Settings:
        """Settings in an INI file of their own (tests, screenshots)."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    def _upgrade(self) -> None:
        version = int(self.store.value("settings_version", 0))
        while version < VERSION:
            _UPGRADES[version](self.store)
            version += 1
        self.store.setValue("settings_version", VERSION)

    def sync(self) -> None:
        self.store.sync()

    # Window layout

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.store.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @property
    def window_geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self.store.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self.store.setValue("window/state", value)

    @property
    def splitter_sizes(self) -> list[int] | None:
        value = self.store.value("window/splitter_sizes")
        if not value:
            return None
        try:
            sizes = [int(v) for v in (value if isinstance(value, list) else [value])]
        except (TypeError, ValueError):
            return None
        return sizes if sizes and all(s >= 0 for s in sizes) else None

    @splitter_sizes.setter
    def splitter_sizes(self, sizes: list[int]) -> None:
        self.store.setValue("window/splitter_sizes", [int(s) for s in sizes])

    @property
    def list_header_state(self) -> QByteArray | None:
        return self._bytes("window/list_header")

    @list_header_state.setter
    def list_header_state(self, value: QByteArray) -> None:
        self.store.setValue("window/list_header", value)

    @property
    def last_parcel_id(self) -> str | None:
        return str(self.store.value("selection/last_parcel_id", "")) or None

    @last_parcel_id.setter
    def last_parcel_id(self, parcel_id: str | None) -> None:
        self.store.setValue("selection/last_parcel_id", parcel_id or "")

    # Preferences

    @property
    def language(self) -> str:
        value = str(self.store.value("ui/language", DEFAULT_LANGUAGE))
        return value if value in LANGUAGES else DEFAULT_LANGUAGE

    @language.setter
    def language(self, value: str) -> None:
        if value not in LANGUAGES:
            raise ValueError(f"unsupported language {value!r}")
        self.store.setValue("ui/language", value)

    @property
    def stale_months(self) -> int:
        try:
            value = int(self.store.value("survey/stale_months", DEFAULT_STALE_MONTHS))
        except (TypeError, ValueError):
            return DEFAULT_STALE_MONTHS
        return value if 1 <= value <= 120 else DEFAULT_STALE_MONTHS

    @stale_months.setter
    def stale_months(self, months: int) -> None:
        self.store.setValue("survey/stale_months", int(months))

    @property
    def colouring(self) -> str:
        return str(self.store.value("map/colouring", DEFAULT_COLOURING)) or DEFAULT_COLOURING

    @colouring.setter
    def colouring(self, key: str) -> None:
        self.store.setValue("map/colouring", key)
