"""PySide6 screens. Never imports sqlalchemy nor centre_app.models: services and DTOs only."""
