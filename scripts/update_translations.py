"""Refresh the Dutch translation: extract tr() strings into .ts, compile them into .qm.

    python scripts/update_translations.py            # lupdate + lrelease
    python scripts/update_translations.py --release  # only compile the .ts into .qm

Translate ``resources/translations/otb_nl.ts`` with Qt Linguist (``pyside6-linguist``) or any
text editor, then run this script again; the app loads ``otb_nl.qm`` at start.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "otb_desktop"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("nl", "en")
# English is the source language; its file holds only the plural forms ("1 parcel",
# "2 parcels" for "%n parcel(s)"), which Qt takes from a translation even in English.
PLURAL_ONLY = {"en"}


def _tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease beside the running Python (the venv)."""
    candidate = Path(sys.executable).with_name(f"pyside6-{name}")
    return str(candidate) if candidate.exists() else f"pyside6-{name}"


def lupdate(ts_path: Path, language: str = "nl", sources: Path = SOURCES) -> None:
    """Add new strings to ``ts_path`` (kept translations stay), drop vanished ones."""
    ts_path.parent.mkdir(parents=True, exist_ok=True)
    target = "en_GB" if language == "en" else f"{language}_NL"
    plural = ["-pluralonly"] if language in PLURAL_ONLY else []
    subprocess.run([_tool("lupdate"), "-extensions", "py", "-no-obsolete", "-locations",
                    "relative", "-target-language", target, *plural, "-silent", str(sources),
                    "-ts", str(ts_path)], check=True)


def lrelease(ts_path: Path, qm_path: Path) -> None:
    subprocess.run([_tool("lrelease"), "-silent", str(ts_path), "-qm", str(qm_path)],
                   check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", action="store_true", help="only run lrelease")
    args = parser.parse_args(argv)
    for language in LANGUAGES:
        ts = TRANSLATIONS / f"otb_{language}.ts"
        if not args.release:
            lupdate(ts, language)
        lrelease(ts, ts.with_suffix(".qm"))
        print(f"{ts.relative_to(ROOT)} -> {ts.with_suffix('.qm').name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
