"""What the window needs of sync: the server this laptop uses, its state, and one run.

A facade: the window never touches the engine or the database: it asks for a ``SyncState`` (server,
last sync, records waiting, conflicts) and runs ``run_sync`` as a background job. Working
offline is the normal case: an unreachable server is a state, not an error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from otb_desktop.progress import Progress, no_progress
from otb_desktop.services.conflicts import conflict_count
from otb_desktop.services.context import AppContext


@dataclass(frozen=True)
class SyncState:
    server: str | None           # host/database, for display; None: not set up
    user: str | None
    last_sync: dt.datetime | None
    waiting: int                 # records in the outbox
    conflicts: int


def sync_state(context: AppContext) -> SyncState:
    from otb_desktop.sync.carriers import record_carriers
    from otb_desktop.sync.connection import ServerConfig
    from otb_desktop.sync.engine import LAST_SYNC_KEY, SERVER_KEY, USER_KEY

    database = context.database
    url = database.setting(SERVER_KEY)
    last = database.setting(LAST_SYNC_KEY)
    with database.session() as session:
        waiting = sum(carrier.outbox_count(session) for carrier in record_carriers())
    return SyncState(ServerConfig(url).safe_label() if url else None,
                     database.setting(USER_KEY), dt.datetime.fromisoformat(last) if last
                     else None, waiting, conflict_count(context))


def is_set_up(context: AppContext) -> bool:
    """Whether a server is configured: one setting, without counting outbox and conflicts."""
    from otb_desktop.sync.engine import SERVER_KEY

    return bool(context.database.setting(SERVER_KEY))


def configure(context: AppContext, url: str, user: str, password: str | None) -> None:
    """Remember the server (URL and user in local settings, the password in the keyring)."""
    from otb_desktop.sync.connection import ServerConfig, store_password
    from otb_desktop.sync.engine import SERVER_KEY, USER_KEY

    config = ServerConfig(url.strip(), user=user.strip() or None)
    config.params()   # refuses a malformed URL with a Dutch message
    if password:
        store_password(config, password)
    context.database.set_setting(SERVER_KEY, config.url)
    if config.user:
        context.database.set_setting(USER_KEY, config.user)
        context.set_user_name(config.user)   # the author on a syncing laptop


def run_sync(context: AppContext, progress: Progress = no_progress):
    """One sync with the configured server; raises ServerUnreachableError when offline."""
    from otb_desktop.sync.connection import ServerConfig
    from otb_desktop.sync.engine import SERVER_KEY, USER_KEY, sync

    url = context.database.setting(SERVER_KEY)
    if not url:
        raise ValueError("no server configured")
    return sync(context, ServerConfig(url, user=context.database.setting(USER_KEY)),
                progress=progress)


def is_offline(error: Exception) -> bool:
    from otb_desktop.sync.connection import ServerUnreachableError

    return isinstance(error, ServerUnreachableError)
