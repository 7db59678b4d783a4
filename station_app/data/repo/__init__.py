"""Small query helpers per area, so services never import SQLAlchemy."""
