"""Offline-first sync with the central PostgreSQL/PostGIS database (no Qt).

``connection`` opens the server (keyring password, TLS, schema handshake), ``carriers`` knows
how each kind of record travels (revision families are found by ``persistence.families``),
``engine`` pushes and pulls, ``status`` is what the window asks. See ARCHITECTURE.md,
"Central database and sync".
"""
