"""What every service needs: the open database and who is working on this device."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from otb_desktop.paths import photo_store_dir

if TYPE_CHECKING:
    from otb_desktop.persistence.database import Database

USER_NAME_KEY = "user_name"
SYNC_SERVER_KEY = "sync_server"   # written by the first sync: this laptop has a server


@dataclass
class AppContext:
    database: Database

    @property
    def user_name(self) -> str:
        return self.database.setting(USER_NAME_KEY) or ""

    def set_user_name(self, name: str) -> None:
        self.database.set_setting(USER_NAME_KEY, name.strip())

    @property
    def author(self) -> str:
        """Name recorded on new records. The command line may run before the window asked
        for a name: then the operating system's login name stands in, never nothing."""
        return self.user_name or _login_name()

    @property
    def device_id(self) -> str:
        return self.database.device_id

    @property
    def photo_dir(self) -> Path:
        return photo_store_dir(self.database.path)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on this system (e.g. a bare container)
        return "onbekend"


def become_writer_thread() -> None:
    """The calling thread writes: its units start with BEGIN IMMEDIATE (the window's writer
    thread calls this; see persistence.database.begin_immediate_in_this_thread)."""
    from otb_desktop.persistence.database import begin_immediate_in_this_thread

    begin_immediate_in_this_thread()


def open_context(database_path: Path) -> AppContext:
    """Open (create, migrate) the local database; raises OtbError subclasses with Dutch text."""
    from otb_desktop.persistence.database import open_database

    return AppContext(open_database(database_path))


def open_context_fast(database_path: Path) -> AppContext | None:
    """The context without SQLAlchemy when opening the database would change nothing
    (``persistence.database.fast_open``); None: use ``open_context``."""
    from otb_desktop.persistence.database import fast_open

    database = fast_open(database_path)
    return None if database is None else AppContext(database)
