"""Use cases: take a Session, enforce rules and permissions, return frozen DTOs. Never commit."""
