"""The map: parcels, buildings and park boundaries drawn from the local database (no network)."""
