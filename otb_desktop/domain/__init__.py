"""Pure domain logic: plain Python and Shapely, no Qt, no SQLAlchemy."""
