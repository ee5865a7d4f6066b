"""Reusable entry widgets shared by every screen: amounts, quantities, dates, party picker, form dialogs."""
