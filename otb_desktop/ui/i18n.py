"""Translations: our own ``otb_<lang>.qm`` plus Qt's ``qtbase_<lang>.qm``, switchable at run time.

The source language of every ``tr()`` string is English; Dutch (the users' language) is the
default. Switching installs new translators; Qt then sends every widget a LanguageChange event
and each widget that shows text re-reads it in its ``retranslate()`` method.
Numbers and dates keep the Dutch format in both languages (the data are Dutch).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from otb_desktop.paths import resources_dir

log = logging.getLogger(__name__)

# Shown in their own language so a user who cannot read the current one still finds theirs.
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}
SOURCE_LANGUAGE = "en"
_LOCALES = {"nl": "nl_NL", "en": "en_NL"}  # en_NL: English words, Dutch number format

_installed: list[QTranslator] = []
_current: str | None = None


def translations_dir() -> Path:
    return resources_dir() / "translations"


def qt_translations_dir() -> Path:
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def current_language() -> str | None:
    return _current


def set_language(language: str) -> list[Path]:
    """Replace the installed translators by those of ``language``; return the files loaded."""
    global _current
    if language not in LANGUAGE_NAMES:
        raise ValueError(f"unsupported language {language!r}")
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before installing translations")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(_LOCALES[language]))
    loaded: list[Path] = []
    # English is the source language, but its plural forms ("%n parcel(s)" → "1 parcel",
    # "2 parcels") come from otb_en.qm, which holds only those.
    candidates = [translations_dir() / f"otb_{language}.qm"]
    if language != SOURCE_LANGUAGE:
        candidates.insert(0, qt_translations_dir() / f"qtbase_{language}.qm")
    for path in candidates:
        translator = QTranslator(app)
        if path.exists() and translator.load(str(path)):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded.append(path)
        else:
            log.warning("translation %s not found or unreadable", path)
    _current = language
    return loaded
