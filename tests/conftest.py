"""Shared test set-up. Unit tests need nothing from here: no database, no browser."""
