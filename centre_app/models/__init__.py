"""SQLAlchemy tables, column types, engine and migrations (no business rules here)."""
