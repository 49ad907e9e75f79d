"""Alembic, configured in code: the migrations ship inside the package (MLflow's pattern).

The app checks the revision of a database before touching it: a database made by a newer app
is refused (never "downgraded" by accident), an older one is backed up and upgraded.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from otb_desktop.domain.errors import OtbError
from otb_desktop.paths import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection, Engine


class DatabaseTooNewError(OtbError):
    pass


_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)


def scan_revisions(directory: Path) -> tuple[set[str], set[str]]:
    """(every revision, the heads) of the migration files in ``directory``/versions, read
    without importing Alembic."""
    revisions, parents = set(), set()
    for path in (directory / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        if match := _REVISION.search(source):
            revisions.add(match.group(1))
        parents.update(_DOWN.findall(source))
    return revisions, revisions - parents


def shipped_head() -> str | None:
    """The head revision read from the migration files, without importing Alembic.

    Importing Alembic costs about 0.15 s at every start; an up-to-date database (the usual
    case) does not need it. ``tests/test_database.py`` checks this agrees with Alembic.
    """
    _revisions, heads = scan_revisions(migrations_dir())
    return heads.pop() if len(heads) == 1 else None


def alembic_config(connection: Connection | None = None, directory: Path | None = None) -> Config:
    """Alembic configured in code for the local migrations (or those in ``directory``)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(directory or migrations_dir()))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from sqlalchemy import inspect, text

    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _backup(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API: a plain file copy would miss
    transactions still in the write-ahead log (-wal) after a crash."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def upgrade(engine: Engine, database_path: Path | None = None, revision: str = "head") -> bool:
    """Bring the database to ``revision``; return True when anything was migrated."""
    current = current_revision(engine)
    if revision == "head" and current is not None and current == shipped_head():
        return False
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise DatabaseTooNewError(
            f"De database {database_path or ''} is gemaakt door een nieuwere versie van OTB "
            f"Desktop (revisie {current}). Installeer de nieuwste versie van de app; de "
            "database is niet gewijzigd."
        )
    target = script.get_current_head() if revision == "head" else revision
    if current == target:
        return False
    if current is not None and database_path is not None and database_path.exists():
        _backup(database_path, database_path.with_name(f"{database_path.name}.bak-{current}"))
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
    return True
