"""Where the app keeps its files: per-user folders (platformdirs) and shipped resources.

Resources and migrations sit at the top of the source tree (``resources/``, ``db/``); a wheel
carries them inside the package under ``_shipped/``. Both layouts resolve here, once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "otb-desktop"
_DIRS = PlatformDirs(APP_NAME, "Gemeente Hengelo")
_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str, source_tree_path: Path) -> Path:
    installed = _PACKAGE / "_shipped" / name
    return installed if installed.exists() else source_tree_path


def resources_dir() -> Path:
    return _shipped("resources", _PACKAGE.parent / "resources")


def migrations_dir() -> Path:
    return _shipped("migrations", _PACKAGE.parent / "db" / "migrations")


def central_migrations_dir() -> Path:
    """Alembic environment of the central PostgreSQL database (not the laptop's)."""
    return _shipped("central", _PACKAGE.parent / "db" / "central")


def data_dir() -> Path:
    return Path(_DIRS.user_data_dir)


def log_dir() -> Path:
    return Path(_DIRS.user_log_dir)


def default_database_path() -> Path:
    """``OTB_DB`` wins over the per-user default."""
    env = os.environ.get("OTB_DB")
    return Path(env) if env else data_dir() / "otb.sqlite"


def photo_store_dir(database_path: Path) -> Path:
    """Photos live beside the database they belong to, so a copied database keeps them."""
    return database_path.parent / f"{database_path.stem}-photos"


def cache_dir(database_path: Path) -> Path:
    """What the app keeps to start faster on a database (the map's overview outlines, the
    start snapshot of the parcel rows) lives beside it, as its photos do; deleting the
    folder only costs the next start its speed."""
    database_path = Path(database_path)
    return database_path.parent / f"{database_path.stem}-cache"


@dataclass(frozen=True)
class UserFiles:
    """Where the log and the settings of a run go."""

    logs: Path
    settings: Path | None  # None: the platform's own place (QSettings' default)


def user_files_follow(database_path: Path, chosen: bool) -> UserFiles:
    """Logs and settings beside a database the user chose (--db, OTB_DB), else per user.

    Someone who keeps a project's database on a USB stick or a share expects its log and
    settings there too. A folder that does not exist (yet) or cannot be written falls back
    to the per-user places, so a mistyped --db leaves no stray folder behind.
    """
    folder = Path(database_path).expanduser().resolve().parent
    if chosen and folder.is_dir() and os.access(folder, os.W_OK | os.X_OK):
        return UserFiles(folder / "otb-desktop-logs", folder / "otb-desktop-instellingen.ini")
    return UserFiles(log_dir(), None)
