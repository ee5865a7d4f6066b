"""reportlab documents: frozen document data in, PDF bytes out. No Qt, no ORM."""
