"""Administration of the central PostgreSQL/PostGIS database: schema, users, reference data.

Used by the administrator through ``otb-desktop central …`` (``central/cli.py``); the laptops
only ever talk to it through ``otb_desktop.sync``.
"""
