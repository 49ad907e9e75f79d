"""Persistence: SQLAlchemy models, the local database, migrations."""
