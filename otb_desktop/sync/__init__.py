"""Offline-first sync with the central PostgreSQL/PostGIS database (no Qt).

``connection`` opens the server (keyring password, TLS, schema handshake), ``families`` finds
the revision families in the models, ``carriers`` knows how each kind of record travels,
``engine`` pushes and pulls. See ARCHITECTURE.md, "Central database and sync".
"""
