"""Qt widgets. Never imports SQLAlchemy, Alembic or ReportLab: services do the work."""
