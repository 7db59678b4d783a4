"""SQLAlchemy data layer: the only package (with ``queries``) that imports SQLAlchemy."""
