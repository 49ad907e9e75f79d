"""Defaults the start window needs before the heavy domain modules (Shapely, NumPy) load."""

# An observation older than this many months counts as stale (list filter, map colouring).
DEFAULT_STALE_MONTHS = 12
