"""Alembic, configured in code: the migrations ship inside the package (MLflow's pattern).

The app checks the revision of a database before touching it: a database made by a newer app
is refused (never "downgraded" by accident), an older one is backed up and upgraded.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from otb_desktop.domain.errors import OtbError
from otb_desktop.paths import migrations_dir


class DatabaseTooNewError(OtbError):
    pass


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, database_path: Path | None = None, revision: str = "head") -> bool:
    """Bring the database to ``revision``; return True when anything was migrated."""
    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(engine)
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
        backup = database_path.with_name(f"{database_path.name}.bak-{current}")
        shutil.copy2(database_path, backup)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
    return True
